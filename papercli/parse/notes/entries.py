"""One paper_notes entry read into its parts: metadata lines (votes, authors, links,
media) taken out, a leading ``**Summary**:`` label dropped, the text joined, the title
chosen; and a table row read into title, text and votes by its header.

Separate from the scanner, which only decides which lines belong to which entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papercli.model import placeholder
from papercli.parse import ids
from papercli.parse.notes.lines import HEADING, LABEL, RULE, VOTE, link_line, mostly_latin
from papercli.parse.notes.starts import Start
from papercli.parse.notes.titles import clean_title, inner_title, quoted_title, start_parts
from papercli.parse.text import HANGUL, author_names, block, plain

_VOTE_LINE = re.compile(
    r"[^\w\s]{0,6}[ ]*(?:\*\*|__)?[ ]*(?:" + VOTE.pattern + r")[ ]*(?:votes?|표|개|명)?",
    re.IGNORECASE,
)
_AUTHORS = re.compile(
    r"[ ]*(?:[-*+][ ]+)?[^\w\s]{0,4}[ ]*(?:\*\*|__)?(?:authors?|저자)(?:\*\*|__)?[ ]*[:：]"
    r"(?:[ ]*(?:\*\*|__))?(.*)",
    re.IGNORECASE,
)
_MEDIA = re.compile(
    r"!\[[^\]\n]{0,300}\]\([ ]*(https?://[^)\s]+)"
    r"|<(?:img|video|source)\b[^>]{0,2000}?\bsrc[ ]*=[ ]*[\"']?(https?://[^\"'\s>]+)",
    re.I,
)
_BR = re.compile(r"<br[ ]*/?>", re.IGNORECASE)
_COLUMNS = {
    "title": re.compile(r"제목|title|논문명|paper[ ]*name|^논문$|^paper$", re.I),
    "text": re.compile(r"요약|summary|설명|내용|description|notes?|코멘트|comment|한[ ]?줄", re.I),
    "votes": re.compile(r"추천|votes?|upvotes?|likes?|좋아요|👍", re.I),
}


@dataclass
class Built:
    """An entry read into its parts, before papers of one id are merged."""

    arxiv: str
    title: str
    title_source: str
    text: str
    date: dt.date | None
    votes: int | None = None
    authors: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def table_row(
    cells: list[str], header: list[str], start: Start
) -> tuple[str, tuple[str, bool], int | None]:
    """A table row as (title cell, text cell, votes), by the header's names else by content."""
    columns: dict[str, int] = {}
    for name, pattern in _COLUMNS.items():
        for position, label in enumerate(header):
            if name not in columns and pattern.search(label):
                columns[name] = position

    def cell(name: str) -> str | None:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    rest = [c for c in cells if ids.arxiv_id_anywhere(c) != start.arxiv or _words(c) > 2]
    title = cell("title")
    if title is None:
        title = next((c for c in rest if mostly_latin(c) and _words(c) >= 2), "")
    text = cell("text")
    if text is None:
        korean = [c for c in rest if c != title and HANGUL.search(c)]
        text = max(korean, key=len, default="")
    raw_votes = cell("votes")
    votes = _number(raw_votes) if raw_votes else None
    return title, (text, False), votes


def built_from(
    start: Start,
    heading: str,
    lines: list[tuple[str, bool]],
    date: dt.date | None,
    votes: int | None,
) -> Built:
    """One entry's parts: metadata, the text, and the title by the module's order."""
    meta = _Meta(votes=votes)
    named, remainder = start_parts(heading, start.arxiv)
    body = meta.read([(remainder, False), *lines] if remainder else lines)
    outer = clean_title(named)
    inner = inner_title(body, start.level)
    text = block(_split_breaks([line for line, _ in body]), _text_line)
    candidates = [(outer, "heading"), (inner, "heading"), (quoted_title(text), "text")]
    found = [(t, s) for t, s in candidates if t]
    title, source = next(
        ((t, s) for t, s in found if mostly_latin(t)), found[0] if found else ("", "id")
    )
    return Built(
        arxiv=start.arxiv,
        title=title or placeholder(start.arxiv),
        title_source=source if title else "id",
        text=text,
        date=date,
        votes=meta.votes,
        authors=meta.authors,
        media=tuple(dict.fromkeys(meta.media)),
        links=tuple(meta.links),
    )


@dataclass
class _Meta:
    """Metadata read off an entry's unfenced lines; ``read`` returns the text lines,
    each with whether it sat in a code fence."""

    votes: int | None = None
    authors: tuple[str, ...] = ()
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def read(self, lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        body: list[tuple[str, bool]] = []
        for line, fenced in lines:
            if RULE.match(line):
                body.append(("", False))
            elif fenced:
                body.append((line, True))
            elif not self._metadata(line):
                opening = not any(b.strip() for b, _ in body)
                label = LABEL.match(line) if opening else None
                if label is not None and label.group("title") is None:
                    rest = line[label.end() :]
                    if rest.strip():
                        body.append((rest, False))
                    continue
                body.append((line, False))
        return body

    def _metadata(self, line: str) -> bool:
        stripped = line.strip()
        if not stripped:
            return False
        media = (
            [a or b for a, b in _MEDIA.findall(stripped)]
            if ("![" in stripped or "src" in stripped)
            else []
        )
        if media and not plain(stripped):
            self.media.extend(media)
            return True
        if len(stripped) <= 80:
            vote = _VOTE_LINE.fullmatch(stripped.rstrip("*_ "))
            if vote:
                self.votes = (
                    self.votes
                    if self.votes is not None
                    else _number(vote.group(1) or vote.group(2))
                )
                return True
        authors = _AUTHORS.match(stripped) if len(stripped) <= 5000 else None
        if authors and not self.authors:
            self.authors = author_names(plain(authors.group(1)))
            return True
        link = link_line(stripped)
        if link is not None:
            self.links.extend(link)
            vote = VOTE.search(stripped)
            if vote and self.votes is None:
                self.votes = _number(vote.group(1) or vote.group(2))
            return True
        return False


def _split_breaks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_BR.split(line) if "<" in line else [line])
    return out


def _text_line(line: str) -> str:
    heading = HEADING.match(line) if line.lstrip(" ").startswith("#") else None
    return plain(heading.group(2) if heading else line)


def _words(text: str) -> int:
    return len(text.split())


def _number(raw: str) -> int | None:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return int(digits) if digits and len(digits) <= 9 else None
