"""The category_insights parser over one small fixture per variant, plus the real seed."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Digest
from papercli.parse import daily, ids, insights, parse_digest
from tests.parse.hostile import HOSTILE_LINES, LONG, insights_archive, insights_around
from tests.parse.support import (
    fixture,
    fixture_digest,
    parse_anything,
    parse_fifty_megabytes,
    seed,
    squashed,
)

load = partial(fixture, "insights")
digest = partial(fixture_digest, "insights")


def rows(result: Digest) -> list[tuple[str, str, str | None]]:
    return [(p.id, p.title, p.appearances[0].category) for p in result.papers]


def test_basic_categories_and_sources() -> None:
    result = digest("basic.md", "archive/basic.md")
    assert result.style == insights.FORMAT
    assert result.date == dt.date(2025, 2, 3)
    assert result.warnings == ()
    assert rows(result) == [
        ("2502.01001", "Tactile Grasping for Soft Objects", "Robotics"),
        ("deeplearn-600100", "Sim-to-Real Arms", "Robotics"),
        ("2502.01002", "Agents That Write Their Own Tests", "Coding Agents"),
        ("deeplearn-600200", "Whisper-Sized Models on Phones", "Speech"),
    ]
    arxiv, mirror = result.papers[:2]
    assert (arxiv.url, arxiv.pdf_url) == (
        "https://arxiv.org/abs/2502.01001",
        "https://arxiv.org/pdf/2502.01001",
    )
    assert (mirror.url, mirror.pdf_url) == (
        "https://deeplearn.org/arxiv/600100/sim-to-real-arms",
        None,
    )
    for paper in result.papers:
        (seen,) = paper.appearances
        assert paper.authors == ()
        assert (seen.date, seen.format, seen.source) == (
            dt.date(2025, 2, 3),
            "category_insights",
            "archive/basic.md",
        )
        assert (seen.votes, seen.fields, seen.media) == (None, (), ())
    assert arxiv.appearances[0].summary == (
        "로봇 팔의 파지 연구가 두 편 소개되었습니다. 촉각 센서를 쓰는 방법이 눈에 띕니다.\n"
        "\n"
        "- 첫째, 촉각 기반 파지.\n"
        "- Second, sim-to-real transfer."
    )
    assert mirror.appearances[0].summary == arxiv.appearances[0].summary
    assert result.papers[2].appearances[0].summary == "코드 에이전트가 테스트를 스스로 작성합니다."


def test_date_comes_from_the_graph_name_and_is_not_set_on_appearances() -> None:
    parsed = insights.parse(load("basic.md"), "x.md")
    assert parsed.date == dt.date(2025, 2, 3)
    assert {p.appearances[0].date for p in parsed.papers} == {None}
    assert parsed == insights.parse(load("basic.md"), "x.md")


def test_missing_date_falls_back_to_the_path() -> None:
    text = load("no_date.md")
    assert insights.parse(text, "x.md").date is None
    result = parse_digest(text, "insights/2025-03-04.md")
    assert result.date == dt.date(2025, 3, 4)
    assert rows(result) == [("2503.00001", "Protein Folding Shortcuts", "Science")]
    assert result.papers[0].appearances[0].date == dt.date(2025, 3, 4)
    assert result.papers[0].appearances[0].summary == "날짜가 없는 보고서입니다."


def test_impossible_date_in_the_graph_name_is_ignored_with_a_warning() -> None:
    text = (
        "# Daily Artificial Intelligence Insights : Papers![Graph](paper_2025-02-30.png)\n\n"
        "## Vision\n\n**요약:**\n\n보고서입니다.\n\n**출처:**\n\n"
        " - Seeing Far (https://arxiv.org/abs/2502.00301)\n"
    )
    result = insights.parse(text, "x.md")
    assert result.date is None
    assert [p.id for p in result.papers] == ["2502.00301"]
    assert result.warnings == ["header date '2025-02-30' is not a valid date; ignored"]
    assert parse_digest(text, "insights/2025-02-28.md").date == dt.date(2025, 2, 28)


def test_headings_inside_a_report_are_report_text() -> None:
    result = digest("report_headings.md")
    assert result.warnings == ()
    assert rows(result) == [
        ("2504.00011", "Verifier-Guided Reasoning", "Reasoning"),
        ("2504.00012", "Longer Thoughts, Fewer Errors", "Reasoning"),
        ("deeplearn-610001", "Segment Everything Twice", "Vision"),
    ]
    assert result.papers[0].appearances[0].summary == (
        "주요 경향\n"
        "추론 모델이 길어진 사고 과정을 사용합니다.\n"
        "\n"
        "세부 사항\n"
        "- 단계별 검증이 늘었습니다.\n"
        "\n"
        "종합 요약 보고서\n"
        "\n"
        "두 논문 모두 검증을 강조합니다."
    )
    assert result.papers[2].appearances[0].summary == "요약 보고서\n\n영상 분할 연구입니다."


def test_source_line_variants() -> None:
    result = digest("sources.md")
    nested = "https://deeplearn.org/arxiv/620001/parsing-(nested)-titles-(carefully)"
    no_link = ids.stable_id(None, "A Source Without Any Link")
    assert rows(result) == [
        ("2505.00021", "Spaced Bullet Source", "NLP"),
        ("2505.00022", "Flush Bullet Source", "NLP"),
        ("2505.00023", "Star Bullet Source", "NLP"),
        ("deeplearn-620001", "Parsing (Nested) Titles (Carefully)", "NLP"),
        ("2505.00024", "Linked Source Title", "NLP"),
        (no_link, "A Source Without Any Link", "NLP"),
        ("2505.00021", "Spaced Bullet Source", "Cross-listed"),
    ]
    assert result.papers[3].url == nested
    assert result.papers[3].pdf_url is None
    assert result.papers[5].url is None
    assert result.warnings == (
        "source 'Spaced Bullet Source' listed twice under 'NLP'; kept once",
        "source 'A Source Without Any Link' under 'NLP' has no link; kept with a title id",
    )


def test_header_only_file_has_no_papers_and_no_warnings() -> None:
    text = load("header_only.md")
    assert insights.detect(text)
    result = parse_digest(text, "x.md")
    assert result.style == "category_insights"
    assert (result.papers, result.warnings) == ((), ())
    assert result.date == dt.date(2025, 5, 20)


def test_news_part_is_skipped() -> None:
    result = digest("combined_news.md")
    assert result.warnings == ()
    assert result.date == dt.date(2025, 6, 7)
    assert rows(result) == [("2506.00031", "Harder Benchmarks for Agents", "Evaluation")]
    assert result.papers[0].appearances[0].summary == "평가 벤치마크 논문입니다."


def test_news_and_papers_as_second_level_parts() -> None:
    result = digest("combined_parts.md", "digests/2025-07-08.md")
    assert result.warnings == ()
    assert result.date == dt.date(2025, 7, 8)
    assert rows(result) == [
        ("2507.00041", "Olympiad Geometry Without Diagrams", "Math"),
        ("deeplearn-630001", "Turn-Taking in Voice Agents", "Dialogue"),
    ]
    assert result.papers[0].appearances[0].summary == "종합 요약\n수학 문제 풀이 논문입니다."


def test_detect_by_markers_without_header() -> None:
    text = load("markers_only.md")
    assert insights.detect(text)
    assert not daily.detect(text)
    result = parse_digest(text, "x.md")
    assert rows(result) == [("2508.00051", "Forecasting Floods with Graphs", "Climate")]


def test_category_without_sources_warns_and_does_not_swallow_the_next() -> None:
    result = digest("missing_sources.md")
    assert rows(result) == [("2509.00061", "Heat-Aware Scheduling", "Full Category")]
    assert result.papers[0].appearances[0].summary == "정상적인 범주입니다."
    assert result.warnings == ("category 'Empty Category' lists no sources",)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "## 🚀 LLM\n\n요약 보고서:\n본문입니다.\n",
        "**요약:**\n\n**출처:**\n - A (http://arxiv.org/abs/2401.00001)\n",
        "## 논문의 간략한 분석 및 요약\n\n**요약**:\n내용\n",
    ],
)
def test_detect_rejects_other_text(text: str) -> None:
    assert not insights.detect(text)


@pytest.mark.parametrize(
    "header",
    [
        "# Daily Artificial Intelligence Insights",
        "#daily artificial intelligence insights : Papers",
        "##  DAILY  ARTIFICIAL  INTELLIGENCE  INSIGHTS",
    ],
)
def test_header_case_and_spacing(header: str) -> None:
    assert insights.detect(header + "\n")


def test_seeds_of_other_styles_are_not_insights() -> None:
    assert not insights.detect(seed("000"))
    for prefix in ("001", "003", "004"):
        assert not insights.detect(seed(prefix))
    assert not daily.detect(seed("002"))


def test_insights_seed() -> None:
    result = parse_digest(seed("002"), "002.txt")
    assert result.style == "category_insights"
    assert result.warnings == ()
    assert result.date == dt.date(2024, 11, 15)
    assert len(result.papers) == 12
    assert {p.appearances[0].date for p in result.papers} == {dt.date(2024, 11, 15)}
    found = {p.id for p in result.papers}
    assert {"deeplearn-543512", "2411.08147"} <= found
    categories = {p.appearances[0].category for p in result.papers}
    assert {"Computer Vision", "LLM"} <= categories
    assert len(categories) == 10
    assert all(p.appearances[0].summary for p in result.papers)


@pytest.mark.parametrize("line", list(HOSTILE_LINES.values()), ids=list(HOSTILE_LINES))
def test_huge_lines_lose_nothing_silently(line: str) -> None:
    text = insights_around(line)
    assert insights.detect(text)
    result = insights.parse(text, "huge.md")
    assert len(result.papers) + len(result.warnings) >= 1
    for paper in result.papers:
        (seen,) = paper.appearances
        assert paper.title and squashed(line).startswith(squashed(paper.title))
        assert seen.category and len(seen.summary) >= LONG


@pytest.mark.slow
def test_fifty_megabytes_of_categories_are_all_recovered() -> None:
    result, count = parse_fifty_megabytes(insights, insights_archive)
    assert len(result.papers) == 2 * count
    assert [paper.id for paper in result.papers[::2]] == [f"2411.{n:05d}" for n in range(count)]
    last = result.papers[-1]
    assert last.id == f"deeplearn-{count - 1}"
    assert last.appearances[0].category == f"Category {count - 1}"


FRAGMENTS = st.sampled_from(
    [
        "# Daily Artificial Intelligence Insights : Papers![g](paper_2024-11-15.png)",
        "# Daily Artificial Intelligence Insights : News",
        "## News",
        "## Papers",
        "## 🚀 LLM",
        "## 종합 요약 보고서",
        "### 소제목",
        "**요약:**",
        "**출처:**",
        "**출처:** - A (http://x",
        " - Title (https://deeplearn.org/arxiv/1/a-(b))",
        " - Title (http://arxiv.org/abs/2411.08147v1)",
        "* [T](",
        "- ",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=25))
def test_never_raises(lines: list[str]) -> None:
    parse_anything(insights, "\n".join(lines))
