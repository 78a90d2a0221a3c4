"""Two ``papers index`` runs at once, and searches during a run.

The second run waits a bounded time (PAPERS_LOCK_WAIT) for the write lock,
then fails with "index is busy" and exit 1; nothing is corrupted. Readers
never block: they answer from the last commit until the new one lands.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

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
    wait_for,
)


def test_second_run_waits_then_reports_the_index_busy(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    index_then_add(folder, index_dir, indexed=3, added=25)
    first = papers_process("index", str(folder), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the first run to take the lock")

    started = time.monotonic()
    second = papers_process("index", str(folder), env={"PAPERS_LOCK_WAIT": "0.5"})
    out, err = second.communicate(timeout=30)
    waited = time.monotonic() - started
    assert first.poll() is None, "the first run ended before the second one gave up"
    assert (second.returncode, out) == (1, "")
    line = one_error_line(err)
    assert line.startswith(f"Error: index is busy: another `papers index` is writing {index_dir}")
    assert "0.5 s" in line
    assert 0.5 <= waited < 10

    first_out, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err
    report = as_json("index", str(folder))
    assert (report["files_read"], report["unchanged"], report["appearances"]) == (0, 28, 84)
    assert_as_if_indexed_afresh(index_dir, folder, tmp_path / "fresh")


def test_second_run_gets_the_lock_when_the_first_finishes_in_time(
    tmp_path: Path, index_dir: Path
) -> None:
    folder = daily_archive(tmp_path / "digests", 12)
    first = papers_process("index", str(folder), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the first run to take the lock")
    second = papers_process("index", str(folder), env={"PAPERS_LOCK_WAIT": "60"})
    assert second.wait(timeout=60) == 0, second.communicate()
    assert first.wait(timeout=60) == 0
    assert as_json("stats")["appearances"] == 36


def test_busy_in_process_with_a_bounded_wait(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    run("index", str(folder))
    monkeypatch.setenv("PAPERS_LOCK_WAIT", "0.3")
    with holding_lock(index_dir):
        started = time.monotonic()
        line = one_error_line(run("index", str(folder), code=1))
        waited = time.monotonic() - started
    assert "index is busy" in line and 0.3 <= waited < 5
    assert as_json("stats")["appearances"] == 3


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_bad_lock_wait_is_a_usage_error(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    monkeypatch.setenv("PAPERS_LOCK_WAIT", value)
    line = one_error_line(run("index", str(folder), code=2))
    assert line == f"Error: PAPERS_LOCK_WAIT must be a number of seconds, not {value!r}"


def test_searches_during_a_run_answer_from_the_last_commit(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    before = index_then_add(folder, index_dir, indexed=3, added=25)
    child = papers_process("index", str(folder), slow=0.04)
    wait_for(lambda: lock_held(index_dir), what="the run to start")
    answers = []
    while child.poll() is None:
        answers.append(len(as_json("search", "sparse", "--limit", "0")))
        answers.append(as_json("stats")["appearances"])
    assert child.returncode == 0, child.communicate()
    assert len(answers) >= 6 and answers[0] == before[0]["appearances"] == 9
    assert set(answers) <= {9, 84} and answers == sorted(answers)
    assert len(as_json("search", "sparse", "--limit", "0")) == 84
