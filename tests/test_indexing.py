"""The store as a library: locations, incremental runs and merging by title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from papercli.archive import Archive
from papercli.engine.reader import EngineReader
from papercli.errors import IndexMissing
from papercli.location import resolve_location
from tests.helpers import write

DAILY = """## Daily Papers (2024-03-04)

### [Sparse Mixtures for Tiny Devices](https://arxiv.org/abs/2403.00011)

Vote: 12

Authors: Hana Kim, Leo Park

- 작은 기기에서 희소 전문가 혼합 모델을 돌리는 방법입니다.
"""

INSIGHTS = """# Daily Artificial Intelligence Insights : Papers![Category Distribution Graph](paper_2024-03-05.png)

## 🚀 Efficiency

**요약:**

작은 기기를 위한 모델 경량화 연구가 늘었습니다.

**출처:**

 - Sparse Mixtures for Tiny Devices (https://deeplearn.org/arxiv/700001/sparse-mixtures-for-tiny-devices)
 - A Paper Only Insights Knows (https://deeplearn.org/arxiv/700002/a-paper-only-insights-knows)
"""


def test_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_location(tmp_path / "opt").path == tmp_path / "opt"
    monkeypatch.setenv("PAPERS_INDEX", str(tmp_path / "env"))
    assert resolve_location(None).reason == "PAPERS_INDEX environment variable"
    monkeypatch.delenv("PAPERS_INDEX")
    (tmp_path / "index").mkdir()
    local = resolve_location(None, cwd=tmp_path)
    assert (local.path, local.reason) == (tmp_path / "index", "./index in the current directory")
    elsewhere = resolve_location(None, cwd=tmp_path / "index")
    assert elsewhere.reason == "user data directory"
    assert elsewhere.path.name == "index"


def test_missing_index_raises(index_dir: Path) -> None:
    with pytest.raises(IndexMissing):
        EngineReader(index_dir).stats()


def test_insight_source_merges_with_arxiv_paper_of_same_title(
    tmp_path: Path, index_dir: Path
) -> None:
    store = EngineReader(index_dir)
    insights = write(tmp_path / "a" / "insights.md", INSIGHTS)
    Archive(store.path).index([insights])
    assert store.paper("deeplearn-700001").id == "deeplearn-700001"
    daily = write(tmp_path / "b" / "daily.md", DAILY)
    Archive(store.path).index([daily])
    merged = store.paper("deeplearn-700001")
    assert merged.id == "2403.00011"
    assert [a.format for a in merged.appearances] == ["daily_papers", "category_insights"]
    assert merged.title == "Sparse Mixtures for Tiny Devices"
    assert store.stats().papers == 2
    daily.unlink()
    report = Archive(store.path).index([daily.parent])
    assert report.removed == 1
    assert store.paper("deeplearn-700001").id == "deeplearn-700001"


def test_merge_in_one_run_either_order(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    write(folder / "1-insights.md", INSIGHTS)
    write(folder / "2-daily.md", DAILY)
    store = EngineReader(index_dir)
    report = Archive(store.path).index([folder])
    assert (report.papers, report.appearances) == (2, 3)
    assert store.paper("2403.00011").appearances[1].date == dt.date(2024, 3, 5)


def test_file_given_twice_is_indexed_once(tmp_path: Path, index_dir: Path) -> None:
    daily = write(tmp_path / "d" / "daily.md", DAILY)
    report = Archive(index_dir).index([daily, daily.parent, daily])
    assert (report.files_read, report.appearances) == (1, 1)


def test_nearest_dates(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    write(folder / "1-insights.md", INSIGHTS)
    write(folder / "2-daily.md", DAILY)
    store = EngineReader(index_dir)
    Archive(store.path).index([folder])
    assert store.nearest_dates(dt.date(2024, 3, 10)) == (dt.date(2024, 3, 5), None)
    assert store.nearest_dates(dt.date(2024, 3, 1)) == (None, dt.date(2024, 3, 4))


def test_a_held_reader_answers_from_one_searcher_and_sees_the_next_commit(
    tmp_path: Path, index_dir: Path
) -> None:
    folder = tmp_path / "digests"
    write(folder / "1-insights.md", INSIGHTS)
    Archive(index_dir).index([folder])
    reader = EngineReader(index_dir, hold=True)
    assert reader.counts() == (2, 2)
    held = reader._held
    assert reader.search("경량화").total == 2 and reader._held is held
    write(folder / "2-daily.md", DAILY)
    Archive(index_dir).index([folder])
    assert reader.counts() == (2, 3)
    assert reader._held is not held
    reader.close()
    assert reader._held is None
