"""Digest files read, parsed, mined and analysed ahead of the index writer.

Reading a file, hashing it, parsing it, mining its translations and turning
its entries' texts into terms need nothing from the index; adding the terms
and writing the segment need the writer, which only the main process holds.
A run with enough to read may hand the first part to ``WORKERS`` worker
processes, a few files ahead, so that both halves run at once on two cores.
Results come back in the order the files were asked for, so the index written
is the same either way. Small runs, machines with one core, and library
callers that do not ask for workers read in-process (spawned workers import
the caller's main script again, which only a guarded script survives). A
worker that dies, or cannot start, hands its files back to the main process
and the run says so; a run that stops (Ctrl-C, an error) stops its workers
at once, and a worker whose parent is killed exits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from papercli.engine.analysis import Options, Terms, analyse
from papercli.engine.lexicon import mine, terms
from papercli.engine.schema import entry_texts, is_local_id, report_texts
from papercli.errors import UnreadableFile
from papercli.model import Digest

AHEAD_BYTES = 2_000_000  # bytes to read before a worker pays for its start
WINDOW = 16  # files read ahead of the writer: bounds the results waiting in memory
WORKERS = 2  # one fell behind the writer on the 10k bench, even on two cores


@dataclass(frozen=True)
class Job:
    """A file to read: its date for the parser, the hash that would make it unchanged, and
    the writer's fields of positions (``TermWriter.options``)."""

    source: str
    size: int
    day: dt.date | None
    unchanged_if: str | None
    options: Options


@dataclass(frozen=True)
class Read:
    """What reading one file gave: its digest, translations and the terms of its entries
    and reports (``analyse``, in the digest's order; none for an entry without an arXiv
    id, which the writer analyses once it is relinked), or why it gave none."""

    sha256: str = ""
    digest: Digest | None = None
    pairs: tuple[str, ...] = ()
    entries: tuple[dict[str, Terms], ...] = ()
    reports: tuple[dict[str, Terms], ...] = ()
    unchanged: bool = False
    problem: str | None = None  # the run's warning, when the file is skipped


def read(job: Job) -> Read:
    """Read, hash, decode, parse, mine and analyse one file. A parser bug costs this file
    only."""
    from papercli.parse import decoded, parse_digest

    try:
        raw = Path(job.source).read_bytes()
    except OSError as exc:
        return Read(problem=f"{job.source}: {exc.strerror}; skipped")
    sha256 = hashlib.sha256(raw).hexdigest()
    if sha256 == job.unchanged_if:
        return Read(sha256=sha256, unchanged=True)
    try:
        text, lossy = decoded(raw, job.source)
    except UnreadableFile as exc:
        return Read(sha256=sha256, problem=f"{exc}; skipped")
    try:
        digest = parse_digest(text, job.source, job.day)
        if lossy:
            digest = replace(digest, warnings=(lossy, *digest.warnings))
    except Exception as exc:
        name = type(exc).__name__
        return Read(sha256=sha256, problem=f"{job.source}: could not be parsed ({name}); skipped")
    pairs = terms(mine(f"{p.title}\n{a.summary}" for p in digest.papers for a in p.appearances))
    return Read(
        sha256=sha256,
        digest=digest,
        pairs=tuple(pairs),
        entries=tuple(
            {} if is_local_id(paper.id) else analyse(entry_texts(paper), job.options)
            for paper in digest.papers
        ),
        reports=tuple(analyse(report_texts(report), job.options) for report in digest.reports),
    )


def read_all(jobs: list[Job], *, workers: bool, notices: list[str]) -> Generator[Read, None, None]:
    """``read`` of each job, in order; by worker processes when asked for and when it pays.
    Why workers stopped helping, if they did, is added to ``notices``. Close the iterator
    (``contextlib.closing``) when leaving it early, so that its workers stop."""
    if not workers or sum(job.size for job in jobs) < AHEAD_BYTES or _cores() < 2:
        yield from map(read, jobs)
    else:
        yield from _ahead(jobs, _workers, notices)


def _ahead(jobs: list[Job], start: Callable[[], Executor], notices: list[str]) -> Iterator[Read]:
    """Results of ``read`` from ``start()``'s executor, ``WINDOW`` files ahead; the rest
    in-process once the executor fails (workers that could not start or were killed, a
    result that did not pickle)."""
    try:
        executor = start()
    except Exception as exc:
        notices.append(f"no worker process could start ({type(exc).__name__}: {exc})")
        yield from map(read, jobs)
        return
    waiting: deque[Future[Read]] = deque()
    asked = 0
    finished = False
    try:
        for done in range(len(jobs)):
            try:
                with _uninterrupted(asked == 0):
                    while asked < len(jobs) and asked - done < WINDOW:
                        waiting.append(executor.submit(read, jobs[asked]))
                        asked += 1
                result = waiting.popleft().result()
            except Exception as exc:
                _stop(executor)
                finished = True
                notices.append(
                    f"the worker processes failed ({type(exc).__name__}: {exc}); "
                    f"{len(jobs) - done} of {len(jobs)} files were read without them"
                )
                yield from map(read, jobs[done:])
                return
            yield result
        executor.shutdown(wait=False)
        finished = True
    finally:
        if not finished:  # left early: Ctrl-C, an error, a closed iterator
            _stop(executor)


def _workers() -> Executor:
    """``WORKERS`` processes, started fresh (``spawn``: no copy of the writer's memory and
    no forking of a process that runs a progress thread)."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_worker_setup)


def _stop(executor: Executor) -> None:
    """Stop ``executor``'s workers now, in the middle of a file if need be: waiting for
    them could take as long as the slowest file they hold.

    ``terminate_workers`` is Python 3.14's; before it, the processes are the
    executor's own ``_processes``. A worker killed while sending a result leaves
    the executor's reader thread waiting for the rest of it, and the interpreter
    waits for that thread at exit; closing the result pipe's write end, which
    this process also holds, ends the wait (the thread then sees the pool
    broken and exits).
    """
    results = getattr(executor, "_result_queue", None)
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


@contextmanager
def _uninterrupted(starting: bool) -> Iterator[None]:
    """While the first jobs start the workers, Ctrl-C waits instead of killing a worker,
    traceback and all, before its set-up runs: it is blocked in this thread, which a
    worker started then inherits (and ignores the signal before lifting the block, see
    ``_worker_setup``), and, since another thread (a progress display) may still take
    it, a handler only notes it; the caller's handler gets it once the workers have
    started. Multiprocessing starts its resource tracker the same way. Where signals
    cannot be blocked (Windows) nothing waits."""
    if not starting or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    arrived: list[int] = []
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.getsignal(signal.SIGINT)  # None: not set from Python
    if callable(previous):
        signal.signal(signal.SIGINT, lambda number, frame: arrived.append(number))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if callable(previous):
            signal.signal(signal.SIGINT, previous)
        if arrived:  # to whatever handler the caller had
            signal.raise_signal(signal.SIGINT)


def _worker_setup() -> None:
    """A worker leaves Ctrl-C to the run (which stops it) and exits when its parent dies
    (killed, it cannot stop its workers, which would otherwise wait for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1
