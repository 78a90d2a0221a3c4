"""Daily Papers digests as other generators and hands write them: code fences with
``#`` lines, commented-out drafts, other vote and author spellings, stray bytes, and
dates written in words or without separators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from papercli.dates import first_date
from papercli.errors import UnreadableFile
from papercli.parse import decoded, parse_digest
from papercli.parse.text import author_names
from tests.helpers import run, write

FENCED = """## Daily Papers (2025-06-02)

### [Folding Paper Cranes](https://arxiv.org/abs/2506.00101)
Vote: 8

- **Technical Details**: 아래 코드로 학습률을 정합니다.
```python
# 학습률 설정
## 예시
Vote: 999
lr = 3e-4
```
- **Performance Highlights**: 두 배 빠릅니다.

### [Kites in Thin Air](https://arxiv.org/abs/2506.00102)
Vote: 2

- 연 날리기 시뮬레이션.
"""


def test_a_code_fence_is_the_entrys_text_and_never_ends_it() -> None:
    digest = parse_digest(FENCED, "fenced.md")
    first, second = digest.papers
    assert (first.id, first.appearances[0].votes) == ("2506.00101", 8)
    assert first.appearances[0].summary == (
        "Technical Details: 아래 코드로 학습률을 정합니다. # 학습률 설정 "
        "## 예시 Vote: 999 lr = 3e-4\n"
        "Performance Highlights: 두 배 빠릅니다."
    )
    assert (second.id, second.title) == ("2506.00102", "Kites in Thin Air")
    assert digest.warnings == ()


def test_a_fence_left_open_fences_nothing() -> None:
    """A fence never closed (a typo, a cut) fences nothing rather than every later entry."""
    text = FENCED.replace("lr = 3e-4\n```\n", "lr = 3e-4\n")
    text = text.replace("# 학습률 설정\n", "").replace("## 예시\n", "")
    ids = [p.id for p in parse_digest(text, "cut.md").papers]
    assert ids == ["2506.00101", "2506.00102"]


def test_a_commented_out_entry_is_no_paper() -> None:
    text = """## Daily Papers (2025-06-03)

<!--
### [Draft Entry](https://arxiv.org/abs/2506.00009)
Vote: 500
-->

### [Quiet Harbors](https://arxiv.org/abs/2506.00201)
Vote: 4

- 조용한 <!-- 메모 --> 항구 모델.
"""
    (paper,) = parse_digest(text, "commented.md").papers
    assert (paper.id, paper.appearances[0].votes) == ("2506.00201", 4)
    assert paper.appearances[0].summary == "조용한 항구 모델."
    unclosed = text.replace("-->\n\n###", "\n\n###", 1).replace("<!-- 메모 -->", "")
    assert [p.id for p in parse_digest(unclosed, "open.md").papers] == [
        "2506.00009",
        "2506.00201",
    ]


def test_votes_and_authors_as_other_generators_write_them() -> None:
    text = """## Daily Papers (2025-06-04)

### [Lanterns](https://arxiv.org/abs/2506.00301)
추천수: 21
Authors: Ana Lima; Bo Chen; 李明

- 등불.

### [Ferns](https://arxiv.org/abs/2506.00302)
👍 4
Authors: Ana Lima, Bo Chen and Cy Dee, et al.

- 고사리.

### [Moss](https://arxiv.org/abs/2506.00303)
Upvotes: 1,024 votes
Authors: 김하나, 이두리 외 3명

- 이끼.
"""
    digest = parse_digest(text, "votes.md")
    found = [(p.appearances[0].votes, p.authors) for p in digest.papers]
    assert found == [
        (21, ("Ana Lima", "Bo Chen", "李明")),
        (4, ("Ana Lima", "Bo Chen", "Cy Dee")),
        (1024, ("김하나", "이두리")),
    ]
    assert [p.appearances[0].summary for p in digest.papers] == ["등불.", "고사리.", "이끼."]
    assert digest.warnings == ()


def test_a_few_stray_bytes_cost_only_themselves() -> None:
    good = "## Daily Papers (2025-06-05)\n\n### [Glass](https://arxiv.org/abs/2506.00401)\n"
    data = good.encode() + b"Authors: Ren\xe9 M\xfcller\n\n- \xec\x9c\xa0\xeb\xa6\xac \x00.\n"
    text, warning = decoded(data, "stray.md")
    assert warning == "not UTF-8 in 2 places, read there as Windows-1252"
    (paper,) = parse_digest(text, "stray.md").papers
    assert paper.authors == ("René Müller",)
    assert paper.appearances[0].summary == "유리 ."
    assert decoded(good.encode(), "clean.md") == (good, None)
    with pytest.raises(UnreadableFile):  # more than a few stray bytes: not a text file
        decoded(good.encode() + bytes(range(128, 256)) * 4, "noise.md")


def test_the_index_warns_of_stray_bytes_and_keeps_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    write(
        folder / "a.md",
        b"## Daily Papers (2025-06-05)\n\n### [Glass](https://arxiv.org/abs/2506.00401)\n- Ren"
        + b"\xe9.\n",
    )
    result = run("index", str(folder))
    assert f"Warning: {folder / 'a.md'}: not UTF-8 in 1 place, read there as Windows-1252" in (
        result.stderr
    )
    assert "1 paper, 1 appearance" in result.stderr


def test_dates_in_words_and_without_separators() -> None:
    assert first_date("Daily Papers (Feb 8, 2024)") == dt.date(2024, 2, 8)
    assert first_date("8 February 2024") == dt.date(2024, 2, 8)
    assert first_date("September 3rd, 2024") == dt.date(2024, 9, 3)
    assert first_date("logs/20240216.md") == dt.date(2024, 2, 16)
    assert first_date("(08/02/2024)") is None  # day or month first: not guessed
    assert first_date("2402.01234 and 20241301") is None  # an arXiv id, no 13th month
    assert first_date("may 2024") is None


ENTRIES = """
### [Paper Boats](https://arxiv.org/abs/2506.00501)
Vote: 3

- 종이배.
"""


@pytest.mark.parametrize(
    "header",
    [
        "## Daily Papers - 2025-06-07",
        "## Daily Papers: June 7, 2025",
        "## 2025-06-07 Daily Papers",
        "# 📰 Hugging Face Daily Papers – 2025년 6월 7일",
        "## **Daily Papers** (7 June 2025)",
    ],
)
def test_a_section_header_named_otherwise_counts_with_its_date(header: str) -> None:
    digest = parse_digest(header + "\n" + ENTRIES, "named.md")
    assert digest.style == "daily_papers"
    assert [(p.id, p.appearances[0].date) for p in digest.papers] == [
        ("2506.00501", dt.date(2025, 6, 7))
    ]


def test_entries_one_level_below_a_top_level_header_or_two_below_a_section() -> None:
    """``# Daily Papers (…)`` with ``##`` entries, ``## Daily Papers (…)`` with ``####``:
    the entries are the link headings below the header, at the level of the first; a
    grouping heading between them ends no section, a link heading deeper is text."""
    top = """# Daily Papers (2025-06-08)

## [Clay Pots](https://arxiv.org/abs/2506.00601)
Vote: 5

- 점토.
### [Code](https://github.com/example/clay)

## Vision

## [Glass Beads](https://arxiv.org/abs/2506.00602)
Vote: 1

- 유리구슬.
"""
    digest = parse_digest(top, "top.md")
    assert digest.style == "daily_papers"
    found = [(p.id, p.appearances[0].votes, p.appearances[0].summary) for p in digest.papers]
    assert found == [("2506.00601", 5, "점토. Code"), ("2506.00602", 1, "유리구슬.")]
    deep = (
        top.replace("## Vision", "### Vision")
        .replace("### [Code", "##### [Code")
        .replace("\n## [", "\n#### [")
        .replace("# Daily", "## Daily")
    )
    assert "##### [Code]" in deep and "\n#### [Glass" in deep
    assert [p.id for p in parse_digest(deep, "deep.md").papers] == ["2506.00601", "2506.00602"]


def test_an_and_splits_only_before_the_last_name() -> None:
    assert author_names("Ana Lima, Bo Chen, and Cy Dee") == ("Ana Lima", "Bo Chen", "Cy Dee")
    assert author_names("Tom and Jerry Lab, Ana Lima") == ("Tom and Jerry Lab", "Ana Lima")
    assert author_names("R&D Team, Bo Chen & Cy Dee") == ("R&D Team", "Bo Chen", "Cy Dee")


def test_an_entry_heading_without_a_link_gives_its_arxiv_note_as_the_id() -> None:
    text = "## Daily Papers (2025-06-10)\n\n### Unlinked Lanterns (arXiv:2506.00801v1)\nVote: 2\n"
    (paper,) = parse_digest(text, "unlinked.md").papers
    assert (paper.id, paper.title) == ("2506.00801", "Unlinked Lanterns")


def test_front_matter_is_no_text_and_its_date_dates_the_digest() -> None:
    text = (
        "---\ntitle: 오늘 읽은 논문\ndate: 2025-06-11\ntags:\n  - reading\n---\n\n"
        "### [Willow Baskets](https://arxiv.org/abs/2506.00901)\nVote: 6\n\n- 버들 바구니.\n\n"
        "### [Reed Mats](https://arxiv.org/abs/2506.00902)\nVote: 1\n\n- 갈대 돗자리.\n"
    )
    digest = parse_digest(text, "front.md")
    assert (digest.style, digest.date) == ("daily_papers", dt.date(2025, 6, 11))
    assert [p.appearances[0].date for p in digest.papers] == [dt.date(2025, 6, 11)] * 2
    header = text.replace("\n\n###", "\n## Daily Papers (2025-06-12)\n\n###", 1)
    assert parse_digest(header, "both.md").date == dt.date(2025, 6, 12)  # the header's first


def test_a_digest_with_no_paper_says_so(tmp_path: Path) -> None:
    write(tmp_path / "d" / "empty.md", "## Daily Papers (2025-06-13)\n\n오늘은 논문이 없습니다.\n")
    result = run("index", str(tmp_path / "d"))
    path = tmp_path / "d" / "empty.md"
    assert f"Warning: {path}: a daily_papers digest with no paper in it" in result.stderr


GROUPED = """## Daily Papers (2025-06-12)

### 🧭 Robots

#### [Wobbly Legs Walk Anyway](https://arxiv.org/abs/2506.01201)
Vote: 9
Authors: Ana Lima, Bo Chen

- 흔들리는 다리로도 걷는 보행 정책.

#### [Grippers That Ask First](https://arxiv.org/abs/2506.01202)
Vote: 3

- 잡기 전에 묻는 로봇 손.

### 🗣️ Speech

#### [Whispering Back](https://arxiv.org/abs/2506.01203)
Vote: 4

- 속삭임에 답하는 음성 모델.
"""


@pytest.mark.parametrize("entries", ["####", "###"])
def test_grouping_headings_over_entries_are_their_category_and_no_paper(entries: str) -> None:
    """``### 🧭 Robots`` over ``#### [Title](…)`` entries, or over ``### [Title](…)`` ones
    at its own level: every entry kept (the second was read as the first's text, and the
    group's heading became a paper titled with it), the group its category."""
    text = GROUPED.replace("\n#### ", f"\n{entries} ")
    digest = parse_digest(text, "grouped.md")
    assert digest.warnings == ()
    found = [
        (p.id, p.title, p.appearances[0].votes, p.appearances[0].category) for p in digest.papers
    ]
    assert found == [
        ("2506.01201", "Wobbly Legs Walk Anyway", 9, "Robots"),
        ("2506.01202", "Grippers That Ask First", 3, "Robots"),
        ("2506.01203", "Whispering Back", 4, "Speech"),
    ]
    assert digest.papers[0].authors == ("Ana Lima", "Bo Chen")


def test_an_unlinked_entry_with_text_of_its_own_is_still_a_paper() -> None:
    text = (
        "## Daily Papers (2025-06-13)\n\n### Paper Lanterns (arXiv:2506.01301)\nVote: 2\n\n"
        "- 종이 등.\n\n### [Stone Steps](https://arxiv.org/abs/2506.01302)\nVote: 1\n\n- 돌계단.\n"
    )
    digest = parse_digest(text, "mixed.md")
    assert [(p.id, p.title, p.appearances[0].category) for p in digest.papers] == [
        ("2506.01301", "Paper Lanterns", None),
        ("2506.01302", "Stone Steps", None),
    ]


def test_a_group_is_a_category_to_list_by(tmp_path: Path) -> None:
    write(tmp_path / "digests" / "grouped.md", GROUPED)
    run("index", str(tmp_path / "digests"))
    listed = run("list", "--category", "robots", "--oneline", "--no-pager").stdout
    assert [line.split()[0] for line in listed.splitlines()] == ["2506.01201", "2506.01202"]


def test_a_quoted_summary_is_read_without_its_quote_marks() -> None:
    text = (
        "## Daily Papers (2025-06-14)\n\n### [Quiet Bells](https://arxiv.org/abs/2506.01401)\n"
        "> Vote: 7\n> 조용한 종소리를 만드는 방법.\n>\n> > 인용 속 인용.\n"
    )
    (paper,) = parse_digest(text, "quoted.md").papers
    assert (paper.appearances[0].votes, paper.appearances[0].summary) == (
        7,
        "조용한 종소리를 만드는 방법.\n인용 속 인용.",
    )


def test_a_paper_heading_above_the_grouped_entries_is_an_entry_in_no_group() -> None:
    text = GROUPED.replace("### 🗣️ Speech\n\n#### ", "### ")
    assert "\n### [Whispering Back]" in text
    found = [(p.id, p.appearances[0].category) for p in parse_digest(text, "g.md").papers]
    assert found == [("2506.01201", "Robots"), ("2506.01202", "Robots"), ("2506.01203", None)]


@pytest.mark.parametrize(
    "body",
    [
        "#### 📄 [arXiv](https://arxiv.org/abs/2506.01501)\nVote: 4\n- 제목 아래 링크.\n",
        "Vote: 4\n- 자기 글이 있다.\n#### [Code Release](https://arxiv.org/abs/2506.01501)\n",
        "![thumb](https://cdn.example.org/t.png)\n",
    ],
)
def test_an_unlinked_entry_with_a_link_heading_votes_or_media_is_no_group(body: str) -> None:
    """``### Title`` over ``#### [arXiv](…)`` (its own link), or with votes, text or a
    thumbnail of its own: an entry, never a group naming the entries after it."""
    text = (
        "## Daily Papers (2025-06-15)\n\n### Unlinked Pottery Wheels\n"
        + body
        + "\n### [Linked Kilns](https://arxiv.org/abs/2506.01502)\nVote: 2\n- 가마.\n"
    )
    papers = parse_digest(text, "u.md").papers
    assert [p.title for p in papers] == ["Unlinked Pottery Wheels", "Linked Kilns"]
    assert [p.appearances[0].category for p in papers] == [None, None]


def test_papers_between_groups_and_unlinked_entries_inside_one_keep_every_group() -> None:
    """A linked ``###`` paper between groups is in no group, and the ``####`` entries
    after it and the groups after them are read on (every later paper was lost); an
    unlinked ``####`` entry with a vote inside a group is a paper of that group, not the
    name of the next one."""
    text = (
        "## Daily Papers (2025-06-16)\n### 🧭 Robots\n"
        "#### [Wobbly Legs](https://arxiv.org/abs/2506.01601)\n- 다리.\n"
        "### [Between Groups](https://arxiv.org/abs/2506.01602)\nVote: 9\n- 사이.\n"
        "#### [After The Loner](https://arxiv.org/abs/2506.01603)\n- 그다음.\n"
        "### 🗣️ Speech\n#### [Whispering Back](https://arxiv.org/abs/2506.01604)\n- 속삭임.\n"
        "#### Unlinked But Voted\nVote: 4\n- 링크 없음.\n"
        "#### [Last Call](https://arxiv.org/abs/2506.01605)\n- 끝.\n"
    )
    found = [(p.title, p.appearances[0].category) for p in parse_digest(text, "g.md").papers]
    assert found == [
        ("Wobbly Legs", "Robots"),
        ("Between Groups", None),
        ("After The Loner", None),
        ("Whispering Back", "Speech"),
        ("Unlinked But Voted", "Speech"),
        ("Last Call", "Speech"),
    ]
