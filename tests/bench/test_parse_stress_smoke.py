"""``bench/parse_stress.py`` keeps running on small files; its timings are printed, never asserted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_parse_stress_prints_a_row_per_file() -> None:
    script = REPO / "bench" / "parse_stress.py"
    done = subprocess.run(
        [sys.executable, str(script), "--megabytes", "1", "--only", "MB file"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][2:]
    assert len(rows) == 4
    cells = {row.split("|")[1].strip(): row.split("|")[5].strip() for row in rows}
    assert cells["daily: 1 MB file"] == "daily_papers"
    assert cells["insights: 1 MB file"] == "category_insights"
    assert cells["simple: 1 MB file"] == "simple_summary"
    assert cells["non-digest notes: 1 MB file"] == "none"
