"""A SQLite copy of the index's entries, so that lookups need not import Whoosh.

``papers show``, ``top`` and ``list`` filter and sort on a handful of columns
and assemble papers from the stored entries; Whoosh's import alone costs
more than answering them. The catalog holds one row per entry document of
the Whoosh index (its columns and the same JSON ``data``) and is written by
each index run after its commit, never before: the index stays the truth.

The catalog records a stamp of the commit it mirrors (the name of the table
of contents, and the size and mtime of it and of every segment file). It is
used only while the index folder still shows that stamp and the index is of
this version's layout; anything else (a newer commit, a copied or damaged
index, an old version, an unreadable catalog) leaves the question to the
index (``papercli.archive`` decides), so a stale catalog can never give a
wrong answer. A question the catalog cannot answer (an author filter, which
needs the index's analysis) or a file failing under a query raises
``CatalogUnavailable`` for the same fallback.

Rows keep their place in Whoosh's document order (segment, then document
number inside it) because the index breaks ties by that order.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from papercli.engine.layout import META_FILE, SCHEMA_VERSION, latest_toc, segment_files
from papercli.errors import PaperNotFound
from papercli.model import NO_FILTERS, Filters, Paper, Report, assemble

CATALOG_FILE = "papers-catalog.sqlite"
CATALOG_VERSION = 2

_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE segments (num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, pos INTEGER NOT NULL);
CREATE TABLE entries (
    key TEXT PRIMARY KEY,
    seg INTEGER NOT NULL,
    local INTEGER NOT NULL,
    paper_id TEXT NOT NULL,
    own_id TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    date TEXT,
    votes INTEGER NOT NULL,
    category_id TEXT,
    title_key TEXT,
    data TEXT NOT NULL
);
CREATE TABLE reports (
    key TEXT PRIMARY KEY,
    seg INTEGER NOT NULL,
    local INTEGER NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL
);
"""
_INDEXES = """
CREATE INDEX entries_paper ON entries (paper_id);
CREATE INDEX entries_own ON entries (own_id);
CREATE INDEX entries_source ON entries (source);
CREATE INDEX entries_date ON entries (date DESC, votes DESC);
CREATE INDEX entries_votes ON entries (votes DESC, date DESC);
CREATE INDEX reports_id ON reports (id);
CREATE INDEX reports_source ON reports (source);
"""
_ROW = "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INDEX_ORDER = "s.pos, e.local"

Stored = dict[str, Any]
ReadSegment = Callable[[str], Iterable[tuple[int, Stored]]]


class _Inconsistent(Exception):
    """The catalog disagrees with the index after an update: rebuild it whole."""


class CatalogUnavailable(Exception):
    """The catalog cannot answer this question; ask the index instead."""


# -- freshness ---------------------------------------------------------------


def _stamp(path: Path, segment_ids: Collection[str]) -> dict[str, Any]:
    names = os.listdir(path)
    toc = latest_toc(names)
    if toc is None:
        raise FileNotFoundError(f"no table of contents in {path}")
    files = {}
    for name in [toc, *segment_files(names, segment_ids)]:
        info = os.stat(path / name)
        files[name] = [info.st_size, info.st_mtime_ns]
    return {"catalog": CATALOG_VERSION, "schema": SCHEMA_VERSION, "toc": toc, "files": files}


def _matches(path: Path, stamp: dict[str, Any]) -> bool:
    """True when the index folder still holds exactly the commit the stamp describes."""
    if stamp.get("catalog") != CATALOG_VERSION or stamp.get("schema") != SCHEMA_VERSION:
        return False
    try:
        meta = json.loads((path / META_FILE).read_text("utf-8"))
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
            return False
        if latest_toc(os.listdir(path)) != stamp["toc"]:
            return False
        for name, (size, mtime_ns) in stamp["files"].items():
            info = os.stat(path / name)
            if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
                return False
    except (OSError, ValueError):
        return False
    return True


def _connect(file: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        db = sqlite3.connect(f"{file.absolute().as_uri()}?mode=ro", uri=True)
    else:
        db = sqlite3.connect(file, timeout=5)
    db.isolation_level = None  # transactions are begun explicitly
    return db


def _stored_stamp(db: sqlite3.Connection) -> dict[str, Any]:
    row = db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
    stamp = json.loads(row[0]) if row else {}
    return stamp if isinstance(stamp, dict) else {}


def _checked(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the catalog if it mirrors the index's last commit."""
    file = path / CATALOG_FILE
    if not file.is_file():
        return None
    db = None
    try:
        db = _connect(file, readonly=True)
        if _matches(path, _stored_stamp(db)):
            return db
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError):
        pass  # a catalog in any doubt is not used
    if db is not None:
        db.close()
    return None


def is_current(path: Path) -> bool:
    """True when the catalog mirrors the index's last commit."""
    db = _checked(path)
    if db is None:
        return False
    db.close()
    return True


def open_fresh(path: Path) -> Catalog | None:
    """The catalog of the index at ``path`` if it mirrors the last commit, else None."""
    db = _checked(path)
    return Catalog(path, db) if db is not None else None


# -- reading -----------------------------------------------------------------


class Catalog:
    """Answers the index's lookups (``papercli.reading.Reader``) identically, from SQLite.

    Should the file fail under a query (it was checked when opened), it
    raises ``CatalogUnavailable`` instead of failing.
    """

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a concurrent index run's update is seen whole or not at all.
        Any SQLite failure becomes ``CatalogUnavailable``."""
        try:
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise CatalogUnavailable(str(exc)) from exc

    def paper(self, ref: str) -> Paper:
        """One paper by id, URL or ``arXiv:`` form, with every appearance."""
        with self._read() as db:
            found = self._paper(db, ref)
        if isinstance(found, Paper):
            return found
        message = f"no paper {ref!r} in the index"
        if found:
            message += "; closest: " + "; ".join(found)
        raise PaperNotFound(message)

    def _paper(self, db: sqlite3.Connection, ref: str) -> Paper | list[str]:
        """The paper, else the hint of ids close to it."""
        from papercli.parse.ids import normalize_id

        wanted = normalize_id(ref)
        papers = _papers_for(db, [wanted])
        if not papers:
            rows = db.execute("SELECT DISTINCT paper_id FROM entries WHERE own_id = ?", (wanted,))
            papers = _papers_for(db, sorted(pid for (pid,) in rows))
        if papers:
            return papers[0]
        import difflib

        ids = [pid for (pid,) in db.execute("SELECT DISTINCT paper_id FROM entries")]
        near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
        return [f"{p.id} {p.title}" for p in _papers_for(db, near)]

    def papers(
        self, filters: Filters = NO_FILTERS, *, sort: str = "date", limit: int | None = 50
    ) -> list[Paper]:
        """Papers with an entry matching the filters, newest or most voted first.

        As the index's: entries sort by date then votes (or votes then date),
        ties in index order, and a paper takes the place of its first entry.
        """
        if filters.author:
            raise CatalogUnavailable("an author filter needs the index's analysis")
        where, params = conditions(filters, "e.")
        order = "e.votes DESC, e.date DESC" if sort == "votes" else "e.date DESC, e.votes DESC"
        query = (
            "SELECT e.paper_id FROM entries e JOIN segments s ON s.num = e.seg"
            + where
            + f" ORDER BY {order}, {_INDEX_ORDER}"
        )
        with self._read() as db:
            found: dict[str, None] = {}
            for (pid,) in db.execute(query, params):
                found.setdefault(pid, None)
                if limit and len(found) == limit:
                    break
            return _papers_for(db, found)

    def dates(self) -> dict[str, int]:
        """Digest days and how many entries each holds."""
        query = (
            "SELECT date, count(*) FROM entries WHERE date IS NOT NULL AND date != '' "
            "GROUP BY date ORDER BY date"
        )
        with self._read() as db:
            return dict(db.execute(query).fetchall())

    def latest_date(self) -> dt.date | None:
        """The last digest day: one step down the date index, not a count of every day."""
        with self._read() as db:
            (day,) = db.execute("SELECT max(date) FROM entries WHERE date != ''").fetchone()
        return dt.date.fromisoformat(day) if day else None

    def nearest_dates(self, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The digest days just before and just after ``day``."""
        text = day.isoformat()
        with self._read() as db:
            (before,) = db.execute(
                "SELECT max(date) FROM entries WHERE date != '' AND date < ?", (text,)
            ).fetchone()
            (after,) = db.execute(
                "SELECT min(date) FROM entries WHERE date != '' AND date > ?", (text,)
            ).fetchone()
        return (
            dt.date.fromisoformat(before) if before else None,
            dt.date.fromisoformat(after) if after else None,
        )

    def report(self, ref: str) -> Report:
        """A category report by id, its papers named by the ids they have now."""
        with self._read() as db:
            row = db.execute(
                "SELECT data FROM reports WHERE id = ? LIMIT 1", (ref.strip().lower(),)
            ).fetchone()
            if row is None:
                raise PaperNotFound(f"no report {ref!r} in the index")
            report = Report.from_dict(json.loads(row[0]))
            current = _current_ids(db, report.papers)
        return replace(report, papers=tuple(current.get(p, p) for p in report.papers))

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        """Ids starting with ``prefix``, with the title of their first entry."""
        query = (
            "SELECT e.paper_id, e.data FROM entries e JOIN segments s ON s.num = e.seg"
            f" WHERE substr(e.paper_id, 1, ?) = ? ORDER BY e.paper_id, {_INDEX_ORDER}"
        )
        found: dict[str, str] = {}
        with self._read() as db:
            for pid, data in db.execute(query, (len(prefix), prefix)):
                if pid not in found:
                    if len(found) == limit:
                        break
                    found[pid] = json.loads(data)["title"]
        return list(found.items())


def _papers_for(db: sqlite3.Connection, ids: Iterable[str]) -> list[Paper]:
    """Full papers for ids, in the order given, each from its entries in index order."""
    order = list(dict.fromkeys(ids))
    if not order:
        return []
    entries: dict[str, list[Stored]] = {pid: [] for pid in order}
    rows = db.execute(
        "SELECT e.paper_id, e.data FROM entries e JOIN segments s ON s.num = e.seg"
        f" WHERE e.paper_id IN (SELECT value FROM json_each(?)) ORDER BY {_INDEX_ORDER}",
        (json.dumps(order),),
    )
    for pid, data in rows:
        entries[pid].append(json.loads(data))
    papers = [assemble(pid, found) for pid, found in entries.items() if found]
    named = set().union(*(p.report_papers() for p in papers)) if papers else set()
    if not named:
        return papers
    current = _current_ids(db, named)
    return [p.with_report_papers(current) for p in papers]


def _current_ids(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Each id as a paper has it now (as the index's ``_current_ids``)."""
    rows = db.execute(
        "SELECT own_id, paper_id FROM entries WHERE own_id IN (SELECT value FROM json_each(?))"
        " AND own_id != paper_id",
        (json.dumps(sorted(set(ids))),),
    )
    return dict(rows.fetchall())


# -- writing -----------------------------------------------------------------


def mirror(
    path: Path,
    segment_ids: Sequence[str],
    read: ReadSegment,
    *,
    incremental: bool,
    dropped_sources: Collection[str],
    entries: int,
) -> None:
    """Bring the catalog up to the index's last commit, under the index's write lock.

    ``segment_ids`` are the commit's segments in document order, ``read``
    gives a segment's live entry documents (number inside the segment,
    stored fields). With ``incremental`` (the catalog mirrored the commit
    before this run's), only the segments new in this commit are read and
    the entries of ``dropped_sources`` deleted; a result that does not hold
    ``entries`` rows, or any other doubt, rebuilds the catalog whole.
    Raises whatever the file system or SQLite raise; the caller decides
    that a failure only leaves the catalog stale.
    """
    file = path / CATALOG_FILE
    if incremental and file.is_file():
        try:
            with closing(_connect(file, readonly=False)) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    _update(db, segment_ids, read, dropped_sources, entries)
                    _write_stamp(db, _stamp(path, segment_ids))
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            return
        except (_Inconsistent, sqlite3.DatabaseError):
            pass
    _rebuild(path, segment_ids, read)


def _update(
    db: sqlite3.Connection,
    segment_ids: Sequence[str],
    read: ReadSegment,
    dropped_sources: Collection[str],
    entries: int,
) -> None:
    """Rows of dropped sources out, rows of the commit's new segments in.

    A new segment holds this run's entries and those Whoosh merged into it
    from older segments (moved, so re-read for their new place); an entry
    replaced by the run (re-linked to another paper) comes back with its key.
    """
    known = dict(db.execute("SELECT id, num FROM segments").fetchall())
    for table in ("entries", "reports"):
        db.execute(
            f"DELETE FROM {table} WHERE source IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(dropped_sources)),),
        )
    for sid in segment_ids:
        if sid not in known:
            known[sid] = _inserted(
                db.execute("INSERT INTO segments (id, pos) VALUES (?, -1)", (sid,))
            )
            _insert(db, known[sid], read(sid))
    kept = set(segment_ids)
    gone = [num for sid, num in known.items() if sid not in kept]
    marks = ",".join("?" * len(gone))
    if gone and any(
        db.execute(f"SELECT 1 FROM {table} WHERE seg IN ({marks}) LIMIT 1", gone).fetchone()
        for table in ("entries", "reports")
    ):
        raise _Inconsistent("entries left in a segment the commit no longer has")
    db.execute(f"DELETE FROM segments WHERE num IN ({marks})", gone)
    db.executemany(
        "UPDATE segments SET pos = ? WHERE id = ?",
        [(pos, sid) for pos, sid in enumerate(segment_ids)],
    )
    (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
    if count != entries:
        raise _Inconsistent(f"{count} rows for {entries} entries")


def _rebuild(path: Path, segment_ids: Sequence[str], read: ReadSegment) -> None:
    """A new catalog from every segment, swapped in whole for the old file, whatever its state."""
    file = path / CATALOG_FILE
    temporary = file.with_name(file.name + ".tmp")
    for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
        leftover.unlink(missing_ok=True)
    with closing(_connect(temporary, readonly=False)) as db:
        db.execute("PRAGMA page_size = 16384")  # entries of ~2 KB waste half of 4 KB pages
        db.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away anyway
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        _script(db, _TABLES)
        for pos, sid in enumerate(segment_ids):
            num = _inserted(db.execute("INSERT INTO segments (id, pos) VALUES (?, ?)", (sid, pos)))
            _insert(db, num, read(sid))
        _script(db, _INDEXES)
        _write_stamp(db, _stamp(path, segment_ids))
        db.execute("COMMIT")
    file.with_name(file.name + "-journal").unlink(missing_ok=True)  # an old file's, never ours
    os.replace(temporary, file)


def _inserted(cursor: sqlite3.Cursor) -> int:
    """The row id an INSERT gave (SQLite always gives one)."""
    number = cursor.lastrowid
    assert number is not None
    return number


def _script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one: ``executescript`` would commit the transaction first."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _write_stamp(db: sqlite3.Connection, stamp: dict[str, Any]) -> None:
    db.execute(
        "INSERT OR REPLACE INTO meta (name, value) VALUES ('stamp', ?)", (json.dumps(stamp),)
    )


def _insert(db: sqlite3.Connection, seg: int, docs: Iterable[tuple[int, Stored]]) -> None:
    """A segment's entries and reports into their tables."""
    reports: list[tuple[Any, ...]] = []

    def entries() -> Iterator[tuple[int, Stored]]:
        for local, doc in docs:
            if doc["kind"] == "report":
                ident = json.loads(doc["data"])["id"]
                reports.append((doc["key"], seg, local, ident, doc["source"], doc["data"]))
            else:
                yield local, doc

    db.executemany(_ROW, _rows(seg, entries()))
    db.executemany("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?)", reports)


def _rows(seg: int, docs: Iterable[tuple[int, Stored]]) -> Iterator[tuple[Any, ...]]:
    for local, doc in docs:
        category = json.loads(doc["data"])["appearances"][0].get("category")
        yield (
            doc["key"],
            seg,
            local,
            doc["paper_id"],
            doc.get("own_id") or doc["paper_id"],  # stored only where they differ
            doc["source"],
            doc["format"],
            doc.get("date"),
            doc["votes"],
            category.lower() if category else None,
            doc.get("title_key"),
            doc["data"],
        )


def conditions(filters: Filters, table: str = "") -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (empty when none) and parameters that keep the entries
    matching ``filters`` (all but the author, which needs the index's analysis);
    ``table`` prefixes the columns, as ``"e."``."""
    where: list[str] = []
    params: list[Any] = []
    if filters.start or filters.end:
        where.append(f"{table}date BETWEEN ? AND ?")
        params.append(filters.start.isoformat() if filters.start else "0000-00-00")
        params.append(filters.end.isoformat() if filters.end else "9999-99-99")
    if filters.category:
        where.append(f"{table}category_id = ?")
        params.append(filters.category.lower())
    if filters.format:
        where.append(f"{table}format = ?")
        params.append(filters.format)
    if filters.min_votes is not None:
        where.append(f"{table}votes >= ?")
        params.append(filters.min_votes)
    if filters.ids is not None:
        where.append(f"{table}paper_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(filters.ids)))
    return (" WHERE " + " AND ".join(where) if where else ""), params
