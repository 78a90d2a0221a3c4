"""What the library answers with, and the one interface both read paths implement.

Two read paths hold the same entries: the Whoosh index (``papercli.engine``),
which can search, and the SQLite catalog (``papercli.catalog``), which answers
lookups and lists without importing Whoosh. Both implement ``Reader``; which
one serves a command, and what happens when the catalog cannot, is decided in
one place (``papercli.archive``). The result types live here rather than with
either implementation so that ``render`` and ``cli`` depend on neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from papercli.model import NO_FILTERS, Filters, Paper, Report

HIT_START, HIT_END = "\ue000", "\ue001"
"""Private-use characters around a matched word in a snippet: no digest text has them."""


class Reader(Protocol):
    """Lookups and lists: what ``show``, ``top``, ``list``, ``open`` and completion need."""

    def paper(self, ref: str) -> Paper:
        """One paper by id, URL or ``arXiv:`` form, with every appearance; raises
        ``PaperNotFound`` naming the closest ids."""
        ...

    def papers(
        self, filters: Filters = NO_FILTERS, *, sort: str = "date", limit: int | None = 50
    ) -> list[Paper]:
        """Papers with an appearance matching the filters, newest (or most voted) first:
        entries sort by date then votes (or votes then date), ties in index order, and a
        paper takes the place of its first entry."""
        ...

    def dates(self) -> dict[str, int]:
        """Digest days (ISO) and how many entries each holds, in date order."""
        ...

    def latest_date(self) -> dt.date | None: ...

    def nearest_dates(self, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The digest days just before and just after ``day``."""
        ...

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        """Ids starting with ``prefix`` with their titles, for shell completion."""
        ...

    def report(self, ref: str) -> Report:
        """A category report by id, its papers named by the ids they have now; raises
        ``PaperNotFound`` for an unknown id."""
        ...


def top(
    reader: Reader, start: dt.date | None, end: dt.date | None, limit: int | None
) -> list[Paper]:
    """The most voted papers of a day or range."""
    return reader.papers(Filters(start=start, end=end), sort="votes", limit=limit)


@dataclass(frozen=True)
class Match:
    """One spelling of something asked for, found in one field: ``origin`` says why it was
    looked for (typed, glossary, learned, other forms, without its particle, inside a
    name, prefix)."""

    asked: str
    origin: str
    field: str
    term: str

    def to_dict(self) -> dict[str, str]:
        return {"asked": self.asked, "origin": self.origin, "field": self.field, "term": self.term}


@dataclass(frozen=True)
class Explanation:
    """Why a paper was found: what matched, what of a soft query it lacks, ``via`` when
    it was found only through its report or through feedback, and ``shared``: the words
    of the best matches it holds, which raise it among papers found alike (feedback)."""

    matched: tuple[Match, ...]
    missing: tuple[str, ...]
    via: str | None = None
    shared: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": [m.to_dict() for m in self.matched],
            "missing": list(self.missing),
            "via": self.via,
            "shared": list(self.shared),
        }


@dataclass(frozen=True)
class Expansion:
    """A spelling that ``word`` (a thing a query asks for) also finds: ``origin`` is
    ``packaged`` or the reader's glossary file, ``learned`` (with how often, in how many
    files, the archive gave the pair, and ``unused``: why searches leave it out, "" when
    they use it), or ``other forms``."""

    word: str
    spelling: str
    origin: str
    times: int = 0
    files: int = 0
    unused: str = ""

    @property
    def used(self) -> bool:
        return not self.unused

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "spelling": self.spelling,
            "origin": self.origin,
            "times": self.times,
            "files": self.files,
            "used": self.used,
            "unused": self.unused or None,
        }


@dataclass(frozen=True)
class Hit:
    """A paper found, its score and snippet; ``via`` says how a paper the query's words
    did not match was found: ``"report"`` (its category report holds them),
    ``"feedback"`` (the best matches' words) or ``"widened"`` (its title holds a rare
    word of a phrase that found few papers)."""

    paper: Paper
    score: float
    snippet: str
    via: str | None = None
    why: Explanation | None = None


@dataclass(frozen=True)
class SearchResult:
    """The hits shown and how many papers matched in all.

    ``corrected``: the query run instead of the one typed, whose ``unmatched``
    words (or all of it) found nothing; without ``corrected``, ``unmatched`` are
    the words that found nothing beside the others that did (none could be
    corrected); ``suggestion``: a correction that found nothing either;
    ``unfiltered``: how many papers the query finds without its filters, when they
    left none, and ``blocking`` the filters responsible
    (``date``, ``category``, ``format``, ``min_votes``, ``ids``, ``author``);
    ``through_feedback``: how many of ``total`` only the best matches' words found;
    ``widened``: how many only widening found (their titles hold some of the words
    of a phrase that found few).
    """

    hits: tuple[Hit, ...]
    total: int
    suggestion: str | None = None
    corrected: str | None = None
    unmatched: tuple[str, ...] = ()
    unfiltered: int | None = None
    blocking: tuple[str, ...] = ()
    through_feedback: int = 0
    widened: int = 0


@dataclass(frozen=True)
class IndexReport:
    """What one ``papers index`` run did. ``moved``: papers whose id changed (an entry
    without an arXiv id joined the arXiv paper of its title, or left it again), old id
    to new, so that the reader's tags and notes can follow them; ``left``: papers the
    index held before the run and no longer holds (their digests removed or changed)."""

    files_read: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    papers: int = 0
    appearances: int = 0
    rebuilt: str | None = None
    warnings: tuple[str, ...] = ()
    moved: dict[str, str] = field(default_factory=dict)
    left: tuple[str, ...] = ()
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files_read": self.files_read,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "removed": self.removed,
            "papers": self.papers,
            "appearances": self.appearances,
            "rebuilt": self.rebuilt,
            "warnings": list(self.warnings),
            "moved": dict(self.moved),
            "size": self.size,
        }


@dataclass(frozen=True)
class Stats:
    index: str
    papers: int
    appearances: int
    files: int
    formats: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    dates: dict[str, int] = field(default_factory=dict)
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "size": self.size,
            "papers": self.papers,
            "appearances": self.appearances,
            "files": self.files,
            "formats": self.formats,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
        }


@dataclass(frozen=True)
class Aggregates:
    """Distinct papers per day, month, category, 관련분야 field, author and best vote
    count: the numbers behind the charts of ``papers stats``. Labels are counted
    case-insensitively and keep their first spelling; the dicts of labels are
    ordered by count, highest first."""

    days: dict[str, int]
    months: dict[str, int]
    categories: dict[str, int]
    fields: dict[str, int]
    authors: dict[str, int]
    votes: dict[int | None, int]
