"""Digest builders, a CLI runner and process helpers shared by the robustness tests."""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings
from typer.testing import Result

from tests.helpers import as_json, run, write

HERE = Path(__file__).resolve().parent
SLOW_PAPERS = HERE / "slow_papers.py"

__all__ = ["as_json", "run", "write"]


def fuzz_settings() -> settings:
    """The profile named by HYPOTHESIS_PROFILE (``ci`` unless told otherwise)."""
    return settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def entry(
    paper_id: str, title: str, votes: int | None = 5, body: str = "새로운 방법을 제안합니다."
) -> str:
    lines = [f"### [{title}](https://arxiv.org/abs/{paper_id})", ""]
    if votes is not None:
        lines += [f"Vote: {votes}", ""]
    lines += ["Authors: Hana Kim, Leo Park", "", f"- **What's New**: {body}", ""]
    return "\n".join(lines)


def daily(day: dt.date | str, entries: Sequence[str]) -> str:
    return f"## Daily Papers ({day})\n\n" + "\n".join(entries)


def daily_archive(folder: Path, files: int, per_file: int = 3, start: int = 0) -> Path:
    """``files`` Daily Papers digests with distinct papers, one per day."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + files):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
        entries = [
            entry(f"2401.{number * per_file + k:05d}", f"Paper {number}-{k} on sparse attention")
            for k in range(per_file)
        ]
        (folder / f"{day}.md").write_text(daily(day, entries), "utf-8")
    return folder


def one_error_line(result: Result | str) -> str:
    """The single ``Error: ...`` line a failure must print, and nothing else."""
    text = result if isinstance(result, str) else result.stderr
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    assert "Traceback" not in text
    return lines[0]


def snapshot(index: Path) -> tuple[object, object]:
    """Everything a reader can see in the index: stats and every paper. (Not its size
    on disk: a killed run may leave half-written files, which the next commit or
    ``papers doctor --fix`` deletes.)"""
    stats = as_json("stats", "--index", str(index))
    stats.pop("size")
    return stats, as_json("list", "--limit", "0", "--index", str(index))


def index_then_add(folder: Path, index: Path, indexed: int, added: int) -> tuple[object, object]:
    """``indexed`` digests indexed into ``index``, then ``added`` new ones beside them.

    Returns the index's snapshot from before the new digests: what a run over
    them that is interrupted or raced must leave readers seeing.
    """
    daily_archive(folder, indexed)
    run("index", str(folder), "--index", str(index))
    before = snapshot(index)
    daily_archive(folder, added, start=indexed)
    return before


def assert_as_if_indexed_afresh(index: Path, folder: Path, fresh: Path) -> None:
    """``index`` lists exactly the papers of an index built from scratch over ``folder``."""
    as_json("index", str(folder), "--index", str(fresh))
    assert snapshot(index)[1] == snapshot(fresh)[1]


def papers_process(
    *args: str, env: dict[str, str] | None = None, slow: float = 0.0
) -> subprocess.Popen[str]:
    """The real ``papers`` entry point in a child process.

    With ``slow``, every file's parse is preceded by a pause of that many
    seconds (see slow_papers.py) so that a signal lands mid-run. The child
    starts with SIGINT at its default, as under a terminal: a test run
    started in the background by a shell inherits SIGINT ignored, and
    Python then leaves it ignored, so Ctrl-C could not be simulated.
    """
    command = [sys.executable, str(SLOW_PAPERS)] if slow else [sys.executable, "-m", "papercli"]
    full_env = {**os.environ, **(env or {}), "PAPERS_SLOW_PARSE": str(slow)}
    return subprocess.Popen(
        [*command, *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def lock_held(index: Path) -> bool:
    """True while some process holds the index's write lock."""
    path = index / "papers_WRITELOCK"
    if not path.exists():
        return False
    fd = os.open(path, os.O_WRONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@contextmanager
def holding_lock(index: Path) -> Iterator[None]:
    """Hold the index's write lock from this process, as another run would."""
    index.mkdir(parents=True, exist_ok=True)
    fd = os.open(index / "papers_WRITELOCK", os.O_WRONLY | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run as ``nobody`` when the tests run as root, so permissions bite.

    Root ignores file modes; dropping the effective uid (and with it the
    capabilities) for the block makes an unreadable file unreadable.
    """
    if os.geteuid() != 0:
        yield
        return
    _import_everything()
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@functools.cache
def _import_everything() -> None:
    """Run the commands once as root: papers imports lazily, and ``nobody`` may not
    be able to read Python's own library (under /root in a pyenv install)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = daily_archive(Path(tmp) / "digests", 1)
        index = str(Path(tmp) / "index")
        for args in (
            ["index", str(folder)],
            ["index", str(Path(tmp) / "missing")],
            ["search", "sparse"],
            ["list"],
            ["top"],
            ["show", "2401.00000"],
            ["stats"],
        ):
            for extra in ([], ["--json"]):
                run(*args, *extra, "--index", index, code=None)
