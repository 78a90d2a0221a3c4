"""The reader's data as plain records: what an export writes and an import reads.

One JSON-ready dict per paper id that has data: ``id``, ``title``, ``tags``
(a list of ``name``/``added``), ``note``, ``note_updated``, ``citation_key``,
``citation_key_pinned`` and ``aliases`` (the ids it had before).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from papercli.userdata.db import UserDataError
from papercli.userdata.rows import remember_title

STAGING = "\x00restoring"  # no paper has this id: a record's rows wait here to be merged
_TEXT_FIELDS = ("title", "note", "note_updated", "citation_key", "citation_key_pinned")
_BIBTEX_KEY = re.compile(r"[A-Za-z0-9_.:+/-]+")


def bibtex_key(key: str) -> bool:
    """Whether ``key`` can stand as a BibTeX citation key (``@misc{KEY,``): letters,
    digits and ``_ . : + / -``, what bibtexparser and biber read in every style."""
    return bool(_BIBTEX_KEY.fullmatch(key))


@dataclass(frozen=True)
class Orphan:
    """Reader data kept under an id the index no longer has."""

    id: str
    tags: tuple[str, ...]
    note: str | None
    title: str | None
    citation_key: str | None


@dataclass(frozen=True)
class RestoreReport:
    """What an import did: records onto papers without data, records merged into
    papers that had some, records kept under their own id since no paper matched."""

    restored: int
    merged: int
    unmatched: int

    def to_dict(self) -> dict[str, int]:
        return {"restored": self.restored, "merged": self.merged, "unmatched": self.unmatched}


def empty(paper_id: str) -> dict[str, Any]:
    return {
        "id": paper_id,
        "title": None,
        "tags": [],
        "note": None,
        "note_updated": None,
        "citation_key": None,
        "citation_key_pinned": None,
        "aliases": [],
    }


def read_all(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every paper's record, by id."""
    records: dict[str, dict[str, Any]] = {}
    for pid, name, added in db.execute("SELECT paper_id, name, added FROM tags ORDER BY name"):
        records.setdefault(pid, empty(pid))["tags"].append({"name": name, "added": added})
    for pid, text, updated in db.execute("SELECT paper_id, text, updated FROM notes"):
        records.setdefault(pid, empty(pid)).update(note=text, note_updated=updated)
    for pid, key, pinned in db.execute("SELECT paper_id, key, pinned FROM citekeys"):
        records.setdefault(pid, empty(pid)).update(citation_key=key, citation_key_pinned=pinned)
    for pid, title in db.execute("SELECT paper_id, title FROM titles"):
        if pid in records:
            records[pid]["title"] = title
    for old, new in db.execute("SELECT old_id, new_id FROM aliases ORDER BY old_id"):
        if new in records:
            records[new]["aliases"].append(old)
    return [records[pid] for pid in sorted(records)]


def checked(raw: object, number: int) -> dict[str, Any]:
    """A record with every field present and of its type (absent ones empty)."""

    def bad(problem: str) -> UserDataError:
        return UserDataError(f"record {number} of the import is not a papers record: {problem}")

    if not isinstance(raw, dict):
        raise bad("not an object")
    record = {**empty(""), **raw}
    if not isinstance(record["id"], str) or not record["id"].strip():
        raise bad("no id")
    for field in _TEXT_FIELDS:
        if record[field] is not None and not isinstance(record[field], str):
            raise bad(f"{field} is not text")
    if record["citation_key"] is not None and not bibtex_key(record["citation_key"]):
        raise bad(f"citation_key is not a BibTeX key: {record['citation_key']!r}")
    if not isinstance(record["tags"], list) or not all(
        isinstance(tag, dict)
        and isinstance(tag.get("name"), str)
        and isinstance(tag.get("added"), str)
        for tag in record["tags"]
    ):
        raise bad("tags are not a list of {name, added}")
    if not isinstance(record["aliases"], list) or not all(
        isinstance(old, str) for old in record["aliases"]
    ):
        raise bad("aliases are not a list of ids")
    return record


def stage(db: sqlite3.Connection, record: dict[str, Any], stamp: str, pid: str) -> None:
    """A checked record's rows under ``STAGING``, to be merged onto its paper ``pid``. A
    citation key is left out when ``pid`` has one pinned already (it keeps it) or another
    paper holds it; one without a pin time is pinned now."""
    db.executemany(
        "INSERT OR IGNORE INTO tags (paper_id, name, added) VALUES (?, ?, ?)",
        [(STAGING, tag["name"], tag["added"]) for tag in record["tags"]],
    )
    if record["note"] and record["note"].strip():
        db.execute(
            "INSERT INTO notes (paper_id, text, updated) VALUES (?, ?, ?)",
            (STAGING, record["note"].strip(), record["note_updated"] or stamp),
        )
    key = record["citation_key"]
    held = db.execute("SELECT 1 FROM citekeys WHERE key = ? OR paper_id = ?", (key, pid)).fetchone()
    if key and not held:
        db.execute(
            "INSERT INTO citekeys (paper_id, key, pinned) VALUES (?, ?, ?)",
            (STAGING, key, record["citation_key_pinned"] or stamp),
        )
    remember_title(db, STAGING, record["title"])
