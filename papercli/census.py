"""Counts the commands print about the whole index: how many papers a list would hold
(``showing 50 of 1,234``) and which papers and digests the index holds (what ``papers
sync`` compares before and after its run).

``Reader.papers(limit=None)`` answers both, but assembles every paper to do it
(half a second at 10k entries, seconds at 100k); a count must not cost more
than the page it is printed under. So while the catalog mirrors the last
commit the numbers come from its entries table in milliseconds, with the same
conditions as ``Catalog.papers``; otherwise, or should the table not answer,
from the reader, slowly but the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from papercli.model import NO_FILTERS, Filters

if TYPE_CHECKING:
    from papercli.reading import Reader

T = TypeVar("T")


@dataclass(frozen=True)
class Holdings:
    """The papers (ids) and digests (files with at least one entry) an index holds."""

    papers: frozenset[str]
    digests: frozenset[str]


def count_papers(path: Path, reader: Reader, filters: Filters = NO_FILTERS) -> int:
    """How many papers have an entry matching ``filters``: the length of
    ``reader.papers(filters, limit=None)``."""

    def query(db: sqlite3.Connection) -> int:
        from papercli.catalog import conditions

        where, params = conditions(filters)
        sql = "SELECT count(DISTINCT paper_id) FROM entries" + where
        return int(db.execute(sql, params).fetchone()[0])

    found = None if filters.author else _from_catalog(path, query)
    return len(reader.papers(filters, limit=None)) if found is None else found


def holdings(path: Path, reader: Reader) -> Holdings:
    """Every paper id and every digest file with entries in the index."""

    def query(db: sqlite3.Connection) -> Holdings:
        papers = frozenset(pid for (pid,) in db.execute("SELECT DISTINCT paper_id FROM entries"))
        digests = frozenset(src for (src,) in db.execute("SELECT DISTINCT source FROM entries"))
        return Holdings(papers, digests)

    found = _from_catalog(path, query)
    if found is not None:
        return found
    every = reader.papers(NO_FILTERS, limit=None)
    return Holdings(
        frozenset(p.id for p in every),
        frozenset(a.source for p in every for a in p.appearances),
    )


def _from_catalog(path: Path, query: Callable[[sqlite3.Connection], T]) -> T | None:
    """The query's answer from the catalog while it mirrors the last commit, else None.
    (A commit landing in between makes the answer that of the newer commit: no worse
    than the page it is printed with, read a moment before.)"""
    from papercli.catalog import CATALOG_FILE, is_current

    if not is_current(path):
        return None
    try:
        uri = f"{(path / CATALOG_FILE).absolute().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            return query(db)
    except sqlite3.Error:
        return None
