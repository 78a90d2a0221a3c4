"""What one line of a paper_notes digest is: a heading, a rule, a line that
is only links (and votes), a table row's cells; plus the line patterns (labels, votes,
ids in text) that both the entry starts and the entries' metadata read.

Separate because both passes of the parser and the title rules look at lines the
same way; one definition keeps them agreeing.
"""

from __future__ import annotations

import re

from papercli.parse import ids
from papercli.parse.text import urls

HEADING = re.compile(r" {0,3}(#{1,6})(?:[ ]+|(?=\[)|$)(.*)")
RULE = re.compile(r" {0,3}([-*_])(?:[ ]*\1){2,}[ ]*$")
ID_TEXT = re.compile(
    r"[(\[]?[ ]*(?:arxiv|hf|huggingface)?[ ]*[:：]?[ ]*\d{4}\.\d{4,5}(?:v\d+)?[ ]*[)\]]?", re.I
)
_MDLINK = re.compile(r"!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)|<https?://[^>\s]{1,2000}>")
_LINK_WORDS = 16
_LINK_MARK = "\ue000"
VOTE = re.compile(
    r"(?:👍|⬆️?|🔼|▲|❤️?|⭐️?)[ ]*(?:\*\*)?[ ]*(\d[\d,]{0,11})"
    r"|(?<![\w])(?:upvotes?|votes?|likes?|추천(?:수)?|좋아요)(?:\*\*|__)?[ ]*[:：]?[ ]*"
    r"(?:\*\*|__)?[ ]*(\d[\d,]{0,11})",
    re.IGNORECASE,
)
LABEL = re.compile(
    r"[ ]*(?:[-*+][ ]+)?[^\w\s*_]{0,4}[ ]*(?:\*\*|__)?[ ]*"
    r"(?P<name>summary|요약|한[ ]?줄[ ]?요약|핵심[ ]?요약|설명|내용|abstract|tl;?dr|description"
    r"|(?P<title>(?:논문[ ]*)?제목|(?:paper[ ]*)?title))"
    r"[ ]*(?:[:：][ ]*(?:\*\*|__)?|(?:\*\*|__)[ ]*[:：]?)[ ]*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[다요][.。]?$")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]{0,30})[)\]]")
_COUNT = re.compile(
    r"\d[\d.,]*[ ]*[kKmM]?(?:[ ]*(?:upvotes?|votes?|likes?|stars?)\b)?"
    r"|(?<![\w])(?:upvotes?|votes?|likes?|stars?)\b",
    re.IGNORECASE,
)
_CELL_BAR = re.compile(r"(?<!\\)\|")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def paper_link_line(line: str) -> list[str] | None:
    """``link_line`` for lines that could name a paper (most lines are passed by fast)."""
    lowered = line.lower()
    return link_line(line) if "arxiv" in lowered or "/papers/" in lowered else None


def link_line(line: str) -> list[str] | None:
    """The URLs (and ``arXiv:`` ids) of a line that is only links and a short label.

    The label goes before the links (``- 논문:``, ``🔗``), short words may join
    them (``Code:``), a vote or a short annotation may follow (``👍 12 votes``,
    ``(PDF)``, ``[cs.CL]``); any other word after the last link makes the line
    prose (``A ("http://x") 텍스트.``), which is text, never metadata, whatever
    its URL.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 2000:
        return None
    lowered = stripped.lower()
    if "http" not in lowered and "arxiv" not in lowered:
        return None
    found = urls(stripped)
    rest = _MDLINK.sub(_LINK_MARK, stripped)
    for url in found:
        rest = rest.replace(url, _LINK_MARK)
    if not found:
        arxiv = ids.arxiv_id(stripped)
        if arxiv is None:
            return None
        found = [f"arxiv:{arxiv}"]
        rest = ID_TEXT.sub(_LINK_MARK, rest)
    label, _, after = VOTE.sub(" ", rest).rpartition(_LINK_MARK)
    if not _annotation(after):
        return None
    words = sum(1 for ch in label if ch.isalnum())
    return found if words <= _LINK_WORDS and not _sentence(label) else None


def _annotation(after: str) -> bool:
    """What follows a line's last link is no more than annotations: a word or two in
    brackets (``(PDF)``, ``(v2)``, ``[cs.CL]``, ``(coming soon)``), a count
    (``12 votes``, ``⭐ 1.2k``) and punctuation."""
    rest = _BRACKETED.sub(lambda m: " " if len(m.group(1).split()) <= 2 else m.group(0), after)
    return not any(ch.isalnum() for ch in _COUNT.sub(" ", rest))


def _sentence(label: str) -> bool:
    """Korean prose before a link (a sentence ending in 다/요) is text, not a label."""
    return bool(_SENTENCE_END.search(label.replace(_LINK_MARK, " ").strip()))


def table_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BAR.split(body)]


def mostly_latin(text: str) -> bool:
    return len(_LATIN_LETTER.findall(text)) > len(_OTHER_LETTER.findall(text))
