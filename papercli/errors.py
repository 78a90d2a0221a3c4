"""The one exception family the library raises.

Each class carries the exit code the CLI should use, so that ``cli`` turns
any of them into ``Error: ...`` in a single place.
"""

from __future__ import annotations

from pathlib import Path


class PapersError(Exception):
    exit_code = 1


class UsageError(PapersError):
    """The user asked for something malformed: a bad date, an empty query."""

    exit_code = 2


class PathNotFound(UsageError):
    pass


class BadDate(UsageError):
    pass


class IndexMissing(PapersError):
    @classmethod
    def at(cls, path: object) -> IndexMissing:
        """The one wording of "no index here", whichever command finds it."""
        if isinstance(path, Path) and path.is_file():
            return cls(not_a_folder(path))
        return cls(f"no index at {path}; run `papers index PATH` to build one")


def not_a_folder(path: Path) -> str:
    """The one wording of an index path that is a file, for reading and writing alike."""
    return f"{path} is a file, not an index folder; choose a folder with --index DIR"


class IndexBusy(PapersError):
    pass


class IndexDamaged(PapersError):
    pass


class IndexNewer(PapersError):
    """The index was written by a newer papers: this one must not rebuild it, since it
    may not even read the list of files to rebuild it from."""


class PaperNotFound(PapersError):
    pass


class UnreadableFile(PapersError):
    """A file that is binary or in no encoding we can read."""


class IndexUnwritable(PapersError):
    """The index cannot be written: a full disk, a read-only folder."""


class EngineMismatch(PapersError):
    """The installed Whoosh is not the release the engine's internals were written for:
    a packaging bug, not a damaged index."""
