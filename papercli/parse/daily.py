"""The ``daily_papers`` style: Hugging Face "Daily Papers" digests.

Each paper is a ``### [Title](link)`` entry under a ``## Daily Papers (date)``
section, followed by optional thumbnail or video lines, ``Vote:``,
``Authors:`` and Korean bullets. Real archives wrap those sections in README
preambles and trailers, repeat the section header, leave the metadata out of
older entries and get cut off mid-entry. So the text is read one line at a
time by a small state machine: each line is looked at once (50 MB archives
stay linear) and whatever cannot be understood becomes a warning, never an
exception.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papercli.dates import first_date
from papercli.model import SUMMARY_LABELS, Appearance, Paper, placeholder
from papercli.parse import ids
from papercli.parse.result import StyleResult
from papercli.parse.text import (
    LINK_LABEL,
    author_names,
    fence_marker,
    plain,
    shorten,
    split_link,
    starts_with_html,
    strip_emoji,
    toggle,
    urls,
)

FORMAT = "daily_papers"

_SECTION = re.compile(r"^ {0,3}(#{1,3})[ ]*daily[ ]+papers[ ]*\(([^)\n]*)", re.IGNORECASE)
_ANY_SECTION = re.compile(_SECTION.pattern, re.IGNORECASE | re.MULTILINE)
_NAMED = re.compile(  # a section named otherwise: with a date, over linked entries
    r"^ {0,3}(#{1,3})[ ]*([^\n]{0,60}?\bdaily[ ]+papers\b[^\n]{0,60})$",
    re.IGNORECASE | re.MULTILINE,
)
_LINK_START = r"(?:\d{1,3}[.)][ ]*)?(?:[^\w\s\[]{1,4}[ ]*)?\["  # "1. [", "📄 [", "**["
_LINKED = re.compile(_LINK_START + r"[^\]\n]*\]\(")
_PAPER_HEADING = re.compile(  # an entry heading linking a paper's page
    r"^ {0,3}#{2,4}[ ]*" + _LINK_START + r"[^\]\n]+\]\([ ]*<?(?:https?://)?(?:www\.)?"
    r"(?:arxiv\.org|huggingface\.co/papers|hf\.co/papers)",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ ]+|(?=\[)|$)(.*)$")
_ENTRY_START = re.compile(r"^ {0,3}###[ ]*\[", re.MULTILINE)
_VOTE = re.compile(  # 추천 and 👍 only with a number: "추천: 비전 연구자에게" is advice
    r"^[ ]*(?:(?:up)?votes?[ ]*[:：](.*)"
    r"|(?:추천수?[ ]*[:：]|👍[ ]*[:：]?)[ ]*((?:\*\*)?[ ]*(?:\d[\d,]*|[-–—])[ ]*(?:\*\*)?"
    r"(?:[ ]*(?:votes?|likes?|표|개))?)[ ]*)$",
    re.IGNORECASE,
)
_VOTE_UNIT = re.compile(r"[ ]*(?:votes?|likes?|표|개)$", re.IGNORECASE)
_AUTHORS = re.compile(r"^[ ]*authors?[ ]*:(.*)$", re.IGNORECASE)
_BULLET = re.compile(r"^[ ]*[-*+](?:[ ]+|$)")
_RULE = re.compile(r"^[ ]*([-*_])(?:[ ]*\1){2,}[ ]*$")
_NUMBERED = re.compile(r"^[ ]*\d{1,3}[.)][ ]+")
_QUOTE = re.compile(r"^[ ]{0,3}(?:>[ ]?)+")
_MEDIA = (
    re.compile(r"!\[[^\]\n]{0,300}\]\([ ]*([^)\s]+)"),
    re.compile(
        r"\[[ ]*(?:watch[ ]+)?video[ ]*\][ ]*(?:\([ ]*)?((?:https?:)?/[^)\s]*)", re.IGNORECASE
    ),
    re.compile(
        r"<(?:video|source|img|iframe)\b[^>]{0,2000}?\bsrc[ ]*=[ ]*[\"']?([^\"'\s>]+)",
        re.IGNORECASE,
    ),
)
_BOLD_LABEL = re.compile(r"^\*{1,3}[ ]*([^*\n]{1,80}?)[ ]*(?::[ ]*\*{1,3}|\*{1,3}[ ]*:)[ ]*")
_KNOWN_LABEL = re.compile(
    r"^(what['’]s new|technical details|performance highlights)[ ]*:[ ]*", re.IGNORECASE
)
_LABELS = {label.casefold(): label for label in SUMMARY_LABELS}
_PAPER_PAGE = re.compile(r"(?:arxiv\.org/(?:abs|pdf|html)|huggingface\.co/papers)/", re.IGNORECASE)
_ID_NOTE = re.compile(r"[ ]*[(\[]?\barxiv[ ]*:[ ]*(\d{4}\.\d{4,5}(?:v\d+)?)[)\]]?", re.IGNORECASE)
_NO_VOTE = frozenset({"", "-", "–", "—"})
_VOTE_LOOKAHEAD = 8


def detect(text: str) -> bool:
    """A ``Daily Papers`` section header, or headerless entries with votes."""
    return _first_section(text) >= 0 or _has_voted_entries(text)


def begins(text: str) -> int:
    """Where the digest starts: its first ``Daily Papers`` header (0 without one)."""
    return max(_first_section(text), 0)


def _first_section(text: str) -> int:
    """Where the first section header starts, -1 without one. A header named otherwise
    than ``Daily Papers (date)`` counts only with a date and with entry headings
    linking papers after it: ``# 2024-03-01 Daily Papers 리뷰`` over ``## 1. Title``
    notes is a paper-notes digest."""
    classic = _ANY_SECTION.search(text)
    end = classic.start() if classic else len(text)
    for found in _NAMED.finditer(text, 0, end):
        named = _section(found.group())
        if named is None or named[2]:
            continue
        if _PAPER_HEADING.search(text, found.end()):
            return found.start()
        break  # no entry after this header: none after a later one either
    return classic.start() if classic else -1


def _section(line: str) -> tuple[int, str, bool] | None:
    """A section header's level, the text its date is read from, and whether a missing
    date is worth a warning: ``## Daily Papers (2024-02-06)``, and with a date only
    (``## Daily Papers – 2024년 2월 6일``, ``# 📰 HF Daily Papers: Feb 6, 2024``,
    ``## 2024-02-06 Daily Papers``)."""
    classic = _SECTION.match(line)
    if classic:
        return len(classic.group(1)), classic.group(2), True
    named = _NAMED.match(line)
    if named and first_date(named.group(2)) is not None:
        return len(named.group(1)), named.group(2), False
    return None


def _boundary(line: str) -> bool:
    """Whether a heading line starts an entry linking a paper, or a dated section."""
    return bool(_PAPER_HEADING.match(line) or _section(line))


def parse(text: str, source: str) -> StyleResult:
    scanner = _Scanner(source, headerless=_first_section(text) < 0)
    lines = text.split("\n")
    fenced = _fenced(lines)
    for number, line in enumerate(lines):
        if number in fenced:
            scanner.code(line.rstrip())
        else:
            scanner.feed(line.rstrip())
    return scanner.finish()


def _fenced(lines: list[str]) -> set[int]:
    """The lines that are code: their text is an entry's text (``# a comment`` is no
    heading), their fence lines dropped.

    A fence closes at the next like fence line, unless two entry headings or section
    headers (``_boundary``) come before it, or one and then a fence opening with its
    language (```` ```python ````): then it was never closed (a typo, a cut), and it
    holds only the lines up to the first of them, so that it never swallows the
    entries after it. One such heading inside a fence is an example (a markdown block
    showing an entry), no entry. Each line is looked at once or twice."""
    markers = [(n, m) for n, line in enumerate(lines) if (m := fence_marker(line))]
    if not markers:
        return set()
    bounds = [
        n for n, line in enumerate(lines) if line.lstrip(" ").startswith("#") and _boundary(line)
    ]
    inside: set[int] = set()
    at = after = 0  # the next marker; the first boundary not before the open fence
    while at < len(markers):
        opened, marker = markers[at]
        fence = toggle(None, marker)
        while after < len(bounds) and bounds[after] <= opened:
            after += 1
        limit = bounds[after + 1] if after + 1 < len(bounds) else len(lines)
        first = bounds[after] if after < len(bounds) else len(lines)
        closing, at = None, at + 1
        start = at
        while at < len(markers) and markers[at][0] < limit:
            line, marker = markers[at]
            if line > first and marker.group(2).strip():
                break  # past an entry, a fence opening anew: the first was never closed
            fence = toggle(fence, marker)
            at += 1
            if fence is None:
                closing = line
                break
        if closing is not None:
            inside.update(range(opened, closing + 1))
        else:  # the fence lines after the first heading are read again, as fences of their own
            inside.update(range(opened, first))
            at = start
            while at < len(markers) and markers[at][0] < first:
                at += 1
    return inside


def _has_voted_entries(text: str, wanted: int = 2) -> bool:
    found = 0
    for match in _ENTRY_START.finditer(text):
        end = text.find("\n", match.start())
        heading = text[match.start() : end if end >= 0 else len(text)]
        if "](" in heading and "arxiv" in heading.lower() and _vote_follows(text, end):
            found += 1
            if found == wanted:
                return True
    return False


def _vote_follows(text: str, end: int) -> bool:
    """Whether a ``Vote:`` line comes within a few lines after position ``end``."""
    for _ in range(_VOTE_LOOKAHEAD):
        if end < 0:
            return False
        start = end + 1
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if _VOTE.match(line):
            return True
        if _HEADING.match(line):
            return False
    return False


@dataclass
class _Entry:
    """One ``###`` entry as read so far; raw parts, cleaned when it closes."""

    title: str
    link: str | None
    date: dt.date | None
    level: int = 3
    group: str | None = None
    votes: str | None = None
    authors: tuple[str, ...] = ()
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    items: list[list[str]] = field(default_factory=list)
    item_open: bool = False

    def read(self, line: str) -> None:
        """Take one body line: metadata, media, a new summary item or a continuation; a
        quoted line (``> text``) as its text."""
        line = _QUOTE.sub("", line)
        stripped = line.strip()
        rule = _RULE.match(line)
        bullet = None if rule else _BULLET.match(line)
        if bullet:
            self.items.append([line[bullet.end() :].strip()])
            self.item_open = True
        elif rule or not stripped or self._metadata(line) or starts_with_html(stripped):
            self.item_open = False
        elif self.item_open and not _NUMBERED.match(line):
            self.items[-1].append(stripped)
        else:
            self.items.append([stripped])
            self.links.extend(urls(line))
            self.item_open = True

    def grouped(self, heading: str, level: int) -> bool:
        """Whether this entry, opened by a heading without a link, is a group's heading
        over entries: ``heading`` (at ``level``, this entry's ``level`` or deeper) is the
        first of them, linking a paper by a title of its own (``#### [arXiv](…)`` is this
        entry's link). A group holds no vote, authors, media or link, and at the same
        level no text either."""
        if self.link is not None or self.votes or self.authors or self.media or self.links:
            return False
        if not _PAPER_HEADING.match(heading):
            return False
        link = _heading_link(heading)
        if link is None or LINK_LABEL.fullmatch(strip_emoji(plain(link[0])).strip("*_ ")):
            return False
        return level > self.level or not self.items

    def text(self, line: str) -> None:
        """Take one line as text only (a code fence's): it continues the open item."""
        stripped = line.strip()
        if not stripped:
            return
        if self.item_open:
            self.items[-1].append(stripped)
        else:
            self.items.append([stripped])
            self.item_open = True

    def _metadata(self, line: str) -> bool:
        """Record a ``Vote:``, ``Authors:`` or media line; False for anything else."""
        if vote := _VOTE.match(line):
            found = vote.group(1) if vote.group(1) is not None else vote.group(2)
            self.votes = found if self.votes is None else self.votes
        elif authors := _AUTHORS.match(line):
            self.authors = self.authors or _authors(authors.group(1))
        elif media := _media(line):
            self.media.extend(media)
        else:
            return False
        return True


class _Scanner:
    """Sections, entries and warnings, fed one line at a time."""

    def __init__(self, source: str, headerless: bool) -> None:
        self.source = source
        self.headerless = headerless
        self.in_section = False
        self.level = 2  # the section header's: a heading this high ends the section
        self.entry_level: int | None = None  # the section's entries' (3, or its first link's)
        self.strict = False  # after a heading between entries, only linked ones are entries
        self.group: str | None = None  # the grouping heading over the entries: their category
        self.date: dt.date | None = None
        self.first_date: dt.date | None = None
        self.entry: _Entry | None = None
        self.papers: list[Paper] = []
        self.seen: set[tuple[str, dt.date | None]] = set()
        self.warnings: list[str] = []

    def code(self, line: str) -> None:
        """A line of a code fence: the current entry's text, never a heading or metadata;
        the fence lines themselves say nothing."""
        if self.entry is not None and not fence_marker(line):
            self.entry.text(line)

    def feed(self, line: str) -> None:
        heading = _HEADING.match(line) if line.lstrip(" ").startswith("#") else None
        if heading is None:
            if self.entry is not None:
                self.entry.read(line)
            return
        level, rest = len(heading.group(1)), heading.group(2).strip()
        section = _section(line) if level <= 3 else None
        linked = "](" in rest and bool(_LINKED.match(rest))
        if section:
            self._open_section(*section, line)
        elif not self.in_section:
            if self.headerless and level == 3:
                self._open_entry(rest, level)  # opens the section at the first linked entry
        elif level == self.entry_level and (
            linked
            or (level == 3 and not self.strict)
            or (self.group is not None and self.entry is not None)  # after a group's entry
        ):
            if self.entry is not None and self.entry.grouped(line, level):
                self._regroup(level)  # ``### Vision`` bare over ``### [Title](…)`` entries
            self._open_entry(rest, level)
        elif (
            self.entry_level is None
            and level > self.level
            and (linked or (level == 3 and self.level == 2 and not self.strict))
        ):
            self.entry_level = level
            self._open_entry(rest, level)
        elif level <= self.level:
            self._close_entry()
            self.in_section = False
        elif level < (self.entry_level or 3) and _PAPER_HEADING.match(line):
            self._close_entry()  # a paper between the groups' headings: in no group
            self.group = None
            self._open_entry(rest, level)
        elif level < (self.entry_level or 3) or level == self.entry_level:
            self._close_entry()  # a grouping heading, or a trailer: only linked entries now
            self.strict = True
            deeper = level < (self.entry_level or 3) or self.group is not None
            self.group = _group(plain(rest)) if deeper else None  # a group's, or a trailer
        elif self.entry is not None and self.entry.grouped(line, level):
            self._regroup(level)  # ``### 🔭 Vision`` over ``#### [Title](arXiv link)``
            self._open_entry(rest, level)
        elif self.entry is not None:
            self.entry.read(rest)

    def _regroup(self, level: int) -> None:
        """The open entry was a group's heading: its name is the category of the entries
        at ``level`` that follow, and only linked headings are entries from here."""
        assert self.entry is not None
        self.group = _group(self.entry.title)
        self.entry, self.entry_level, self.strict = None, level, True

    def finish(self) -> StyleResult:
        self._close_entry()
        return StyleResult(papers=self.papers, date=self.first_date, warnings=self.warnings)

    def _open_section(self, level: int, inside: str, warn: bool, line: str) -> None:
        self._close_entry()
        self.in_section = True
        # a ``###`` header stands over ``###`` entries, as a ``##`` one does
        self.level, self.entry_level, self.strict, self.group = min(level, 2), None, False, None
        self.date = first_date(inside)
        if self.date is None and warn:
            self.warnings.append(f"section header {shorten(line.strip())!r} has no valid date")
        self.first_date = self.first_date or self.date

    def _open_entry(self, heading: str, level: int) -> None:
        if self.headerless and not self.in_section and "](" in heading:
            self.in_section = True
        if not self.in_section:
            return
        self._close_entry()
        link = _heading_link(heading)
        title, url = link if link else (heading, None)
        noted = _ID_NOTE.search(title) if url is None else None
        if noted:  # ``### Title (arXiv:2403.09999v1)``: the id, not a part of the title
            title = title[: noted.start()] + title[noted.end() :]
        self.entry = _Entry(plain(title), url, self.date, level, self.group)
        if noted:
            self.entry.links.append(noted.group(1))

    def _close_entry(self) -> None:
        entry, self.entry = self.entry, None
        paper = self._paper(entry) if entry is not None else None
        if paper is None:
            return
        key = (paper.id, paper.appearances[0].date)
        if key in self.seen:
            self.warnings.append(
                f"entry {shorten(paper.title)!r} ({paper.id}) appears twice; kept the first"
            )
            return
        self.seen.add(key)
        self.papers.append(paper)

    def _paper(self, entry: _Entry) -> Paper | None:
        arxiv = ids.arxiv_id_in(entry.link, *entry.links, *entry.media)
        if not (entry.title or entry.link or arxiv):
            self.warnings.append("an entry heading with neither title nor link was skipped")
            return None
        url: str | None
        if arxiv:
            paper_id, url, pdf = arxiv, ids.abs_url(arxiv), ids.pdf_url(arxiv)
        else:
            paper_id, url, pdf = ids.stable_id(entry.link, entry.title), entry.link, None
        title = entry.title or (placeholder(arxiv) if arxiv else entry.link or paper_id)
        if not entry.title:
            self.warnings.append(f"an entry with no title was kept as {shorten(title)!r}")
        if not (arxiv or entry.link):
            self.warnings.append(f"entry {shorten(title)!r} has no link; kept with a title id")
        elif entry.link and not arxiv and _PAPER_PAGE.search(entry.link):
            self.warnings.append(
                f"entry {shorten(title)!r} has a cut-off link {shorten(entry.link)!r} "
                "(no whole arXiv id); kept with a link id"
            )
        appearance = Appearance(
            date=entry.date,
            format=FORMAT,
            source=self.source,
            category=entry.group,
            votes=self._votes(entry.votes, title),
            summary=_summary(entry.items),
            media=tuple(dict.fromkeys(entry.media)),
        )
        return Paper(
            id=paper_id,
            title=title,
            authors=entry.authors,
            url=url,
            pdf_url=pdf,
            appearances=(appearance,),
            title_source="heading" if entry.title else "id",
        )

    def _votes(self, raw: str | None, title: str) -> int | None:
        value = _VOTE_UNIT.sub("", plain(raw or "").replace(",", ""))
        if value.isdecimal() and len(value) <= 9:
            return int(value)
        if value not in _NO_VOTE:
            self.warnings.append(
                f"entry {shorten(title)!r} has a non-numeric vote {shorten(value)!r}; kept none"
            )
        return None


def _heading_link(heading: str) -> tuple[str, str | None] | None:
    """The link a heading's text opens with (after any number or mark), as (label, url)."""
    start = heading.find("[")
    return split_link(heading[start:]) if start >= 0 else None


def _group(heading: str) -> str | None:
    """A grouping heading's name as a category: ``🔭 Vision`` is ``Vision``."""
    return strip_emoji(heading).strip(" :*#") or None


def _media(line: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for pattern in _MEDIA:
        found.extend((match.start(), match.group(1)) for match in pattern.finditer(line))
    return [url for _, url in sorted(found) if not url.lower().startswith("data:")]


def _authors(raw: str) -> tuple[str, ...]:
    """Names only: Hugging Face marks its elided middle authors with a bare ``+``."""
    return author_names(plain(raw))


def _summary(items: list[list[str]]) -> str:
    lines = (_summary_line(" ".join(item)) for item in items)
    return "\n".join(line for line in lines if line)


def _summary_line(raw: str) -> str:
    """One bullet or paragraph; a bold ``What's New``-style label becomes ``Label: text``."""
    bold = _BOLD_LABEL.match(raw)
    if bold:
        return _labelled(bold.group(1), plain(raw[bold.end() :]))
    text = plain(raw)
    known = _KNOWN_LABEL.match(text)
    return _labelled(known.group(1), text[known.end() :]) if known else text


def _labelled(label: str, text: str) -> str:
    clean = plain(label).replace("’", "'")
    name = _LABELS.get(clean.casefold(), clean)
    return f"{name}: {text}" if text else f"{name}:"
