"""Everything the browser asks of the archive, behind one small class.

The app never talks to Whoosh or SQLite: it calls a ``Backend`` from worker
threads and draws the frozen answers (``Listing``, ``Detail``). Searches go to
the index, whose searcher is held open between keystrokes (``Archive(hold=True)``);
days, lists and single papers to ``Archive.reader()``, the SQLite catalog while
it mirrors the index (a tenth of the index's time for a day at 100k entries),
opened per question so that no connection crosses threads. One lock serialises
the calls, since the held searcher is not meant to serve two questions at once.
Nothing here imports Textual, so the benchmark measures searches exactly as
the browser makes them, without a screen.

Queries are NFC-normalised before they are asked: an input method, a paste
from a PDF or a macOS file name can hand over decomposed Hangul (conjoining
jamo), which must find what the composed syllables find.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from papercli.archive import Archive
from papercli.errors import PaperNotFound, UsageError
from papercli.model import Filters, Paper
from papercli.query import echoed
from papercli.reading import Reader
from papercli.render import indirect, search_notice

SORTS = ("relevance", "date", "votes")
SEARCH_LIMIT = 50
DAY_LIMIT = 200
T = TypeVar("T")


@dataclass(frozen=True)
class Criteria:
    """What the reader has narrowed the browser to. The date range applies to searches
    and to the latest papers; the day view is one day and keeps the other three."""

    start: dt.date | None = None
    end: dt.date | None = None
    category: str | None = None
    tag: str | None = None
    min_votes: int | None = None

    @property
    def active(self) -> bool:
        return self != Criteria()

    def describe(self) -> str:
        """``from 2024-09-01 · to 2024-09-30 · category LLM · tag to-read · ≥ 10 votes``."""
        parts = []
        if self.start:
            parts.append(f"from {self.start.isoformat()}")
        if self.end:
            parts.append(f"to {self.end.isoformat()}")
        if self.category:
            parts.append(f"category {self.category}")
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.min_votes is not None:
            parts.append(f"≥ {self.min_votes} votes")
        return " · ".join(parts)


@dataclass(frozen=True)
class Listing:
    """What the result list shows: a search's hits, a day's top papers or the latest.

    ``snippets`` run parallel to ``papers`` (empty strings outside a search);
    ``tags`` holds the reader's tags of the papers that have any; ``message``
    replaces the list when it is empty.
    """

    kind: str
    title: str
    papers: tuple[Paper, ...] = ()
    snippets: tuple[str, ...] = ()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    total: int = 0
    query: str = ""
    day: dt.date | None = None
    previous: dt.date | None = None
    next: dt.date | None = None
    message: str | None = None


@dataclass(frozen=True)
class Report:
    """An insights report a paper is cited in, with its text when the library has it."""

    category: str
    date: dt.date | None
    papers: int | None
    text: str


@dataclass(frozen=True)
class Detail:
    """One paper whole, with the reader's own tags and note."""

    paper: Paper
    tags: tuple[str, ...] = ()
    note: str | None = None
    reports: tuple[Report, ...] = ()


NO_CRITERIA = Criteria()


def normalise(text: str) -> str:
    """The query as it is asked: NFC, surrounding space dropped."""
    return unicodedata.normalize("NFC", text).strip()


class Backend:
    """The archive at one index folder, held open for many questions."""

    def __init__(
        self,
        archive: Archive,
        *,
        search_limit: int = SEARCH_LIMIT,
        day_limit: int = DAY_LIMIT,
    ) -> None:
        self.archive = archive
        self.search_limit = search_limit
        self.day_limit = day_limit
        self._lock = threading.RLock()
        self._held = False

    @classmethod
    def at(cls, path: Path, notify: Callable[[str], None] | None = None) -> Backend:
        return cls(Archive(path, notify=notify, hold=True))

    def _locked(self, question: Callable[[], T]) -> T:
        with self._lock:
            return question()

    # -- lifetime --------------------------------------------------------------

    def open(self) -> None:
        """Open the index (rebuilding one written by an older papers); raises
        ``IndexMissing`` when there is none yet."""
        self._held = True
        self._locked(lambda: self.archive.engine().dates())

    def close(self) -> None:
        """Release the held searcher; one never opened (no search asked) is left alone,
        rather than loading Whoosh on the way out just to close it."""
        if self._held:
            self._locked(lambda: self.archive.engine(upgrade=False).close())

    # -- lists -----------------------------------------------------------------

    def search(
        self,
        query: str,
        criteria: Criteria = NO_CRITERIA,
        sort: str = "relevance",
        *,
        thorough: bool = True,
    ) -> Listing:
        """Hits for a query within the criteria; an empty query is a ``UsageError``.

        ``thorough=False`` (while the reader is still typing) skips the search for a
        correction, the feedback tier and widening: most prefixes of a word match
        nothing, and those would be most of their time. Enter asks thoroughly.
        """
        wanted = normalise(query)
        if not wanted:
            raise UsageError("type something to search for")
        asked = f"{wanted} tag:{criteria.tag}" if criteria.tag else wanted
        self._held = True

        def ask() -> Listing:
            result = self.archive.search(
                asked, _filters(criteria), sort=sort, limit=self.search_limit, thorough=thorough
            )
            papers = tuple(hit.paper for hit in result.hits)
            message = None
            if result.corrected or (papers and result.unmatched):
                message = search_notice(wanted, result)
            elif not papers:
                message = f"No papers match {echoed(wanted)}"
                message += f" ({criteria.describe()})." if criteria.active else "."
                if result.suggestion:
                    message += f" Did you mean: {result.suggestion}?"
            shown = f"{len(papers)} of" if result.total > len(papers) else "All" * (len(papers) > 1)
            ran = result.corrected or wanted
            title = f"{shown} {result.total} {_papers(result.total)} for {echoed(ran)}".lstrip()
            if through := indirect(result):
                title += f" ({through})"
            return Listing(
                kind="search",
                title=title,
                papers=papers,
                snippets=tuple(hit.snippet for hit in result.hits),
                tags=self._tags(papers),
                total=result.total,
                query=wanted,
                message=message,
            )

        return self._locked(ask)

    def day(self, day: dt.date | None, criteria: Criteria = NO_CRITERIA) -> Listing:
        """The top papers of ``day`` (None: the latest digest day), with the digest days
        before and after it; with no dated digest at all, the latest papers."""

        def ask() -> Listing:
            reader = self.archive.reader()
            days = sorted(dt.date.fromisoformat(d) for d in reader.dates())
            if not days:
                return self._latest(reader, criteria)
            shown = day or days[-1]
            before = [d for d in days if d < shown]
            after = [d for d in days if d > shown]
            filters = replace(self._resolved(criteria), start=shown, end=shown)
            found = reader.papers(filters, sort="votes", limit=self.day_limit)
            papers = tuple(p.within(shown, shown) for p in found)
            message = None
            if not papers:
                message = f"No papers on {_weekday(shown)}"
                message += f" ({criteria.describe()})." if criteria.active else "."
            return Listing(
                kind="day",
                title=f"Top papers of {_weekday(shown)}",
                papers=papers,
                snippets=("",) * len(papers),
                tags=self._tags(papers),
                total=len(papers),
                day=shown,
                previous=before[-1] if before else None,
                next=after[0] if after else None,
                message=message,
            )

        return self._locked(ask)

    def _latest(self, reader: Reader, criteria: Criteria) -> Listing:
        filters = self._resolved(criteria)
        papers = tuple(reader.papers(filters, sort="date", limit=self.day_limit))
        return Listing(
            kind="latest",
            title="Latest papers",
            papers=papers,
            snippets=("",) * len(papers),
            tags=self._tags(papers),
            total=len(papers),
            message=None if papers else "The index holds no papers yet; run `papers index PATH`.",
        )

    def _resolved(self, criteria: Criteria) -> Filters:
        """The criteria as library filters, a tag as the ids carrying it."""
        filters = _filters(criteria)
        if criteria.tag:
            filters = replace(filters, ids=frozenset(self.archive.user().tagged([criteria.tag])))
        return filters

    def _tags(self, papers: Iterable[Paper]) -> dict[str, tuple[str, ...]]:
        return self.archive.user().tags_for([p.id for p in papers])

    def dates(self) -> list[dt.date]:
        """Every digest day, oldest first."""
        return self._locked(
            lambda: [dt.date.fromisoformat(d) for d in self.archive.reader().dates()]
        )

    # -- one paper -------------------------------------------------------------

    def detail(self, paper_id: str) -> Detail:
        """The paper as the index has it now, with tags, note and insight reports."""

        def ask() -> Detail:
            reader = self.archive.reader()
            paper = reader.paper(paper_id)
            user = self.archive.user()
            return Detail(paper, user.tags(paper.id), user.note(paper.id), _reports(reader, paper))

        return self._locked(ask)

    def mine(self, paper: Paper) -> tuple[tuple[str, ...], str | None]:
        """The paper's tags and note as the store has them now."""

        def ask() -> tuple[tuple[str, ...], str | None]:
            user = self.archive.user()
            return user.tags(paper.id), user.note(paper.id)

        return self._locked(ask)

    def add_tags(self, paper: Paper, names: Iterable[str]) -> tuple[str, ...]:
        wanted = list(names)
        return self._locked(lambda: self.archive.user().add_tags(paper.id, wanted, paper.title))

    def remove_tags(self, paper: Paper, names: Iterable[str]) -> tuple[str, ...]:
        wanted = list(names)
        return self._locked(lambda: self.archive.user().remove_tags(paper.id, wanted))

    def set_note(self, paper: Paper, text: str | None) -> str | None:
        """Replace the note (blank deletes it); returns the note as stored."""

        def write() -> str | None:
            user = self.archive.user()
            user.set_note(paper.id, text, paper.title)
            return user.note(paper.id)

        return self._locked(write)

    def tag_names(self) -> list[str]:
        """The reader's tags, most used first: suggestions for the tag box."""
        return self._locked(lambda: list(self.archive.user().tag_counts()))

    def bibtex(self, paper: Paper) -> str:
        """The paper's BibTeX entry with tags and note, its citation key pinned as
        ``papers export`` pins it, so both always give the same key."""
        from papercli.export import Entry, citation_key, export

        def write() -> str:
            user = self.archive.user()
            keys = user.citation_keys({paper.id: citation_key(paper)}, {paper.id: paper.title})
            entry = Entry(paper, user.tags(paper.id), user.note(paper.id))
            return "".join(export("bibtex", [entry], keys))

        return self._locked(write)


def parse_criteria(
    start: str, end: str, category: str, tag: str, min_votes: str, known: Iterable[dt.date] = ()
) -> Criteria:
    """Criteria from the filter form's text, dates read as ``--from``/``--to`` read them
    (Korean too); raises ``UsageError`` with a one-line reason."""
    from papercli.dates import date_range
    from papercli.tags import tag_name

    days = list(known)
    low, high = date_range(
        None, start.strip() or None, end.strip() or None, known_days=lambda: days
    )
    votes = None
    if min_votes.strip():
        try:
            votes = int(min_votes.strip())
        except ValueError:
            raise UsageError(f"minimum votes must be a whole number, not {min_votes!r}") from None
        if votes < 0:
            raise UsageError("minimum votes cannot be negative")
    return Criteria(
        start=low,
        end=high,
        category=normalise(category) or None,
        tag=tag_name(normalise(tag)) if tag.strip() else None,
        min_votes=votes,
    )


def _filters(criteria: Criteria) -> Filters:
    return Filters(
        start=criteria.start,
        end=criteria.end,
        category=criteria.category,
        min_votes=criteria.min_votes,
    )


def _papers(count: int) -> str:
    return "paper" if count == 1 else "papers"


def _weekday(day: dt.date) -> str:
    return f"{day.isoformat()} ({day.strftime('%a')})"


def _reports(reader: Any, paper: Paper) -> tuple[Report, ...]:
    """The category reports the paper's appearances come from, each once, with their text
    (a report no longer in the index keeps what the appearance knows of it)."""
    found: dict[str, Report] = {}
    for appearance in paper.appearances:
        ref = appearance.report
        if ref is None or ref.id in found:
            continue
        try:
            text = reader.report(ref.id).text
        except PaperNotFound:
            text = ""
        found[ref.id] = Report(
            category=ref.category or appearance.category or "",
            date=ref.date or appearance.date,
            papers=len(ref.papers),
            text=text,
        )
    return tuple(found.values())
