"""Benchmark ``papers browse``: search latency per keystroke, and start to first paint.

For each size (``--sizes 1k,10k,100k``) the synthetic archive of ``bench/generate.py``
is generated (or reused from ``bench/data/SIZE``, as ``bench/run.py`` does) and
indexed once into ``bench/out/browse/SIZE/index`` (reused while the archive is the
same); a reader's tag store beside it tags a few hundred papers, so that the tag
lookups every result list makes are real work.

Keystrokes. Queries are typed one character at a time (for Korean one syllable at
a time: an input method hands the terminal whole syllables, never the jamo it is
still composing) and every prefix is asked of ``papercli.browse.backend.Backend``
exactly as the browser asks it in its worker thread: the same object, the held
Whoosh searcher (``Archive(hold=True)``), the same result limit, the tags of the
listed papers. Keys that change only spaces are skipped, as the browser skips them.
Reported: wall-clock p50 and p95 per keystroke, and p50 of the thread's CPU time
(which a busy machine inflates less), after one untimed question that opens the index.

First paint. ``papers browse`` is started under a pseudo-terminal of 80×24 and its
output read until the frame is drawn (the footer's "Quit" appears: first paint) and
until the day view's rows are in (its "Top papers of" status line: first results);
then ``q`` is sent and the exit awaited. Times run from just after the fork, so
they include the interpreter's start-up and every import. Median and p95 of
``--runs`` runs after one untimed run that warms the caches. They are measured
before any search, while this process is small: a fork of a process that has
held a large index open took up to twice as long to start ``papers browse``.

Other commands. ``papers --help`` start-up (median of ``--runs``) and whether
importing ``papercli.cli`` loads any Textual module (it must not).

Usage: ``python bench/browse.py --sizes 1k,10k`` (100k takes minutes to index).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import run as bench_run  # noqa: E402

from papercli.archive import Archive  # noqa: E402
from papercli.browse.backend import Backend, normalise  # noqa: E402
from papercli.tags import UserStore  # noqa: E402

QUERIES = (
    "transformer attention",
    "diffusion video generation",
    "reinforcement learning agent",
    "강화학습 에이전트",
    "모델 압축 양자화",
    "멀티모달 retrieval",
    "tag:to-read 추론",
)
TAGGED = 300
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
PAINTED, LISTED = "Quit", "Top papers of"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def index_for(
    size: str, seed: int, data: Path | None, work: Path
) -> tuple[Path, dict[str, object]]:
    """The archive's index, built once and reused while the archive is the same."""
    folder, meta = bench_run.archive(size, data / size if data else None, seed)
    index = work / size / "index"
    stamp = index.parent / "built-from.json"
    if not (stamp.exists() and json.loads(stamp.read_text()) == meta and index.is_dir()):
        print(f"indexing {folder} (once) ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        Archive(index).index([folder], rebuild=True)
        print(f"  {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        stamp.write_text(json.dumps(meta))
    store = UserStore.beside(index)
    if not store.tag_counts():
        ids = [p.id for p in Archive(index).reader().papers(limit=TAGGED * 3)][::3]
        for number, pid in enumerate(ids):
            store.add_tags(pid, ["to-read"] + (["읽을거리"] if number % 2 else []))
    return index, meta


def keystrokes() -> list[str]:
    """Every query as the box holds it after each key, spaces-only changes left out."""
    typed: list[str] = []
    for query in QUERIES:
        last = ""
        for end in range(1, len(query) + 1):
            wanted = normalise(query[:end])
            if wanted and wanted != last:
                typed.append(query[:end])
                last = wanted
    return typed


def search_latency(index: Path) -> dict[str, float]:
    """Per-keystroke search times through the browser's backend, as it searches while the
    reader types (no did-you-mean), and each whole query as Enter runs it (with one)."""
    backend = Backend.at(index)
    start = time.perf_counter()
    backend.open()
    backend.search("model")
    opened = time.perf_counter() - start
    walls: list[float] = []
    cpus: list[float] = []
    finals: list[float] = []
    for text in keystrokes():
        wall, cpu = time.perf_counter(), time.thread_time()
        backend.search(text, thorough=False)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
        if text in QUERIES:
            entered = time.perf_counter()
            backend.search(text)
            finals.append((time.perf_counter() - entered) * 1000)
    day = time.perf_counter()
    backend.day(None)
    day_ms = (time.perf_counter() - day) * 1000
    backend.close()
    return {
        "keys": len(walls),
        "p50": statistics.median(walls),
        "p95": percentile(walls, 0.95),
        "cpu50": statistics.median(cpus),
        "final50": statistics.median(finals),
        "open_ms": opened * 1000,
        "day_ms": day_ms,
    }


def first_paint(index: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds from spawn to the drawn frame and to the day view's rows, under an 80×24
    pty, and the exit status after ``q`` (0: it quit cleanly)."""
    papers = bench_run.tool("papers") or "papers"
    sized = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    pid, fd = pty.fork()
    if pid == 0:
        fcntl_size(0, 24, 80)
        os.execve(papers, [papers, "browse", "--index", str(index)], sized)
    start = time.perf_counter()
    seen = ""
    painted = listed = None
    status = -1
    try:
        while (painted is None or listed is None) and time.perf_counter() < start + 30:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += ANSI.sub("", chunk.decode("utf-8", "replace"))
            now = time.perf_counter() - start
            if painted is None and PAINTED in seen:
                painted = now
            if LISTED in seen:
                listed = now
        os.write(fd, b"q")
        _drain(fd, time.perf_counter() + 10)
        status = _exit_status(pid, time.perf_counter() + 10)
    finally:
        if status == -1:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        os.close(fd)
    if painted is None or listed is None:
        raise SystemExit(f"papers browse drew no screen in 30 s; it printed:\n{seen[-2000:]}")
    return painted, listed, status


def _exit_status(pid: int, deadline: float) -> int:
    """The child's exit code once it has exited, -1 if it is still running at ``deadline``."""
    while time.perf_counter() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    return -1


def fcntl_size(fd: int, rows: int, columns: int) -> None:
    import fcntl

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _drain(fd: int, deadline: float) -> None:
    """Read until the app exits (the pty closes) so it is never blocked on a full buffer."""
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


def paint_times(index: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    first_paint(index, env)
    times = [first_paint(index, env) for _ in range(runs)]
    painted = [p * 1000 for p, _, _ in times]
    listed = [r * 1000 for _, r, _ in times]
    return {
        "paint50": statistics.median(painted),
        "paint95": percentile(painted, 0.95),
        "listed50": statistics.median(listed),
        "listed95": percentile(listed, 0.95),
    }


def other_commands(runs: int, env: dict[str, str]) -> tuple[str, bool]:
    papers = bench_run.tool("papers") or "papers"
    help_time = bench_run.latency([papers, "--help"], runs, env)
    probe = (
        "import sys, papercli.cli; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return str(help_time), loaded.stdout.strip() == "True"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="comma-separated: 1k, 10k, 100k")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each start-up")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="archives folder (default bench/data)")
    parser.add_argument("--work", type=Path, default=HERE / "out" / "browse", help="indexes folder")
    args = parser.parse_args(argv)
    env = {**os.environ, "TERM": "xterm-256color", "PAPERS_CONFIG": "/nonexistent/config.toml"}
    for name in ("PAPERS_INDEX", "PAPERS_DEBUG", "PYTHONDONTWRITEBYTECODE", "NO_COLOR"):
        env.pop(name, None)

    print(f"# papers browse benchmark, {dt.date.today().isoformat()}", file=sys.stderr)
    print(f"machine: {bench_run.machine()}; {bench_run.version()}", file=sys.stderr)
    sizes = [size.strip() for size in args.sizes.split(",")]
    built = {size: index_for(size, args.seed, args.data, args.work) for size in sizes}
    paints = {}
    for size, (index, _) in built.items():
        # Every start-up first, while this process is small: each is a fork of it.
        print(f"{size}: starting papers browse ...", file=sys.stderr, flush=True)
        paints[size] = paint_times(index, args.runs, env)
    rows = []
    for size, (index, meta) in built.items():
        print(f"{size}: searching ...", file=sys.stderr, flush=True)
        rows.append((size, meta, search_latency(index), paints[size]))
    help_time, loads_textual = other_commands(args.runs, env)

    print(f"machine: {bench_run.machine()}")
    print()
    print(
        "| entries | keystrokes | search p50 / p95 ms (CPU p50) | final query p50 ms "
        "| open + first search ms | day view ms | first paint p50 / p95 ms "
        "| first rows p50 / p95 ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size, meta, keys, paint in rows:
        print(
            f"| {size} ({meta['entries']:,}) | {keys['keys']} "
            f"| {keys['p50']:.0f} / {keys['p95']:.0f} ({keys['cpu50']:.0f}) "
            f"| {keys['final50']:.0f} | {keys['open_ms']:.0f} | {keys['day_ms']:.0f} "
            f"| {paint['paint50']:.0f} / {paint['paint95']:.0f} "
            f"| {paint['listed50']:.0f} / {paint['listed95']:.0f} |"
        )
    print()
    print("Targets: search p50 ≤ 50 ms at 10k; first paint ≤ 600 ms.")
    print(f"`papers --help` median / p95 (CPU) ms: {help_time}")
    print(
        f"importing papercli.cli loads Textual: {'yes (a regression)' if loads_textual else 'no'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
