"""The model's own small behaviours."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.choices import STYLES
from papercli.model import (
    TITLE_PREFERENCE,
    Appearance,
    Paper,
    Report,
    ReportRef,
    assemble,
    title_rank,
)


def appearance(day: int | None, votes: int | None) -> Appearance:
    date = dt.date(2024, 9, day) if day else None
    return Appearance(date=date, format="daily_papers", source=f"{day}.md", votes=votes)


def test_within_keeps_appearances_in_range() -> None:
    paper = Paper("2409.00001", "T", appearances=(appearance(20, 50), appearance(22, 4)))
    day = paper.within(dt.date(2024, 9, 22), dt.date(2024, 9, 22))
    assert (day.best_votes, day.last_date) == (4, dt.date(2024, 9, 22))
    assert paper.within(None, None) is paper
    assert paper.within(dt.date(2024, 10, 1), None) == paper


def test_round_trip_through_dict() -> None:
    paper = Paper(
        "2409.00001",
        "T",
        authors=("A", "B"),
        url="https://arxiv.org/abs/2409.00001",
        appearances=(appearance(20, 50), appearance(None, None)),
    )
    assert Paper.from_dict(paper.to_dict()) == paper


REF = ReportRef(
    id="report-0123456789",
    category="LLM",
    date=dt.date(2024, 11, 15),
    papers=("2411.00001", "deeplearn-5"),
)


def test_report_ref_and_report_round_trip() -> None:
    assert REF.to_dict() == {
        "id": "report-0123456789",
        "category": "LLM",
        "date": "2024-11-15",
        "papers": ["2411.00001", "deeplearn-5"],
    }
    assert ReportRef.from_dict(REF.to_dict()) == REF
    undated = ReportRef("report-x", None, None, ())
    assert undated.to_dict() == {"id": "report-x", "category": None, "date": None, "papers": []}
    assert ReportRef.from_dict(undated.to_dict()) == undated
    report = Report(
        id=REF.id, category="LLM", date=REF.date, source="a.md", text="보고서", papers=REF.papers
    )
    assert report.ref() == REF
    assert report.to_dict() == {**REF.to_dict(), "source": "a.md", "text": "보고서"}
    assert Report.from_dict(report.to_dict()) == report


def test_appearance_report_is_serialised_and_optional() -> None:
    seen = Appearance(
        date=dt.date(2024, 11, 15), format="category_insights", source="a.md", report=REF
    )
    data = seen.to_dict()
    assert data["report"] == REF.to_dict()
    assert Appearance.from_dict(data) == seen
    assert appearance(20, 1).to_dict()["report"] is None
    older = appearance(20, 1).to_dict()
    del older["report"]
    assert Appearance.from_dict(older) == appearance(20, 1)


def test_title_source_is_serialised_and_defaults_to_heading() -> None:
    paper = Paper("2409.00001", "Guessed Title", title_source="text")
    assert paper.to_dict()["title_source"] == "text"
    assert Paper.from_dict(paper.to_dict()) == paper
    older = Paper("2409.00001", "T").to_dict()
    del older["title_source"]
    assert Paper.from_dict(older).title_source == "heading"


def entry(title: str, style: str, source: str = "heading", day: int = 20) -> dict[str, object]:
    seen = Appearance(date=dt.date(2024, 9, day), format=style, source=f"{style}-{day}.md")
    return Paper("2409.00001", title, appearances=(seen,), title_source=source).to_dict()


@pytest.mark.parametrize(
    ("entries", "title", "source"),
    [
        # a heading over a guess from the text over a placeholder, whatever the style
        (
            [
                entry("arXiv 2409.00001", "paper_notes", "id"),
                entry("Guessed", "paper_notes", "text"),
            ],
            "Guessed",
            "text",
        ),
        (
            [entry("Guessed", "daily_papers", "text"), entry("Named", "paper_notes")],
            "Named",
            "heading",
        ),
        # a placeholder stored before title_source existed is still a placeholder
        (
            [entry("arXiv 2409.00001", "daily_papers"), entry("Real", "simple_summary")],
            "Real",
            "heading",
        ),
        # ... but a real title that starts with "arXiv " is a title
        (
            [entry("arXiv Papers Under Review", "simple_summary"), entry("x", "paper_notes", "id")],
            "arXiv Papers Under Review",
            "heading",
        ),
        # English over a Korean translation, even from a less preferred style
        (
            [
                entry("강화 학습으로 자기 교정", "daily_papers"),
                entry("Self-Correct via RL", "paper_notes"),
            ],
            "Self-Correct via RL",
            "heading",
        ),
        # plain over LaTeX markup
        (
            [entry("M$^{2}$UGen: Music", "daily_papers"), entry("M2UGen: Music", "simple_summary")],
            "M2UGen: Music",
            "heading",
        ),
        # then the styles' order
        (
            [
                entry("Notes Title", "paper_notes"),
                entry("Simple Title", "simple_summary"),
                entry("Insight Title", "category_insights"),
                entry("Daily Title", "daily_papers"),
            ],
            "Daily Title",
            "heading",
        ),
        # only placeholders: the best style's one
        (
            [
                entry("arXiv 2409.00001", "paper_notes", "id"),
                entry("arXiv 2409.00001", "daily_papers", "id"),
            ],
            "arXiv 2409.00001",
            "id",
        ),
    ],
)
def test_assemble_prefers_the_most_trustworthy_title(
    entries: list[dict[str, object]], title: str, source: str
) -> None:
    for order in (entries, entries[::-1]):
        paper = assemble("2409.00001", list(order))
        assert (paper.title, paper.title_source) == (title, source)
        assert len(paper.appearances) == len(entries)


def test_title_rank_orders_by_source_language_markup_then_style() -> None:
    def rank(title: str, style: str, source: str = "heading") -> tuple[int, int, int, int]:
        return title_rank(Paper.from_dict(entry(title, style, source)))

    assert rank("Plain Title", "daily_papers") == (0, 0, 0, 0)
    assert rank("한국어 제목", "simple_summary") == (0, 1, 0, 2)
    assert rank("LLM$\\times$MapReduce", "paper_notes", "text") == (1, 0, 1, 3)
    assert rank("arXiv 2409.00001", "paper_notes", "heading") == (2, 0, 0, 3)


def test_formats_name_four_styles_each_with_a_title_preference() -> None:
    assert STYLES == ("daily_papers", "category_insights", "simple_summary", "paper_notes")
    assert set(TITLE_PREFERENCE) == set(STYLES)
