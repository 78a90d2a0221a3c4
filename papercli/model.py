"""The one shape every digest style is normalised into.

Frozen so that parsed entries can be shared, hashed and compared in tests;
tuples rather than lists for the same reason. ``to_dict`` gives the JSON
schema documented in the README, with lists and ISO dates.

The four styles (``papercli.choices.STYLES``) are named after what one entry of them is:
a Hugging Face ``daily_papers`` entry, a report in ``category_insights``, a
``simple_summary`` block of labelled fields, and ``paper_notes``: free text
about one paper, keyed by its arXiv id (in a heading, a link line, a list
item or a table row) with no fixed fields. The last name says what the
parser relies on, an id plus notes, rather than naming one generator, since
the style covers every digest written that way.

A category report is written once about several papers; it is kept once
(``Report``, in ``Digest.reports``) and each source's appearance points to it
with a ``ReportRef`` while carrying as its summary only the text about it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

TITLE_PREFERENCE = {
    "daily_papers": 0,
    "category_insights": 1,
    "simple_summary": 2,
    "paper_notes": 3,
}
TITLE_SOURCES = ("heading", "text", "id")
"""How a title was found, most trusted first: a heading or link text named it, it
was guessed from the text (a quoted English title), or nothing named it and it is
the placeholder ``arXiv <id>``."""
PLACEHOLDER_PREFIX = "arXiv "
SUMMARY_LABELS = ("What's New", "Technical Details", "Performance Highlights")
"""The labels a Daily Papers summary line may start with (``What's New: ...``): the
generator's, not the paper's words."""
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def placeholder(paper_id: str) -> str:
    """The title of a paper nothing names: ``arXiv 2505.04921`` (any real title of
    another appearance outranks it)."""
    return f"{PLACEHOLDER_PREFIX}{paper_id}"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ReportRef:
    """What an appearance knows of the category report it came from."""

    id: str
    category: str | None
    date: dt.date | None
    papers: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "date": _iso(self.date),
            "papers": list(self.papers),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportRef:
        return cls(
            id=data["id"],
            category=data.get("category"),
            date=_day(data.get("date")),
            papers=tuple(data.get("papers") or ()),
        )


@dataclass(frozen=True)
class Report:
    """A category report, stored once however many papers it is about.

    ``id`` is ``report-`` and the first 10 hex digits of a SHA-1 over the
    category and the text, so re-indexing or moving the file keeps it;
    ``papers`` are its sources' ids in listed order.
    """

    id: str
    category: str | None
    date: dt.date | None
    source: str
    text: str
    papers: tuple[str, ...]

    def ref(self) -> ReportRef:
        return ReportRef(id=self.id, category=self.category, date=self.date, papers=self.papers)

    def to_dict(self) -> dict[str, Any]:
        return {**self.ref().to_dict(), "source": self.source, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        ref = ReportRef.from_dict(data)
        return cls(
            id=ref.id,
            category=ref.category,
            date=ref.date,
            source=data["source"],
            text=data.get("text") or "",
            papers=ref.papers,
        )


@dataclass(frozen=True)
class Appearance:
    """One digest entry that mentions a paper."""

    date: dt.date | None
    format: str
    source: str
    votes: int | None = None
    category: str | None = None
    fields: tuple[str, ...] = ()
    summary: str = ""
    media: tuple[str, ...] = ()
    report: ReportRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "format": self.format,
            "source": self.source,
            "votes": self.votes,
            "category": self.category,
            "fields": list(self.fields),
            "summary": self.summary,
            "media": list(self.media),
            "report": self.report.to_dict() if self.report else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Appearance:
        report = data.get("report")
        return cls(
            date=_day(data.get("date")),
            format=data["format"],
            source=data["source"],
            votes=data.get("votes"),
            category=data.get("category"),
            fields=tuple(data.get("fields") or ()),
            summary=data.get("summary") or "",
            media=tuple(data.get("media") or ()),
            report=ReportRef.from_dict(report) if report else None,
        )


@dataclass(frozen=True)
class Paper:
    """A distinct paper, however many digests mention it.

    ``title_source`` is one of ``TITLE_SOURCES``: how the title was found.
    """

    id: str
    title: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    pdf_url: str | None = None
    appearances: tuple[Appearance, ...] = field(default=())
    title_source: str = "heading"

    @property
    def best_votes(self) -> int | None:
        votes = [a.votes for a in self.appearances if a.votes is not None]
        return max(votes) if votes else None

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({a.date for a in self.appearances if a.date}))

    @property
    def last_date(self) -> dt.date | None:
        days = self.dates
        return days[-1] if days else None

    def within(self, start: dt.date | None, end: dt.date | None) -> Paper:
        """The paper seen only through its appearances dated in a range.

        A table of one day's papers shows that day's votes and date, not
        the paper's best ever; a paper with no appearance in range is kept whole.
        """
        if start is None and end is None:
            return self
        inside = tuple(
            a
            for a in self.appearances
            if a.date and (start is None or a.date >= start) and (end is None or a.date <= end)
        )
        return self.with_appearances(inside) if inside else self

    def with_appearances(self, appearances: tuple[Appearance, ...]) -> Paper:
        return replace(self, appearances=appearances)

    def report_ids(self) -> list[str]:
        """The reports its appearances come from, each once, in appearance order."""
        return list(dict.fromkeys(a.report.id for a in self.appearances if a.report))

    def report_papers(self) -> set[str]:
        """The ids its appearances' reports name (as their digests gave them)."""
        return {pid for a in self.appearances if a.report for pid in a.report.papers}

    def with_report_papers(self, current: dict[str, str]) -> Paper:
        """The paper with its reports' paper ids mapped to the ids those papers have now
        (an entry without an arXiv id may since have joined the arXiv paper)."""
        appearances = tuple(
            replace(
                a,
                report=replace(a.report, papers=tuple(current.get(p, p) for p in a.report.papers)),
            )
            if a.report
            else a
            for a in self.appearances
        )
        return self.with_appearances(appearances)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "url": self.url,
            "pdf_url": self.pdf_url,
            "appearances": [a.to_dict() for a in self.appearances],
            "title_source": self.title_source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        return cls(
            id=data["id"],
            title=data["title"],
            authors=tuple(data.get("authors") or ()),
            url=data.get("url"),
            pdf_url=data.get("pdf_url"),
            appearances=tuple(Appearance.from_dict(a) for a in data.get("appearances") or ()),
            title_source=data.get("title_source") or "heading",
        )


@dataclass(frozen=True)
class Entry:
    """A paper with the reader's own tags and note: what every JSON answer gives."""

    paper: Paper
    tags: tuple[str, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.paper.to_dict(), "tags": list(self.tags), "note": self.note}


def assemble(paper_id: str, entries: list[dict[str, Any]]) -> Paper:
    """One paper from its entries (``Paper.to_dict`` of each, in index order): the most
    trustworthy title (see ``title_rank``), the fullest authors, its appearances oldest
    first and the undated last."""
    parts = [Paper.from_dict(e) for e in entries]
    parts.sort(key=lambda p: TITLE_PREFERENCE.get(p.appearances[0].format, 9))
    main = next((p for p in parts if p.id == paper_id), parts[0])
    titled = min(parts, key=title_rank)
    authors = max((p.authors for p in parts), key=len)
    appearances = sorted(
        (a for p in parts for a in p.appearances),
        key=lambda a: (a.date is None, a.date or dt.date.min, a.format, a.source),
    )
    return Paper(
        id=paper_id,
        title=titled.title,
        authors=authors,
        url=main.url or next((p.url for p in parts if p.url), None),
        pdf_url=main.pdf_url or next((p.pdf_url for p in parts if p.pdf_url), None),
        appearances=tuple(appearances),
        title_source=_title_source(titled),
    )


def title_rank(paper: Paper) -> tuple[int, int, int, int]:
    """Sort key of a paper's title among the appearances of one paper, best first.

    In order: how it was found (a heading over a title guessed from the text over
    an ``arXiv <id>`` placeholder, whatever ``title_source`` says, since older
    stored entries lack it); English, mostly Latin letters, over a Korean
    translation; plain over LaTeX markup; then the style's ``TITLE_PREFERENCE``.
    """
    from papercli.parse.latex import readable_title  # here: `papers show` needs no parsing

    source = _title_source(paper)
    return (
        TITLE_SOURCES.index(source) if source in TITLE_SOURCES else len(TITLE_SOURCES),
        0 if _mostly_latin(paper.title) else 1,
        0 if readable_title(paper.title) == paper.title else 1,
        TITLE_PREFERENCE.get(paper.appearances[0].format, 9) if paper.appearances else 9,
    )


def _title_source(paper: Paper) -> str:
    """``title_source``, or "id" for an ``arXiv <id>`` placeholder whatever it says."""
    title = paper.title
    placeholder = (
        title.startswith(PLACEHOLDER_PREFIX) and " " not in title[len(PLACEHOLDER_PREFIX) :]
    )
    return "id" if placeholder else paper.title_source


def _mostly_latin(title: str) -> bool:
    """More Latin letters than any others: an English title, not a translation."""
    return len(_LATIN_LETTER.findall(title)) > len(_OTHER_LETTER.findall(title))


@dataclass(frozen=True)
class Digest:
    """What one file parsed into: its style, date, entries and complaints.

    ``style`` is None when the text is in none of the known styles; the
    caller skips such a file with a warning rather than failing.
    """

    source: str
    style: str | None
    date: dt.date | None
    papers: tuple[Paper, ...] = ()
    warnings: tuple[str, ...] = ()
    reports: tuple[Report, ...] = ()


@dataclass(frozen=True)
class Filters:
    """What one appearance must be for its paper to be listed or found: dated within
    ``start``..``end``, in ``category``, of ``format``, with ``min_votes``, of one of
    the papers ``ids`` (e.g. those carrying a tag), by ``author`` (every word of it a
    word of the authors' names, as ``author:`` in a query). None means any."""

    start: dt.date | None = None
    end: dt.date | None = None
    category: str | None = None
    format: str | None = None
    min_votes: int | None = None
    ids: frozenset[str] | None = None
    author: str | None = None


NO_FILTERS = Filters()


def placing(paper: Paper, filters: Filters = NO_FILTERS, sort: str = "date") -> Appearance | None:
    """The appearance a row or an export shows the votes and date of, so that a row never pairs one
    digest's votes with another's date: of the appearances matching the filters, the
    newest (``sort`` date: what placed the paper in a list by date), else the most
    voted (by votes, as ``top`` ranks; by relevance or likeness, the one that tells
    most about the paper). None for a paper without appearances."""
    matching = [a for a in paper.appearances if _matches(a, filters)] or list(paper.appearances)
    if not matching:
        return None

    def votes(a: Appearance) -> int:
        return -1 if a.votes is None else a.votes

    def day(a: Appearance) -> dt.date:
        return a.date or dt.date.min

    if sort == "date":
        return max(matching, key=lambda a: (day(a), votes(a)))
    return max(matching, key=lambda a: (votes(a), day(a)))


def _matches(appearance: Appearance, filters: Filters) -> bool:
    """The appearance-level filters, as the readers apply them."""
    if filters.start or filters.end:
        if appearance.date is None:
            return False
        if (filters.start and appearance.date < filters.start) or (
            filters.end and appearance.date > filters.end
        ):
            return False
    if filters.category and (appearance.category or "").lower() != filters.category.lower():
        return False
    if filters.format and appearance.format != filters.format:
        return False
    votes = -1 if appearance.votes is None else appearance.votes
    return filters.min_votes is None or votes >= filters.min_votes
