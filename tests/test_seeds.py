"""The real digests in ../shared/seeds, indexed end to end with exact expectations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from papercli.archive import Archive
from papercli.engine.reader import EngineReader
from papercli.model import Filters
from papercli.parse import parse_file
from papercli.reading import top


@pytest.fixture
def store(seeds: Path, index_dir: Path) -> EngineReader:
    store = EngineReader(index_dir)
    report = Archive(store.path).index([seeds])
    assert (report.files_read, report.failed, report.warnings) == (5, 0, ())
    return store


def test_seed_counts(store: EngineReader) -> None:
    stats = store.stats()
    assert (stats.papers, stats.appearances, stats.files) == (62, 62, 5)
    assert stats.formats == {
        "daily_papers": 46,
        "category_insights": 12,
        "simple_summary": 4,
        "paper_notes": 0,
    }
    assert (stats.first_date, stats.last_date) == (dt.date(2024, 2, 6), dt.date(2024, 11, 15))


def test_seed_paper(store: EngineReader) -> None:
    paper = store.paper("https://arxiv.org/abs/2409.12917v2")
    assert paper.title == "Training Language Models to Self-Correct via Reinforcement Learning"
    assert len(paper.authors) == 18
    assert paper.authors[0] == "Yi Su"
    [appearance] = paper.appearances
    assert (appearance.votes, appearance.date) == (52, dt.date(2024, 9, 20))
    assert appearance.summary.startswith("What's New: ")
    assert "\nTechnical Details: " in appearance.summary
    assert "\nPerformance Highlights: " in appearance.summary


def test_seed_insight_sources_are_dated_from_graph_name(store: EngineReader) -> None:
    insights = store.papers(Filters(format="category_insights"), limit=None)
    assert len(insights) == 12
    assert {a.date for p in insights for a in p.appearances} == {dt.date(2024, 11, 15)}
    radar = store.paper("deeplearn-543512")
    assert radar.appearances[0].category == "Computer Vision"
    assert "수동 레이더" in radar.appearances[0].summary


def test_seed_summaries_have_no_date(seeds: Path) -> None:
    [path] = seeds.glob("000_*")
    digest = parse_file(path)
    assert digest.style == "simple_summary"
    assert [p.appearances[0].date for p in digest.papers] == [None] * 4
    assert [p.appearances[0].votes for p in digest.papers] == [3, 2, 1, 1]


def test_seed_top_of_day(store: EngineReader) -> None:
    best = top(store, dt.date(2024, 2, 6), dt.date(2024, 2, 6), 3)
    assert [p.id for p in best] == ["2402.03300", "2402.03286", "2402.01771"]
    assert [p.best_votes for p in best] == [35, 30, 15]


def test_seed_reindex_parses_nothing(store: EngineReader, seeds: Path) -> None:
    report = Archive(store.path).index([seeds])
    assert (report.files_read, report.unchanged, report.appearances) == (0, 5, 62)
