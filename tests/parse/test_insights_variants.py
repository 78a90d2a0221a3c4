"""Category insights as other generators write them: deeper categories, other spellings
of the 출처 marker, numbered or ``<br>``-joined sources, the date outside the graph's
file name, a report with sources but no text. Fixture text is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.model import Digest
from papercli.parse import parse_digest

HEADER = "# Daily Artificial Intelligence Insights : Papers![Graph](paper_2024-05-20.png)\n\n"

TWO_CATEGORIES = """## 🤖 Robotics

**요약:**

로봇 팔이 부드러운 물체를 잡는 새로운 방법입니다.

**출처:**

 - Soft Grasping with Tactile Fusion (https://arxiv.org/abs/2405.01111)

## 🧠 LLM

**요약:**

Chain Pruning은 추론 경로를 줄여 속도를 높입니다.

Token Mirrors는 토큰 표현을 복제해 정렬을 개선합니다.

**출처:**

 - Chain Pruning: Faster Reasoning by Cutting Paths (https://arxiv.org/abs/2405.02222)
 - Token Mirrors: Symmetric Alignment for Language Models (https://arxiv.org/abs/2405.03333)
"""

EXPECTED = [
    ("2405.01111", "Soft Grasping with Tactile Fusion", "Robotics"),
    ("2405.02222", "Chain Pruning: Faster Reasoning by Cutting Paths", "LLM"),
    ("2405.03333", "Token Mirrors: Symmetric Alignment for Language Models", "LLM"),
]


def rows(result: Digest) -> list[tuple[str, str, str | None]]:
    return [(p.id, p.title, p.appearances[0].category) for p in result.papers]


def summaries(result: Digest) -> list[str]:
    return [p.appearances[0].summary for p in result.papers]


def test_categories_as_third_level_headings_keep_their_names() -> None:
    text = HEADER + TWO_CATEGORIES.replace("## ", "### ")
    result = parse_digest(text, "x.md")
    assert result.style == "category_insights"
    assert rows(result) == EXPECTED
    assert [r.category for r in result.reports] == ["Robotics", "LLM"]
    assert result.warnings == ()


def test_deeper_categories_still_keep_their_own_subheadings_as_text() -> None:
    text = HEADER + (
        "### 🧠 LLM\n\n**요약:**\n\n#### 배경\n추론이 빨라집니다.\n\n**출처:**\n\n"
        " - Chain Pruning: Faster Reasoning by Cutting Paths (https://arxiv.org/abs/2405.02222)\n\n"
        "### 🤖 Robotics\n\n#### 개요\n\n**요약:**\n\n로봇 논문입니다.\n\n**출처:**\n\n"
        " - Soft Grasping with Tactile Fusion (https://arxiv.org/abs/2405.01111)\n"
    )
    result = parse_digest(text, "x.md")
    assert rows(result) == [EXPECTED[1][:2] + ("LLM",), EXPECTED[0][:2] + ("Robotics",)]
    assert summaries(result) == ["배경\n추론이 빨라집니다.", "개요\n\n로봇 논문입니다."]


@pytest.mark.parametrize(
    "marker",
    [
        "**출처**",
        "출처:",
        "출처：",
        "### 출처",
        "### 📚 Sources",
        "**Sources:**",
        "**References:**",
        "References:",
        "**참고 자료:**",
    ],
)
def test_sources_marker_spellings(marker: str) -> None:
    text = HEADER + TWO_CATEGORIES.replace("**출처:**", marker)
    result = parse_digest(text, "x.md")
    assert result.style == "category_insights"
    assert rows(result) == EXPECTED
    assert summaries(result) == [
        "로봇 팔이 부드러운 물체를 잡는 새로운 방법입니다.",
        "Chain Pruning은 추론 경로를 줄여 속도를 높입니다.",
        "Token Mirrors는 토큰 표현을 복제해 정렬을 개선합니다.",
    ]


def test_english_summary_marker_opens_a_report_its_headings_belong_to() -> None:
    text = HEADER + TWO_CATEGORIES.replace("**요약:**", "**Summary:**").replace(
        "새로운 방법입니다.", "새로운 방법입니다.\n\n## 종합 보고서\n\n촉각이 핵심입니다."
    )
    result = parse_digest(text, "x.md")
    assert rows(result) == EXPECTED
    assert summaries(result)[0] == (
        "로봇 팔이 부드러운 물체를 잡는 새로운 방법입니다.\n\n종합 보고서\n\n촉각이 핵심입니다."
    )


def test_a_plain_source_word_in_a_report_is_text() -> None:
    text = HEADER + (
        "## 🤖 Robotics\n\n**요약:**\n\n출처: 연구팀 발표 자료\n로봇 논문입니다.\n\n**출처:**\n\n"
        " - Soft Grasping with Tactile Fusion (https://arxiv.org/abs/2405.01111)\n"
    )
    result = parse_digest(text, "x.md")
    assert summaries(result) == ["출처: 연구팀 발표 자료\n로봇 논문입니다."]


def test_numbered_linked_bare_and_trailing_link_sources() -> None:
    text = HEADER + (
        "## 🧠 LLM\n\n**요약:**\n\n"
        "Chain Pruning은 추론 경로를 줄입니다.\n\n"
        "Token Mirrors는 정렬을 개선합니다.\n\n"
        "Quiet Critics는 비평 모델을 학습시킵니다.\n\n"
        "Fog Lens는 안개를 걷어냅니다.\n\n"
        "**출처:**\n\n"
        "1. Chain Pruning: Faster Reasoning by Cutting Paths (https://arxiv.org/abs/2405.02222)\n"
        "2. [Token Mirrors: Symmetric Alignment](https://arxiv.org/abs/2405.03333)\n"
        "3) Quiet Critics: Silent Reward Models https://huggingface.co/papers/2405.04444\n"
        "• Fog Lens: Seeing Through Haze — [arXiv](https://arxiv.org/abs/2405.07777)\n"
        "- **[Mirror Depth in Reflections](https://arxiv.org/pdf/2405.08888v1)**\n"
        "- Sky Atlas: Mapping Clouds ([PDF](https://arxiv.org/pdf/2405.09999))\n"
        "6. https://arxiv.org/abs/2405.05555\n"
    )
    result = parse_digest(text, "x.md")
    assert [(p.id, p.title, p.title_source) for p in result.papers] == [
        ("2405.02222", "Chain Pruning: Faster Reasoning by Cutting Paths", "heading"),
        ("2405.03333", "Token Mirrors: Symmetric Alignment", "heading"),
        ("2405.04444", "Quiet Critics: Silent Reward Models", "heading"),
        ("2405.07777", "Fog Lens: Seeing Through Haze", "heading"),
        ("2405.08888", "Mirror Depth in Reflections", "heading"),
        ("2405.09999", "Sky Atlas: Mapping Clouds", "heading"),
        ("2405.05555", "arXiv 2405.05555", "id"),
    ]
    assert summaries(result)[:4] == [
        "Chain Pruning은 추론 경로를 줄입니다.",
        "Token Mirrors는 정렬을 개선합니다.",
        "Quiet Critics는 비평 모델을 학습시킵니다.",
        "Fog Lens는 안개를 걷어냅니다.",
    ]
    assert result.warnings == ()


def test_sources_joined_by_br_on_the_marker_line() -> None:
    text = HEADER + TWO_CATEGORIES.replace(
        "**출처:**\n\n - Chain Pruning: Faster Reasoning by Cutting Paths "
        "(https://arxiv.org/abs/2405.02222)\n - ",
        "**출처:** Chain Pruning: Faster Reasoning by Cutting Paths "
        "(https://arxiv.org/abs/2405.02222)<br>",
    ).replace("2405.03333)", "2405.03333)<BR/>")
    result = parse_digest(text, "x.md")
    assert rows(result) == EXPECTED
    assert result.warnings == ()


@pytest.mark.parametrize(
    "preamble",
    [
        "# Daily Artificial Intelligence Insights : Papers\n\n![분포 2024-05-20](graph.png)\n\n",
        "# Daily Artificial Intelligence Insights\n\n2024년 5월 20일\n\n",
        "# Daily Artificial Intelligence Insights\n\n발행일: May 20, 2024 (Mon)\n\n",
        "# Daily Artificial Intelligence Insights\n\n"
        "이 요약은 2023-01-01 이후 발표된 논문들 가운데 고른 것으로 매일 아침 갱신됩니다.\n\n"
        "**Date:** 2024-05-20\n\n",
    ],
)
def test_date_above_the_first_category(preamble: str) -> None:
    result = parse_digest(preamble + TWO_CATEGORIES, "x.md")
    assert result.date == dt.date(2024, 5, 20)
    assert rows(result) == EXPECTED


def test_a_date_in_a_report_dates_nothing() -> None:
    text = "# Daily Artificial Intelligence Insights\n\n" + TWO_CATEGORIES.replace(
        "새로운 방법입니다.", "새로운 방법입니다.\n\n2023-03-04"
    )
    assert parse_digest(text, "x.md").date is None


def test_a_report_with_sources_but_no_text_is_no_report() -> None:
    text = HEADER + TWO_CATEGORIES.replace(
        "**요약:**\n\n로봇 팔이 부드러운 물체를 잡는 새로운 방법입니다.\n\n", "**요약:**\n\n"
    )
    result = parse_digest(text, "x.md")
    assert rows(result) == EXPECTED
    assert [p.appearances[0].report is None for p in result.papers] == [True, False, False]
    assert [r.category for r in result.reports] == ["LLM"]
    assert summaries(result)[0] == ""


def test_reports_naming_their_papers_by_korean_ordinals() -> None:
    text = HEADER + (
        "## 🧠 LLM\n\n**요약:**\n\n"
        "첫 번째 논문은 추론 경로를 줄입니다.\n\n두 번째 논문은 정렬을 개선합니다.\n\n"
        "두 논문 모두 효율을 중시합니다.\n\n**출처:**\n\n"
        "1. Chain Pruning: Faster Reasoning by Cutting Paths (https://arxiv.org/abs/2405.02222)\n"
        "2. Token Mirrors: Symmetric Alignment (https://arxiv.org/abs/2405.03333)\n"
    )
    result = parse_digest(text, "x.md")
    assert summaries(result) == [
        "첫 번째 논문은 추론 경로를 줄입니다.",
        "두 번째 논문은 정렬을 개선합니다.",
    ]


def test_a_source_title_glossed_in_korean_keeps_its_english() -> None:
    text = HEADER + TWO_CATEGORIES.replace(
        "Soft Grasping with Tactile Fusion (https",
        "Soft Grasping with Tactile Fusion (촉각 융합 파지) (https",
    )
    assert rows(parse_digest(text, "x.md")) == EXPECTED


def test_third_level_categories_without_the_header_are_detected() -> None:
    result = parse_digest(TWO_CATEGORIES.replace("## ", "### "), "2024-05-20.md")
    assert result.style == "category_insights"
    assert rows(result) == EXPECTED


def test_without_header_or_summary_marker_the_dated_graph_tells_insights() -> None:
    """A generator that leaves out both the header and ``**요약:**``: the graph named with
    a date over ``## 🚀 Category`` reports and their ``**출처:**`` lists. It was read as
    paper notes, undated, every summary empty."""
    text = (
        "![분야별 분포](charts/dist_2024-06-03.png)\n\n## 🌊 Ocean Models\n\n"
        "이번 주에는 파도 예측 연구가 눈에 띄었습니다. 조류 시뮬레이션도 함께 나왔습니다.\n\n"
        "**출처:**\n- [Wave Forecasts from Buoys](https://arxiv.org/abs/2406.00301)\n"
    )
    digest = parse_digest(text, "weekly.md")
    assert (digest.style, digest.date) == ("category_insights", dt.date(2024, 6, 3))
    (paper,) = digest.papers
    assert (paper.id, paper.appearances[0].category) == ("2406.00301", "Ocean Models")
    assert paper.appearances[0].summary.startswith("이번 주에는 파도 예측 연구가")
    undated = text.replace("dist_2024-06-03", "dist")
    assert parse_digest(undated, "weekly.md").style == "paper_notes"
    screenshot = text.replace("분야별 분포](charts/dist_", "overview](shots/Screenshot_")
    assert parse_digest(screenshot, "weekly.md").style == "paper_notes"  # a dated image, no graph
    captioned = screenshot.replace(".png)\n", ".png) 구조 chart\n")
    assert parse_digest(captioned, "weekly.md").style == "paper_notes"  # words after the image
