"""Digest files read, parsed, mined and analysed ahead of the index writer.

Reading a file, hashing it, parsing it, mining its translations and turning
its entries' texts into terms need nothing from the index; adding the terms
and writing the segment need the writer, which only the main process holds.
A run with enough to read hands the first part to one worker process, a few
files ahead, so the two halves run on two cores. Results come back in the
order the files were asked for, so the index written is the same either
way. Small runs, and machines with one core, read in-process (starting
a worker costs about 0.1 s); if the worker dies, the files it had not
returned are read in-process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from papercli.engine.analysis import Options, Terms, analyse
from papercli.engine.lexicon import mine, terms
from papercli.engine.schema import entry_texts, report_texts
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
    and reports (``analyse``, in the digest's order), or why it gave none."""

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
    from papercli.parse import decode, parse_digest

    try:
        raw = Path(job.source).read_bytes()
    except OSError as exc:
        return Read(problem=f"{job.source}: {exc.strerror}; skipped")
    sha256 = hashlib.sha256(raw).hexdigest()
    if sha256 == job.unchanged_if:
        return Read(sha256=sha256, unchanged=True)
    try:
        text = decode(raw, job.source)
    except UnreadableFile as exc:
        return Read(sha256=sha256, problem=f"{exc}; skipped")
    try:
        digest = parse_digest(text, job.source, job.day)
    except Exception as exc:
        name = type(exc).__name__
        return Read(sha256=sha256, problem=f"{job.source}: could not be parsed ({name}); skipped")
    pairs = terms(mine(f"{p.title}\n{a.summary}" for p in digest.papers for a in p.appearances))
    return Read(
        sha256=sha256,
        digest=digest,
        pairs=tuple(pairs),
        entries=tuple(analyse(entry_texts(paper), job.options) for paper in digest.papers),
        reports=tuple(analyse(report_texts(report), job.options) for report in digest.reports),
    )


def read_all(jobs: list[Job]) -> Iterator[Read]:
    """``read`` of each job, in order; by a worker process when it pays."""
    if sum(job.size for job in jobs) < AHEAD_BYTES or _cores() < 2:
        yield from map(read, jobs)
        return
    yield from _ahead(jobs, _worker)


def _ahead(jobs: list[Job], start: Callable[[], Executor]) -> Iterator[Read]:
    """Results of ``read`` from ``start()``'s executor, ``WINDOW`` files ahead; the rest
    in-process once the executor fails (a worker that could not start or was killed, a
    result that did not pickle)."""
    executor = start()
    waiting: deque[Future[Read]] = deque()
    asked = 0
    try:
        for done in range(len(jobs)):
            try:
                while asked < len(jobs) and asked - done < WINDOW:
                    waiting.append(executor.submit(read, jobs[asked]))
                    asked += 1
                result = waiting.popleft().result()
            except Exception:
                yield from map(read, jobs[done:])
                return
            yield result
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _worker() -> Executor:
    """One worker process, started fresh (``spawn``: no copy of the writer's memory and
    no forking of a process that runs a progress thread); it leaves Ctrl-C to the run."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1
