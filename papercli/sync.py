"""Refreshing what the index was built from: the roots it recorded, and their git pulls.

``papers index`` without a path re-reads the files and folders earlier runs
were given (``papercli.engine.layout`` records them); ``papers sync`` first
pulls those that are git checkouts, for readers who follow digests published
as git repositories. A root that no longer exists is skipped with a warning
and its papers stay: a folder on an unplugged disk must not empty the index
(``papers index --rebuild PATH...`` starts over with the roots named).

Pulls are fast-forward only and never touch the reader's own work: a work
tree with uncommitted changes to tracked files, or a branch without an
upstream, is not pulled (a warning; it is still indexed). Untracked files do
not count as changes: a pull that would overwrite one fails, and git says so.
Git runs with ``GIT_TERMINAL_PROMPT=0``, so a remote asking for a password
fails the pull instead of waiting for an answer nobody is there to give.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papercli.census import Holdings
from papercli.engine.layout import has_index
from papercli.errors import IndexMissing, PapersError, UsageError
from papercli.files import under


class GitMissing(PapersError):
    """``papers sync`` needs git, which is not installed or not on PATH."""


@dataclass(frozen=True)
class Changes:
    """What a sync brought, from the index's holdings before and after its run."""

    new_digests: int
    new_papers: int
    updated_digests: int
    removed_digests: int

    def to_dict(self) -> dict[str, int]:
        return {
            "new_digests": self.new_digests,
            "new_papers": self.new_papers,
            "updated_digests": self.updated_digests,
            "removed_digests": self.removed_digests,
        }


def changes(
    before: Holdings, after: Holdings, files_before: set[str], files_after: set[str], read: int
) -> Changes:
    """New digests and papers are those the index did not hold; updated digests are the
    files read again that it had read before."""
    return Changes(
        new_digests=len(after.digests - before.digests),
        new_papers=len(after.papers - before.papers),
        updated_digests=max(0, read - len(files_after - files_before)),
        removed_digests=len(files_before - files_after),
    )


@dataclass(frozen=True)
class Pull:
    """What happened to one repository: ``pulled`` (``commits`` new ones), ``current``
    (nothing to pull), ``skipped`` or ``failed`` (``detail`` says why)."""

    repository: Path
    outcome: str
    upstream: str | None = None
    commits: int = 0
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "repository": str(self.repository),
            "outcome": self.outcome,
            "upstream": self.upstream,
            "commits": self.commits,
            "detail": self.detail,
        }


def refreshable(
    recorded: list[Path], indexed: list[Path] | None = None
) -> tuple[list[Path], list[str]]:
    """The recorded roots that still exist, and a warning for each that does not.

    ``indexed`` (the files the index has read) adds those outside every root that
    still exist: what ``index --rebuild`` without a path reads again, so that an index
    from before roots were recorded loses nothing."""
    present = [root for root in recorded if root.exists()]
    warnings = [
        f"{root}: no longer exists; skipped, its papers stay in the index (moved? "
        "`papers index NEW_PATH` takes its files over; `papers index --rebuild PATH...` "
        "starts over without it)"
        for root in recorded
        if not root.exists()
    ]
    roots = tuple(recorded)
    strays = [f for f in indexed or [] if not under(str(f), roots) and f.exists()]
    return present + strays, warnings


def nothing_to_refresh(index: Path, recorded: list[Path], command: str) -> PapersError:
    """The error for a run without PATH that has nothing to read.

    Roots that are all gone still have their papers in the index, so both commands
    advise indexing the files where they are now: a file moved unchanged takes over its
    old reading, and a rebuild starts over from those alone. Otherwise ``papers index``
    asks for a PATH; ``papers sync`` takes none, so it says what to run first: without an
    index, the error every reading command gives; with one that records no roots (from
    before papers recorded them), one ``papers index PATH``."""
    syncing = command == "sync"
    if recorded:
        return UsageError(
            "none of the files and folders this index was built from exists any more "
            f"({', '.join(str(root) for root in recorded)}); index them where they are now "
            "with `papers index PATH...` (or start over from there with `--rebuild`)"
        )
    if not syncing:
        return UsageError("give at least one file or folder, e.g. `papers index digests/`")
    if not has_index(index):
        return IndexMissing.at(index)
    return UsageError(
        f"the index at {index} records no files or folders to sync (it was built before "
        "papers recorded them); run `papers index PATH` once, then `papers sync`"
    )


def pull(roots: list[Path]) -> tuple[list[Pull], list[str]]:
    """``git pull --ff-only`` in every git work tree holding a root, once per work tree,
    and warnings for those that could not or should not be pulled."""
    git = shutil.which("git")
    if git is None:
        raise GitMissing(
            "git is not installed (or not on PATH): `papers sync` pulls with git; "
            "`papers index` refreshes without pulling"
        )
    repositories: dict[Path, None] = {}
    warnings: list[str] = []
    for root in roots:
        folder = root if root.is_dir() else root.parent
        found = _git(git, folder, "rev-parse", "--show-toplevel")
        if found.returncode == 0:
            repositories.setdefault(Path(found.stdout.strip()), None)
        elif "not a git repository" not in found.stderr:
            warnings.append(f"{root}: git cannot read it ({_said(found)}); not pulled")
    pulls = [_pull(git, repository) for repository in repositories]
    warnings += [f"{p.repository}: {p.detail}" for p in pulls if p.outcome in ("skipped", "failed")]
    return pulls, warnings


def _pull(git: str, repository: Path) -> Pull:
    changed = _git(git, repository, "status", "--porcelain", "--untracked-files=no")
    if changed.returncode != 0:
        return Pull(
            repository, "failed", detail=f"git status failed ({_said(changed)}); not pulled"
        )
    if changed.stdout.strip():
        return Pull(repository, "skipped", detail="uncommitted changes; not pulled")
    upstream = _git(git, repository, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if upstream.returncode != 0:
        return Pull(
            repository,
            "skipped",
            detail="the branch has no upstream (or no branch is checked out); not pulled",
        )
    branch = upstream.stdout.strip()
    before = _git(git, repository, "rev-parse", "HEAD").stdout.strip()
    pulled = _git(git, repository, "pull", "--ff-only", "--quiet")
    if pulled.returncode != 0:
        return Pull(
            repository, "failed", branch, detail=f"git pull --ff-only failed ({_said(pulled)})"
        )
    after = _git(git, repository, "rev-parse", "HEAD").stdout.strip()
    if after == before:
        return Pull(repository, "current", branch)
    count = _git(git, repository, "rev-list", "--count", f"{before}..{after}").stdout.strip()
    return Pull(repository, "pulled", branch, int(count) if count.isdigit() else 0)


def _git(git: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(
        [git, "-C", str(folder), *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        env=env,
        check=False,
    )


def _said(result: subprocess.CompletedProcess[str]) -> str:
    """Git's complaint in one line: its first ``fatal:`` or ``error:`` line (hints follow
    it), else its last line."""
    lines = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()]
    if not lines:
        return "no message"
    said = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[-1])
    return said.removeprefix("fatal:").removeprefix("error:").strip()
