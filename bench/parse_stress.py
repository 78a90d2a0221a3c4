"""Parse time, throughput and memory on hostile input, as a table.

The inputs are the ones the parser tests feed in (tests/parse/hostile.py):
100,000-character lines of unmatched markup, huge titles and URLs inside
each style, a 50 MB digest per style and 50 MB of markdown that is no
digest. The tests check what comes out; this script measures how long it
takes, since timings belong in a benchmark's output, never in a test's
pass or fail. It fails only when a parse raises.

Each case runs in a child process of its own, so its peak RSS is its own:
the interpreter, the input text and whatever parsing it costs. Input is
parsed through ``parse_digest``, as ``papers index`` does: newline
normalisation, style detection, then the style's parser.

    python bench/parse_stress.py [--megabytes 50] [--repeat 1] [--only daily]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from papercli.parse import parse_digest  # noqa: E402
from tests.parse import hostile  # noqa: E402


def cases(megabytes: int) -> dict[str, Callable[[], str]]:
    """Case name to a builder of its input, built in the child that parses it."""
    found: dict[str, Callable[[], str]] = {}
    for name, line in hostile.HOSTILE_LINES.items():
        found[f"daily: 100k line of {name}"] = lambda line=line: hostile.daily_around(line)
    for name, line in hostile.HOSTILE_LINES.items():
        found[f"insights: 100k line of {name}"] = lambda line=line: hostile.insights_around(line)
    for name, line in hostile.SIMPLE_LINES.items():
        found[f"simple: 100k line, {name}"] = lambda line=line: hostile.simple_after(line)
    for name, build in (
        ("daily", hostile.daily_archive),
        ("insights", hostile.insights_archive),
        ("simple", hostile.simple_archive),
        ("non-digest notes", hostile.notes_file),
    ):
        found[f"{name}: {megabytes} MB file"] = lambda build=build: build(megabytes)[0]
    return found


def measure(name: str, megabytes: int, repeat: int) -> dict[str, object]:
    """One case, in this process: the fastest of ``repeat`` parses."""
    text = cases(megabytes)[name]()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        digest = parse_digest(text, "stress.md")
        best = min(best, time.perf_counter() - started)
    return {
        "case": name,
        "mb": len(text.encode("utf-8")) / 1e6,
        "seconds": best,
        "style": digest.style or "none",
        "papers": len(digest.papers),
        "warnings": len(digest.warnings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_child(name: str, megabytes: int, repeat: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--case", name, "--megabytes", str(megabytes)]
    done = subprocess.run(
        [*command, "--repeat", str(repeat)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{name}: the parse failed\n{done.stderr}")
    return json.loads(done.stdout)


def table(rows: list[dict[str, object]]) -> str:
    head = ("case", "input MB", "parse s", "MB/s", "style", "papers", "warnings", "peak RSS MB")
    body = [
        (
            str(row["case"]),
            f"{row['mb']:.2f}",
            f"{row['seconds']:.3f}",
            f"{row['mb'] / max(row['seconds'], 1e-9):.1f}",
            str(row["style"]),
            f"{row['papers']:,}",
            f"{row['warnings']:,}",
            f"{row['peak_rss_mb']:.0f}",
        )
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [head, *body]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        padded = (
            cell.ljust(width) if i in (0, 4) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = tuple("-" * w for w in widths)
    return "\n".join(line(cells) for cells in [head, rule, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=50, help="size of the big files")
    parser.add_argument("--repeat", type=int, default=1, help="parses per case; the fastest counts")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure(args.case, args.megabytes, args.repeat)))
        return
    rows = []
    for name in cases(args.megabytes):
        if args.only in name:
            rows.append(in_child(name, args.megabytes, args.repeat))
            print(f"{name}: {rows[-1]['seconds']:.3f} s", file=sys.stderr, flush=True)
    print(f"Python {sys.version.split()[0]}; fastest of {args.repeat} parse(s) per case\n")
    print(table(rows))


if __name__ == "__main__":
    main()
