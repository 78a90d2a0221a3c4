"""The ``paper_notes`` style: free Korean text per paper, keyed by its arXiv id.

Some generators write no fields at all: one entry per paper, marked only by
the paper's arXiv id, then prose. The first one seen writes
``# 📰 Hugging Face Daily Papers – 2025-05-12``, ``## 2505.04921``, a
``🔗 https://huggingface.co/papers/2505.04921`` line and ``**Summary**:``
followed by text that often sits in a ```` ```markdown ```` fence with its own
``# 논문 요약: <title>`` heading. Rather than fit that one generator, an entry
start is any line that names a paper by id, in one of four shapes:

* a heading with the id in it (``## 2505.04921``, ``### [Title](…/papers/ID)``,
  ``## Title (arXiv:ID)``), or a heading whose next lines hold a link line with
  the id (``### Title`` then ``- 논문: https://arxiv.org/abs/ID``) before any
  heading: a linked heading below is its own start, so a file's ``# My notes``
  over one ``## [T](…/abs/ID)`` is no rival entry for that paper;
* a top-level list item with the id (``1. **Title** (arXiv:2501.01234)``), its
  text on the lines after it, indented or not;
* a table row with the id in a cell (``| 1 | Title | 2501.01234 | 요약 |``), its
  text in the column headed 요약/summary/설명 (else its longest Korean cell);
* in a file with none of those, a line that is only a link to the paper
  (``**[Title](https://arxiv.org/abs/ID)**``, ``🔗 https://…/papers/ID``) or only
  its id (``📄 2505.04921``); also under one ``#`` heading opening the file, named
  by the first of them, when the link lines of other papers below it each have
  text of their own: that heading names the file, not a paper.

The shape (and heading level) with most starts outside code fences is the
file's. Under headings, every other line is the entry's text, headings without
an id too (an unfenced answer's ``## 1. 핵심 동기``; a closing ``## 마치며``
joins the last entry rather than vanish); a level-1 or -2 heading with a date
above the entries' level is a digest header and dates the entries after it.
In lists and link-line files a heading or ``---`` ends the entry.

Text inside code fences is text: fence lines are dropped, nothing is cut at a
fence, and a heading with an id closes a fence left open (a truncated
answer). Link lines, vote lines (``👍 12``, ``Upvotes: 12``, ``추천: 12``),
``Authors:`` lines, images and rules are read as metadata; a leading
``**Summary**:`` label is dropped. The title is, in order, the start line's
own words (a link's label, a bold span, the words before a bare URL of the
paper, whose vote after it is read; or the heading without its id), a
``# 논문 요약: T``/``제목: T`` line opening the text (or an English ``# T`` or
``**T**`` line before any sentence and not at the entry heading's own level: a
later ``### Why It Matters`` is a section; the line stays in the text), then a
quoted English title in the first sentences, or the English one in parentheses
after a quoted Korean rendering (``title_source`` "text"). The first English one
of those wins, else the first at all, else the placeholder ``arXiv <id>``
(``title_source`` "id").
One paper listed twice under one date is one entry with both texts.

Detection needs one entry start and Hangul, and steps aside for the
simple_summary style: a file with its labels (쉬운설명, 관련분야,
PDF 다운로드 링크) or ``## 제목:`` headings is left to it. Lines are looked
at a bounded number of times, so large files stay linear.

This package's top holds the style's entry point (``detect``, ``parse``) and its
second pass, the scanner that gathers each entry's lines and merges papers of one
id; its modules hold the rest by what they read: ``lines`` (one line's shape:
fences, link lines, table cells), ``starts`` (pass 1: entry starts and the file's
shape), ``entries`` (one entry's metadata, text and table row) and ``titles``
(which words are the title).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papercli.dates import first_date
from papercli.model import Appearance, Paper
from papercli.parse import ids
from papercli.parse.notes.entries import Built, built_from, table_row
from papercli.parse.notes.lines import (
    HEADING,
    RULE,
    mostly_latin,
    table_cells,
)
from papercli.parse.notes.starts import Start, chosen_starts, entry_starts
from papercli.parse.notes.titles import TITLE_PREFIX
from papercli.parse.result import StyleResult
from papercli.parse.text import HANGUL, fence_marker, plain, strip_emoji, toggle

FORMAT = "paper_notes"
_SIMPLE_LABELS = re.compile(
    r"^[ ]*(?:#{1,6}[ ]*)?(?:[-*+][ ]+)?[^\w\s]{0,4}[ ]*(?:\*\*|__)?[ ]*"
    r"(?:쉬운[ ]*설명|쉽게[ ]*설명|관련[ ]*분야|pdf[ ]*다운로드"
    r"|easy[ ]*explanation|related[ ]*fields?)"
    r"|^[ ]*#{1,6}[ ]*(?:\*\*)?[ ]*(?:논문[ ]*)?제목[ ]*(?:\*\*)?[ ]*[:：]",
    re.IGNORECASE | re.MULTILINE,
)


def detect(text: str) -> bool:
    """An entry start and Korean text, in a file without the simple style's labels."""
    if not HANGUL.search(text):
        return False
    if _SIMPLE_LABELS.search(text):
        from papercli.parse import simple

        if simple.detect(text):
            return False
    return bool(entry_starts(text.split("\n"), limit=1))


def parse(text: str, source: str) -> StyleResult:
    lines = [line.rstrip() for line in text.split("\n")]
    starts = entry_starts(lines)
    strong = {s.index for s in starts if s.strong}
    return _Scanner(source, lines, chosen_starts(starts, lines), strong).run()


@dataclass
class _Entry:
    start: Start
    date: dt.date | None
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (line, inside a fence)


class _Scanner:
    """Entries and dates, one line at a time, with the chosen starts known up front."""

    def __init__(
        self, source: str, lines: list[str], starts: list[Start], strong: set[int]
    ) -> None:
        self.source = source
        self.lines = lines
        self.strong = strong
        self.starts = {s.index: s for s in starts}
        self.kind = starts[0].kind if starts else "heading"
        self.level = starts[0].level if starts else 0
        self.date: dt.date | None = None
        self.first_date: dt.date | None = None
        self.entry: _Entry | None = None
        self.built: list[Built] = []
        self.warnings: list[str] = []
        self.table: list[str] | None = None

    def run(self) -> StyleResult:
        fence: str | None = None
        for index, line in enumerate(self.lines):
            start = self.starts.get(index)
            if index in self.strong:
                fence = None
            marker = fence_marker(line)
            if marker:
                fence = toggle(fence, marker)
                continue
            if fence is not None:
                if self.entry is not None:
                    self.entry.lines.append((line, True))
                continue
            self._line(index, line, start)
        self._close()
        papers = _merged(self.built, self.source)
        return StyleResult(papers=papers, date=self.first_date, warnings=self.warnings)

    def _line(self, index: int, line: str, start: Start | None) -> None:
        if self.kind == "table" and line.lstrip(" ").startswith("|"):
            self._table_line(line, start)
            return
        self.table = None
        entry = self.entry
        if start is not None and entry is not None and _same_paper(entry, start):
            entry.lines.append((line, False))
            return
        if start is not None:
            self._close()
            self.entry = _Entry(start, self.date)
            return
        heading = HEADING.match(line) if line.lstrip(" ").startswith("#") else None
        if heading is not None and self._boundary(len(heading.group(1)), heading.group(2)):
            return
        if self.kind in ("list", "line") and RULE.match(line):
            self._close()
            return
        if self.entry is not None and self.kind != "table":
            self.entry.lines.append((line, False))

    def _boundary(self, level: int, text: str) -> bool:
        """A heading that ends the entry: a dated digest header, or any heading in a list."""
        day = first_date(text) if level <= 2 else None
        header = day is not None and (self.entry is None or level < self.level)
        header = header and not TITLE_PREFIX.match(strip_emoji(plain(text)))
        if header:
            self._close()
            self.date = day
            self.first_date = self.first_date or day
            return True
        if self.entry is None or self.kind != "heading":
            self._close()
            return True
        return False

    def _table_line(self, line: str, start: Start | None) -> None:
        if self.table is None:
            self._close()
            self.table = [] if start is not None else [c.casefold() for c in table_cells(line)]
        if start is None:
            return
        row = table_row(table_cells(line), self.table, start)
        self.built.append(built_from(start, row[0], [row[1]], self.date, row[2]))

    def _close(self) -> None:
        entry, self.entry = self.entry, None
        if entry is None:
            return
        built = built_from(entry.start, entry.start.title, entry.lines, entry.date, None)
        if not (built.text or built.title_source != "id"):
            self.warnings.append(f"entry {built.arxiv} has neither a title nor any text")
        self.built.append(built)


def _same_paper(entry: _Entry, start: Start) -> bool:
    """A second link or id line of the paper whose entry has no text yet."""
    return (
        start.kind == "line"
        and entry.start.arxiv == start.arxiv
        and not any(line.strip() for line, _ in entry.lines)
    )


def _merged(built: list[Built], source: str) -> list[Paper]:
    """One paper per id and date, in first-seen order; a repeat adds its text, fills gaps."""
    by_id: dict[tuple[str, dt.date | None], Built] = {}
    for entry in built:
        earlier = by_id.get((entry.arxiv, entry.date))
        if earlier is None:
            by_id[(entry.arxiv, entry.date)] = entry
            continue
        if _better(entry, earlier):
            earlier.title, earlier.title_source = entry.title, entry.title_source
        if entry.text and entry.text not in earlier.text:
            earlier.text = f"{earlier.text}\n\n{entry.text}" if earlier.text else entry.text
        earlier.votes = earlier.votes if earlier.votes is not None else entry.votes
        earlier.authors = earlier.authors or entry.authors
        earlier.media = tuple(dict.fromkeys(earlier.media + entry.media))
    return [_paper(entry, source) for entry in by_id.values()]


def _better(entry: Built, than: Built) -> bool:
    order = ("heading", "text", "id")
    rank = (order.index(entry.title_source), not mostly_latin(entry.title))
    return rank < (order.index(than.title_source), not mostly_latin(than.title))


def _paper(entry: Built, source: str) -> Paper:
    appearance = Appearance(
        date=entry.date,
        format=FORMAT,
        source=source,
        votes=entry.votes,
        summary=entry.text,
        media=entry.media,
    )
    return Paper(
        id=entry.arxiv,
        title=entry.title,
        authors=entry.authors,
        url=ids.abs_url(entry.arxiv),
        pdf_url=ids.pdf_url(entry.arxiv),
        appearances=(appearance,),
        title_source=entry.title_source,
    )
