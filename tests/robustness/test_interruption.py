"""Ctrl-C and SIGTERM during ``papers index``: exit 130/143, one line, nothing lost.

Real child processes and real signals: the index still opens afterwards,
holds exactly what it held before the run, and the next run picks up every
file once.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import whoosh.index
from whoosh.writing import SegmentWriter

from tests.robustness.helpers import (
    as_json,
    assert_as_if_indexed_afresh,
    daily_archive,
    holding_lock,
    index_then_add,
    lock_held,
    one_error_line,
    papers_process,
    run,
    snapshot,
    wait_for,
)

CASES = [
    (signal.SIGINT, 130, "Error: interrupted; the index keeps its last completed commit"),
    (signal.SIGTERM, 143, "Error: terminated; the index keeps its last completed commit"),
]


@pytest.mark.parametrize(("signum", "code", "message"), CASES)
def test_signal_mid_run_keeps_the_last_commit_and_the_next_run_resumes(
    signum: int, code: int, message: str, tmp_path: Path, index_dir: Path
) -> None:
    folder = tmp_path / "digests"
    before = index_then_add(folder, index_dir, indexed=3, added=30)
    changed = folder / "2024-01-01.md"
    changed.write_text(changed.read_text("utf-8").replace("Vote: 5", "Vote: 99"), "utf-8")
    (folder / "2024-01-02.md").unlink()

    child = papers_process("index", str(folder), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the run to start writing")
    time.sleep(0.5)
    assert child.poll() is None, "the run finished before it could be interrupted"
    child.send_signal(signum)
    out, err = child.communicate(timeout=30)

    assert child.returncode == code
    assert out == ""
    assert one_error_line(err) == message
    assert not lock_held(index_dir)
    assert snapshot(index_dir) == before

    report = as_json("index", str(folder))
    assert (report["files_read"], report["unchanged"], report["removed"]) == (31, 1, 1)
    assert_as_if_indexed_afresh(index_dir, folder, tmp_path / "fresh")
    assert report["appearances"] == (30 + 2) * 3


@pytest.mark.parametrize(("signum", "code", "message"), CASES)
def test_signal_while_waiting_for_the_lock(
    signum: int, code: int, message: str, tmp_path: Path, index_dir: Path
) -> None:
    """The unmodified ``python -m papercli`` entry point, stopped while it waits."""
    folder = tmp_path / "digests"
    before = index_then_add(folder, index_dir, indexed=2, added=2)
    with holding_lock(index_dir):
        child = papers_process("index", str(folder), env={"PAPERS_LOCK_WAIT": "60"})
        time.sleep(1.0)
        assert child.poll() is None
        child.send_signal(signum)
        out, err = child.communicate(timeout=30)
    assert (child.returncode, out, one_error_line(err)) == (code, "", message)
    assert snapshot(index_dir) == before


def test_interrupted_rebuild_keeps_the_old_index(tmp_path: Path, index_dir: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 20)
    run("index", str(folder))
    before = snapshot(index_dir)
    child = papers_process("index", "--rebuild", str(folder), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the rebuild to start")
    time.sleep(0.4)
    assert child.poll() is None
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130 and one_error_line(err)
    assert snapshot(index_dir) == before


def test_ctrl_c_inside_the_commit_is_one_line_not_a_traceback(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C landing as the commit finishes: the writer is closed, cancel would fail."""
    folder = daily_archive(tmp_path / "digests", 3)
    real_commit = SegmentWriter.commit

    def commit_then_interrupt(self: SegmentWriter, *args: object, **kwargs: object) -> None:
        real_commit(self, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(SegmentWriter, "commit", commit_then_interrupt)
    result = run("index", str(folder), code=130)
    assert one_error_line(result) == CASES[0][2]
    monkeypatch.setattr(SegmentWriter, "commit", real_commit)
    assert as_json("stats")["appearances"] == 9


def test_ctrl_c_while_old_files_are_cleaned_keeps_the_new_commit(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    run("index", str(folder))
    daily_archive(folder, 2, start=5)
    real_clean = whoosh.index.clean_files

    def clean_then_interrupt(*args: object) -> None:
        real_clean(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(whoosh.index, "clean_files", clean_then_interrupt)
    result = run("index", str(folder), code=130)
    assert one_error_line(result) == CASES[0][2]
    monkeypatch.setattr(whoosh.index, "clean_files", real_clean)
    assert not lock_held(index_dir)
    report = as_json("index", str(folder))
    assert (report["files_read"], report["unchanged"], report["appearances"]) == (0, 5, 15)
