"""The index's size: what ``index`` and ``stats`` say it is, ``--rebuild`` no bigger than a
fresh build, ``--optimize`` merging every segment, and a save the reader can see."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import Result

from papercli import render
from papercli.engine.folder import IndexFolder
from tests.helpers import as_json, run
from tests.robustness.helpers import daily_archive

CLOSING = re.compile(
    r"^Indexed: .*; (?P<papers>[\d,]+) papers?, [\d,]+ appearances?; index (?P<size>[\d.]+ (KB|MB))\.$"
)


def last_line(result: Result) -> str:
    return result.stderr.strip().splitlines()[-1]


def segment_bytes(index: Path) -> int:
    """The segments' files: what old commits would pile up (the table of contents, a few
    KB, says which segments there are; the catalog mirrors them)."""
    return sum(f.stat().st_size for f in index.glob("papers_*.*"))


def test_the_closing_line_and_stats_give_the_size(tmp_path: Path, index_dir: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    found = CLOSING.match(last_line(run("index", str(folder))))
    assert found is not None
    size = IndexFolder(index_dir).size()
    assert found["size"] == render.byte_size(size)
    assert as_json("stats")["size"] == size
    rows = [line.split() for line in run("stats").stdout.splitlines()]
    assert ["Size", *render.byte_size(size).split()] in rows


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1.0 KB"),
        (999_949, "999.9 KB"),
        (999_999, "1.0 MB"),
        (9_603_891, "9.6 MB"),
        (1_800_000_000, "1.8 GB"),
        (3 * 10**12, "3000.0 GB"),
    ],
)
def test_byte_size(count: int, shown: str) -> None:
    assert render.byte_size(count) == shown


def test_optimize_merges_every_segment_into_one(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    for start in range(0, 12, 3):
        daily_archive(folder, 3, start=start)
        run("index", str(folder))
    assert len(IndexFolder(index_dir).segment_ids()) > 1
    before = as_json("list", "--limit", "0")
    report = as_json("index", "--optimize")
    assert (report["files_read"], report["unchanged"]) == (0, 12)
    assert len(IndexFolder(index_dir).segment_ids()) == 1
    assert report["size"] == IndexFolder(index_dir).size()
    assert as_json("list", "--limit", "0") == before


def test_three_rebuilds_leave_an_index_no_bigger_than_a_fresh_one(
    tmp_path: Path, index_dir: Path
) -> None:
    folder = daily_archive(tmp_path / "digests", 40)
    run("index", str(folder))
    fresh = segment_bytes(index_dir)
    for _ in range(3):
        run("index", "--rebuild")
        assert segment_bytes(index_dir) == fresh
    assert len(IndexFolder(index_dir).segment_ids()) == 1


def test_the_progress_bar_spins_and_says_it_is_saving() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    with render.progress(console) as update:
        update(1, 2, "/digests/2024-01-01.md")
        update(2, 2, "saving the index")
    shown = out.getvalue()
    assert "saving the index" in shown
    assert "2/2" in shown
    assert re.search("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]", shown), "no spinner frame"
