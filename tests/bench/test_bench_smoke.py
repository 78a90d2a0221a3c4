"""``bench/run.py --size 1k`` end to end: the benchmark keeps working, whatever the timings.

Timings are printed, never asserted: CI machines are too noisy for that. A
missing rg or sqlite-utils gives ``n/a`` in its column instead of a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_bench_runs_at_1k_and_prints_the_table(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PAPERS_INDEX"}
    out = tmp_path / "result.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--size",
            "1k",
            "--runs",
            "2",
            "--data",
            str(tmp_path / "data"),
            "--work",
            str(tmp_path / "work"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout
    for measure in (
        "full index (1,000 entries",
        "peak RSS",
        "re-index after one new daily file",
        "re-index, nothing changed",
        "search English word",
        "search Korean word",
        "search phrase",
        "search filtered",
        "show ",
        "top --date",
        "--help",
    ):
        assert measure in table, measure
    result = json.loads(out.read_text("utf-8"))
    assert result["reindex"]["files_read"] == 1
    assert result["meta"]["entries"] == 1000
    assert sum(1 for _ in (tmp_path / "data").rglob("*.md")) == result["meta"]["files"]
