"""Files read ahead of the writer (``papercli.engine.ahead``): in a worker process when
a run has enough to read, in-process otherwise or when the worker fails, with the same
index either way."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from papercli.archive import Archive
from papercli.engine import ahead
from papercli.engine.ahead import Job, Read, read, read_all
from papercli.engine.analysis import KoreanText, analyse
from papercli.engine.schema import entry_texts, is_local_id, report_texts, schema
from tests.conftest import EXAMPLES, FIXTURES
from tests.helpers import run, write
from tests.test_writer import _contents

OPTIONS = tuple(
    (name, field.pairs, field.compounds)
    for name, field in schema().items()
    if isinstance(field, KoreanText)
)
DAILY = FIXTURES / "daily" / "basic.md"


def _job(path: Path, unchanged_if: str | None = None) -> Job:
    return Job(str(path), path.stat().st_size if path.exists() else 0, None, unchanged_if, OPTIONS)


def _files() -> list[Path]:
    return sorted([*FIXTURES.rglob("*.md"), *EXAMPLES.rglob("*.md")])


def test_a_digest_is_read_parsed_mined_and_analysed() -> None:
    got = read(_job(EXAMPLES / "insights-2024-09-21.md"))
    assert got.problem is None and not got.unchanged
    assert (
        got.sha256 == hashlib.sha256((EXAMPLES / "insights-2024-09-21.md").read_bytes()).hexdigest()
    )
    digest = got.digest
    assert digest is not None and digest.papers and digest.reports
    assert got.entries == tuple(
        {} if is_local_id(p.id) else analyse(entry_texts(p), OPTIONS) for p in digest.papers
    )  # an entry without an arXiv id is analysed by the writer once relinked
    assert got.reports == tuple(analyse(report_texts(r), OPTIONS) for r in digest.reports)
    title, body = got.entries[0]["title"], got.entries[0]["body"]
    assert len(title[0]) == len(title[1]) and title[2] >= len(title[0]) > 0
    assert body[2] > 0


def test_translations_are_mined(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.md",
        "## Daily Papers (2025-02-03)\n\n### [Sparse Mixers](https://arxiv.org/abs/2502.00001)\n"
        "Vote: 3\n\n- 희소(sparse) 연결로 전문가 혼합(mixture of experts)을 가볍게 만듭니다.\n",
    )
    got = read(_job(path))
    assert any(term.startswith("희소\x1fsparse") for term in got.pairs), got.pairs


def test_a_file_whose_hash_is_known_is_not_parsed(tmp_path: Path) -> None:
    path = write(tmp_path / "d.md", DAILY.read_text(encoding="utf-8"))
    known = hashlib.sha256(path.read_bytes()).hexdigest()
    got = read(_job(path, unchanged_if=known))
    assert got == Read(sha256=known, unchanged=True)


def test_problems_are_the_runs_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone.md"
    assert read(_job(missing)).problem == f"{missing}: No such file or directory; skipped"
    binary = write(tmp_path / "b.md", b"%PDF-1.7\x00\x01")
    assert read(_job(binary)).problem == (
        f"{binary}: not a text file in UTF-8, UTF-16 or CP949; skipped"
    )

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RecursionError

    monkeypatch.setattr("papercli.parse.parse_digest", broken)
    got = read(_job(DAILY))
    assert got.problem == f"{DAILY}: could not be parsed (RecursionError); skipped"
    assert got.sha256 and got.digest is None


def _serial(jobs: list[Job]) -> list[Read]:
    return list(map(read, jobs))


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[Executor]:
    """Every run big enough for workers, on a machine with two cores; the executors
    started, so that a test can tell that its workers did the reading."""
    monkeypatch.setattr(ahead, "AHEAD_BYTES", 0)
    monkeypatch.setattr(ahead, "_cores", lambda: 2)
    started: list[Executor] = []
    real = ahead._workers

    def spy() -> Executor:
        started.append(real())
        return started[-1]

    monkeypatch.setattr(ahead, "_workers", spy)
    return started


def test_workers_give_the_same_results_in_order(workers: list[Executor]) -> None:
    jobs = [_job(path) for path in _files()]
    notices: list[str] = []
    assert list(read_all(jobs, workers=True, notices=notices)) == _serial(jobs)
    assert len(workers) == 1 and notices == []  # the workers read every file


def test_workers_only_when_asked_big_enough_and_with_two_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse() -> Executor:
        raise AssertionError("no worker for this run")

    monkeypatch.setattr(ahead, "_workers", refuse)
    jobs = [_job(path) for path in _files()]
    notices: list[str] = []
    assert list(read_all(jobs, workers=True, notices=notices)) == _serial(jobs)  # a few KB
    monkeypatch.setattr(ahead, "AHEAD_BYTES", 0)
    assert list(read_all(jobs, workers=False, notices=notices)) == _serial(jobs)  # a library
    monkeypatch.setattr(ahead, "_cores", lambda: 1)
    assert list(read_all(jobs, workers=True, notices=notices)) == _serial(jobs)
    assert notices == []


class _Failing(ThreadPoolExecutor):
    """An executor that gives ``good`` results, then fails as a killed worker would."""

    def __init__(self, good: int, at_submit: bool) -> None:
        super().__init__(1)
        self.good = good
        self.at_submit = at_submit
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        if self.submitted > self.good:
            if self.at_submit:
                raise RuntimeError("the pool is broken")
            failed: Future[Any] = Future()
            failed.set_exception(OSError("the worker died"))
            return failed
        return super().submit(fn, *args, **kwargs)


@pytest.mark.parametrize("at_submit", [False, True], ids=["result", "submit"])
@pytest.mark.parametrize("good", [0, 3, ahead.WINDOW + 2])
def test_what_failed_workers_did_not_return_is_read_in_process(good: int, at_submit: bool) -> None:
    jobs = [_job(path) for path in _files()]
    assert len(jobs) > ahead.WINDOW + good
    notices: list[str] = []
    got = list(ahead._ahead(jobs, lambda: _Failing(good, at_submit), notices))
    assert got == _serial(jobs)
    # A failed submit ends the window being filled: only the results before it came back.
    returned = good if not at_submit else max(0, good - ahead.WINDOW + 1)
    cause = "RuntimeError: the pool is broken" if at_submit else "OSError: the worker died"
    assert notices == [
        f"the worker processes failed ({cause}); "
        f"{len(jobs) - returned} of {len(jobs)} files were read without them"
    ]


def test_workers_that_cannot_start_leave_the_run_to_this_process() -> None:
    def broken() -> Executor:
        raise OSError("no /dev/shm")

    jobs = [_job(path) for path in _files()[:3]]
    notices: list[str] = []
    assert list(ahead._ahead(jobs, broken, notices)) == _serial(jobs)
    assert notices == ["no worker process could start (OSError: no /dev/shm)"]


def _running(pid: int) -> bool:
    """Whether a process runs (neither gone nor a zombie waiting to be reaped): asked of
    the system, since another thread of the executor may be the one that reaps it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/proc/self/stat").exists(),
    reason="no named pipes or /proc here",
)
def test_a_run_left_early_stops_its_workers_at_once(
    tmp_path: Path, workers: list[Executor]
) -> None:
    """A worker stuck in a file (here a pipe nobody writes to) is stopped, not waited for."""
    stuck = tmp_path / "stuck.md"
    os.mkfifo(stuck)
    jobs = [_job(DAILY), _job(stuck), *(_job(path) for path in _files())]
    reads = read_all(jobs, workers=True, notices=[])
    assert next(reads).digest is not None
    pids = [p.pid for p in workers[0]._processes.values()]  # type: ignore[attr-defined]
    assert pids and all(map(_running, pids))
    began = time.monotonic()
    reads.close()
    while any(map(_running, pids)) and time.monotonic() - began < 10:
        time.sleep(0.05)
    assert not any(map(_running, pids))
    assert time.monotonic() - began < 5


def test_an_index_run_through_workers_writes_the_same_index(
    tmp_path: Path, workers: list[Executor]
) -> None:
    from whoosh import index as whoosh_index

    archive = tmp_path / "archive"
    shutil.copytree(FIXTURES, archive / "fixtures")
    shutil.copytree(EXAMPLES, archive / "examples")
    Archive(tmp_path / "alone").index([archive])  # a library caller: no workers
    assert workers == []
    both = run("index", str(archive), "--index", str(tmp_path / "ahead"))
    assert len(workers) == 1
    assert "failed" not in both.stderr.replace("0 failed", "")
    alone = whoosh_index.open_dir(str(tmp_path / "alone"), indexname="papers")
    ahead_ix = whoosh_index.open_dir(str(tmp_path / "ahead"), indexname="papers")
    assert _contents(alone) == _contents(ahead_ix)


LEFT_EARLY = """
import sys, threading, time
from pathlib import Path
from papercli.engine import ahead
from papercli.engine.ahead import Job, read_all

if __name__ == "__main__":
    options = tuple(tuple(o) for o in {options!r})
    files = sorted(Path(sys.argv[1]).glob("*.md"))
    jobs = [Job(str(p), p.stat().st_size, None, None, options) for p in files]
    ahead._cores = lambda: 2
    ahead.AHEAD_BYTES = 0
    for _ in range(4):
        reads = read_all(jobs, workers=True, notices=[])
        for number, _ in enumerate(reads):
            began = time.perf_counter()
            while time.perf_counter() - began < 0.03:  # a busy writer
                pass
            if number == 2:
                break
        reads.close()
    began = time.monotonic()
    while threading.active_count() > 1 and time.monotonic() - began < 10:
        time.sleep(0.05)
    print(sorted(t.name for t in threading.enumerate() if t is not threading.main_thread()))
"""


def test_workers_stopped_while_sending_big_results_let_the_process_exit(tmp_path: Path) -> None:
    """A worker killed in the middle of sending a result (a digest of a few hundred KB
    takes several writes) must not leave the executor's reader thread waiting for the
    rest, which would keep the interpreter from exiting."""
    folder = tmp_path / "big"
    folder.mkdir()
    entry = (
        "### [Paper {n}: Sparse Experts for Long Context](https://arxiv.org/abs/2501.{n:05d})\n\n"
        "- **What's New**: "
        + "희소 전문가 모델로 긴 문맥을 효율적으로 처리하는 방법을 제안합니다. " * 12
        + "\n\n"
    )
    for day in range(1, 9):
        body = "".join(entry.format(n=day * 1000 + n) for n in range(150))
        write(folder / f"2025-01-{day:02d}.md", f"## Daily Papers (2025-01-{day:02d})\n\n{body}")
    script = tmp_path / "left_early.py"
    script.write_text(LEFT_EARLY.format(options=OPTIONS), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(folder)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


BLOCKABLE = pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"), reason="signals cannot be blocked here"
)


@BLOCKABLE
@pytest.mark.parametrize("other_thread", [False, True])
def test_ctrl_c_while_the_workers_start_waits_and_is_not_lost(other_thread: bool) -> None:
    """Another thread (a progress display) may be the one the signal is delivered to."""
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    done = threading.Event()
    if other_thread:
        threading.Thread(target=done.wait, daemon=True).start()
    arrived = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with ahead._uninterrupted(True):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                arrived.append("still starting")
    finally:
        done.set()
        restored = signal.signal(signal.SIGINT, handler)
    assert arrived == ["still starting"]
    assert restored is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


@BLOCKABLE
def test_ctrl_c_while_the_workers_start_goes_to_the_callers_own_handler() -> None:
    noted: list[int] = []

    def mine(number: int, frame: object) -> None:
        noted.append(number)

    handler = signal.signal(signal.SIGINT, mine)
    try:
        with ahead._uninterrupted(True):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            assert noted == []
    finally:
        restored = signal.signal(signal.SIGINT, handler)
    assert noted == [signal.SIGINT]
    assert restored is mine  # put back after the workers started


@BLOCKABLE
def test_a_run_through_workers_leaves_ctrl_c_as_it_found_it(workers: list[Executor]) -> None:
    handler = signal.getsignal(signal.SIGINT)
    jobs = [_job(path) for path in _files()]
    assert len(list(read_all(jobs, workers=True, notices=[]))) == len(jobs)
    assert len(workers) == 1
    assert signal.getsignal(signal.SIGINT) is handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


_STARTED_BLOCKED: list[bool] = []


def _noting_the_mask() -> None:
    """A worker's set-up, noting first whether it started with Ctrl-C blocked."""
    _STARTED_BLOCKED.append(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))
    ahead._worker_setup()


def _ctrl_c_in_worker() -> tuple[bool, bool, bool]:
    """Whether the worker this runs in started with Ctrl-C blocked, ignores it now, and
    still blocks it."""
    blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    return _STARTED_BLOCKED == [True], ignored, blocked


@BLOCKABLE
def test_a_worker_starts_with_ctrl_c_blocked_then_ignores_it_unblocked() -> None:
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(1, mp_context=context, initializer=_noting_the_mask)
    try:
        with ahead._uninterrupted(True):
            future = executor.submit(_ctrl_c_in_worker)
        assert future.result(timeout=60) == (True, True, False)
    finally:
        executor.shutdown()
