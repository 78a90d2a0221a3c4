"""Which words are a paper_notes entry's title: the start line's own words (a link's
label, a bold span, the heading without its id), a title line opening the text, or a
quoted English title in the first sentences; each cleaned of ids, URLs, numbering,
emoji, quotes and labels such as ``논문 요약:``.

Separate because the title rules are the style's most tuned heuristics and read no
metadata; ``entries`` applies them in the order the package docstring gives.
"""

from __future__ import annotations

import re

from papercli.parse import ids
from papercli.parse.notes.lines import HEADING, ID_TEXT, LABEL, VOTE, mostly_latin
from papercli.parse.text import HANGUL, LINK_LABEL, plain, strip_emoji, urls

_NUMBERING = re.compile(r"(?:(?:paper|논문)[ ]*)?\d{1,3}[.):][ ]*|(?:paper|논문)[ ]*\d{1,3}$", re.I)
_TITLE_EDGE = " -–—:|·•,;/"
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "「": "」", "『": "』", "《": "》"}
TITLE_PREFIX = re.compile(
    r"(?:(?:논문|paper)[ ]*)?(?:요약|정리|리뷰|제목|summary|review|title|notes?)[ ]*[:：\-–—][ ]*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"[ ]*(?:논문[ ]*)?(?:요약|정리|리뷰)(?:[ ]*노트)?[ ]*$")
_GENERIC = re.compile(
    r"(?:(?:논문|paper|핵심|한[ ]?줄|상세|전체)[ ]*)?"
    r"(?:요약|정리|리뷰|개요|소개|summary|overview|review|abstract|notes?|tl;?dr)",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"(?<![A-Za-z0-9])'([^'\n]{6,300})'|\"([^\"\n]{6,300})\"|“([^”\n]{6,300})”"
    r"|‘([^’\n]{6,300})’|「([^」\n]{6,300})」|『([^』\n]{6,300})』|《([^》\n]{6,300})》"
)
_GLOSS = re.compile(r"[\"”'’」』》][ ]?\(([^()\n]{6,300})\)")
_CAPITALISED = re.compile(r"(?<![\w'])[A-Z0-9$\\<][\w$\\{}^<>'’-]*")
_OPENING = 600
_INNER_LINES = 3
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(([^()\s]{0,2000})\)")
_PAPER_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?:arxiv\.org|(?:huggingface|hf)\.co)/[^\s()\[\]<>]*", re.I
)
_EMPTY_BRACKETS = re.compile(r"\([ ]*\)|\[[ ]*\]")
_BOLD = re.compile(r"(?:\*\*|__)([^*_\n]{2,500}?)(?:\*\*|__)")


def start_parts(raw: str, arxiv: str) -> tuple[str, str]:
    """A start line as its title words and the text after them.

    The title is the label of a link to the paper or a bold span when the line
    has one (``[T](…/papers/ID) — 설명``, ``**T** (arXiv:ID): 설명``), else the
    words before a bare URL of the paper (``T — https://…/papers/ID — 👍 8``),
    else the line. What is left is kept when it has words or a vote, which the
    entry then reads as its first line.
    """
    link = next((m for m in _LINK.finditer(raw) if ids.arxiv_id(m.group(2)) == arxiv), None)
    label = strip_emoji(ID_TEXT.sub("", link.group(1))) if link is not None else ""
    url = (
        next((m for m in _PAPER_URL.finditer(raw) if ids.arxiv_id(m.group(0)) == arxiv), None)
        if link is None
        else None
    )
    if link is not None and label and not LINK_LABEL.fullmatch(label):
        title, rest = link.group(1), raw[: link.start()] + " " + raw[link.end() :]
    elif bold := _BOLD.search(raw):
        title, rest = bold.group(1), raw[: bold.start()] + " " + raw[bold.end() :]
    elif url is not None and any(ch.isalpha() for ch in raw[: url.start()]):
        title, rest = raw[: url.start()].rstrip(_TITLE_EDGE + "([<"), raw[url.end() :]
    else:
        return raw, ""
    rest = ID_TEXT.sub(" ", _LINK.sub(r"\1", rest))
    for found in urls(rest):
        rest = rest.replace(found, " ")
    rest = " ".join(rest.split()).strip(_TITLE_EDGE + "()[]")
    return title, rest if sum(ch.isalpha() for ch in rest) >= 2 or VOTE.search(rest) else ""


def inner_title(body: list[tuple[str, bool]], level: int = 0) -> str:
    """A title line among the first lines of the text (which keeps it).

    ``# 논문 요약: T`` and ``제목: T`` name a title in any language; a bare heading
    or whole-bold line only when it is English (``**1. 핵심 동기**`` is a section)
    and opens the text: after a sentence it is a section (``### Why It Matters``).
    Such an unfenced heading at the entry's own heading ``level`` is its sibling in
    the outline, the next section of the digest, and ends the search.
    """
    seen = 0
    prose = False
    for line, fenced in body:
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > _INNER_LINES:
            break
        raw = _title_line(stripped)
        if raw is None:
            prose = True
            continue
        explicit = bool(TITLE_PREFIX.match(strip_emoji(plain(raw)))) or LABEL.match(stripped)
        heading = HEADING.match(stripped)
        if heading and not (fenced or explicit) and len(heading.group(1)) == level:
            break
        title = clean_title(raw, numbered=False)
        if title and (explicit or (mostly_latin(title) and not prose)):
            return title
    return ""


def _title_line(line: str) -> str | None:
    heading = HEADING.match(line)
    if heading:
        return heading.group(2)
    label = LABEL.match(line)
    if label is not None and label.group("title") is not None:
        return "제목: " + line[label.end() :]
    if line.startswith(("**", "__")) and line.endswith(("**", "__")) and len(line) > 4:
        inner = line[2:-2]
        if "**" not in inner and "__" not in inner:
            return inner
    return None


def clean_title(raw: str, numbered: bool = True) -> str:
    """Heading words as a title: no id, URL (``arxiv.org/abs/ID`` without its scheme
    too) or link named only ``arXiv``, no numbering, emoji, quotes or labels.

    With ``numbered`` False a numbered line (``1. 핵심 동기``) is a section, no title.
    """
    if not raw:
        return ""
    text = plain(_LINK.sub(_unless_link_label, raw) if "](" in raw else raw)
    for url in urls(text):
        text = text.replace(url, " ")
    text = ID_TEXT.sub(" ", _PAPER_URL.sub(" ", text))
    text = strip_emoji(" ".join(text.split())).strip(_TITLE_EDGE)
    numbering = _NUMBERING.match(text)
    if numbering:
        if not numbered:
            return ""
        text = text[numbering.end() :].strip(_TITLE_EDGE)
    prefix = TITLE_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    text = _TITLE_SUFFIX.sub("", text).strip(_TITLE_EDGE)
    text = _unquoted(_EMPTY_BRACKETS.sub("", text).strip(_TITLE_EDGE))
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return ""
    if _GENERIC.fullmatch(text) or LINK_LABEL.fullmatch(text):
        return ""
    return text


def _unless_link_label(link: re.Match[str]) -> str:
    """A link named only ``arXiv``, ``PDF`` or ``Code`` goes with its URL; others keep
    their label."""
    return " " if LINK_LABEL.fullmatch(strip_emoji(link.group(1)).strip()) else link.group(0)


def _unquoted(text: str) -> str:
    if len(text) > 1 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def quoted_title(text: str) -> str:
    """The first quoted English title in the opening sentences, or the English one in
    parentheses right after a quoted Korean rendering (``"한국어 제목"(English Title)``)."""
    opening = text[:_OPENING]
    found = [
        (m.start(), next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(opening)
    ]
    found += [(m.start(), m.group(1)) for m in _GLOSS.finditer(opening)]
    for _, quote in sorted(found):
        if _title_like(quote.strip()):
            return quote.strip()
    return ""


def _title_like(quote: str) -> bool:
    """Mostly Latin, two words or more, two of them capitalised (or a colon)."""
    words = quote.split()
    if len(words) < 2 or not mostly_latin(quote) or HANGUL.search(quote):
        return False
    capitals = len(_CAPITALISED.findall(quote))
    return capitals >= 2 or (":" in quote and capitals >= 1)
