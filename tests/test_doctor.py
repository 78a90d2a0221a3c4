"""``papers doctor``: orphaned tags and notes, a stale catalog, files a killed run left
and the write lock, reported; ``--fix`` repairs what it can and never drops the
reader's data."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from papercli.catalog import CATALOG_FILE, is_current
from papercli.engine.folder import IndexFolder
from papercli.tags import UserStore
from tests.helpers import as_json, run, write
from tests.merging import ARXIV, DL, NOTE, TITLE, daily, write_daily, write_insights
from tests.robustness.helpers import (
    daily_archive,
    lock_held,
    one_error_line,
    papers_process,
    snapshot,
    wait_for,
)


def doctor(*args: str, code: int) -> dict:
    return json.loads(run("doctor", "--json", *args, code=code).stdout)


def orphan(paper_id: str, title: str | None, **fields: object) -> dict:
    found: dict[str, object] = {
        "id": paper_id,
        "title": title,
        "tags": [],
        "note": None,
        "citation_key": None,
        "match": None,
        "matched_by": None,
        "candidates": [],
    }
    return {**found, **fields}


@pytest.mark.parametrize("runs", [1, 2], ids=["one run", "then a run with nothing new"])
def test_a_healthy_index_exits_0(tmp_path: Path, index_dir: Path, runs: int) -> None:
    digests = write_insights(tmp_path / "digests").parent
    for _ in range(runs):
        run("index", str(digests))
    run("tag", DL, "radar")
    found = doctor(code=0)
    assert found == {
        "index": str(index_dir),
        "tag_store": str(index_dir.parent / "index.user.sqlite"),
        "healthy": True,
        "problems": 0,
        "papers": 2,
        "catalog": "current",
        "lock": "free",
        "files_checked": True,
        "leftover_files": [],
        "temporary_files": [],
        "tag_store_problem": None,
        "orphans": [],
    }
    assert run("doctor").stdout.splitlines() == [
        f"Index {index_dir}: 2 papers; tag store {index_dir.parent / 'index.user.sqlite'}.",
        "No problems found.",
    ]


def test_without_an_index_it_is_one_error(index_dir: Path) -> None:
    line = one_error_line(run("doctor", code=1))
    assert line == f"Error: no index at {index_dir}; run `papers index PATH` to build one"


@pytest.mark.parametrize("where", ["the index folder", "a folder not there"])
def test_fix_without_an_index_builds_none(tmp_path: Path, index_dir: Path, where: str) -> None:
    """--fix rebuilt a missing catalog by an index run, which made an empty index
    wherever --index pointed (a typo included) and called it healthy."""
    index = index_dir if where == "the index folder" else tmp_path / "typo" / "index"
    line = one_error_line(run("doctor", "--fix", "--index", str(index), code=1))
    assert line == f"Error: no index at {index}; run `papers index PATH` to build one"
    assert not index.exists() and not (index.parent / "index.user.sqlite").exists()


def test_damage_is_the_one_error_even_when_the_catalog_could_answer(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog made from an index already missing a file (as --fix once made it)
    mirrors that commit, so its lookups alone cannot tell: doctor opens the index."""
    run("index", str(write_insights(tmp_path / "digests").parent))
    victim = next(index_dir.glob("papers_*.paper_id.col"))
    victim.unlink()
    monkeypatch.setattr("papercli.catalog._matches", lambda path, stamp: True)
    expected = (
        f"Error: the index at {index_dir} cannot be read ({victim.name} is missing); "
        "run `papers index --rebuild PATH` to rebuild it"
    )
    for args in (["doctor"], ["doctor", "--fix"]):
        assert one_error_line(run(*args, code=1)) == expected


def sqlite_error(text: str, name: str) -> Any:
    error: Any = sqlite3.OperationalError(text)
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("failure", "disk_left", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 1, "the disk is full"),
        (sqlite_error("database or disk is full", "SQLITE_FULL"), 1, "the disk is full"),
        (sqlite_error("disk I/O error", "SQLITE_IOERR_SHMSIZE"), 0, "the disk is full"),
        (sqlite_error("disk I/O error", "SQLITE_IOERR_SHMSIZE"), 1, "disk I/O error"),
    ],
    ids=["ENOSPC", "SQLITE_FULL", "I/O error on a full disk", "I/O error with space left"],
)
def test_a_tag_store_that_cannot_be_read_is_a_problem_beside_the_index(
    tmp_path: Path,
    index_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
    disk_left: int,
    reason: str,
) -> None:
    """The tag store failing (on a full disk, SQLite cannot grow its shared memory)
    stopped doctor before it looked at the index folder, and --fix before it deleted
    a killed run's files: the space a full disk needs back."""
    run("index", str(write_insights(tmp_path / "digests").parent))
    run("tag", DL, "radar")
    write(index_dir / "papers.tmp" / "killed.ctmp", b"")
    real_connect, real_statvfs = sqlite3.connect, os.statvfs
    store = index_dir.parent / "index.user.sqlite"

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if Path(str(database)) == store:
            raise failure
        return real_connect(database, *args, **kwargs)

    def statvfs(path: Any) -> Any:
        return real_statvfs(path) if disk_left else SimpleNamespace(f_bavail=0)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(os, "statvfs", statvfs)
    problem = (
        f"the tag store {store} cannot be used: the disk is full"
        if reason == "the disk is full"
        else f"cannot open the tag store {store}: disk I/O error"
    )
    found = doctor(code=1)
    assert (found["tag_store_problem"], found["temporary_files"]) == (problem, ["papers.tmp"])
    assert (found["problems"], found["orphans"], found["papers"]) == (2, [], 2)
    assert run("doctor", code=1, env={"COLUMNS": "1000"}).stdout.splitlines()[1:] == [
        "Problem: 1 temporary file of an interrupted index run: papers.tmp; "
        "`papers doctor --fix` deletes it.",
        f"Problem: {problem}, so its tags and notes were not checked; "
        "run `papers doctor` again once it can be used.",
        "2 problems; `papers doctor --fix` repairs 1 of them.",
    ]
    fixed = doctor("--fix", code=1)
    assert fixed["fixed"]["deleted"] == ["papers.tmp"]
    assert (fixed["tag_store_problem"], fixed["temporary_files"]) == (problem, [])
    assert not (index_dir / "papers.tmp").exists()
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert doctor(code=0)["tag_store_problem"] is None
    assert UserStore.beside(index_dir).tags(DL) == ("radar",)


def test_an_orphan_is_listed_then_reattached_by_its_title(tmp_path: Path, index_dir: Path) -> None:
    insights = write_insights(tmp_path / "insights")
    run("index", str(insights.parent))
    run("tag", DL, "radar")
    run("note", DL, NOTE)
    insights.unlink()
    run("index", str(insights.parent))
    lost = orphan(DL, TITLE, tags=["radar"], note=NOTE)
    assert doctor(code=1)["orphans"] == [lost]
    text = run("doctor", code=1).stdout.splitlines()
    assert text[1:] == [
        "Problem: tags or notes of 1 paper are kept under ids no paper in the index has:",
        f"  {DL}  {TITLE}  (tags radar; a note)",
        "    its paper is not in the index: index its digest again and run `papers doctor "
        f"--fix`, or drop them with `papers untag {DL} TAG` and `papers note {DL} --clear`",
        "1 problem; --fix cannot repair them: see the hints above.",
    ]
    assert doctor("--fix", code=1)["fixed"]["reattached"] == []
    assert UserStore.beside(index_dir).tags(DL) == ("radar",)

    run("index", str(write_daily(tmp_path / "daily").parent))
    assert doctor(code=1)["orphans"] == [{**lost, "match": ARXIV, "matched_by": "title"}]
    fixed = run("doctor", "--fix").stdout.splitlines()
    assert fixed[0] == f"Re-attached the tags and note of {DL} to {ARXIV} (same title)."
    assert fixed[-1] == "No problems found."
    shown = as_json("show", ARXIV)
    assert (shown["tags"], shown["note"]) == (["radar"], NOTE)
    assert run("untag", DL, "radar").stdout == f"{ARXIV}: tags (none)\n"


def test_data_under_an_id_merged_into_another_paper_goes_to_that_paper(
    tmp_path: Path, index_dir: Path
) -> None:
    """As a run killed between its commit and the move would leave it, or a tag store
    written before papers moved data: rows under the deeplearn id of a merged paper,
    without a title."""
    folder = tmp_path / "digests"
    write_insights(folder)
    write_daily(folder)
    run("index", str(folder))
    UserStore.beside(index_dir).add_tags(DL, ["radar"])
    assert doctor(code=1)["orphans"] == [
        orphan(DL, None, tags=["radar"], match=ARXIV, matched_by="id")
    ]
    assert doctor("--fix", code=0)["fixed"]["reattached"] == [
        {"from": DL, "to": ARXIV, "matched_by": "id"}
    ]
    assert as_json("show", ARXIV)["tags"] == ["radar"]


def test_an_orphan_whose_title_several_papers_share_stays(tmp_path: Path, index_dir: Path) -> None:
    insights = write_insights(tmp_path / "insights")
    run("index", str(insights.parent))
    run("tag", DL, "radar")
    insights.unlink()
    twins = daily("2024-11-21", [("2411.99902", TITLE), ("2411.99903", TITLE)])
    write(tmp_path / "daily" / "twins.md", twins)
    run("index", str(insights.parent), str(tmp_path / "daily"))
    expected = orphan(DL, TITLE, tags=["radar"], candidates=["2411.99902", "2411.99903"])
    assert doctor(code=1)["orphans"] == [expected]
    assert "several papers have this title (2411.99902, 2411.99903)" in run(
        "doctor", code=1
    ).stdout.replace("\n", " ")
    assert doctor("--fix", code=1)["orphans"] == [expected]
    assert UserStore.beside(index_dir).tags(DL) == ("radar",)


@pytest.mark.parametrize("damage", ["missing", "stale"])
def test_a_missing_or_stale_catalog_is_rebuilt(
    tmp_path: Path, index_dir: Path, damage: str
) -> None:
    run("index", str(write_insights(tmp_path / "digests").parent))
    if damage == "missing":
        (index_dir / CATALOG_FILE).unlink()
    else:
        toc = next(index_dir.glob("_papers_*.toc"))
        os.utime(toc, ns=(0, 0))
    found = doctor(code=1)
    assert (found["catalog"], found["problems"]) == (damage, 1)
    assert f"the catalog of quick lookups is {damage}" in run("doctor", code=1).stdout
    fixed = doctor("--fix", code=0)
    assert (fixed["catalog"], fixed["fixed"]["catalog_rebuilt"]) == ("current", True)
    assert is_current(index_dir)


def test_a_file_where_whoosh_keeps_its_scratch_folder_never_blocks_a_run(
    tmp_path: Path, index_dir: Path
) -> None:
    """Whoosh writes a new segment's scratch files in the folder ``papers.tmp``; a file of
    that name stopped every run ("is not a directory"), ``doctor --fix`` included."""
    folder = write_insights(tmp_path / "digests").parent
    run("index", str(folder))
    write(index_dir / "papers.tmp", "left here")
    assert doctor("--fix", code=0)["temporary_files"] == []
    write(index_dir / "papers.tmp", "left here")
    write_daily(tmp_path / "more")
    assert as_json("index", str(tmp_path / "more"))["failed"] == 0
    assert not (index_dir / "papers.tmp").is_file()


@pytest.mark.slow
def test_files_a_killed_run_left_are_deleted_and_the_lock_file_stays(
    tmp_path: Path, index_dir: Path
) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    run("index", str(folder))
    before = snapshot(index_dir)
    daily_archive(folder, 20, start=3)
    child = papers_process("index", str(folder), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the run to take the lock")
    time.sleep(0.4)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    found = doctor(code=1)
    assert found["lock"] == "free" and found["temporary_files"] == ["papers.tmp"]
    live = set(IndexFolder(index_dir).segment_ids())
    assert found["leftover_files"]
    assert all(name.split(".")[0] not in live for name in found["leftover_files"])
    text = run("doctor", code=1).stdout.replace("\n", " ")
    leftovers = ", ".join(found["leftover_files"])
    assert (
        f"Problem: {len(found['leftover_files'])} index files no commit uses: {leftovers};" in text
    )
    assert (
        "Problem: 1 temporary file of an interrupted index run: papers.tmp; "
        "`papers doctor --fix` deletes it."
    ) in text
    fixed = doctor("--fix", code=0)
    assert fixed["fixed"]["deleted"] == [*found["leftover_files"], "papers.tmp"]
    assert (fixed["leftover_files"], fixed["temporary_files"]) == ([], [])
    assert not any((index_dir / name).exists() for name in fixed["fixed"]["deleted"])
    assert (index_dir / "papers_WRITELOCK").exists()
    assert snapshot(index_dir) == before
    assert as_json("index", str(folder))["appearances"] == 69


@pytest.mark.slow
def test_while_an_index_run_writes_its_files_are_left_alone(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    run("index", str(folder))
    daily_archive(folder, 25, start=3)
    child = papers_process("index", str(folder), slow=0.1)
    wait_for(lambda: lock_held(index_dir), what="the run to take the lock")
    wait_for(lambda: (index_dir / "papers.tmp").exists(), what="the run to start writing")
    found = doctor(code=0)
    assert (found["lock"], found["files_checked"], found["temporary_files"]) == ("held", False, [])
    assert "An index run is writing now" in run("doctor").stdout.replace("\n", " ")
    monkeypatch.setenv("PAPERS_LOCK_WAIT", "0.2")
    assert "index is busy" in one_error_line(run("doctor", "--fix", code=1))
    assert child.poll() is None, "the run ended before doctor looked"
    assert (index_dir / "papers.tmp").exists()
    assert child.wait(timeout=120) == 0, child.communicate()
    assert as_json("stats")["appearances"] == 84
    assert doctor(code=0)["lock"] == "free"
