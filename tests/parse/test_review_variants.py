"""What a review of this round's parsers and queries found: front matter that never
closes, a fence left open before a closed one, a notes digest titled like a Daily Papers
header, advice after 추천:, trailers after entries, false dates."""

from __future__ import annotations

import datetime as dt

from papercli.dates import date_in_path, first_date
from papercli.parse import parse_digest
from papercli.parse.text import without_comments

ENTRY = "### [{title}](https://arxiv.org/abs/{pid})\nVote: {votes}\n\n- {text}\n\n"


def entries(*papers: tuple[str, str]) -> str:
    return "".join(
        ENTRY.format(title=title, pid=pid, votes=3, text="짧은 요약.") for pid, title in papers
    )


def test_front_matter_never_closed_or_too_long_is_text_and_costs_one_pass() -> None:
    tags = "".join(f"  - tag{n}\n" for n in range(40))
    daily = "## Daily Papers (2025-07-01)\n\n" + entries(("2507.00001", "Bell Jars"))
    for opening in (f"---\ntags:\n{tags}", f"---\ntags:\n{tags}{tags}---\n", "---\n" + "  \n" * 40):
        digest = parse_digest(opening + daily, "front.md")
        assert [p.id for p in digest.papers] == ["2507.00001"], opening[:20]


def test_a_first_entry_of_key_value_lines_is_no_front_matter() -> None:
    text = (
        "---\n제목: Clay Whistles\n요약: 점토 호루라기.\n추천수: 3\n"
        "PDF: https://arxiv.org/pdf/2507.00011\n---\n"
        "제목: Reed Flutes\n요약: 갈대 피리.\nPDF: https://arxiv.org/pdf/2507.00012\n"
    )
    ids = [p.id for p in parse_digest(text, "simple.md").papers]
    assert "2507.00011" in ids and "2507.00012" in ids


def test_a_fence_left_open_ends_at_the_next_entry_even_before_a_closed_one() -> None:
    text = (
        "## Daily Papers (2025-07-02)\n\n"
        "### [Open Fence](https://arxiv.org/abs/2507.00021)\nVote: 1\n\n- 코드:\n```python\nx = 1\n\n"
        + entries(("2507.00022", "Second"))
        + "### [Third](https://arxiv.org/abs/2507.00023)\nVote: 2\n\n- 실행:\n```bash\nls\n```\n\n"
        + entries(("2507.00024", "Fourth"))
    )
    digest = parse_digest(text, "fences.md")
    assert [p.id for p in digest.papers] == [
        "2507.00021",
        "2507.00022",
        "2507.00023",
        "2507.00024",
    ]
    assert digest.papers[2].appearances[0].summary == "실행: ls"


def test_a_notes_digest_titled_like_a_dated_daily_header_stays_notes() -> None:
    text = (
        "# 2025-07-03 Daily Papers 리뷰\n\n"
        "## 1. Fluffy Models\nhttps://arxiv.org/abs/2507.00031\n\n### 핵심 기여\n털 많은 모델.\n\n"
        "## 2. Tiny Dogs\nhttps://arxiv.org/abs/2507.00032\n\n### 한계\n작은 개.\n"
    )
    digest = parse_digest(text, "review.md")
    assert digest.style == "paper_notes"
    assert [(p.id, p.title) for p in digest.papers] == [
        ("2507.00031", "Fluffy Models"),
        ("2507.00032", "Tiny Dogs"),
    ]


def test_advice_after_추천_and_a_thumb_is_text_not_a_vote() -> None:
    text = (
        "## Daily Papers (2025-07-04)\n\n### [Tide Charts](https://arxiv.org/abs/2507.00041)\n"
        "Vote: 12\n\n추천: 비전 연구자에게 권합니다.\n👍 장점은 속도입니다.\n"
    )
    (paper,) = parse_digest(text, "advice.md").papers
    assert paper.appearances[0].votes == 12
    assert paper.appearances[0].summary == "추천: 비전 연구자에게 권합니다. 👍 장점은 속도입니다."


def test_a_long_section_header_is_still_a_section() -> None:
    header = (
        "## Daily Papers (2025-07-05) — "
        + "오늘은 비전과 언어 모델 논문이 많았고 음성 논문도 있었습니다 " * 2
    )
    digest = parse_digest(
        header + "\n\n### [Kelp](https://arxiv.org/abs/2507.00051)\n\n- 다시마.\n", "long.md"
    )
    assert (digest.style, [p.id for p in digest.papers]) == ("daily_papers", ["2507.00051"])


def test_a_trailer_after_the_entries_is_no_paper() -> None:
    text = (
        "# Daily Papers (2025-07-06)\n\n"
        + entries(("2507.00061", "Salt Flats"))
        + "## License\n\nCC BY 4.0\n\n### 기여 방법\n\n풀 리퀘스트를 보내 주세요.\n"
    )
    assert [p.id for p in parse_digest(text, "trailer.md").papers] == ["2507.00061"]


def test_a_heading_without_a_link_fixes_no_entry_level() -> None:
    text = (
        "# Daily Papers (2025-07-07)\n\n### 오늘의 요약\n\n두 편입니다.\n\n"
        "## [Moss Walls](https://arxiv.org/abs/2507.00071)\nVote: 4\n\n- 이끼 벽.\n\n"
        "## [Fern Roofs](https://arxiv.org/abs/2507.00072)\nVote: 2\n\n- 고사리 지붕.\n"
    )
    assert [p.id for p in parse_digest(text, "levels.md").papers] == ["2507.00071", "2507.00072"]


def test_no_date_from_a_model_name_a_hash_or_a_backup_folder() -> None:
    assert first_date("Daily Papers: GPT-4 March 2024 특집") is None
    assert first_date("Daily Papers (3 May 2024)") == dt.date(2024, 5, 3)
    assert date_in_path("digests/3f2a20240301bc99.md") is None
    assert date_in_path("/mnt/backup-20230105/paper_logs/2024/09/20.md") == dt.date(2024, 9, 20)


def test_comments_left_open_are_text() -> None:
    assert without_comments("a <!-- b " * 3) == "a <!-- b " * 3
    assert without_comments("a <!-- b\nc --> d <!-- e") == "a \n d <!-- e"


def test_numbered_and_marked_link_headings_are_entries() -> None:
    for mark in ("1. ", "📄 ", "**"):
        close = "**" if mark == "**" else ""
        text = (
            "# Daily Papers (2025-07-08)\n\n"
            f"### {mark}[Alpha Paths](https://arxiv.org/abs/2507.00081){close}\nVote: 12\n\n"
            f"### {mark}[Beta Paths](https://arxiv.org/abs/2507.00082){close}\nVote: 3\n"
        )
        digest = parse_digest(text, "marked.md")
        assert [(p.id, p.title) for p in digest.papers] == [
            ("2507.00081", "Alpha Paths"),
            ("2507.00082", "Beta Paths"),
        ], mark
        named = text.replace(
            "# Daily Papers (2025-07-08)", "# 📰 Hugging Face Daily Papers: Jul 8, 2025"
        )
        assert len(parse_digest(named, "named.md").papers) == 2, mark


def test_a_heading_in_a_closed_fence_is_code_and_an_unclosed_fence_ends_at_the_next_entry() -> None:
    example = (
        "## Daily Papers (2025-07-09)\n\n"
        "### [Alpha](https://arxiv.org/abs/2507.00091)\nVote: 1\n\n- 예시:\n"
        "```markdown\n### [Example Title](https://arxiv.org/abs/2401.99999)\n"
        "# fetch the daily papers list\n```\n\n"
        "### [Beta](https://arxiv.org/abs/2507.00092)\nVote: 2\n\n- 베타.\n"
    )
    assert [p.id for p in parse_digest(example, "example.md").papers] == [
        "2507.00091",
        "2507.00092",
    ]
    unclosed = (
        "## Daily Papers (2025-07-09)\n\n"
        "### [Alpha](https://arxiv.org/abs/2507.00091)\nVote: 1\n\n"
        "```python\n# 학습률 설정\nlr = 3e-4\n\n"
        "### [Beta](https://arxiv.org/abs/2507.00092)\nVote: 2\n\n- 베타.\n\n"
        "### [Gamma](https://arxiv.org/abs/2507.00093)\nVote: 3\n\n- 감마.\n"
    )
    digest = parse_digest(unclosed, "unclosed.md")
    assert [p.id for p in digest.papers] == ["2507.00091", "2507.00092", "2507.00093"]
    assert digest.papers[0].appearances[0].summary == "# 학습률 설정 lr = 3e-4"


def test_a_day_after_a_word_is_a_date_but_not_after_a_hyphen() -> None:
    assert first_date("## Daily Papers - 3 May 2024") == dt.date(2024, 5, 3)
    assert first_date("Hugging Face Daily Papers 20 September 2024") == dt.date(2024, 9, 20)
    assert first_date("GPT-4 March 2024") is None


def test_votes_in_bold_with_a_unit_or_a_dash() -> None:
    text = "## Daily Papers (2025-07-10)\n\n"
    for number, line in enumerate(
        ("추천수: **12**", "👍 **7**", "추천수: 5개", "👍 9 likes", "추천수: -")
    ):
        text += f"### [P{number}](https://arxiv.org/abs/2507.0010{number})\n{line}\n\n- 요약.\n\n"
    digest = parse_digest(text, "votes.md")
    assert [p.appearances[0].votes for p in digest.papers] == [12, 7, 5, 9, None]
    assert [p.appearances[0].summary for p in digest.papers] == ["요약."] * 5
    assert digest.warnings == ()


def test_an_english_label_line_in_notes_keeps_them_notes() -> None:
    text = (
        "## 2505.04921\n\n음성 인식 논문입니다.\n- Related fields: speech\n\n"
        "## 2505.04922\n\n번역 논문입니다.\n\n## 2505.04923\n\n요약 논문입니다.\n"
    )
    digest = parse_digest(text, "notes.md")
    assert (digest.style, len(digest.papers)) == ("paper_notes", 3)


def test_a_fence_left_open_before_the_next_entrys_own_block_ends_there() -> None:
    """The next entry's ```` ```python ```` opens a fence anew: the first never closed."""
    text = (
        "## Daily Papers (2025-07-11)\n\n"
        "### [Open](https://arxiv.org/abs/2507.00111)\nVote: 1\n\n```python\nx = 1\n\n"
        "### [Next](https://arxiv.org/abs/2507.00112)\nVote: 2\n\n```python\ny = 2\n```\n\n- 끝.\n"
    )
    digest = parse_digest(text, "reopened.md")
    assert [p.id for p in digest.papers] == ["2507.00111", "2507.00112"]
    assert digest.papers[1].appearances[0].summary == "y = 2\n끝."


def test_fences_after_an_unclosed_one_are_read_as_their_own() -> None:
    text = (
        "## Daily Papers (2025-07-12)\n\n"
        "### [Open](https://arxiv.org/abs/2507.00121)\nVote: 1\n\n```python\nx = 1\n\n"
        "### [Tilde](https://arxiv.org/abs/2507.00122)\nVote: 2\n\n~~~\n# 물결 안\n~~~\n\n"
        "### [Last](https://arxiv.org/abs/2507.00123)\nVote: 3\n"
    )
    digest = parse_digest(text, "tilde.md")
    summaries = [(p.id, p.appearances[0].summary) for p in digest.papers]
    assert summaries == [("2507.00121", "x = 1"), ("2507.00122", "# 물결 안"), ("2507.00123", "")]
