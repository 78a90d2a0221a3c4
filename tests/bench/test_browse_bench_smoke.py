"""``bench/browse.py --sizes 1k`` end to end: the browser's benchmark keeps working.

Timings are printed, never asserted; the test holds the table's shape and the
one verdict the script makes that is not a timing: importing the CLI loads no Textual.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_browse_bench_runs_at_1k_and_prints_the_table(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PAPERS_INDEX"}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "browse.py"),
            "--sizes",
            "1k",
            "--runs",
            "1",
            "--data",
            str(tmp_path / "data"),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 1k (1,000) |")]
    assert len(rows) == 1, done.stdout
    assert len(rows[0].strip("|").split("|")) == 8
    assert "importing papercli.cli loads Textual: no" in done.stdout
    assert (tmp_path / "work" / "1k" / "index").is_dir()
