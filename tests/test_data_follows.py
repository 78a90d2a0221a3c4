"""The reader's tags and notes follow a paper whose id an index run changes, and every id
the paper has had reaches them: the issue's scenario end to end, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.tags import UserStore
from tests.helpers import as_json, run
from tests.merging import ARXIV, DL, NOTE, OTHER, TITLE, write_daily, write_insights
from tests.robustness.helpers import daily_archive, lock_held, papers_process, wait_for

pytestmark = pytest.mark.usefixtures("read_path")


def tagged(name: str) -> list[str]:
    return [paper["id"] for paper in as_json("list", "--tag", name)]


def reader_data(paper_id: str) -> tuple[list[str], str | None]:
    shown = as_json("show", paper_id)
    return shown["tags"], shown["note"]


def store_ids(index: Path) -> list[str]:
    return [record["id"] for record in UserStore.beside(index).dump()]


def doctor(*args: str) -> dict:
    return json.loads(run("doctor", "--json", *args, code=None).stdout)


def test_the_issue_scenario(tmp_path: Path, index_dir: Path) -> None:
    run("index", str(write_insights(tmp_path / "insights").parent))
    run("tag", DL, "radar")
    run("note", DL, NOTE)

    daily = write_daily(tmp_path / "daily")
    run("index", str(daily.parent))
    assert tagged("radar") == [ARXIV]
    assert reader_data(ARXIV) == (["radar"], NOTE)
    shown = run("show", ARXIV, "--no-pager").stdout
    assert "tags: radar" in shown and f"note: {NOTE}" in shown
    assert run("untag", ARXIV, "radar").stdout == f"{ARXIV}: tags (none)\n"
    run("tag", ARXIV, "radar")
    assert run("untag", DL, "radar").stdout == f"{ARXIV}: tags (none)\n"
    assert run("tag", DL, "radar").stdout == f"{ARXIV}: tags radar\n"
    assert run("note", DL).stdout == f"{NOTE}\n"
    assert store_ids(index_dir) == [ARXIV]
    assert doctor()["orphans"] == []

    daily.unlink()
    run("index", str(daily.parent))
    assert tagged("radar") == [DL]
    assert reader_data(DL) == (["radar"], NOTE)
    assert store_ids(index_dir) == [DL]
    assert doctor()["orphans"] == []


def test_after_an_undone_merge_the_arxiv_id_still_reaches_the_paper(tmp_path: Path) -> None:
    run("index", str(write_insights(tmp_path / "insights").parent))
    daily = write_daily(tmp_path / "daily")
    run("index", str(daily.parent))
    run("tag", ARXIV, "radar")
    daily.unlink()
    run("index", str(daily.parent))
    assert as_json("show", ARXIV)["id"] == DL
    assert run("tag", ARXIV, "later").stdout == f"{DL}: tags later, radar\n"
    assert run("untag", ARXIV, "later").stdout == f"{DL}: tags radar\n"
    assert run("note", ARXIV, NOTE).stdout == f"{DL}: note saved.\n"
    assert reader_data(DL) == (["radar"], NOTE)


def test_data_on_both_ids_is_merged_when_the_papers_merge(tmp_path: Path, index_dir: Path) -> None:
    """The digest of the arXiv id indexed alone first, tagged; then the insights report
    of the same title, tagged under its own id before the two are merged."""
    run("index", str(write_daily(tmp_path / "daily").parent))
    run("tag", ARXIV, "rl")
    run("note", ARXIV, "첫 메모")
    insights = write_insights(tmp_path / "insights")
    (tmp_path / "daily" / "2024-11-20-daily.md").rename(tmp_path / "later.md")
    run("index", str(tmp_path / "daily"), str(insights.parent))
    run("tag", DL, "radar")
    run("note", DL, NOTE)
    (tmp_path / "later.md").rename(tmp_path / "daily" / "2024-11-20-daily.md")
    run("index", str(tmp_path / "daily"))
    assert reader_data(ARXIV) == (["radar", "rl"], f"첫 메모\n\n{NOTE}")
    assert store_ids(index_dir) == [ARXIV]


def test_tag_and_note_remember_the_papers_title(tmp_path: Path, index_dir: Path) -> None:
    run("index", str(write_insights(tmp_path / "insights").parent))
    run("tag", DL, "radar")
    run("note", OTHER, NOTE)
    titles = {r["id"]: r["title"] for r in UserStore.beside(index_dir).dump()}
    assert titles == {DL: TITLE, OTHER: "Quiet Baselines Still Matter"}


@pytest.mark.slow
def test_tag_and_note_during_a_relinking_index_run_lose_nothing(
    tmp_path: Path, index_dir: Path
) -> None:
    """Two real processes: ``papers index`` merging the paper into its arXiv id, and
    ``papers tag``/``note`` by its old id before, during and after that commit."""
    folder = tmp_path / "digests"
    write_insights(folder)
    run("index", str(folder))
    write_daily(folder)
    daily_archive(folder / "more", 30)
    child = papers_process("index", str(folder), slow=0.1)
    wait_for(lambda: lock_held(index_dir), what="the index run to take the lock")
    said: list[str] = []
    names: list[str] = []
    while child.poll() is None:
        names.append(f"t{len(names)}")
        writer = papers_process("tag", DL, names[-1])
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        said.append(out.split(":")[0])
        if len(names) == 1:
            writer = papers_process("note", DL, NOTE)
            assert writer.communicate(timeout=60)[0] == f"{DL}: note saved.\n"
    assert child.wait() == 0, child.communicate()
    names.append("after")
    assert run("tag", DL, "after").stdout.startswith(f"{ARXIV}: tags ")
    assert said[0] == DL, "the first tag did not land before the index run's commit"
    assert len(names) >= 3, "the tags did not overlap the index run"
    assert reader_data(ARXIV) == (sorted(names), NOTE)
    assert tagged("t0") == [ARXIV]
    assert store_ids(index_dir) == [ARXIV]
    assert doctor()["orphans"] == []
