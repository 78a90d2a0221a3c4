"""The file of the reader's data: its schema, its migrations and how it is opened.

The file is in WAL mode, so readers never block the one writer, and every
connection waits up to ``BUSY_SECONDS`` for the write lock rather than
failing, since a ``papers tag`` may run while an index run moves ids. Its
``PRAGMA user_version`` says its format: an older file is copied aside
byte for byte before it is migrated in one transaction, a newer one is
refused rather than altered. A file its reader may not write (a read-only
index folder) is opened read-only, so that reading still answers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

from papercli.errors import PapersError
from papercli.userdata.names import fold

SCHEMA_VERSION = 3
BUSY_SECONDS = 10
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tags (paper_id TEXT NOT NULL, name TEXT NOT NULL,"
    " added TEXT NOT NULL, PRIMARY KEY (paper_id, name))",
    "CREATE INDEX IF NOT EXISTS tags_by_name ON tags (name)",
    "CREATE TABLE IF NOT EXISTS notes (paper_id TEXT PRIMARY KEY, text TEXT NOT NULL,"
    " updated TEXT NOT NULL)",
    # pinned is NULL for keys pinned before format 2: older than any stamped one
    "CREATE TABLE IF NOT EXISTS citekeys (paper_id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    " pinned TEXT)",
    # the title a paper had when tagged or noted, to find it again should its id vanish
    "CREATE TABLE IF NOT EXISTS titles (paper_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL,"
    " moved TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS aliases_by_new ON aliases (new_id)",
    # what an id brought into the paper it merged into (JSON), so an undone merge gives it back
    "CREATE TABLE IF NOT EXISTS parts (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL,"
    " data TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS parts_by_new ON parts (new_id)",
)


def _fold_tag_names(db: sqlite3.Connection) -> None:
    """Tag names as ``fold`` now stores them; names that become equal on one paper are
    one tag, keeping the earlier time. A name that would fold to nothing stays."""
    db.create_function("papers_fold", 1, lambda name: fold(name) or name, deterministic=True)
    db.execute(
        "INSERT INTO tags (paper_id, name, added) SELECT paper_id, papers_fold(name), added "
        "FROM tags WHERE papers_fold(name) != name ON CONFLICT (paper_id, name) DO UPDATE SET "
        "added = min(added, excluded.added)"
    )
    db.execute("DELETE FROM tags WHERE papers_fold(name) != name")


_MIGRATIONS: dict[int, tuple[str | Callable[[sqlite3.Connection], None], ...]] = {
    1: ("ALTER TABLE citekeys ADD COLUMN pinned TEXT",),
    2: (_fold_tag_names,),
}


class UserDataError(PapersError):
    """The user store cannot be read or written."""


class ReadOnlyStore(UserDataError):
    """The user store, or the folder it would be made in, may not be written."""


@contextmanager
def transaction(path: Path, write: bool) -> Iterator[sqlite3.Connection | None]:
    """A connection in one transaction, committed when the block ends and rolled back
    if it raises; None when reading a file that does not exist (reading never creates
    it). A writer takes the write lock up front, so that a reader turned writer never
    fails on a stale snapshot."""
    if not write and not path.exists():
        yield None
        return
    writable = _writable(path)
    if write and not writable:
        raise ReadOnlyStore(
            f"cannot write the tag store {path}: it or its folder is read-only; "
            "make them writable or choose another folder with --index DIR"
        )
    # Files of ours open on the database outlive the connection: closing one would
    # drop the process's POSIX locks on it, and so the connection's (SQLite's
    # "How To Corrupt" 2.2), letting another process take our journal for a hot one.
    with ExitStack() as opened:
        try:
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
            if writable:
                db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
            else:
                db = _read_only(path)
        except (OSError, sqlite3.Error) as exc:
            raise UserDataError(f"cannot open the tag store {path}: {exc}") from None
        try:
            if writable:
                _prepare(db, path, opened)
            else:
                db = _current(db, path)
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                _rollback(db)
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise UserDataError(f"the tag store {path} cannot be used: {exc}") from None
        finally:
            db.close()


def _writable(path: Path) -> bool:
    """Whether this process may write the file, and the journal files beside it."""
    folder = next((p for p in path.parents if p.exists()), path.parent)
    return _may_write(folder) and (not path.exists() or _may_write(path))


def _may_write(path: Path) -> bool:
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection. SQLite reads a WAL file through a shared-memory file it
    creates beside it; where it cannot (a folder nobody may write, so no writer
    either) and none is there, the file is opened as immutable."""
    wal_open = path.with_name(path.name + "-shm").exists()
    can_create = _may_write(path.parent)
    flags = "mode=ro" if wal_open or can_create else "mode=ro&immutable=1"
    return sqlite3.connect(
        f"file:{quote(str(path))}?{flags}", timeout=BUSY_SECONDS, isolation_level=None, uri=True
    )


def _prepare(db: sqlite3.Connection, path: Path, opened: ExitStack) -> None:
    version = _version(db)
    _refuse_newer(version, path)
    if version < SCHEMA_VERSION:
        _migrate(db, path, opened)
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")


def _migrate(db: sqlite3.Connection, path: Path, opened: ExitStack) -> None:
    """Bring the file to this format in one transaction, after a backup copy of it
    (none for a new, empty file)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _version(db)  # again: another process may have migrated meanwhile
        _refuse_newer(version, path)
        if version and version < SCHEMA_VERSION:
            backup(path, version, opened)
        if version < SCHEMA_VERSION:
            _upgrade(db, version)
    except BaseException:
        _rollback(db)
        raise
    db.execute("COMMIT")


def _upgrade(db: sqlite3.Connection, version: int) -> None:
    """The migrations from ``version`` (0: a new file) to this format, in the open
    transaction."""
    for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
        for statement in _MIGRATIONS[step]:
            if isinstance(statement, str):
                db.execute(statement)
            else:
                statement(db)
    for statement in _SCHEMA:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _current(db: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A read-only store in this format: as it is, or, written by an earlier release and
    not ours to migrate, migrated in a copy in memory, so that reads see tag names
    as this release folds them (and the columns it reads)."""
    version = _version(db)
    _refuse_newer(version, path)
    if not version or version >= SCHEMA_VERSION:
        return db
    copy = sqlite3.connect(":memory:", isolation_level=None)
    db.backup(copy)
    db.close()
    copy.execute("BEGIN")
    _upgrade(copy, version)
    copy.execute("COMMIT")
    return copy


def backup(path: Path, version: int, opened: ExitStack) -> Path:
    """A byte copy of the file as it is now, ``<name>.v<version>.bak`` or, when that
    exists, ``<name>.v<version>.2.bak`` and so on: never over an earlier backup.

    Called holding the write lock, so no other process can change the file meanwhile;
    the file is read through a handle left open in ``opened`` (see ``transaction``).
    """
    try:
        data = opened.enter_context(path.open("rb")).read()
    except OSError as exc:
        raise UserDataError(f"cannot read the tag store {path} to back it up: {exc}") from None
    for number in range(1, 1000):
        copy = path.with_name(f"{path.name}.v{version}{f'.{number}' if number > 1 else ''}.bak")
        try:
            with copy.open("xb") as file:
                file.write(data)
            return copy
        except FileExistsError:
            continue
        except OSError as exc:
            copy.unlink(missing_ok=True)
            raise UserDataError(f"cannot back up the tag store to {copy}: {exc}") from None
    raise UserDataError(f"too many backups of the tag store beside {path}")


def _refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise UserDataError(
            f"the tag store {path} was written by a newer version of papers "
            f"(format {version}); upgrade papers to use it"
        )


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:  # SQLite may have rolled back already (a full disk)
        db.execute("ROLLBACK")
