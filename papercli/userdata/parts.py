"""What each id brought into a merge, so that undoing the merge gives each its own back.

When an index run merges ids into one paper (a deeplearn id and a link id under
the arXiv id of the same title), ``move`` joins their data. Should the merge
be undone, the index names only one id for the merged one to move to, though
every id that merged in is a paper again. So each merge keeps, per id, what
that id had (``parts``: tags, note, citation key, title, as JSON), and undoing
it gives every other id back what it brought, so far as it is still there (a
tag removed or a note rewritten while merged stays so); the rest, including
what was added while merged, goes on to the id the index named.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any


def remember(db: sqlite3.Connection, old: str, new: str) -> None:
    """As ``old`` merges into ``new``: when ids had merged into ``old``, they are parts of
    ``new`` now (``old``, a merge of its own, is no paper to give back to); else what
    ``old`` has is kept as its part."""
    if db.execute("UPDATE parts SET new_id = ? WHERE new_id = ?", (new, old)).rowcount:
        return
    tags = dict(db.execute("SELECT name, added FROM tags WHERE paper_id = ?", (old,)))
    note = db.execute("SELECT text, updated FROM notes WHERE paper_id = ?", (old,)).fetchone()
    key = db.execute("SELECT key, pinned FROM citekeys WHERE paper_id = ?", (old,)).fetchone()
    title = db.execute("SELECT title FROM titles WHERE paper_id = ?", (old,)).fetchone()
    record = {
        "tags": tags,
        "note": list(note) if note else None,
        "key": list(key) if key else None,
        "title": title[0] if title else None,
    }
    db.execute(
        "INSERT OR REPLACE INTO parts (old_id, new_id, data) VALUES (?, ?, ?)",
        (old, new, json.dumps(record, ensure_ascii=False)),
    )


def of(db: sqlite3.Connection, merged: str) -> dict[str, dict[str, Any]]:
    """What each id that merged into ``merged`` brought, by id."""
    found = db.execute("SELECT old_id, data FROM parts WHERE new_id = ?", (merged,))
    return {old: json.loads(data) for old, data in found}


def give_back(
    db: sqlite3.Connection, merged: str, keep: str, parts: dict[str, dict[str, Any]]
) -> None:
    """Undo the merge into ``merged``: every part but ``keep`` takes back its own data
    and is no longer an alias; ``merged`` is left with the rest, for ``keep``."""
    tags = dict(db.execute("SELECT name, added FROM tags WHERE paper_id = ?", (merged,)))
    row = db.execute("SELECT text FROM notes WHERE paper_id = ?", (merged,)).fetchone()
    note = row[0] if row else None
    kept = parts.get(keep, {})
    given: set[str] = set()
    for part, data in sorted(parts.items()):
        if part == keep:
            continue
        db.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, name, added) VALUES (?, ?, ?)",
            [(part, name, added) for name, added in data["tags"].items() if name in tags],
        )
        given |= set(data["tags"])
        if data["note"] and note and data["note"][0] in note:
            db.execute(
                "INSERT OR REPLACE INTO notes (paper_id, text, updated) VALUES (?, ?, ?)",
                (part, *data["note"]),
            )
            if data["note"][0] != (kept.get("note") or [None])[0]:
                note = _without(note, data["note"][0])
        if data["key"]:
            _key_back(db, merged, part, data["key"])
        if data["title"]:
            db.execute(
                "INSERT OR REPLACE INTO titles (paper_id, title) VALUES (?, ?)",
                (part, data["title"]),
            )
        db.execute("DELETE FROM aliases WHERE old_id = ?", (part,))
    db.executemany(
        "DELETE FROM tags WHERE paper_id = ? AND name = ?",
        [(merged, name) for name in given - set(kept.get("tags", {}))],
    )
    if row and not note:
        db.execute("DELETE FROM notes WHERE paper_id = ?", (merged,))
    elif row and kept.get("note") and note == kept["note"][0]:
        db.execute(
            "UPDATE notes SET text = ?, updated = ? WHERE paper_id = ?", (*kept["note"], merged)
        )
    elif row and note != row[0]:
        db.execute("UPDATE notes SET text = ? WHERE paper_id = ?", (note, merged))
    if kept.get("title"):
        db.execute(
            "INSERT OR REPLACE INTO titles (paper_id, title) VALUES (?, ?)", (merged, kept["title"])
        )
    if (
        kept.get("key")
        and not db.execute("SELECT 1 FROM citekeys WHERE paper_id = ?", (merged,)).fetchone()
    ):
        _key_back(db, merged, merged, kept["key"])
    db.execute("DELETE FROM parts WHERE new_id = ?", (merged,))


def _key_back(db: sqlite3.Connection, merged: str, part: str, key: list[str | None]) -> None:
    """``part`` takes back the key it had pinned: from ``merged`` when the merge kept it,
    else when no paper has taken it since it was freed."""
    if db.execute("SELECT 1 FROM citekeys WHERE paper_id = ?", (part,)).fetchone():
        return
    holder = db.execute("SELECT paper_id FROM citekeys WHERE key = ?", (key[0],)).fetchone()
    if holder == (merged,):
        db.execute("UPDATE citekeys SET paper_id = ? WHERE paper_id = ?", (part, merged))
    elif holder is None:
        db.execute("INSERT INTO citekeys (paper_id, key, pinned) VALUES (?, ?, ?)", (part, *key))


def _without(note: str, text: str) -> str:
    """The joined note with one part's text taken out where the merge put it, a block of
    its own between blank lines (``rows.merge`` joins notes so), and the blank lines it
    left; the note as it is when no such block holds the text (a short note such as
    ``중요`` may also be words of another)."""
    blocks = note.split("\n\n")
    for size in range(1, len(blocks) + 1):
        for start in range(len(blocks) - size + 1):
            if "\n\n".join(blocks[start : start + size]) == text:
                rest = blocks[:start] + blocks[start + size :]
                return re.sub(r"\n{3,}", "\n\n", "\n\n".join(rest)).strip()
    return note
