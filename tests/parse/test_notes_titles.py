"""paper_notes titles the probe found wrong: a file heading over one paper, a section
sub-heading after the text, an id link left in a heading, a vote in a list item."""

from __future__ import annotations

import datetime as dt

import pytest

from papercli.model import Digest
from papercli.parse import notes, parse_digest

BODY = "이 논문은 조용한 항구에서 배를 안내하는 방법을 제안합니다.\n"


def rows(result: Digest) -> list[tuple[str, str, str, dt.date | None, int | None]]:
    return [
        (p.id, p.title, p.title_source, p.appearances[0].date, p.appearances[0].votes)
        for p in result.papers
    ]


@pytest.mark.parametrize(
    ("header", "entry", "arxiv", "title"),
    [
        (
            "# Evening reading",
            "## [Lantern Nets](https://arxiv.org/abs/2402.20011)",
            "2402.20011",
            "Lantern Nets",
        ),
        (
            "## Weekly Papers",
            "### [Quiet Harbors](https://arxiv.org/abs/2402.20012)",
            "2402.20012",
            "Quiet Harbors",
        ),
        (
            "# 내 읽기 목록",
            "## [Paper Kites](https://huggingface.co/papers/2402.20013)",
            "2402.20013",
            "Paper Kites",
        ),
    ],
)
def test_a_file_heading_over_one_paper_is_not_its_title(
    header: str, entry: str, arxiv: str, title: str
) -> None:
    result = parse_digest(f"{header}\n\n{entry}\n\n{BODY}", "x.md")
    assert result.style == "paper_notes"
    assert rows(result) == [(arxiv, title, "heading", None, None)]
    assert result.papers[0].appearances[0].summary == BODY.strip()


def test_a_dated_file_heading_over_one_paper_dates_it() -> None:
    """Read as notes and as a whole: a Daily Papers header named otherwise, with a
    date, makes the file a Daily Papers digest (``papercli.parse.daily``)."""
    text = (
        "# 📰 Hugging Face Daily Papers – 2024년 10월 3일\n\n"
        "### [Tidal Tokens](https://huggingface.co/papers/2410.00021)\n\n" + BODY
    )
    day = dt.date(2024, 10, 3)
    found = notes.parse(text, "x.md")
    assert found.date == day
    assert [(p.id, p.title, p.appearances[0].date) for p in found.papers] == [
        ("2410.00021", "Tidal Tokens", day)
    ]
    result = parse_digest(text, "x.md")
    assert (result.style, result.date) == ("daily_papers", day)
    assert rows(result) == [("2410.00021", "Tidal Tokens", "heading", day, None)]


@pytest.mark.parametrize("section", ["## Open Problems", "### Why It Helps", "**Key Takeaways**"])
def test_a_section_after_the_text_is_no_title(section: str) -> None:
    text = (
        "## 2404.02121\n\n"
        '"Silent Gradients: Pruning Without Noise" 논문은 가지치기를 조용히 다룹니다.\n\n'
        f"{section}\n\n아직 답하지 못한 질문이 남아 있습니다.\n\n"
        "## 2404.03131\n\n"
        '"Bright Paths: Routing by Light" 논문은 빛으로 경로를 찾습니다.\n'
    )
    result = parse_digest(text, "x.md")
    assert rows(result) == [
        ("2404.02121", "Silent Gradients: Pruning Without Noise", "text", None, None),
        ("2404.03131", "Bright Paths: Routing by Light", "text", None, None),
    ]
    summary = result.papers[0].appearances[0].summary
    assert summary.endswith(f"{section.strip('#* ')}\n\n아직 답하지 못한 질문이 남아 있습니다.")


def test_a_heading_at_the_entry_level_is_a_sibling_not_a_title() -> None:
    text = (
        "## 2404.04141\n\n## Open Problems\n\n"
        '"Silent Gradients: Pruning Without Noise" 논문의 남은 질문입니다.\n'
    )
    (paper,) = parse_digest(text, "x.md").papers
    assert (paper.title, paper.title_source) == ("Silent Gradients: Pruning Without Noise", "text")
    assert paper.appearances[0].summary.startswith("Open Problems\n\n")


def test_an_explicit_title_heading_at_the_entry_level_is_still_the_title() -> None:
    text = "## 2404.04242\n\n## Title: Tidy Harbor Maps\n\n항구 지도를 정리합니다.\n"
    (paper,) = parse_digest(text, "x.md").papers
    assert (paper.title, paper.title_source) == ("Tidy Harbor Maps", "heading")


@pytest.mark.parametrize(
    ("heading", "arxiv", "title"),
    [
        (
            "Lighthouse Keepers: Steering Boats with LLMs (https://arxiv.org/abs/2404.05151)",
            "2404.05151",
            "Lighthouse Keepers: Steering Boats with LLMs",
        ),
        ("Four Digit Days (https://arxiv.org/abs/1412.0012)", "1412.0012", "Four Digit Days"),
        ("Five Digit Dawn (https://arxiv.org/abs/1502.00012)", "1502.00012", "Five Digit Dawn"),
        ("Creek Current (arxiv.org/abs/2404.09191)", "2404.09191", "Creek Current"),
        (
            "Creek Current [2404.09192](https://arxiv.org/abs/2404.09192v2)",
            "2404.09192",
            "Creek Current",
        ),
        ("Cactus Flower [arXiv](https://arxiv.org/abs/2404.07171)", "2404.07171", "Cactus Flower"),
        (
            "Cactus Flower [PDF](https://arxiv.org/pdf/2404.07172) [Code](https://github.com/x/y)",
            "2404.07172",
            "Cactus Flower",
        ),
        ("Moss Garden — https://huggingface.co/papers/2404.07173", "2404.07173", "Moss Garden"),
    ],
)
def test_an_id_link_in_a_heading_leaves_no_trace_in_the_title(
    heading: str, arxiv: str, title: str
) -> None:
    text = f"## {heading}\n\n{BODY}\n## Second Paper (arXiv:2404.00001)\n\n{BODY}"
    result = parse_digest(text, "x.md")
    assert rows(result)[0] == (arxiv, title, "heading", None, None)
    assert result.papers[0].appearances[0].summary == BODY.strip()


def test_a_vote_after_a_bare_link_in_a_list_item_is_the_vote() -> None:
    text = (
        "1. Silver Benchmarks — https://huggingface.co/papers/2409.05151 — 👍 8\n"
        "   벤치마크를 새로 만듭니다.\n"
        "2. Bronze Baselines https://arxiv.org/abs/2409.05152 (👍 12)\n"
        "   기준선을 다시 봅니다.\n"
        "3. Copper Wires — https://huggingface.co/papers/2409.05153 — 배선을 다룹니다.\n"
    )
    result = parse_digest(text, "x.md")
    assert rows(result) == [
        ("2409.05151", "Silver Benchmarks", "heading", None, 8),
        ("2409.05152", "Bronze Baselines", "heading", None, 12),
        ("2409.05153", "Copper Wires", "heading", None, None),
    ]
    assert [p.appearances[0].summary for p in result.papers] == [
        "벤치마크를 새로 만듭니다.",
        "기준선을 다시 봅니다.",
        "배선을 다룹니다.",
    ]
