"""Keeping the index folder and the reader's data in step: ``papers doctor`` and ``papers import``.

The index can always be rebuilt from the digests; the reader's tags, notes
and citation keys cannot, so nothing here ever deletes them. Data kept under
an id no paper in the index has now (an orphan) goes to the paper an id it
had, or the title it was written under, names, and is otherwise listed for
the reader to decide. ``papers import`` places an export's data by the same
rule. What ``fix`` deletes is only what a killed index run leaves in the
index folder (segment files and tables of contents no commit uses, temporary
files), and only holding the write lock, so never the files of a run under
way. The lock file itself stays: the lock is an ``flock`` the kernel drops
with its holder, so a lock file left behind never blocks a run, while
deleting it could let a waiting run and a new one both write.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercli.errors import IndexBusy, IndexUnwritable, PaperNotFound
from papercli.parse.ids import normalize_id, title_key
from papercli.userdata.db import UserDataError

if TYPE_CHECKING:
    from papercli.archive import Archive
    from papercli.engine.folder import IndexFolder
    from papercli.reading import Reader
    from papercli.userdata.records import Orphan, RestoreReport

_TEMPORARY = (".tmp", ".tmp-journal")


@dataclass(frozen=True)
class OrphanFinding:
    """An orphan and the live paper it belongs to: ``match`` when one paper is named by
    an id the data had (``how`` is ``id``) or by its title (``title``); else the papers
    sharing its title (``candidates``, when several do)."""

    orphan: Orphan
    match: str | None
    how: str | None
    candidates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        orphan = self.orphan
        return {
            "id": orphan.id,
            "title": orphan.title,
            "tags": list(orphan.tags),
            "note": orphan.note,
            "citation_key": orphan.citation_key,
            "match": self.match,
            "matched_by": self.how,
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True)
class Findings:
    """What ``papers doctor`` sees. ``catalog`` is ``current``, ``stale`` or ``missing``;
    ``lock`` is ``none`` (no lock file), ``free`` or ``held`` (an index run is writing,
    so its files, which no commit lists yet, are not looked at: ``files_checked``).
    ``tag_store_problem`` is what keeps the tag store from being read (its orphans
    are then unknown), None when it can be."""

    index: Path
    tag_store: Path
    papers: int
    orphans: tuple[OrphanFinding, ...]
    catalog: str
    leftovers: tuple[str, ...]
    temporary: tuple[str, ...]
    lock: str
    files_checked: bool
    tag_store_problem: str | None

    @property
    def problems(self) -> int:
        return (
            len(self.orphans)
            + (self.catalog != "current")
            + bool(self.leftovers)
            + bool(self.temporary)
            + bool(self.tag_store_problem)
        )

    @property
    def healthy(self) -> bool:
        return self.problems == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": str(self.index),
            "tag_store": str(self.tag_store),
            "healthy": self.healthy,
            "problems": self.problems,
            "papers": self.papers,
            "catalog": self.catalog,
            "lock": self.lock,
            "files_checked": self.files_checked,
            "leftover_files": list(self.leftovers),
            "temporary_files": list(self.temporary),
            "tag_store_problem": self.tag_store_problem,
            "orphans": [found.to_dict() for found in self.orphans],
        }


@dataclass(frozen=True)
class Repairs:
    """What ``fix`` did: data re-attached (orphan id, paper id, ``id`` or ``title``),
    files deleted, whether the catalog was rebuilt, and the warnings of that run."""

    reattached: tuple[tuple[str, str, str], ...]
    deleted: tuple[str, ...]
    catalog_rebuilt: bool
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "reattached": [
                {"from": old, "to": new, "matched_by": how} for old, new, how in self.reattached
            ],
            "deleted": list(self.deleted),
            "catalog_rebuilt": self.catalog_rebuilt,
            "warnings": list(self.warnings),
        }


class PaperFinder:
    """The index's papers by id and by title key: where a piece of the reader's data
    belongs. Built once per command, from the last commit."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.titles = dict(reader.paper_ids("", limit=sys.maxsize))
        self.by_key: dict[str, list[str]] = {}
        for pid, title in self.titles.items():
            key = title_key(title)
            if key:
                self.by_key.setdefault(key, []).append(pid)

    def find(self, paper_id: str, title: str | None) -> tuple[str | None, str | None, list[str]]:
        """(the paper, ``id`` or ``title``, the candidates when none is sure).

        The paper itself when the index has it; else the one paper of the same
        title; else the paper an id merged into it names (the index keeps every
        entry's own id). A title several papers share names none of them.
        """
        wanted = normalize_id(paper_id)
        if wanted in self.titles:
            return wanted, "id", []
        named = self.by_key.get(title_key(title), []) if title else []
        if len(named) == 1:
            return named[0], "title", []
        from papercli.engine.schema import is_local_id

        if is_local_id(wanted):  # only ids papers made can be merged into another paper
            try:
                return self.reader.paper(wanted).id, "id", []
            except PaperNotFound:
                pass
        return None, None, sorted(named)


def check(archive: Archive) -> Findings:
    """Everything doctor looks at, changing nothing (an index of an older papers is
    rebuilt first, as for any command that reads it). A missing or damaged index is
    its one error, even when the catalog could answer; a tag store that cannot be
    read is a problem beside the index's, which are checked all the same."""
    from papercli import catalog
    from papercli.engine.folder import IndexFolder

    finder = PaperFinder(archive.reader())
    folder = IndexFolder(archive.path)
    folder.check_files()
    user = archive.user()
    store_problem = None
    try:
        orphans = tuple(_placed(finder, orphan) for orphan in user.orphans(finder.titles))
    except UserDataError as exc:
        orphans, store_problem = (), _store_problem(user.path, exc)
    state = "none" if not (archive.path / _lock_name()).exists() else "free"
    leftovers: tuple[str, ...] = ()
    temporary: tuple[str, ...] = ()
    checked = False
    with _try_lock(folder) as held:
        if held:
            state = "held"
        else:
            leftovers, temporary = _strays(folder)
            checked = True
    if catalog.is_current(archive.path):
        shown = "current"
    else:
        shown = "stale" if (archive.path / catalog.CATALOG_FILE).exists() else "missing"
    return Findings(
        index=archive.path,
        tag_store=user.path,
        papers=len(finder.titles),
        orphans=orphans,
        catalog=shown,
        leftovers=leftovers,
        temporary=temporary,
        lock=state,
        files_checked=checked,
        tag_store_problem=store_problem,
    )


def fix(archive: Archive) -> tuple[Repairs, Findings]:
    """Repair what can be repaired, then look again.

    Holding the write lock (waiting for a run under way as ``papers index``
    waits), the files of killed runs are deleted and orphans are given to the
    paper ``PaperFinder`` names, as a move (merging with data already there);
    orphans it names none for stay as they are. Then a stale or missing
    catalog is rebuilt by an index run over no new files. Deleting comes
    first, and neither a catalog that cannot be written nor a tag store that
    cannot be read stops it: on a full disk the deleted files are the space
    freed. A missing or damaged index is an error, never built afresh.
    """
    from papercli import catalog
    from papercli.engine.folder import IndexFolder

    archive.reader()  # an index of an older papers is rebuilt
    folder = IndexFolder(archive.path)
    folder.check_files()
    warnings: tuple[str, ...] = ()
    reattached = []
    with folder.locked():
        leftovers, temporary = _strays(folder)
        deleted = []
        for name in (*leftovers, *temporary):
            failure = _delete(archive.path / name)
            if failure:
                warnings += (failure,)
            else:
                deleted.append(name)
        finder = PaperFinder(archive.reader(upgrade=False))
        user = archive.user()
        try:
            for orphan in user.orphans(finder.titles):
                found = _placed(finder, orphan)
                if found.match is not None and found.how is not None:
                    user.reattach(orphan.id, found.match)
                    reattached.append((orphan.id, found.match, found.how))
        except UserDataError:
            pass  # the check that follows reports the tag store's problem
    rebuilt = False
    if not catalog.is_current(archive.path):
        try:
            warnings += archive.index([]).warnings
        except IndexUnwritable as exc:
            warnings += (f"the catalog of quick lookups was not rebuilt: {exc}",)
        rebuilt = catalog.is_current(archive.path)
    repairs = Repairs(tuple(reattached), tuple(deleted), rebuilt, warnings)
    return repairs, check(archive)


def restore_file(archive: Archive, path: Path) -> RestoreReport:
    """``papers import``: an export's tags, notes and citation keys onto the index's
    papers, each by its id, else by its title (``PaperFinder``); data no paper
    matches is kept under its own id, an orphan for ``papers doctor`` to list."""
    from papercli.userdata.exported import read_export
    from papercli.userdata.rows import now

    exported = read_export(path, now())
    finder = PaperFinder(archive.reader())

    def resolve(record: dict[str, Any]) -> str | None:
        return finder.find(record["id"], record["title"])[0]

    return archive.user().restore(exported.records, resolve)


def _store_problem(path: Path, exc: UserDataError) -> str:
    """Why the tag store cannot be read: its error, or that the disk is full when the
    error's cause says so, which SQLite words as "disk I/O error" when it cannot
    grow the file of its write-ahead log's shared memory."""
    if _disk_full(exc.__context__, path):
        return f"the tag store {path} cannot be used: the disk is full"
    return str(exc)


def _disk_full(cause: BaseException | None, path: Path) -> bool:
    """True when ``cause`` (the error under a ``UserDataError``) is a full disk: an
    ``ENOSPC`` (or quota), SQLite's ``SQLITE_FULL``, or an I/O error of SQLite's on a
    file system with no space left."""
    if isinstance(cause, OSError):
        return cause.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    if not isinstance(cause, sqlite3.Error):
        return False
    name = getattr(cause, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return True
    if not name.startswith("SQLITE_IOERR"):
        return False
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def _placed(finder: PaperFinder, orphan: Orphan) -> OrphanFinding:
    match, how, candidates = finder.find(orphan.id, orphan.title)
    return OrphanFinding(orphan, match, how, tuple(candidates))


def _lock_name() -> str:
    from papercli.engine.layout import LOCK_FILE

    return LOCK_FILE


@contextmanager
def _try_lock(folder: IndexFolder) -> Iterator[bool]:
    """The write lock if it is free (yields False), else True: an index run holds it.
    A folder doctor cannot write is looked at without the lock: no run can write
    there either."""
    with ExitStack() as stack:
        try:
            stack.enter_context(folder.locked(wait=0))
        except IndexBusy:
            yield True
            return
        except IndexUnwritable:
            pass
        yield False


def _strays(folder: IndexFolder) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Files no commit uses: the segments and tables of contents the last commit does
    not list, and the temporary files of runs that never finished. Only meaningful
    holding the write lock, since a run's new files are unlisted until it commits."""
    from papercli.engine.layout import INDEX_NAME, latest_toc

    segment = re.compile(rf"^({re.escape(INDEX_NAME)}_[0-9a-z]+)\.")
    names = os.listdir(folder.path)
    live = set(folder.segment_ids())
    toc = latest_toc(names)
    leftovers = sorted(
        name
        for name in names
        if ((found := segment.match(name)) and found.group(1) not in live)
        or (latest_toc([name]) is not None and name != toc)
    )
    temporary = sorted(name for name in names if name.endswith(_TEMPORARY))
    return tuple(leftovers), tuple(temporary)


def _delete(path: Path) -> str | None:
    """Delete a file or a folder; why it could not be, if it could not."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        return f"cannot delete {path}: {exc.strerror or exc}"
    return None
