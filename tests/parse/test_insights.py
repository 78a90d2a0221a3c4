"""The category_insights parser over one small fixture per variant, plus the real seed."""

from __future__ import annotations

import datetime as dt
import hashlib
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
    robotics, coding, speech = result.reports
    assert robotics.text == (
        "로봇 팔의 파지 연구가 두 편 소개되었습니다. "
        "촉각 센서를 쓰는 Tactile Grasping for Soft Objects가 눈에 띕니다.\n"
        "\n"
        "- 첫째, 촉각 기반 파지.\n"
        "- Second, sim-to-real transfer."
    )
    assert (robotics.category, robotics.date, robotics.source) == (
        "Robotics",
        dt.date(2025, 2, 3),
        "archive/basic.md",
    )
    assert robotics.papers == ("2502.01001", "deeplearn-600100")
    assert [r.papers for r in (coding, speech)] == [("2502.01002",), ("deeplearn-600200",)]
    assert arxiv.appearances[0].report == mirror.appearances[0].report == robotics.ref()
    assert arxiv.appearances[0].summary == (
        "로봇 팔의 파지 연구가 두 편 소개되었습니다. "
        "촉각 센서를 쓰는 Tactile Grasping for Soft Objects가 눈에 띕니다."
    )
    assert mirror.appearances[0].summary == ""
    assert result.papers[2].appearances[0].summary == "코드 에이전트가 테스트를 스스로 작성합니다."
    assert result.papers[2].appearances[0].report == coding.ref()


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
    assert [p.appearances[0].summary for p in result.papers[:2]] == ["", ""]
    assert result.reports[0].text == (
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


def own(result: Digest) -> dict[str, str]:
    return {p.id: p.appearances[0].summary for p in result.papers}


def test_a_shared_report_is_kept_once_and_each_source_keeps_its_own_text() -> None:
    result = digest("shared_reports.md", "archive/shared_reports.md")
    assert result.warnings == ()
    assert [(r.category, r.papers) for r in result.reports] == [
        ("Agents", ("2503.00101", "2503.00102", "2503.00103")),
        ("Vision", ("2503.00201", "2503.00202")),
        ("Speech", ("2503.00301", "2503.00302")),
        ("Robotics", ("2503.00401", "2503.00402")),
        ("Math", ("2503.00501", "2503.00502", "2503.00503")),
    ]
    for report in result.reports:
        assert report.date == dt.date(2025, 3, 9)
        assert report.source == "archive/shared_reports.md"
        assert (
            report.id
            == "report-"
            + hashlib.sha1(f"{report.category}\n{report.text}".encode()).hexdigest()[:10]
        )
    refs = {r.id: r.ref() for r in result.reports}
    for paper in result.papers:
        ref = paper.appearances[0].report
        assert ref is not None and ref == refs[ref.id]
        assert paper.id in ref.papers
    assert own(result) == {
        # by its whole title, quoted; by the name before its colon, a particle glued on
        "2503.00101": "- 'Toolsmith Agents Learn to Forge Their Own Tools': "
        "에이전트가 필요한 도구를 직접 만들어 씁니다.",
        "2503.00102": "- PlanDex는 긴 작업을 하위 목표로 나누어 계획합니다.",
        "2503.00103": "",
        # by order words that number the sources exactly
        "2503.00201": "- 첫 번째 논문은 적은 라벨로 물체를 분할하는 방법을 제안합니다.",
        "2503.00202": "- 두 번째 논문에서는 깊이 추정을 영상 전체로 넓힙니다.",
        # by quoted Korean renderings: a shared Latin word, then the order of the rest
        "2503.00301": '"EchoNet: 잡음 속에서 말소리를 되살리는 신경망" 연구는 잡음 제거를 다룹니다.',
        "2503.00302": '"작은 모델로 빠르게 받아쓰는 방법" 연구는 가벼운 음성 인식을 다룹니다.',
        # a label line takes the paragraphs under it, up to the next section line
        "2503.00401": "Grippers That Feel:\n\n촉각 센서로 미끄러짐을 감지합니다.\n\n"
        "부드러운 물체도 놓치지 않습니다.",
        "2503.00402": "",
        # two order words for three sources: the order is not clear
        "2503.00501": "",
        "2503.00502": "",
        "2503.00503": "",
    }


def test_a_report_repeated_under_its_category_is_one_report() -> None:
    section = "## Audio\n\n**요약:**\n\n같은 보고서입니다.\n\n**출처:**\n\n - {t} (http://arxiv.org/abs/{i})\n\n"
    text = (
        "# Daily Artificial Intelligence Insights\n\n"
        + section.format(t="First Song", i="2503.00601")
        + section.format(t="Second Song", i="2503.00602")
    )
    result = parse_digest(text, "x.md", dt.date(2025, 3, 10))
    (report,) = result.reports
    assert report.papers == ("2503.00601", "2503.00602")
    assert report.date == dt.date(2025, 3, 10)
    assert [p.appearances[0].report for p in result.papers] == [report.ref(), report.ref()]
    assert [p.appearances[0].summary for p in result.papers] == ["같은 보고서입니다."] * 2


def test_report_ids_survive_moving_the_file_and_change_with_the_text() -> None:
    text = load("basic.md")
    first = parse_digest(text, "a/basic.md").reports
    moved = parse_digest(text, "b/2025-02-03.md").reports
    assert [r.id for r in first] == [r.id for r in moved]
    edited = parse_digest(text.replace("코드 에이전트가", "코드 도우미가"), "a/basic.md").reports
    assert [r.id == e.id for r, e in zip(first, edited, strict=True)] == [True, False, True]


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
    assert len(result.reports) == 10
    shared = [r for r in result.reports if len(r.papers) > 1]
    assert [(r.category, len(r.papers)) for r in shared] == [
        ("Model training technique", 2),
        ("LLM", 2),
    ]
    texts = own(result)
    for report in shared:
        first, second = (texts[i] for i in report.papers)
        assert first and second and first != second
        assert first in report.text and second in report.text
    assert texts["deeplearn-543550"].startswith("- 두 번째 논문은 Mini-Sequence Transformer")
    assert texts["2411.08868"].startswith("- 'CamemBERT 2.0: A Smarter French")


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
