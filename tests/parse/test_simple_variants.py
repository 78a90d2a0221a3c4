"""Simple summaries as other generators write them: dashes after labels, English
labels, votes in thousands, hashtag or slash-separated fields, titles glossed in
Korean, a date line above the first entry. Fixture text is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.model import Digest, Paper
from papercli.parse import parse_digest

ENTRY = """## 제목: {title}

**요약**: {title}의 핵심을 정리한 요약입니다.

**쉬운설명**: 쉽게 말하면 이런 연구예요.

**관련분야**: {fields}

**추천수**: {votes}

**PDF 다운로드 링크**: [PDF](https://arxiv.org/pdf/{id})
"""


def entry(title: str, id: str, fields: str = "테스트", votes: str = "3") -> str:
    return ENTRY.format(title=title, id=id, fields=fields, votes=votes)


def digest(*entries: str, top: str = "") -> Digest:
    result = parse_digest(top + "\n---\n\n".join(entries), "x.md")
    assert result.style == "simple_summary"
    return result


def only(result: Digest) -> Paper:
    (paper,) = result.papers
    return paper


def test_dash_after_a_label_is_its_separator() -> None:
    text = (
        "### 제목 - Sparse Routing for Tiny Models\n\n"
        "**요약** - 작은 모델의 라우팅을 희소하게 만듭니다.\n\n"
        "**쉬운설명** — 필요한 전문가만 골라 써요.\n\n"
        "**관련분야** – 언어 모델\n\n"
        "**추천수**: 4\n\n"
        "**PDF**: https://arxiv.org/pdf/2501.01234\n"
    )
    paper = only(parse_digest(text, "x.md"))
    assert (paper.id, paper.title) == ("2501.01234", "Sparse Routing for Tiny Models")
    appearance = paper.appearances[0]
    assert appearance.summary == (
        "요약: 작은 모델의 라우팅을 희소하게 만듭니다.\n\n쉬운설명: 필요한 전문가만 골라 써요."
    )
    assert (appearance.fields, appearance.votes) == (("언어 모델",), 4)


def test_english_field_and_vote_labels() -> None:
    text = (
        entry("Gradient Echoes in Diffusion", "2501.05678")
        .replace("**관련분야**", "**Related Fields**")
        .replace("**추천수**", "**Votes**")
    )
    second = (
        entry("Token Budgets for Agents", "2501.09999", fields="#agents #planning", votes="9")
        .replace("**관련분야**", "**Tags**")
        .replace("**추천수**", "**Likes**")
    )
    result = digest(text, second)
    assert [(a.fields, a.votes) for p in result.papers for a in p.appearances] == [
        (("테스트",), 3),
        (("agents", "planning"), 9),
    ]
    assert all("Votes" not in p.appearances[0].summary for p in result.papers)
    assert all("Tags" not in p.appearances[0].summary for p in result.papers)


@pytest.mark.parametrize(
    ("written", "votes"),
    [("1.2k", 1200), ("👍 2.5K", 2500), ("1.2천", 1200), ("3만", 30000), ("12 kinds", 12)],
)
def test_votes_in_thousands(written: str, votes: int) -> None:
    result = digest(entry("Counted Paper", "2501.00002", votes=written))
    assert only(result).appearances[0].votes == votes
    assert result.warnings == ()


def test_a_dash_for_votes_is_no_count_and_no_warning() -> None:
    result = digest(entry("Uncounted Paper", "2501.00003", votes="-"))
    assert only(result).appearances[0].votes is None
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("written", "fields"),
    [
        ("#자연어처리 #강화_학습 #로보틱스", ("자연어처리", "강화 학습", "로보틱스")),
        ("\n#LLM #Agents\n#Planning", ("LLM", "Agents", "Planning")),
        ("\n- #LLM\n- #Agents", ("LLM", "Agents")),
        ("컴퓨터 비전 / 생성 모델 / 3D/4D", ("컴퓨터 비전", "생성 모델", "3D/4D")),
        ("언어 모델 | 전문가 혼합", ("언어 모델", "전문가 혼합")),
        ("`NLP`, `RL`", ("NLP", "RL")),
        ("C#, F# 컴파일러", ("C#", "F# 컴파일러")),
    ],
)
def test_fields_as_hashtags_slashes_pipes_or_code(written: str, fields: tuple[str, ...]) -> None:
    result = digest(entry("Tagged Paper", "2501.00012", fields=written))
    assert only(result).appearances[0].fields == fields


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("Token Budgets for Agents (에이전트를 위한 토큰 예산)", "Token Budgets for Agents"),
        ("에이전트를 위한 토큰 예산 (Token Budgets for Agents)", "Token Budgets for Agents"),
        ('"Quoted Budgets: A Study" (인용된 예산 연구)', "Quoted Budgets: A Study"),
        ("LLM 추론의 비용 (LLM)", "LLM 추론의 비용 (LLM)"),
        ("Mamba Layers (SSM)", "Mamba Layers (SSM)"),
        ("작은 모델로 큰 추론하기", "작은 모델로 큰 추론하기"),
    ],
)
def test_title_glossed_in_korean_keeps_its_english(written: str, title: str) -> None:
    assert only(digest(entry(written, "2501.09999"))).title == title


def test_numbered_heading_with_a_glossed_title() -> None:
    text = entry("x", "2501.09999").replace(
        "## 제목: x", "## 3. 에이전트를 위한 토큰 예산 (Token Budgets for Agents)"
    )
    assert only(digest(text)).title == "Token Budgets for Agents"


@pytest.mark.parametrize(
    "top",
    [
        "2024-05-20\n\n",
        "2024년 5월 20일\n\n",
        "May 20, 2024\n\n",
        "**날짜**: 2024/05/20\n\n",
        "📅 Date: 2024.05.20 (월)\n\n",
        "오늘 소개할 논문들은 2023-01-01 이후 발표된 것들 가운데 골랐습니다.\n\n2024-05-20\n\n",
    ],
)
def test_a_date_line_above_the_first_entry_dates_the_digest(top: str) -> None:
    result = digest(entry("Dated Paper", "2501.00001"), top=top)
    assert result.date == dt.date(2024, 5, 20)


def test_dates_in_prose_or_in_entries_date_nothing() -> None:
    prose = "오늘 소개할 논문들은 2023-01-01 이후 발표된 것들 가운데 골랐습니다.\n\n"
    assert digest(entry("Prose Paper", "2501.00001"), top=prose).date is None
    later = entry("Later Paper", "2501.00001").replace(
        "**추천수**: 3", "**추천수**: 3\n\n2023-03-04"
    )
    assert digest(later).date is None
    thumbnail = "![](https://example.com/thumb_2023-03-04.png)\n\n"
    assert digest(entry("Thumbnail Paper", "2501.00001"), top=thumbnail).date is None


@pytest.mark.parametrize("rule", ["***", "___", "* * *", ""])
def test_entries_split_by_any_rule_or_blank_lines_only(rule: str) -> None:
    text = (rule + "\n\n").join(
        entry(f"Paper Number {n}", f"2501.0000{n}", votes=str(n)) for n in (1, 2, 3)
    )
    result = parse_digest(text, "x.md")
    assert [(p.id, p.title, p.appearances[0].votes) for p in result.papers] == [
        ("2501.00001", "Paper Number 1", 1),
        ("2501.00002", "Paper Number 2", 2),
        ("2501.00003", "Paper Number 3", 3),
    ]


def test_labels_plain_fullwidth_or_with_emoji() -> None:
    plain = entry("Plain Labels", "2501.00021").replace("**", "")
    fullwidth = entry("Fullwidth Colons", "2501.00022").replace("**: ", "**： ")
    emoji = (
        entry("Emoji Labels", "2501.00023")
        .replace("**요약**", "📌 **요약**")
        .replace("**추천수**", "👍 **추천수**")
    )
    result = digest(plain, fullwidth, emoji)
    assert [(p.title, p.appearances[0].votes) for p in result.papers] == [
        ("Plain Labels", 3),
        ("Fullwidth Colons", 3),
        ("Emoji Labels", 3),
    ]
    assert [p.appearances[0].summary.split("\n")[0] for p in result.papers] == [
        "요약: Plain Labels의 핵심을 정리한 요약입니다.",
        "요약: Fullwidth Colons의 핵심을 정리한 요약입니다.",
        "요약: Emoji Labels의 핵심을 정리한 요약입니다.",
    ]


def test_a_link_line_before_the_title_and_link_forms() -> None:
    first = "[PDF](https://arxiv.org/pdf/2501.07777)\n" + entry("Linked Above", "x").replace(
        "**PDF 다운로드 링크**: [PDF](https://arxiv.org/pdf/x)\n", ""
    )
    second = entry("Hugging Face Link", "x").replace(
        "[PDF](https://arxiv.org/pdf/x)", "https://huggingface.co/papers/2501.08888"
    )
    third = entry("Angle Link", "x").replace(
        "[PDF](https://arxiv.org/pdf/x)", "<https://arxiv.org/pdf/2501.06666v2.pdf>"
    )
    result = digest(first, second, third)
    assert [(p.id, p.title) for p in result.papers] == [
        ("2501.07777", "Linked Above"),
        ("2501.08888", "Hugging Face Link"),
        ("2501.06666", "Angle Link"),
    ]


def test_english_labels_alone_make_a_simple_summary() -> None:
    """Paper notes step aside for them, as for the Korean ones."""
    text = (
        "## Title: Copper Wires for Quiet Rooms\n\n**Summary**: 조용한 방의 구리선.\n\n"
        "**Easy explanation**: 소리를 줄이는 선.\n\n**Related fields**: 음향, 재료\n\n"
        "[PDF](https://arxiv.org/pdf/2406.00111)\n"
    )
    result = parse_digest(text, "english.md")
    assert result.style == "simple_summary"
    (paper,) = result.papers
    assert (paper.id, paper.title) == ("2406.00111", "Copper Wires for Quiet Rooms")
    assert paper.appearances[0].fields == ("음향", "재료")
