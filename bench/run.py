"""Benchmark ``papers`` against ``rg -i`` and ``sqlite-utils search`` on one synthetic archive.

One run, one archive (``bench/generate.py``, cached in ``bench/data/SIZE``):
full index time, entries/s and peak RSS; incremental re-index after one new
daily file and after nothing; end-to-end latency (process start to exit,
median and p95) of searches, ``show``, ``top``, ``list``, ``stats`` and
``--help``; the same searches with ripgrep over the files and with
``sqlite-utils`` over an FTS5 table of the same entries, built here; index
size against the markdown. Prints a markdown table and the machine it ran on.

Timing never fails the run: a target missed is reported, not raised. A tool
that is not installed (rg, sqlite-utils) gives ``n/a`` in its column. Only a
command that exits non-zero, i.e. a broken ``papers``, stops the run.

Usage: ``python bench/run.py --size 100k`` (see ``--help`` for the options).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
ARXIV_LINK = re.compile(r"^### \[.*\]\(https://arxiv\.org/abs/(\d{4}\.\d{4,5})\)", re.M)


@dataclass(frozen=True)
class Run:
    """One process: wall and CPU (user + system) seconds, peak RSS and what it printed."""

    seconds: float
    cpu: float
    rss_mb: float
    stdout: str


@dataclass(frozen=True)
class Timing:
    """Wall-clock median and p95, and the median CPU time, which a busy machine inflates less."""

    median_ms: float
    p95_ms: float
    cpu_ms: float
    output: str

    def __str__(self) -> str:
        return f"{self.median_ms:.0f} / {self.p95_ms:.0f} ({self.cpu_ms:.0f})"


@dataclass
class Table:
    """Rows of (measure, papers, rg, sqlite-utils, target), filled as the run goes."""

    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def add(
        self, measure: str, papers: str, rg: str = "", sqlite: str = "", target: str = ""
    ) -> None:
        self.rows.append((measure, papers, rg, sqlite, target))
        print(
            f"  {measure}: papers {papers}"
            + (f" · rg {rg}" if rg else "")
            + (f" · sqlite-utils {sqlite}" if sqlite else ""),
            file=sys.stderr,
            flush=True,
        )

    def markdown(self) -> str:
        head = ("measure", "papers", "rg -i", "sqlite-utils (FTS5)", "target")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cell or "" for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)


def measure(cmd: Sequence[str], env: dict[str, str] | None = None, tree: bool = False) -> Run:
    """Run ``cmd`` to completion; a non-zero exit stops the benchmark.

    Peak RSS is the process's own (from ``wait4``); with ``tree`` it is the
    peak of the summed RSS of the process and its children, sampled every
    50 ms, so that worker processes count too.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        peak = [0.0]
        sampler = None
        if tree:
            sampler = threading.Thread(target=_sample_tree, args=(proc, peak), daemon=True)
            sampler.start()
        stderr = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.join()
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        command = " ".join(cmd)
        raise SystemExit(f"exit {proc.returncode}: {command}\n{stderr.decode('utf-8', 'replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, max(usage.ru_maxrss / 1024, peak[0]), stdout)


def _sample_tree(proc: subprocess.Popen, peak: list[float]) -> None:
    while proc.returncode is None:
        peak[0] = max(peak[0], _tree_rss(proc.pid))
        time.sleep(0.05)


def _tree_rss(root: int) -> float:
    """MB resident in ``root`` and its descendants, from /proc (0 where there is none)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            pid = int(entry.name)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / 1024 / 1024


def latency(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> Timing:
    """Median and p95 of ``runs`` timed runs, after one untimed run to warm the caches."""
    first = measure(cmd, env)
    timed = [measure(cmd, env) for _ in range(runs)]
    times = sorted(r.seconds * 1000 for r in timed)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    cpu = statistics.median(r.cpu * 1000 for r in timed)
    return Timing(statistics.median(times), p95, cpu, first.stdout)


def tool(name: str) -> str | None:
    """An executable beside this Python's (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load {os.getloadavg()[0]:.1f} at start"
    return (
        f"{os.cpu_count()} CPUs ({cpu}){ram}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{load}"
    )


def version() -> str:
    """The code measured: git commit (``-dirty`` with local changes) and the text analyzer."""
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    try:
        from papercli.engine.schema import schema

        analyzer = " | ".join(type(part).__name__ for part in schema()["title"].analyzer)
    except (ImportError, TypeError, KeyError):
        analyzer = "unknown"
    return f"commit {commit or 'unknown'}, analyzer {analyzer}"


def archive(size: str, data: Path | None, seed: int) -> tuple[Path, dict[str, object]]:
    """The cached archive for ``size``, generated on first use."""
    folder = data or HERE / "data" / size
    meta_file = folder / generate.META
    wanted = {"size": generate.parse_size(size), "seed": seed}
    if meta_file.exists():
        meta = json.loads(meta_file.read_text())
        if {k: meta.get(k) for k in wanted} == wanted:
            return folder, meta
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    generate.generate(folder, wanted["size"], seed)
    print(f"generated {folder} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder, json.loads(meta_file.read_text())


def dated_files(folder: Path, low: dt.date, high: dt.date) -> list[str]:
    """Digest files whose name or folders give a day in [low, high], as a reader's glob would."""
    found = []
    day = re.compile(r"(\d{4})[-/](\d{2})[-/](\d{2})")
    for path in sorted(folder.rglob("*.md")):
        match = day.search(path.relative_to(folder).as_posix())
        if match and low <= dt.date(*map(int, match.groups())) <= high:
            found.append(str(path))
    return found


def build_fts(folder: Path, db_path: Path) -> tuple[float, int]:
    """An FTS5 table of every entry ``papers`` parses from ``folder``; seconds and rows."""
    import sqlite_utils

    from papercli.parse import parse_file

    start = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    table = db["entries"]

    def rows():
        for path in sorted(folder.rglob("*.md")):
            for paper in parse_file(path).papers:
                for a in paper.appearances:
                    yield {
                        "paper_id": paper.id,
                        "title": paper.title,
                        "authors": ", ".join(paper.authors),
                        "summary": a.summary,
                        "fields": ", ".join(a.fields),
                        "category": a.category or "",
                        "date": a.date.isoformat() if a.date else None,
                        "votes": a.votes,
                        "format": a.format,
                        "source": a.source,
                    }

    table.insert_all(rows(), batch_size=1000)
    table.enable_fts(["title", "authors", "summary", "fields", "category"], fts_version="FTS5")
    db.conn.commit()
    count = table.count
    db.close()
    return time.perf_counter() - start, count


def lines(text: str) -> int:
    return len(text.splitlines())


def hits_papers(text: str) -> str:
    return str(len(json.loads(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1k", help="1k, 10k, 100k or 300k (default 1k)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--data", type=Path, help="archive folder (default bench/data/SIZE)")
    parser.add_argument("--work", type=Path, help="folder for the index and the SQLite db")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-rg", action="store_true", help="no ripgrep column")
    parser.add_argument("--skip-sqlite", action="store_true", help="no sqlite-utils column")
    parser.add_argument("--skip-latency", action="store_true", help="index figures only")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)

    papers = tool("papers")
    papers_cmd = [papers] if papers else [sys.executable, "-m", "papercli"]
    rg = None if args.skip_rg else shutil.which("rg")
    sqlite_utils = None if args.skip_sqlite else tool("sqlite-utils")
    if sqlite_utils:
        try:
            import sqlite_utils as _  # noqa: F401
        except ImportError:
            sqlite_utils = None

    folder, meta = archive(args.size, args.data, args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="papers-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    if index.exists():
        shutil.rmtree(index)
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PAPERS_CONFIG": str(work / "no-config.toml"),
    }
    env.pop("PAPERS_INDEX", None)
    env.pop("PAPERS_DEBUG", None)
    # Time what a reader's Python does: keep bytecode caches (the warm-up run writes them),
    # rather than recompiling an editable install's modules on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ix = ["--index", str(index)]

    first, last = dt.date.fromisoformat(meta["first"]), dt.date.fromisoformat(meta["last"])
    span = (last - first).days
    low, high = first + dt.timedelta(days=span // 3), first + dt.timedelta(days=2 * span // 3)
    middle = first + dt.timedelta(days=span // 2)
    middle_file = folder / "daily" / str(middle.year) / f"{middle.isoformat()}.md"
    while not middle_file.exists():
        middle += dt.timedelta(days=1)
        middle_file = folder / "daily" / str(middle.year) / f"{middle.isoformat()}.md"
    show_id = ARXIV_LINK.search(middle_file.read_text("utf-8")).group(1)

    print(f"# papers benchmark: {args.size} entries", file=sys.stderr)
    print(f"machine: {machine()}", file=sys.stderr)
    table = Table()
    results: dict[str, object] = {
        "size": args.size,
        "machine": machine(),
        "version": version(),
        "meta": meta,
    }

    # -- indexing -------------------------------------------------------------
    full = measure([*papers_cmd, "index", str(folder), *ix, "--json"], env, tree=True)
    report = json.loads(full.stdout)
    entries = report["appearances"]
    rate = entries / full.seconds
    fts_text = ""
    if sqlite_utils:
        seconds, rows = build_fts(folder, work / "fts.db")
        fts_text = f"{seconds:.1f} s, {rows / seconds:,.0f} entries/s (parse + insert + FTS5)"
    table.add(
        f"full index ({entries:,} entries, {report['papers']:,} papers, {meta['files']:,} files)",
        f"{full.seconds:.1f} s, {rate:,.0f} entries/s",
        "no index",
        fts_text or "n/a",
        "≥ 1,000 entries/s",
    )
    table.add(
        "peak RSS of the full index (process tree)",
        f"{full.rss_mb:.0f} MB",
        target="≤ 500 MB at 300k",
    )

    new_day = last + dt.timedelta(days=1)
    added = generate.new_daily(folder, new_day)
    try:
        incremental = measure([*papers_cmd, "index", str(folder), *ix, "--json"], env)
        unchanged = measure([*papers_cmd, "index", str(folder), *ix, "--json"], env)
        table.add(
            "re-index after one new daily file (40 entries)",
            f"{incremental.seconds:.2f} s",
            target="≤ 1.5 s at 100k",
        )
        table.add("re-index, nothing changed", f"{unchanged.seconds:.2f} s", target="≤ 1 s at 100k")
        results["reindex"] = json.loads(incremental.stdout)

        index_mb = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1e6
        md_mb = meta["bytes"] / 1e6
        db = work / "fts.db"
        table.add(
            "size on disk",
            f"{index_mb:.0f} MB index ({index_mb / md_mb:.1f}× the {md_mb:.0f} MB of markdown)",
            f"{md_mb:.0f} MB (the files)",
            f"{db.stat().st_size / 1e6:.0f} MB db" if db.exists() else "n/a",
        )
        if not args.skip_latency:
            _latencies(
                args,
                table,
                papers_cmd,
                ix,
                env,
                rg,
                sqlite_utils,
                work,
                folder,
                low,
                high,
                show_id,
                middle,
            )
    finally:
        added.unlink(missing_ok=True)

    print(f"\n**{args.size} entries** — {machine()}; {version()}\n")
    print(
        f"Latency: median / p95 wall ms over {args.runs} timed runs, process start to exit, "
        "and (median CPU ms, user + system).\n"
    )
    print(table.markdown())
    if args.json:
        results["rows"] = table.rows
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _latencies(
    args: argparse.Namespace,
    table: Table,
    papers_cmd: list[str],
    ix: list[str],
    env: dict[str, str],
    rg: str | None,
    sqlite_utils: str | None,
    work: Path,
    folder: Path,
    low: dt.date,
    high: dt.date,
    show_id: str,
    middle: dt.date,
) -> None:
    runs = args.runs
    db = str(work / "fts.db")
    in_range = dated_files(folder, low, high)
    filtered_sql = (
        "select paper_id, title, date, votes from entries where rowid in "
        "(select rowid from entries_fts where entries_fts match :q) "
        "and date between :low and :high and votes >= 10 order by votes desc limit 20"
    )
    searches: list[tuple[str, list[str], list[str] | None, list[str] | None]] = [
        (
            "search English word `diffusion`",
            ["diffusion"],
            [rg, "-i", "diffusion", str(folder)] if rg else None,
            [sqlite_utils, "search", db, "entries", "diffusion", "--limit", "20"]
            if sqlite_utils
            else None,
        ),
        (
            "search Korean word `강화학습`",
            ["강화학습"],
            [rg, "-i", "강화학습", str(folder)] if rg else None,
            [sqlite_utils, "search", db, "entries", "강화학습*", "--limit", "20"]
            if sqlite_utils
            else None,
        ),
        (
            'search phrase `"language model"`',
            ['"language model"'],
            [rg, "-i", "language model", str(folder)] if rg else None,
            [sqlite_utils, "search", db, "entries", '"language model"', "--limit", "20"]
            if sqlite_utils
            else None,
        ),
        (
            f"search filtered `diffusion --from {low} --to {high} --min-votes 10`",
            ["diffusion", "--from", low.isoformat(), "--to", high.isoformat(), "--min-votes", "10"],
            [rg, "-i", "diffusion", *in_range] if rg and in_range else None,
            [
                sqlite_utils,
                "query",
                db,
                filtered_sql,
                "-p",
                "q",
                "diffusion",
                "-p",
                "low",
                low.isoformat(),
                "-p",
                "high",
                high.isoformat(),
            ]
            if sqlite_utils
            else None,
        ),
    ]
    for label, words, rg_cmd, sq_cmd in searches:
        mine = latency([*papers_cmd, "search", *words, *ix], runs, env)
        count = measure([*papers_cmd, "search", *words, *ix, "--json", "--limit", "0"], env)
        theirs = latency(rg_cmd, runs, env) if rg_cmd else None
        fts = latency(sq_cmd, runs, env) if sq_cmd else None
        target = "≤ 250 ms at 100k, < sqlite-utils"
        table.add(
            label + f" ({hits_papers(count.stdout)} papers)",
            str(mine),
            f"{theirs} ({lines(theirs.output):,} lines)" if theirs else "n/a",
            f"{fts}" if fts else "n/a",
            target,
        )
    commands: list[tuple[str, list[str], str]] = [
        (f"show {show_id}", ["show", show_id, *ix], "≤ 120 ms at 100k"),
        (f"top --date {middle}", ["top", "--date", middle.isoformat(), *ix], "≤ 120 ms at 100k"),
        ("list (newest 50)", ["list", *ix], ""),
        ("stats", ["stats", *ix], ""),
        ("--help", ["--help"], "≤ 150 ms"),
    ]
    for label, cmd, target in commands:
        table.add(label, str(latency([*papers_cmd, *cmd], runs, env)), target=target)
    table.add(
        "python -c pass (interpreter floor)",
        str(latency([sys.executable, "-c", "pass"], runs, env)),
    )


if __name__ == "__main__":
    sys.exit(main())
