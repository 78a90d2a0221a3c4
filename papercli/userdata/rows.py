"""SQL over an open transaction of the reader's data, shared by ``UserStore`` methods.

Rows are kept under a paper's current id only; an id the paper had before
is an alias (``old_id`` → ``new_id``), and aliases are kept one step long
(none leads to an id that is itself an alias), so resolving an id is a
single lookup inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

HAS_DATA = (
    "SELECT paper_id FROM tags UNION SELECT paper_id FROM notes UNION SELECT paper_id FROM citekeys"
)
_ALIASES = "SELECT old_id, new_id FROM aliases"
_CHUNK = 500  # ids per query, well under SQLite's limit on parameters


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def select(
    db: sqlite3.Connection,
    query: str,
    ids: Iterable[str],
    column: str = "paper_id",
    order: str | None = None,
) -> list[Any]:
    """Rows of ``query`` whose ``column`` is one of ``ids``."""
    wanted = sorted(set(ids))
    rows: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT * FROM ({query}) WHERE {column} IN ({marks})"
        rows += db.execute(sql + (f" ORDER BY {order}" if order else ""), chunk).fetchall()
    return rows


def resolve(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Each id's current one (itself when it never moved)."""
    wanted = list(dict.fromkeys(ids))
    found = dict(select(db, _ALIASES, wanted, column="old_id"))
    return {pid: found.get(pid, pid) for pid in wanted}


def resolve_one(db: sqlite3.Connection, paper_id: str) -> str:
    return resolve(db, [paper_id])[paper_id]


def aliases_of(db: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """The old ids that lead to ``ids``."""
    return {row[0] for row in select(db, _ALIASES, ids, column="new_id")}


def has_data(db: sqlite3.Connection, paper_id: str) -> bool:
    return bool(select(db, HAS_DATA, [paper_id]))


def is_alias(db: sqlite3.Connection, paper_id: str) -> bool:
    return bool(select(db, _ALIASES, [paper_id], column="old_id"))


def tags(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for pid, name in select(db, "SELECT paper_id, name FROM tags", ids, order="name"):
        found.setdefault(pid, []).append(name)
    return {pid: tuple(names) for pid, names in found.items()}


def point(db: sqlite3.Connection, old: str, new: str, stamp: str) -> None:
    """Alias ``old`` to ``new``, and every id that led to ``old`` too."""
    db.execute("UPDATE aliases SET new_id = ? WHERE new_id = ?", (new, old))
    db.execute(
        "INSERT OR REPLACE INTO aliases (old_id, new_id, moved) VALUES (?, ?, ?)",
        (old, new, stamp),
    )


def merge(db: sqlite3.Connection, old: str, new: str, stamp: str) -> None:
    """Every row of ``old`` onto ``new``: tags as a union keeping each one's earlier
    time; notes joined, ``new``'s first, unless equal; the earlier pinned citation
    key kept and the other freed; ``new``'s title before ``old``'s. Aliases untouched."""
    db.execute(
        "INSERT INTO tags (paper_id, name, added) SELECT ?, name, added FROM tags "
        "WHERE paper_id = ? ON CONFLICT (paper_id, name) DO UPDATE SET "
        "added = min(added, excluded.added)",
        (new, old),
    )
    db.execute("DELETE FROM tags WHERE paper_id = ?", (old,))
    notes = dict(select(db, "SELECT paper_id, text FROM notes", [old, new]))
    if old in notes and new in notes:
        if notes[old] != notes[new]:
            db.execute(
                "UPDATE notes SET text = ?, updated = ? WHERE paper_id = ?",
                (f"{notes[new]}\n\n{notes[old]}", stamp, new),
            )
        db.execute("DELETE FROM notes WHERE paper_id = ?", (old,))
    db.execute("UPDATE notes SET paper_id = ? WHERE paper_id = ?", (new, old))
    older = db.execute(
        "SELECT paper_id FROM citekeys WHERE paper_id IN (?, ?) ORDER BY pinned, rowid LIMIT 1",
        (old, new),
    ).fetchone()
    if older == (old,):
        db.execute("DELETE FROM citekeys WHERE paper_id = ?", (new,))
        db.execute("UPDATE citekeys SET paper_id = ? WHERE paper_id = ?", (new, old))
    db.execute("DELETE FROM citekeys WHERE paper_id = ?", (old,))
    db.execute(
        "INSERT OR IGNORE INTO titles (paper_id, title) SELECT ?, title FROM titles "
        "WHERE paper_id = ?",
        (new, old),
    )
    db.execute("DELETE FROM titles WHERE paper_id = ?", (old,))


def remember_title(db: sqlite3.Connection, paper_id: str, title: str | None) -> None:
    if title and title.strip():
        db.execute(
            "INSERT OR REPLACE INTO titles (paper_id, title) VALUES (?, ?)",
            (paper_id, title.strip()),
        )


def forget_title(db: sqlite3.Connection, paper_id: str) -> None:
    """A title is kept only while the paper has data it could help re-attach."""
    if not has_data(db, paper_id):
        db.execute("DELETE FROM titles WHERE paper_id = ?", (paper_id,))
