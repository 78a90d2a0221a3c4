"""The index folder: opening it, its version, its write lock, and errors that tell the truth.

Whoosh reports a damaged index with many exception types (EOFError,
struct.error, a missing file, garbage unpickled into the wrong type...), and
so can a bug in papers' own use of Whoosh's internals. Only evidence about
the files on disk may become "damaged; rebuild": when an operation fails,
``papercli.engine.verify`` reads the whole index back through Whoosh's public
API, and the error is blamed on the files only if that read fails too.
Anything else is re-raised as it is, for the CLI to report as an internal
error.
"""

from __future__ import annotations

import errno
import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import index as whoosh_index
from whoosh.query.qcore import QueryError
from whoosh.util.filelock import FileLock, try_for

from papercli.engine.layout import (
    INDEX_NAME,
    LOCK_FILE,
    SCHEMA_VERSION,
    has_index,
    latest_toc,
    schema_version,
    segment_needs,
    toc_name,
    write_schema_version,
)
from papercli.engine.schema import schema
from papercli.errors import (
    IndexBusy,
    IndexDamaged,
    IndexMissing,
    IndexNewer,
    IndexUnwritable,
    PapersError,
    UsageError,
    not_a_folder,
)

LOCK_WAIT = 10.0
OPEN_ATTEMPTS = 3

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_UNWRITABLE = _FULL | {errno.EACCES, errno.EPERM, errno.EROFS}


class IndexFolder:
    """One index folder: Whoosh's files, the schema version beside them, the write lock."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        """True when an index is there, even one too damaged to open."""
        return has_index(self.path)

    def schema_version(self) -> int | None:
        return schema_version(self.path)

    def size(self) -> int:
        """Bytes of every file in the index folder (the catalog included)."""
        try:
            return sum(entry.stat().st_size for entry in os.scandir(self.path) if entry.is_file())
        except OSError:
            return 0

    def current(self) -> bool:
        """True when the index was written by this version's schema."""
        return self.schema_version() == SCHEMA_VERSION

    def create(self) -> Any:
        self.path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(self.path), schema(), indexname=INDEX_NAME)
        write_schema_version(self.path)
        return ix

    def refuse_newer(self) -> None:
        version = self.schema_version()
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise IndexNewer(
                f"the index at {self.path} was written by a newer version of papers "
                f"(index schema {version}, this one reads {SCHEMA_VERSION}); upgrade papers, "
                "or run `papers index --rebuild PATH` to rebuild it for this version"
            )

    def open(self) -> Any:
        """The index at its last commit; a missing, foreign or damaged one is one clear error
        (a file its segments need gone included: a run writing on would merge the
        segment without it, and what the file held would be lost for good)."""
        self.check()
        with self.guarded():
            ix = self._open_dir()
            with ix.reader() as reader:
                lost, _ = self.lost_files(reader)
        if lost:
            raise self.incomplete(lost)
        return ix

    def check(self) -> None:
        """Refuse a missing index, one written by another version of papers, or one whose
        table of contents is gone (its segment files are not an index Whoosh can open,
        and taking them for no index would build a new one over them)."""
        if not self.exists():
            raise IndexMissing.at(self.path)
        self.refuse_newer()
        if not self.current():
            raise IndexDamaged(
                f"the index at {self.path} was written by another version of papers; "
                "run `papers index --rebuild PATH` to rebuild it"
            )
        try:
            names = os.listdir(self.path)
        except OSError:
            return  # opening it will say what is wrong
        if latest_toc(names) is None:
            raise self.damaged("its table of contents is missing")

    def check_files(self) -> None:
        """Refuse an index whose last commit cannot be opened or lacks a file (for
        ``papers doctor``, whose lookups may otherwise come from the catalog alone)."""
        self.open_searcher().close()

    def lost_files(self, reader: Any) -> tuple[list[str], bool]:
        """The files the segments ``reader`` opened need (``layout.segment_needs``) that
        the folder lacks, and whether a newer commit has replaced the reader's since
        (whose clean-up deletes the old segments' files: a race, not damage).

        One listing and no reads: what a segment needs is told by the table of
        contents and the terms' field map, both read when the reader opened.
        """
        schema = reader.schema
        needed = []
        for leaf, _ in reader.leaf_readers():
            segment = leaf.segment()
            if segment is None:
                continue  # the reader of an index without segments
            indexed = set(leaf.indexed_field_names())
            needed += segment_needs(
                segment.segment_id(),
                compound=segment.is_compound(),
                lengths=[n for n, f in schema.items() if f.scorable and leaf.field_length(n)],
                columns=[n for n, f in schema.items() if f.column_type and n in indexed],
            )
        if not needed:
            return [], False
        names = os.listdir(self.path)
        present = set(names)
        lost = [name for name in needed if name not in present]
        return lost, bool(lost) and latest_toc(names) != toc_name(reader.generation())

    def incomplete(self, lost: list[str]) -> IndexDamaged:
        if len(lost) == 1:
            return self.damaged(f"{lost[0]} is missing")
        others = len(lost) - 1
        return self.damaged(f"{lost[0]} and {others} other file{'s' * (others > 1)} are missing")

    def _open_dir(self) -> Any:
        return whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)

    def damaged(self, detail: str) -> IndexDamaged:
        return IndexDamaged(
            f"the index at {self.path} cannot be read ({detail}); "
            "run `papers index --rebuild PATH` to rebuild it"
        )

    def unwritable(self, exc: OSError) -> IndexUnwritable:
        if self.path.is_file():
            return IndexUnwritable(not_a_folder(self.path))
        if exc.errno in _FULL:
            return IndexUnwritable(
                f"no space left for the index at {self.path}; this run saved nothing and the "
                "index keeps its last commit; free some space and run `papers index` again"
            )
        return IndexUnwritable(
            f"cannot write the index at {self.path} ({exc.strerror or exc}); make it writable "
            "or choose another folder with --index DIR"
        )

    @contextmanager
    def guarded(self, writing: bool = False) -> Iterator[None]:
        """An exception from the index as the truth: unwritable, damaged, or left as it is.

        A full disk or a read-only folder while writing is ``IndexUnwritable``;
        any other failure is ``IndexDamaged`` only when reading the files back
        fails too (``verify.damage``); otherwise it is ours and re-raised.
        """
        try:
            yield
        except (PapersError, QueryError):
            raise
        except OSError as exc:
            if writing and exc.errno in _UNWRITABLE:
                raise self.unwritable(exc) from exc
            self._blame_files(exc)
            raise
        except Exception as exc:
            self._blame_files(exc)
            raise

    def _blame_files(self, exc: BaseException) -> None:
        """Raise ``IndexDamaged`` when the index's files cannot be read back whole."""
        from papercli.engine.verify import damage

        found = damage(self.path)
        if found is not None:
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
            raise self.damaged(detail) from exc

    def open_searcher(self) -> Any:
        """A searcher on the last commit (the caller closes it), damage as ``IndexDamaged``.

        Opening is retried: a commit landing between listing the index's
        files and reading its table of contents deletes the generation being
        opened, and the next attempt finds the new one. (Whoosh retries the
        segment files itself.) So is a searcher whose segments lack a file
        when a newer commit has landed: its clean-up took the file. Lacking
        one while the searcher's commit is still the last is damage.
        """
        self.check()
        attempt = 1
        while True:
            try:
                ix = self._open_dir()
            except Exception:
                if attempt == OPEN_ATTEMPTS:
                    with self.guarded():
                        raise
            else:
                with self.guarded():
                    searcher = ix.searcher()
                lost, replaced = self.lost_files(searcher.reader())
                if not lost or (replaced and attempt == OPEN_ATTEMPTS):
                    return searcher
                searcher.close()
                if not replaced:
                    raise self.incomplete(lost)
            time.sleep(0.05 * attempt)
            attempt += 1

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """``open_searcher`` for one question, closed after it."""
        searcher = self.open_searcher()
        with searcher, self.guarded():
            yield searcher

    def recorded_files(self) -> list[str]:
        """Paths of every file the index has read, e.g. to rebuild from them; none when
        the index cannot even be opened."""
        if not self.exists():
            return []
        try:
            with self._open_dir().searcher() as searcher:
                return sorted(d["source"] for d in searcher.documents(kind="file"))
        except Exception:
            return []

    def rebuildable(self) -> Any:
        """The index to rebuild in place, or a fresh one when it cannot even be read.

        A readable index keeps its contents until the rebuild commits, so an
        interrupted rebuild loses nothing; a damaged one has nothing to keep.
        """
        try:
            ix = self.open()
            with self.guarded():
                ix.searcher().close()
        except IndexDamaged:
            return self.create()
        return ix

    def segment_ids(self) -> list[str]:
        """The segments the last commit's table of contents lists, as Whoosh's
        ``segment_id()`` (``papers_<id>``, how their files' names start)."""
        self.check()
        with self.guarded():
            return [segment.segment_id() for segment in self._open_dir()._segments()]

    @contextmanager
    def locked(self, wait: float | None = None) -> Iterator[None]:
        """Whoosh's write lock, held from before the index is opened until after it commits.

        The lock is an ``flock`` on ``papers_WRITELOCK``: the kernel drops it
        when its holder dies, so a run killed outright leaves no stale lock,
        whatever file it leaves behind. Writers are then opened with
        Whoosh's own locking off, since this one covers them. ``wait``
        overrides ``lock_wait()`` (0: one try, as ``papers doctor`` checks).
        """
        wait = lock_wait() if wait is None else wait
        lock = FileLock(str(self.path / LOCK_FILE))
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            acquired = try_for(lock.acquire, timeout=wait, delay=0.1)
        except OSError as exc:
            raise self.unwritable(exc) from exc
        if not acquired:
            raise IndexBusy(
                f"index is busy: another `papers index` is writing {self.path} and did not "
                f"finish within {wait:g} s; try again when it is done "
                "(PAPERS_LOCK_WAIT=SECONDS waits longer)"
            )
        try:
            _clear_scratch(self.path)
            yield
        finally:
            lock.release()


def _clear_scratch(path: Path) -> None:
    """Whoosh writes a segment's scratch files in the folder ``papers.tmp``: a file of
    that name (left by hand, or by a crash mid-rename) would stop every write, the
    repair ``papers doctor --fix`` offers included. Only the lock's holder calls this."""
    scratch = path / f"{INDEX_NAME}.tmp"
    if scratch.is_symlink() or scratch.is_file():
        scratch.unlink()


def lock_wait() -> float:
    """Seconds a run waits for another run's lock: $PAPERS_LOCK_WAIT, else ``LOCK_WAIT``."""
    text = os.environ.get("PAPERS_LOCK_WAIT", "").strip()
    if not text:
        return LOCK_WAIT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not (math.isfinite(seconds) and seconds >= 0):
        raise UsageError(f"PAPERS_LOCK_WAIT must be a number of seconds, not {text!r}")
    return seconds
