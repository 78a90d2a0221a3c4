"""paper_notes: free text per paper keyed by arXiv id, one fixture per shape."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Digest, Paper, assemble
from papercli.parse import daily, detect, notes, parse_digest
from papercli.parse.notes.lines import link_line
from tests.conftest import FIXTURES
from tests.parse.hostile import HOSTILE_LINES, notes_around, paper_notes_archive
from tests.parse.support import (
    fixture,
    fixture_digest,
    parse_anything,
    parse_fifty_megabytes,
    seed,
    squashed,
)

load = partial(fixture, "notes")
digest = partial(fixture_digest, "notes")
NOTES_FIXTURES = sorted(p.name for p in (FIXTURES / "notes").glob("*.md"))


def rows(result: Digest) -> list[tuple[str, str, str, dt.date | None, int | None]]:
    return [
        (p.id, p.title, p.title_source, p.appearances[0].date, p.appearances[0].votes)
        for p in result.papers
    ]


def summaries(result: Digest) -> dict[str, str]:
    return {p.id: p.appearances[0].summary for p in result.papers}


@pytest.mark.parametrize("name", NOTES_FIXTURES)
def test_every_fixture_is_paper_notes_with_linked_papers(name: str) -> None:
    result = digest(name)
    assert result.style == "paper_notes"
    assert result.warnings == ()
    for paper in result.papers:
        assert paper.url == f"https://arxiv.org/abs/{paper.id}"
        assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.id}"
        (seen,) = paper.appearances
        assert (seen.format, seen.category, seen.report) == ("paper_notes", None, None)
        assert "```" not in seen.summary and "**" not in seen.summary
    assert result == digest(name)


def test_fenced_generator_output() -> None:
    """``## id``, a 🔗 line, ``**Summary**:`` and a fenced answer, as the generator writes."""
    result = digest("hf_fenced.md", "archive/hf_fenced.md")
    assert result.date == dt.date(2025, 6, 2)
    day = dt.date(2025, 6, 2)
    assert rows(result) == [
        ("2506.01001", "Quiet Tokens: Teaching Models When Not to Speak", "heading", day, None),
        ("2506.01002", "Maps of Thought: Planning with Sketches", "text", day, None),
        ("2506.01003", "arXiv 2506.01003", "id", day, None),
        (
            "2506.01004",
            "Mixing$\\times$Matching: $\\alpha$-Blends of Experts",
            "heading",
            day,
            None,
        ),
    ]
    assert summaries(result) == {
        # the title line stays: text is never dropped
        "2506.01001": "논문 요약: Quiet Tokens: Teaching Models When Not to Speak\n\n"
        "1. 핵심 동기와 문제 정의\n"
        "언어 모델은 답을 모를 때도 길게 말하는 경향이 있습니다.\n"
        "\n"
        "2. 제안 방법\n"
        "- <think> 토큰 뒤에 침묵 토큰을 두어 답을 멈추게 합니다.\n"
        "- 보상은 정답률과 길이를 함께 봅니다.",
        "2506.01002": '해당 논문은 "Maps of Thought: Planning with Sketches"로, 스케치를 그려 '
        "계획을 세우는 에이전트를 제안합니다. 실험에서 길 찾기 성공률이 높아졌습니다.",
        "2506.01003": "1. 핵심 동기와 문제 정의\n제목을 밝히지 않은 요약입니다. 모델 병합을 다룹니다.",
        # a fence inside the fence, and the outer one never closed: nothing is lost
        "2506.01004": "논문 요약: Mixing$\\times$Matching: $\\alpha$-Blends of Experts\n\n"
        "전문가 모델을 섞는 비율을 배웁니다.\n\nweights = softmax(scores)\n\n"
        "마지막 문단은 펜스가 닫히지 않은 채 끝납니다.",
    }


def test_unfenced_answer_keeps_its_headings_as_text() -> None:
    result = digest("unfenced.md")
    assert rows(result) == [
        ("2506.02001", "Sparse Critics for Dense Rewards", "heading", dt.date(2025, 6, 3), None),
        ("2506.02002", "arXiv 2506.02002", "id", dt.date(2025, 6, 3), None),
    ]
    assert summaries(result) == {
        "2506.02001": "논문 요약: Sparse Critics for Dense Rewards\n\n"
        "1. 핵심 동기와 문제 정의\n보상이 드문 환경에서 학습이 느립니다.\n\n"
        "2. 제안 방법\n희소한 비평가 모델이 중간 보상을 만듭니다.",
        # a quoted Korean phrase is no title
        "2506.02002": "이 논문은 '긴 문서 요약'을 다룹니다. 제목은 본문에 없습니다.",
    }


def test_inline_summary_votes_authors_and_an_english_title_over_a_korean_one() -> None:
    result = digest("inline_summary.md")
    day = dt.date(2025, 6, 4)
    assert rows(result) == [
        ("2506.03001", "arXiv 2506.03001", "id", day, 12),
        ("2506.03002", "Robots That See With Sound", "text", day, 7),
    ]
    assert result.papers[0].authors == ("Mina Seo", "Joon Park")
    assert summaries(result) == {
        "2506.03001": "작은 모델이 큰 모델의 풀이를 따라 배우는 증류 방법을 소개합니다. "
        "수학 문제에서 성능이 올랐습니다.",
        "2506.03002": "논문 요약: 소리로 보는 로봇\n\n"
        '이 논문 "Robots That See With Sound"는 소리의 반향으로 주변을 인식합니다.',
    }


def test_linked_headings_without_votes_are_notes_and_keep_their_tokens() -> None:
    text = load("linked_headings.md")
    assert not daily.detect(text)
    result = parse_digest(text, "archive/2025-06-06.md")
    assert result.date == dt.date(2025, 6, 6)
    day = dt.date(2025, 6, 6)
    assert rows(result) == [
        ("2506.04001", "Let's <search> Before We Answer", "heading", day, None),
        ("2506.04002", "Kernel Tricks for Tiny GPUs", "heading", day, None),
    ]
    assert summaries(result) == {
        "2506.04001": "검색을 먼저 하고 답하는 모델입니다. <search> 와 </search> 토큰 사이에 "
        "질의를 씁니다.\n\n결과는 <answer> 태그에 담깁니다.",
        "2506.04002": "작은 GPU에서 커널을 합쳐 속도를 올립니다.",
    }
    assert result.papers[1].appearances[0].media == (
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2506.04002.png",
    )


def test_the_same_headings_with_votes_stay_daily_papers() -> None:
    text = load("linked_headings.md").replace("huggingface.co/papers", "arxiv.org/abs")
    text = text.replace("\n\n검색을", "\n\nVote: 3\n\n검색을")
    text = text.replace("\n\n작은 GPU", "\n\nVote: 5\n\n작은 GPU")
    assert detect(text) == "daily_papers"


def test_ids_only_in_a_link_line_below_the_heading() -> None:
    result = digest("link_below.md")
    day = dt.date(2025, 6, 5)
    assert rows(result) == [
        ("2506.05001", "Curriculum by Confusion", "heading", day, None),
        ("2506.05002", "Label Noise Is Not the Enemy", "heading", day, None),
    ]
    assert summaries(result) == {
        "2506.05001": "헷갈리는 예제부터 배우는 커리큘럼을 제안합니다.",
        # a closing section without an id is read as the last entry's text, not dropped
        "2506.05002": "라벨 잡음이 오히려 일반화를 돕는 경우를 분석합니다.\n\n마치며\n\n"
        "다음 주에도 정리하겠습니다.",
    }


def test_prose_with_a_url_is_text_whatever_the_host() -> None:
    """Only a line of links (a label before, a vote after) is metadata; a word after
    the last URL makes the line prose, kept whole with its URL."""
    result = digest("urls_in_prose.md")
    day = dt.date(2025, 6, 20)
    assert rows(result) == [
        ("2506.20001", "Quiet Links in Loud Prose", "heading", day, None),
        ("2506.20002", "Spreadsheet Hazards for Agents", "heading", day, None),
        ("2506.20003", "Tiny Routers, Big Wins", "heading", day, 9),
        ("2506.20004", "Routers Without Tables", "heading", day, None),
    ]
    assert summaries(result) == {
        "2506.20001": 'A 요약 ("http://intranet") 텍스트.',
        "2506.20002": '첫 줄.\n=HYPERLINK("http://localhost") 요약 텍스트.',
        "2506.20003": "메모 한 줄.\n요약: (http://wiki) 텍스트입니다.",
        "2506.20004": "코드는 https://github.com/example/router 에서 받을 수 있습니다.\n"
        'A 설명 ("https://github.com/example/router") 참고.',
    }


@pytest.mark.parametrize(
    ("line", "links"),
    [
        (
            "🔗 https://huggingface.co/papers/2506.20003 · 👍 9",
            ["https://huggingface.co/papers/2506.20003"],
        ),
        ("- 논문: https://arxiv.org/abs/2506.20003", ["https://arxiv.org/abs/2506.20003"]),
        (
            "[arXiv](https://arxiv.org/abs/2506.20003) | [PDF](https://arxiv.org/pdf/2506.20003)",
            ["https://arxiv.org/abs/2506.20003", "https://arxiv.org/pdf/2506.20003"],
        ),
        (
            "- 프로젝트 페이지 주소는 다음과 같다: https://example.org/p .",
            ["https://example.org/p"],
        ),
        ("arXiv: 2506.20003", ["arxiv:2506.20003"]),
        ('A 요약 ("http://intranet") 텍스트.', None),
        ('=HYPERLINK("http://localhost") 요약 텍스트.', None),
        ("요약: (http://wiki) 텍스트입니다.", None),
        ("https://github.com/example/router 에서 받으세요", None),
        ("arXiv 2506.20003 논문", None),
        ("코드가 공개되었습니다. https://github.com/example/router", None),
        ("- arXiv: https://arxiv.org/abs/2506.20003 (PDF)", ["https://arxiv.org/abs/2506.20003"]),
        ("- arXiv: 2506.20003 (cs.CV)", ["arxiv:2506.20003"]),
        ("arXiv:2506.20003 [cs.CL]", ["arxiv:2506.20003"]),
        ("https://arxiv.org/abs/2506.20003 (coming soon)", ["https://arxiv.org/abs/2506.20003"]),
        ("https://arxiv.org/abs/2506.20003 👍 12 votes", ["https://arxiv.org/abs/2506.20003"]),
        ("https://arxiv.org/abs/2506.20003 — 12 upvotes", ["https://arxiv.org/abs/2506.20003"]),
        (
            "🔗 https://huggingface.co/papers/2506.20003 ⭐ 1.2k",
            ["https://huggingface.co/papers/2506.20003"],
        ),
        ("https://github.com/example/router (자세한 설명은 본문 참고)", None),
    ],
)
def test_link_lines(line: str, links: list[str] | None) -> None:
    assert link_line(line) == links


def test_a_leading_label_goes_with_or_without_a_url() -> None:
    """``요약:`` opening an entry's text is its label (as ``**Summary**:``), URL or not."""
    for body, summary in [
        ("요약: (http://wiki) 텍스트입니다.", "(http://wiki) 텍스트입니다."),
        ("요약: 텍스트입니다.", "텍스트입니다."),
    ]:
        (paper,) = parse_digest(f"## 2506.20001\n\n{body}\n", "x.md").papers
        assert paper.appearances[0].summary == summary


def test_a_link_line_with_an_annotation_still_names_its_heading_paper() -> None:
    text = (
        "# 읽을거리 (2025-06-20)\n\n"
        "## Little Gates, Large Gains\n\n- arXiv: https://arxiv.org/abs/2506.20011\n\n"
        "짧은 메모입니다.\n\n"
        "## Calm Pointers in Busy Notes\n\n- arXiv: https://arxiv.org/abs/2506.20012 (PDF)\n\n"
        "두 번째 메모입니다.\n"
    )
    papers = parse_digest(text, "memo.md").papers
    assert [(p.id, p.title, p.appearances[0].summary) for p in papers] == [
        ("2506.20011", "Little Gates, Large Gains", "짧은 메모입니다."),
        ("2506.20012", "Calm Pointers in Busy Notes", "두 번째 메모입니다."),
    ]


def test_numbered_list_items() -> None:
    result = digest("numbered.md")
    day = dt.date(2025, 6, 9)
    assert rows(result) == [
        ("2506.06001", "Long Context Without Long Memory", "heading", day, None),
        ("2506.06002", "Speculative Decoding for Speech", "heading", day, None),
        ("2506.06003", "Vision Tokens on a Diet", "heading", day, None),
    ]
    assert summaries(result) == {
        "2506.06001": "긴 문맥을 짧은 메모리로 처리하는 방법입니다.\n요약 토큰을 반복해서 갱신합니다.",
        "2506.06002": "음성 생성에 추측 디코딩을 적용합니다.\n- 지연 시간이 절반으로 줄었습니다.",
        "2506.06003": "이미지 토큰 수를 줄입니다.",
    }


def test_link_and_id_lines_start_entries_when_nothing_else_does() -> None:
    result = parse_digest(load("link_lines.md"), "notes/2025-06-15.md")
    day = dt.date(2025, 6, 15)
    assert rows(result) == [
        ("2506.10001", "Ask Twice, Answer Once: Self-Consistency on a Budget", "text", day, None),
        ("2506.10002", "Shadows Tell Depth", "heading", day, None),
        ("2506.10003", "arXiv 2506.10003", "id", day, None),
    ]
    assert summaries(result) == {
        "2506.10001": '"Ask Twice, Answer Once: Self-Consistency on a Budget" 논문은 '
        "적은 표본으로 자기 일관성을 얻습니다.",
        "2506.10002": "그림자에서 깊이를 읽어 냅니다. 👍 4 같은 표시는 본문에 있으면 글자로 남습니다.",
        "2506.10003": "제목 없이 링크만 있는 메모입니다.",
    }


TITLED_LINKS = (
    "# 이번 주 메모 2025-06-16\n\n"
    "🔗 https://huggingface.co/papers/2506.11001\n"
    "작은 모델끼리 토론시키는 방법을 다룹니다.\n\n"
    "https://arxiv.org/abs/2506.11002\n"
    "오디오 토큰을 절반으로 줄였습니다.\n\n"
    "🔗 https://huggingface.co/papers/2506.11003\n"
    "마지막 메모입니다.\n"
)


def test_a_title_over_link_lines_is_no_paper_and_hides_none() -> None:
    """The ``# title`` names the file, not the first paper: each link line is an entry."""
    result = parse_digest(TITLED_LINKS, "x.md")
    day = dt.date(2025, 6, 16)
    assert (result.style, result.date, result.warnings) == ("paper_notes", day, ())
    assert rows(result) == [
        ("2506.11001", "arXiv 2506.11001", "id", day, None),
        ("2506.11002", "arXiv 2506.11002", "id", day, None),
        ("2506.11003", "arXiv 2506.11003", "id", day, None),
    ]
    assert summaries(result) == {
        "2506.11001": "작은 모델끼리 토론시키는 방법을 다룹니다.",
        "2506.11002": "오디오 토큰을 절반으로 줄였습니다.",
        "2506.11003": "마지막 메모입니다.",
    }
    untitled = parse_digest(TITLED_LINKS.split("\n", 2)[2], "x.md")
    assert summaries(untitled) == summaries(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# Quiet Heads Listen\n\n🔗 https://huggingface.co/papers/2506.11101\n"
            "[PDF](https://arxiv.org/pdf/2506.11101)\n\n하나뿐인 논문의 메모입니다.\n",
            [("2506.11101", "Quiet Heads Listen", "하나뿐인 논문의 메모입니다.")],
        ),
        (
            "# 읽은 논문\n\n🔗 https://huggingface.co/papers/2506.11101\n첫 메모입니다.\n\n"
            "🔗 https://huggingface.co/papers/2506.11102\n둘째 메모입니다.\n",
            [
                ("2506.11101", "arXiv 2506.11101", "첫 메모입니다."),
                ("2506.11102", "arXiv 2506.11102", "둘째 메모입니다."),
            ],
        ),
        (
            "### Loud Tails\n\n🔗 https://huggingface.co/papers/2506.11101\n\n첫 메모입니다.\n"
            "🔗 https://arxiv.org/abs/2506.11199\n\n"
            "### Soft Heads\n\n🔗 https://huggingface.co/papers/2506.11102\n\n둘째 메모입니다.\n",
            [
                ("2506.11101", "Loud Tails", "첫 메모입니다."),
                ("2506.11102", "Soft Heads", "둘째 메모입니다."),
            ],
        ),
        (
            "## Gentle Rivers\nhttps://arxiv.org/abs/2506.11101\n\n첫 요약입니다. 관련 연구:\n"
            "https://arxiv.org/abs/2506.11103\n\n"
            "## Calm Lakes\nhttps://arxiv.org/abs/2506.11102\n\n둘째 요약입니다. 관련 연구:\n"
            "https://arxiv.org/abs/2506.11104\n",
            [
                ("2506.11101", "Gentle Rivers", "첫 요약입니다. 관련 연구:"),
                ("2506.11102", "Calm Lakes", "둘째 요약입니다. 관련 연구:"),
            ],
        ),
        (
            "# Still Waters\n\n🔗 https://huggingface.co/papers/2506.11101\n\n한 논문 메모입니다.\n"
            "함께 볼 논문:\nhttps://arxiv.org/abs/2506.11105\n",
            [("2506.11101", "Still Waters", "한 논문 메모입니다.\n함께 볼 논문:")],
        ),
    ],
    ids=[
        "one-paper-under-its-title",
        "two-papers-under-a-title",
        "headings-with-a-side-link",
        "a-see-also-link-under-each-heading",
        "a-see-also-link-under-one-title",
    ],
)
def test_a_heading_named_by_its_link_line_is_an_entry_only_over_one_paper(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    papers = parse_digest(text, "x.md").papers
    assert [(p.id, p.title, p.appearances[0].summary) for p in papers] == expected


def test_a_table_of_papers() -> None:
    result = digest("table.md")
    day = dt.date(2025, 6, 10)
    assert rows(result) == [
        ("2506.07001", "Graph Agents Plan Better", "heading", day, 31),
        ("2506.07002", "Cheap Reward Models", "heading", day, 8),
        ("2506.07003", "Pipes | and Bars in Titles", "heading", day, None),
    ]
    assert summaries(result) == {
        "2506.07001": "그래프로 계획을 세웁니다.\n탐색 비용이 줄었습니다.",
        "2506.07002": "작은 보상 모델로 충분합니다.",
        "2506.07003": "표 안의 세로 막대를 다룹니다.",
    }


def test_a_table_without_a_header_row_is_read_by_content() -> None:
    text = (
        "| 2506.07101 | Rows Without Names | 이름 없는 열의 요약입니다. |\n"
        "| 2506.07102 | Second Unnamed Row | 두 번째 요약입니다. |\n"
    )
    result = parse_digest(text, "t/2025-06-13.md")
    assert [(p.id, p.title) for p in result.papers] == [
        ("2506.07101", "Rows Without Names"),
        ("2506.07102", "Second Unnamed Row"),
    ]
    assert list(summaries(result).values()) == ["이름 없는 열의 요약입니다.", "두 번째 요약입니다."]


def test_digest_headers_date_the_entries_after_them() -> None:
    result = digest("dated_sections.md")
    assert result.date == dt.date(2025, 6, 11)
    assert rows(result) == [
        ("2506.08001", "arXiv 2506.08001", "id", dt.date(2025, 6, 11), None),
        ("2506.08002", "arXiv 2506.08002", "id", dt.date(2025, 6, 12), None),
        ("2506.08001", "Returning Papers Keep One Entry", "heading", dt.date(2025, 6, 12), None),
    ]
    first, _, again = result.papers
    merged = assemble("2506.08001", [first.to_dict(), again.to_dict()])
    assert (merged.title, merged.title_source) == ("Returning Papers Keep One Entry", "heading")


def test_a_paper_listed_twice_on_one_day_is_one_entry_with_both_texts() -> None:
    text = (
        "# Notes 2025-06-14\n\n## 2506.09001\n🔗 https://huggingface.co/papers/2506.09001\n\n"
        "첫 번째 메모입니다.\n\n## 2506.09001 — Twice Told Papers\n\n두 번째 메모입니다.\n"
    )
    (paper,) = parse_digest(text, "x.md").papers
    assert (paper.title, paper.title_source) == ("Twice Told Papers", "heading")
    assert paper.appearances[0].summary == "첫 번째 메모입니다.\n\n두 번째 메모입니다."


def test_a_title_guessed_from_text_gives_way_to_a_heading_elsewhere() -> None:
    notes_text = (
        "## 2506.01002\n🔗 https://huggingface.co/papers/2506.01002\n\n"
        '해당 논문은 "Maps of Thought: Planning With Sketches"로 계획을 다룹니다.\n'
    )
    daily_text = (
        "## Daily Papers (2025-06-02)\n\n"
        "### [Maps of Thought: Planning with Sketches](https://arxiv.org/abs/2506.01002)\n\n"
        "Vote: 4\n\n- 스케치로 계획합니다.\n"
    )
    guessed = parse_digest(notes_text, "a/2025-06-01.md").papers[0]
    named = parse_digest(daily_text, "b.md").papers[0]
    assert guessed.title_source == "text"
    paper = assemble("2506.01002", [guessed.to_dict(), named.to_dict()])
    assert (paper.title, paper.title_source) == (
        "Maps of Thought: Planning with Sketches",
        "heading",
    )


@pytest.mark.parametrize(
    ("text", "title", "source"),
    [
        ("## 2506.00001\n\n# Paper Title Here\n\n본문입니다.", "Paper Title Here", "heading"),
        ("## 2506.00001\n\n**Bold Title Line**\n\n본문입니다.", "Bold Title Line", "heading"),
        ("## 2506.00001\n\n**제목**: 한국어 제목\n\n본문입니다.", "한국어 제목", "heading"),
        ("## 2506.00001\n\n# 논문 요약\n\n본문입니다.", "arXiv 2506.00001", "id"),
        ("## 2506.00001\n\n## 배경\n\n본문입니다.", "arXiv 2506.00001", "id"),
        ("## [2506.00001] Bracketed Id First\n\n본문입니다.", "Bracketed Id First", "heading"),
        ("## Title Then Id (arXiv:2506.00001)\n\n본문입니다.", "Title Then Id", "heading"),
        ("## 📄 2506.00001: Colon After Id\n\n본문입니다.", "Colon After Id", "heading"),
        ('## 2506.00001\n\n이 논문은 "single"을 다룹니다.', "arXiv 2506.00001", "id"),
        (
            "## 2506.00001\n\n이 논문은 “Curly Quoted Title”을 다룹니다.",
            "Curly Quoted Title",
            "text",
        ),
        (
            "## 2506.00001\n\n이 논문 《Angle Quoted Title》을 다룹니다.",
            "Angle Quoted Title",
            "text",
        ),
        (
            '## 2506.00001\n\n해당 논문은 "작은 거인들"(Tiny Giants: Small Models Win)을 다룹니다.',
            "Tiny Giants: Small Models Win",
            "text",
        ),
    ],
)
def test_title_sources(text: str, title: str, source: str) -> None:
    (paper,) = parse_digest(text, "x.md").papers
    assert (paper.title, paper.title_source) == (title, source)
    assert (
        "본문입니다" in paper.appearances[0].summary or "다룹니다" in paper.appearances[0].summary
    )


def test_a_korean_title_line_stays_in_the_text() -> None:
    text = "## 2506.00001\n\n# 논문 요약: 작은 모델의 반란\n\n본문입니다.\n"
    (paper,) = parse_digest(text, "x.md").papers
    assert (paper.title, paper.title_source) == ("작은 모델의 반란", "heading")
    assert paper.appearances[0].summary == "논문 요약: 작은 모델의 반란\n\n본문입니다."


def test_a_daily_header_over_id_headings_falls_through_to_notes() -> None:
    text = (
        "# Daily Papers (2025-05-12)\n\n## 2505.04921\n"
        "🔗 https://huggingface.co/papers/2505.04921\n\n**Summary**: 요약입니다.\n"
    )
    assert detect(text) == "daily_papers"
    result = parse_digest(text, "x.md")
    assert (result.style, result.date, result.warnings) == ("paper_notes", dt.date(2025, 5, 12), ())
    assert rows(result) == [("2505.04921", "arXiv 2505.04921", "id", dt.date(2025, 5, 12), None)]


def test_decomposed_hangul_is_found_and_composed() -> None:
    text = unicodedata.normalize("NFD", load("inline_summary.md"))
    result = parse_digest(text, "x.md")
    assert result.style == "paper_notes"
    assert summaries(result) == summaries(digest("inline_summary.md"))


@pytest.mark.parametrize(
    "directory", ["daily", "insights", "simple"], ids=["daily", "insights", "simple"]
)
def test_other_styles_keep_their_fixtures(directory: str) -> None:
    expected = {
        "daily": "daily_papers",
        "insights": "category_insights",
        "simple": "simple_summary",
    }
    for path in sorted((FIXTURES / directory).glob("*.md")):
        found = detect(path.read_text("utf-8"))
        assert found in (expected[directory], None), path.name
        if directory == "simple":
            assert not notes.detect(path.read_text("utf-8")), path.name


def test_seeds_are_not_notes() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        assert detect(seed(prefix)) != "paper_notes"
    assert not notes.detect(seed("000"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# Notes\n\n## Meeting 1\n\nWe went through the [roadmap](https://example.org/r).\n",
        "## 2506.00001\n\nEnglish only, no Korean at all.\n",
        "## 제목: Simple Style\n\n**요약**: 요약입니다.\n\n**PDF 다운로드 링크**: "
        "[PDF](https://arxiv.org/pdf/2506.00001)\n",
        "## Seed\n\n**요약**: 요약입니다.\n\n**쉬운설명**: 쉬워요.\n\n"
        "[PDF](https://arxiv.org/pdf/2506.00001)\n",
        "본문에 https://arxiv.org/abs/2506.00001 링크가 있는 글입니다.\n",
    ],
)
def test_detect_rejects_other_text(text: str) -> None:
    assert not notes.detect(text)


@pytest.mark.parametrize("line", list(HOSTILE_LINES.values()), ids=list(HOSTILE_LINES))
def test_huge_lines_are_kept(line: str) -> None:
    text = notes_around(line)
    assert notes.detect(text)
    result = notes.parse(text, "huge.md")
    (paper,) = result.papers
    assert paper.id == "2505.00001"
    assert squashed(line) in squashed(paper.appearances[0].summary)


@pytest.mark.slow
def test_fifty_megabytes_of_entries_are_all_recovered() -> None:
    result, count = parse_fifty_megabytes(notes, paper_notes_archive)
    assert [paper.id for paper in result.papers] == [f"2505.{n:05d}" for n in range(count)]
    last = result.papers[-1]
    assert last.title == f"Paper number {count - 1} on quiet <think> tokens"
    assert last.appearances[0].votes == count - 1


FRAGMENTS = st.sampled_from(
    [
        "# 📰 Hugging Face Daily Papers – 2025-05-12",
        "# 📰 Hugging Face Daily Papers – 2025-02-30",
        "## 2505.04921",
        "## 2505.",
        "### [T](https://huggingface.co/papers/2505.04921)",
        "🔗 https://huggingface.co/papers/2505.04921",
        "👍 12",
        "**Summary**:",
        "**Summary**: 요약",
        "```markdown",
        "```",
        "~~~",
        "# 논문 요약: Title",
        "# 논문 요약:",
        "**1. 핵심 동기와 문제 정의**",
        '해당 논문은 "A Quoted Title: Here"로',
        "1. **T** (arXiv:2501.01234)",
        "| # | 제목 | arXiv | 요약 |",
        "|---|---|---|---|",
        "| 1 | T | 2501.01234 | 요약<br>둘째 줄 |",
        "| 2501.01234 |",
        "Authors: A, B",
        "---",
        "<think>",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=25))
def test_never_raises(lines: list[str]) -> None:
    result = parse_anything(notes, "\n".join(lines))
    for paper in result.papers:
        assert isinstance(paper, Paper) and paper.appearances[0].format == "paper_notes"


@pytest.mark.parametrize(
    "link",
    [
        "[arXiv](https://arxiv.org/abs/{pid})",
        "https://arxiv.org/abs/{pid}",
        "**출처:** [arXiv](https://arxiv.org/abs/{pid})",
        "Source: https://arxiv.org/abs/{pid}",
        "- 논문: [원문 보기](https://huggingface.co/papers/{pid})",
    ],
)
def test_a_heading_named_by_a_link_line_after_its_text_is_the_entry(link: str) -> None:
    """``## Title``, the reader's notes, then the paper's link at the end: the link line
    was an entry of its own (titled ``출처`` or ``arXiv 2410.00011``, without text)."""
    text = "".join(
        f"## 🔖 {title}\n\n{note}\n\n두 번째 문단.\n\n{link.format(pid=pid)}\n\n"
        for pid, title, note in (
            ("2410.05511", "Lanterns Over Rice Fields", "논에 뜬 등불을 세는 모델."),
            ("2410.05512", "Counting Cranes: A Benchmark", "두루미 수 세기 벤치마크."),
        )
    )
    digest = parse_digest("# 이번 주에 읽은 것\n\n" + text, "notes.md")
    assert digest.style == "paper_notes"
    assert [(p.id, p.title, p.appearances[0].summary) for p in digest.papers] == [
        ("2410.05511", "Lanterns Over Rice Fields", "논에 뜬 등불을 세는 모델.\n\n두 번째 문단."),
        ("2410.05512", "Counting Cranes: A Benchmark", "두루미 수 세기 벤치마크.\n\n두 번째 문단."),
    ]


def test_a_heading_over_links_to_several_papers_or_a_korean_heading_names_none() -> None:
    text = (
        "## Quiet Harbors\n(arXiv:2410.05521)\n\n잔잔한 항구.\n\n"
        "## Loud Harbors\n(arXiv:2410.05522)\n\n시끄러운 항구.\n\n"
        "## Empty Harbors\n(arXiv:2410.05523)\n\n빈 항구.\n\n"
        "## 관련 연구\n\n비슷한 논문.\n\nhttps://arxiv.org/abs/2410.05531\n\n"
        "## Related Work\n\n함께 읽을 것.\n\n"
        "- https://arxiv.org/abs/2410.05532\n- https://arxiv.org/abs/2410.05533\n"
    )
    digest = parse_digest(text, "notes.md")
    assert [p.id for p in digest.papers] == ["2410.05521", "2410.05522", "2410.05523"]


def test_whole_bold_titles_over_a_link_line_are_entries() -> None:
    """A digest without headings: ``**1. Title**``, notes, then the link line. The link
    lines were the entries, each taking the next paper's title as its text."""
    text = "# 메모\n\n" + "".join(
        f"**{n}. {title}**\n{note}\n링크: https://arxiv.org/abs/{pid}\n\n"
        for n, (pid, title, note) in enumerate(
            [
                ("2410.05541", "Folding Maps by Hand", "지도를 접는 로봇."),
                ("2410.05542", "Ink That Remembers Shapes", "모양을 기억하는 잉크."),
            ],
            1,
        )
    )
    digest = parse_digest(text, "bold.md")
    assert [(p.id, p.title, p.appearances[0].summary) for p in digest.papers] == [
        ("2410.05541", "Folding Maps by Hand", "지도를 접는 로봇."),
        ("2410.05542", "Ink That Remembers Shapes", "모양을 기억하는 잉크."),
    ]


def test_a_bold_label_under_an_entrys_link_line_is_no_title() -> None:
    text = "".join(
        f"[{title}](https://arxiv.org/abs/{pid})\n**What They Built Here**\n{note}\n\n"
        for pid, title, note in [
            ("2410.05551", "Paper Boats", "종이배."),
            ("2410.05552", "Glass Bridges", "유리 다리."),
        ]
    )
    digest = parse_digest(text, "labels.md")
    assert [(p.id, p.title) for p in digest.papers] == [
        ("2410.05551", "Paper Boats"),
        ("2410.05552", "Glass Bridges"),
    ]


def test_a_line_of_an_english_title_and_its_paper_link_starts_an_entry() -> None:
    """``Title — URL`` and ``Title <URL>`` lines over notes: the file had no start at all
    and was skipped. An English sentence ending in a link (``… https://…/ID.``) is text."""
    text = (
        "오늘의 메모.\n\nPaper Boats Drifting at Dawn — https://arxiv.org/abs/2410.05561\n종이배.\n\n"
        "We compared the method with older work https://arxiv.org/abs/2410.05569.\n\n"
        "Glass Bridges Over Quiet Water (https://huggingface.co/papers/2410.05562)\n유리 다리.\n\n"
        "Ink Rivers of the North: A Map <https://arxiv.org/abs/2410.05563v2>\n먹물 강.\n"
    )
    digest = parse_digest(text, "lines.md")
    assert digest.style == "paper_notes"
    assert [(p.id, p.title) for p in digest.papers] == [
        ("2410.05561", "Paper Boats Drifting at Dawn"),
        ("2410.05562", "Glass Bridges Over Quiet Water"),
        ("2410.05563", "Ink Rivers of the North: A Map"),
    ]
    assert digest.papers[0].appearances[0].summary.endswith("2410.05569.")


def test_headings_named_down_their_section_in_any_words_make_the_files_shape() -> None:
    """A one-word or Korean heading over its ``**출처:**`` line is an entry like the
    English ones (they were folded into the first entry's text): repeated, the headings
    named down their sections are the file's shape, whatever their words."""
    text = "# 메모\n\n" + "".join(
        f"## {title}\n- {note}\n- 둘째 줄.\n\n**출처:** [arXiv](https://arxiv.org/abs/{pid})\n\n"
        for pid, title, note in (
            ("2410.05571", "Lantern Routing Revisited", "등불 경로."),
            ("2410.05572", "Mamba", "상태 공간."),
            ("2410.05573", "비전 트랜스포머 학습 순서", "학습 순서."),
        )
    )
    papers = parse_digest(text, "shape.md").papers
    assert [(p.id, p.title) for p in papers] == [
        ("2410.05571", "Lantern Routing Revisited"),
        ("2410.05572", "Mamba"),
        ("2410.05573", "비전 트랜스포머 학습 순서"),
    ]


def test_one_section_heading_over_a_link_among_id_headings_is_no_paper() -> None:
    text = (
        "# 정리\n\n## Background And Motivation\n배경 설명.\n기존 연구.\n\n"
        "- https://arxiv.org/abs/2006.11239\n\n"
        "## 2410.05581\n- 빠른 샘플링.\n\n## 2410.05582\n- 느린 샘플링.\n"
    )
    assert [p.id for p in parse_digest(text, "bg.md").papers] == ["2410.05581", "2410.05582"]


def test_short_bold_titles_make_the_shape_and_a_bold_link_is_its_own_line() -> None:
    text = "오늘 읽은 것\n\n" + "".join(
        f"**{title}**\nhttps://arxiv.org/abs/{pid}\n{note}\n\n"
        for pid, title, note in (
            ("2410.05591", "Mamba Strikes", "상태 공간."),
            ("2410.05592", "Tiny Gardens", "작은 정원."),
            ("2410.05593", "요약", "라벨은 제목이 아니다."),
        )
    )
    papers = parse_digest(text, "bold.md").papers
    assert [(p.id, p.title) for p in papers][:2] == [
        ("2410.05591", "Mamba Strikes"),
        ("2410.05592", "Tiny Gardens"),
    ]
    assert "라벨은 제목이 아니다." in papers[1].appearances[0].summary


def test_a_sentence_ending_in_a_link_without_a_period_is_text() -> None:
    text = (
        "메모\n\nhttps://arxiv.org/abs/2410.05601\n라우팅을 다룬다.\n"
        "Builds on the switch routing idea from https://arxiv.org/abs/2101.03961\n\n"
        "https://arxiv.org/abs/2410.05602\n학습 순서.\n"
    )
    assert [p.id for p in parse_digest(text, "prose.md").papers] == ["2410.05601", "2410.05602"]


@pytest.mark.parametrize(
    "link", ["- 링크: https://arxiv.org/abs/{pid}", "링크: https://arxiv.org/abs/{pid}"]
)
def test_a_bold_titles_own_link_item_below_its_text_is_its_link(link: str) -> None:
    """``**1. Title**``, notes, then ``- 링크: URL``: the item named the bold title above
    it, so it is that entry's link (the items were entries, each titled by the next)."""
    text = "메모\n\n" + "".join(
        f"**{n}. {title}**\n{note}\n{link.format(pid=pid)}\n\n"
        for n, (pid, title, note) in enumerate(
            [
                ("2410.05611", "Reasoning Without Words", "말 없이."),
                ("2410.05612", "Tiny Steps", "작은 걸음."),
            ],
            1,
        )
    )
    digest = parse_digest(text, "items.md")
    assert digest.warnings == ()
    assert [(p.id, p.title, p.appearances[0].summary) for p in digest.papers] == [
        ("2410.05611", "Reasoning Without Words", "말 없이."),
        ("2410.05612", "Tiny Steps", "작은 걸음."),
    ]


def test_a_bold_label_under_an_entrys_link_item_is_no_title() -> None:
    text = "".join(
        f"- [{title}](https://arxiv.org/abs/{pid})\n**What They Built Here**\n{note}\n\n"
        for pid, title, note in [
            ("2410.05621", "Paper Boats", "종이배."),
            ("2410.05622", "Glass Bridges", "유리."),
        ]
    )
    assert [(p.id, p.title) for p in parse_digest(text, "items.md").papers] == [
        ("2410.05621", "Paper Boats"),
        ("2410.05622", "Glass Bridges"),
    ]


def test_a_deeper_heading_naming_another_paper_is_an_entry_of_its_own() -> None:
    """``### [Other](…/papers/ID)`` under ``## Title (arXiv:ID)`` entries: read as the
    entry's text, the second paper was lost; a deeper heading linking the same paper
    is still the entry's own text."""
    text = (
        "# 메모\n\n## Quiet Lakes (arXiv:2410.05631)\n조용한 호수.\n\n"
        "### [Loud Rivers](https://huggingface.co/papers/2410.05632)\n시끄러운 강.\n\n"
        "## Calm Seas (arXiv:2410.05633)\n잔잔한 바다.\n\n"
        "### [arXiv](https://arxiv.org/abs/2410.05633)\n같은 논문.\n"
    )
    papers = parse_digest(text, "nested.md").papers
    assert [(p.id, p.title, p.appearances[0].summary) for p in papers] == [
        ("2410.05631", "Quiet Lakes", "조용한 호수."),
        ("2410.05632", "Loud Rivers", "시끄러운 강."),
        ("2410.05633", "Calm Seas", "잔잔한 바다.\n\n같은 논문."),
    ]
