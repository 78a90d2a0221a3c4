"""The reader's own data: tags, notes and pinned citation keys, in SQLite beside the index.

The Whoosh index can always be rebuilt from the digest files; this cannot,
so it lives in a file of its own next to the index directory
(``<parent>/<index name>.user.sqlite``), never inside it. ``papers index
--rebuild``, deleting the index directory, removing and re-adding digest
files and a new index schema all leave it alone, and rows are keyed by paper
id, so a paper's tags come back as soon as its digest is indexed again.

The file carries its own ``PRAGMA user_version``; a file from a newer
``papers`` is refused rather than altered. Reading never creates the file.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from papercli.errors import PapersError, UsageError

SCHEMA_VERSION = 1
SUFFIX = ".user.sqlite"
_TAG_TERM = re.compile(r"(?<!\S)tags?:(\S+)", re.IGNORECASE)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS tags (
    paper_id TEXT NOT NULL,
    name TEXT NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (paper_id, name)
);
CREATE INDEX IF NOT EXISTS tags_by_name ON tags (name);
CREATE TABLE IF NOT EXISTS notes (
    paper_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS citekeys (
    paper_id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
"""


class UserDataError(PapersError):
    """The user store cannot be read or written."""


class TagNotFound(PapersError):
    pass


def user_store_path(index: Path) -> Path:
    """``index.user.sqlite`` next to an index directory named ``index``."""
    return index.parent / f"{index.name}{SUFFIX}"


def tag_name(text: str) -> str:
    """A tag as stored: case-folded, no spaces or commas (so ``tag:NAME`` can find it)."""
    name = text.strip().casefold()
    if not name or re.search(r"[\s,]", name) or name.startswith("-"):
        raise UsageError(
            f"a tag is one word without spaces or commas, not starting with '-': {text!r}"
        )
    return name


def split_tag_terms(query: str) -> tuple[str, list[str]]:
    """``tag:NAME`` terms taken out of a search query: (the rest, the tag names)."""
    if re.search(r"(?<!\S)-tags?:", query, re.IGNORECASE):
        raise UsageError("-tag:NAME (papers without a tag) is not supported; use tag:NAME")
    names = [tag_name(m.group(1)) for m in _TAG_TERM.finditer(query)]
    return " ".join(_TAG_TERM.sub(" ", query).split()), names


class UserStore:
    """Tags, notes and citation keys of one index."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, index: Path) -> UserStore:
        return cls(user_store_path(index))

    @contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection in one transaction; None when reading a store that does not exist."""
        if not write and not self.path.exists():
            yield None
            return
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(f"cannot open the tag store {self.path}: {exc}") from None
        try:
            with db:
                self._prepare(db)
                yield db
        except sqlite3.Error as exc:
            raise UserDataError(f"the tag store {self.path} cannot be used: {exc}") from None
        finally:
            db.close()

    def _prepare(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UserDataError(
                f"the tag store {self.path} was written by a newer version of papers "
                f"(format {version}); upgrade papers to use it"
            )
        if version < SCHEMA_VERSION:
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- tags ----------------------------------------------------------------

    def add_tags(self, paper_id: str, names: Iterable[str]) -> tuple[str, ...]:
        """Add tags (already there is fine); returns the paper's tags afterwards."""
        stamp = _now()
        with self._connect(write=True) as db:
            db.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, name, added) VALUES (?, ?, ?)",
                [(paper_id, tag_name(name), stamp) for name in names],
            )
        return self.tags(paper_id)

    def remove_tags(self, paper_id: str, names: Iterable[str]) -> tuple[str, ...]:
        """Remove tags; a tag the paper does not carry is an error, and nothing is removed."""
        wanted = [tag_name(name) for name in names]
        with self._connect(write=True) as db:
            have = {
                row[0]
                for row in db.execute("SELECT name FROM tags WHERE paper_id = ?", (paper_id,))
            }
            missing = [name for name in wanted if name not in have]
            if missing:
                raise TagNotFound(f"{paper_id} has no tag {missing[0]!r}")
            db.executemany(
                "DELETE FROM tags WHERE paper_id = ? AND name = ?",
                [(paper_id, name) for name in wanted],
            )
        return self.tags(paper_id)

    def tags(self, paper_id: str) -> tuple[str, ...]:
        return self.tags_for([paper_id]).get(paper_id, ())

    def tags_for(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, list[str]] = {}
        with self._connect(write=False) as db:
            if db is not None:
                for chunk in _chunks(wanted):
                    rows = db.execute(
                        f"SELECT paper_id, name FROM tags WHERE paper_id IN ({_marks(chunk)}) "
                        "ORDER BY name",
                        chunk,
                    )
                    for pid, name in rows:
                        found.setdefault(pid, []).append(name)
        return {pid: tuple(names) for pid, names in found.items()}

    def tagged(self, names: Iterable[str]) -> set[str]:
        """Ids of the papers carrying every one of ``names``."""
        result: set[str] | None = None
        for name in names:
            ids = self._tagged_one(tag_name(name))
            result = ids if result is None else result & ids
        return result or set()

    def _tagged_one(self, name: str) -> set[str]:
        with self._connect(write=False) as db:
            if db is None:
                return set()
            return {
                row[0] for row in db.execute("SELECT paper_id FROM tags WHERE name = ?", (name,))
            }

    def tag_counts(self, prefix: str = "") -> dict[str, int]:
        """Every tag and how many papers carry it, most used first."""
        with self._connect(write=False) as db:
            if db is None:
                return {}
            rows = db.execute(
                "SELECT name, COUNT(*) AS n FROM tags WHERE substr(name, 1, ?) = ? "
                "GROUP BY name ORDER BY n DESC, name",
                (len(prefix), prefix.casefold()),
            )
            return dict(rows.fetchall())

    # -- notes ---------------------------------------------------------------

    def set_note(self, paper_id: str, text: str | None) -> None:
        """Replace the paper's note; None or blank text deletes it."""
        with self._connect(write=True) as db:
            if text and text.strip():
                db.execute(
                    "INSERT INTO notes (paper_id, text, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, "
                    "updated = excluded.updated",
                    (paper_id, text.strip(), _now()),
                )
            else:
                db.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))

    def note(self, paper_id: str) -> str | None:
        return self.notes_for([paper_id]).get(paper_id)

    def notes_for(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        with self._connect(write=False) as db:
            if db is not None:
                for chunk in _chunks(wanted):
                    rows = db.execute(
                        f"SELECT paper_id, text FROM notes WHERE paper_id IN ({_marks(chunk)})",
                        chunk,
                    )
                    found.update(rows.fetchall())
        return found

    # -- citation keys -------------------------------------------------------

    def citation_keys(self, proposed: dict[str, str]) -> dict[str, str]:
        """Keys for papers, pinned on first use so that a paper's key never changes.

        ``proposed`` maps paper ids to the key each would like; a paper that
        already has a key keeps it, a new one gets its proposal, or the
        proposal with ``a``, ``b``, ... appended when another paper holds it.
        """
        with self._connect(write=True) as db:
            pinned = dict(db.execute("SELECT paper_id, key FROM citekeys").fetchall())
            taken = set(pinned.values())
            fresh: list[tuple[str, str]] = []
            for pid in sorted(set(proposed) - set(pinned)):
                key = _free(proposed[pid], taken)
                taken.add(key)
                pinned[pid] = key
                fresh.append((pid, key))
            db.executemany("INSERT INTO citekeys (paper_id, key) VALUES (?, ?)", fresh)
        return {pid: pinned[pid] for pid in proposed}


def _free(key: str, taken: set[str]) -> str:
    if key not in taken:
        return key
    for number in range(26 * 27):
        first, second = divmod(number, 26)
        suffix = (chr(96 + first) if first else "") + chr(97 + second)
        if key + suffix not in taken:
            return key + suffix
    raise UserDataError(f"too many papers share the citation key {key!r}")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" * len(chunk))


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
