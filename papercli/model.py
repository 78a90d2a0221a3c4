"""The one shape every digest style is normalised into.

Frozen so that parsed entries can be shared, hashed and compared in tests;
tuples rather than lists for the same reason. ``to_dict`` gives the JSON
schema documented in the README, with lists and ISO dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

TITLE_PREFERENCE = {"daily_papers": 0, "category_insights": 1, "simple_summary": 2}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "format": self.format,
            "source": self.source,
            "votes": self.votes,
            "category": self.category,
            "fields": list(self.fields),
            "summary": self.summary,
            "media": list(self.media),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Appearance:
        day = data.get("date")
        return cls(
            date=dt.date.fromisoformat(day) if day else None,
            format=data["format"],
            source=data["source"],
            votes=data.get("votes"),
            category=data.get("category"),
            fields=tuple(data.get("fields") or ()),
            summary=data.get("summary") or "",
            media=tuple(data.get("media") or ()),
        )


@dataclass(frozen=True)
class Paper:
    """A distinct paper, however many digests mention it."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    pdf_url: str | None = None
    appearances: tuple[Appearance, ...] = field(default=())

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "url": self.url,
            "pdf_url": self.pdf_url,
            "appearances": [a.to_dict() for a in self.appearances],
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
        )


def assemble(paper_id: str, entries: list[dict[str, Any]]) -> Paper:
    """One paper from its entries (``Paper.to_dict`` of each, in index order): the most
    trustworthy title, the fullest authors."""
    parts = [Paper.from_dict(e) for e in entries]
    parts.sort(key=lambda p: TITLE_PREFERENCE.get(p.appearances[0].format, 9))
    main = next((p for p in parts if p.id == paper_id), parts[0])
    titled = [p for p in parts if not p.title.startswith("arXiv ")] or parts
    authors = max((p.authors for p in parts), key=len)
    appearances = sorted(
        (a for p in parts for a in p.appearances),
        key=lambda a: (a.date or dt.date.min, a.format, a.source),
    )
    return Paper(
        id=paper_id,
        title=titled[0].title,
        authors=authors,
        url=main.url or next((p.url for p in parts if p.url), None),
        pdf_url=main.pdf_url or next((p.pdf_url for p in parts if p.pdf_url), None),
        appearances=tuple(appearances),
    )


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
