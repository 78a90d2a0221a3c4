"""Malformed digests: what can be recovered is, what cannot is a warning.

Written against ``parse_digest`` (the dispatcher every style goes through)
and, where the run matters, the CLI. Never an exception.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from papercli.model import Digest
from papercli.parse import parse_digest
from tests.conftest import FIXTURES
from tests.robustness.helpers import as_json, entry, write

GOOD = entry("2402.00001", "Good Paper One", 10, "첫 번째 논문입니다.")
SECOND = entry("2402.00002", "Good Paper Two", 7, "두 번째 논문입니다.")
HEADER = "## Daily Papers (2024-02-06)\n\n"
SIMPLE = (FIXTURES / "simple" / "title_inline.md").read_text("utf-8")
INSIGHTS = (FIXTURES / "insights" / "basic.md").read_text("utf-8")


def parsed(text: str, source: str = "/archive/digest.md", twice: bool = True) -> Digest:
    digest = parse_digest(text, source)
    if twice:
        assert digest == parse_digest(text, source)
    for paper in digest.papers:
        assert paper.id.strip() and paper.title.strip() and paper.appearances
    return digest


def ids(digest: Digest) -> list[str]:
    return [p.id for p in digest.papers]


def test_truncated_in_the_middle_of_an_entry_keeps_what_came_before() -> None:
    text = HEADER + GOOD + "\n" + SECOND
    for cut in range(len(HEADER) + len(GOOD) + 1, len(text), 7):
        digest = parsed(text[:cut])
        assert ids(digest)[0] == "2402.00001"
        assert digest.papers[0].appearances[0].votes == 10


def test_truncated_inside_the_heading_link_warns() -> None:
    digest = parsed(HEADER + GOOD + "\n### [Cut Paper](https://arxiv.org/abs/2402.000")
    assert ids(digest)[0] == "2402.00001"
    assert digest.warnings, "the cut-off entry's arXiv id cannot be recovered; say so"


def test_entry_heading_with_no_link_is_kept_with_a_warning() -> None:
    digest = parsed(HEADER + GOOD + "\n### A Heading With No Link\n\nVote: 3\n\n- 내용입니다.\n")
    assert [p.title for p in digest.papers] == ["Good Paper One", "A Heading With No Link"]
    assert any("A Heading With No Link" in w and "no link" in w for w in digest.warnings)


def test_simple_entry_with_no_link_warns() -> None:
    text = SIMPLE.replace("[PDF 다운로드](https://arxiv.org/pdf/2409.00001)", "").replace(
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.00001.png", ""
    )
    digest = parsed(text)
    assert len(digest.papers) == 2
    assert any("Tiny Llamas" in w for w in digest.warnings)


def test_link_with_no_arxiv_id_gets_a_stable_id_from_the_link() -> None:
    text = (
        HEADER
        + GOOD
        + "\n"
        + entry("x", "Blog Post").replace("https://arxiv.org/abs/x", "https://example.com/post/7")
    )
    first, second = parsed(text).papers
    assert first.id == "2402.00001"
    assert second.id.startswith("link-") and second.url == "https://example.com/post/7"
    assert parsed(text).papers[1].id == second.id


def test_insights_source_with_no_link_is_kept_with_a_warning() -> None:
    digest = parsed(INSIGHTS.replace(" (http://arxiv.org/abs/2502.01001v1)", ""))
    assert "Tactile Grasping for Soft Objects" in [p.title for p in digest.papers]
    assert any("has no link" in w for w in digest.warnings)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (HEADER + GOOD.replace("Vote: 10", "Vote: many"), "many"),
        (HEADER + GOOD.replace("Vote: 10", "Vote: 1O"), "1O"),
        (SIMPLE.replace("**추천수**: 4", "**추천수**: 많음"), "많음"),
    ],
)
def test_vote_that_is_not_a_number_is_none_with_a_warning(text: str, needle: str) -> None:
    digest = parsed(text)
    assert digest.papers and digest.papers[0].appearances[0].votes is None
    assert any(needle in w for w in digest.warnings)


def test_vote_dash_is_unknown_without_fuss() -> None:
    digest = parsed(HEADER + GOOD.replace("Vote: 10", "Vote: -"))
    assert digest.papers[0].appearances[0].votes is None


def test_date_that_does_not_exist_is_dropped_with_a_warning() -> None:
    digest = parsed(HEADER.replace("2024-02-06", "2024-02-30") + GOOD, "/archive/digest.md")
    assert digest.date is None and digest.papers[0].appearances[0].date is None
    assert any("2024-02-30" in w for w in digest.warnings)
    dated = parsed(HEADER.replace("2024-02-06", "2024-02-30") + GOOD, "/archive/2024-02-07.md")
    assert str(dated.papers[0].appearances[0].date) == "2024-02-07"


def test_insights_date_that_does_not_exist_warns() -> None:
    digest = parsed(INSIGHTS.replace("paper_2025-02-03.png", "paper_2025-02-30.png"))
    assert digest.date is None
    assert any("2025-02-30" in w for w in digest.warnings)


def test_duplicate_entries_in_one_file_are_kept_once() -> None:
    digest = parsed(HEADER + GOOD + "\n" + SECOND + "\n" + GOOD)
    assert ids(digest) == ["2402.00001", "2402.00002"]
    assert any("twice" in w for w in digest.warnings)
    twice = parsed(
        INSIGHTS.replace(
            " - Sim-to-Real Arms",
            " - Tactile Grasping for Soft Objects (http://arxiv.org/abs/2502.01001v1)\n - Sim-to-Real Arms",
        )
    )
    assert ids(twice).count("2502.01001") == 1


def test_duplicates_are_indexed_once(tmp_path: Path) -> None:
    write(tmp_path / "d" / "2024-02-06.md", HEADER + GOOD + "\n" + GOOD + "\n" + GOOD)
    report = as_json("index", str(tmp_path / "d"))
    assert (report["papers"], report["appearances"]) == (1, 1)
    assert any("twice" in w for w in report["warnings"])


def test_empty_and_blank_files_hold_nothing(tmp_path: Path) -> None:
    for text in ("", "\n\n", "   \n\t\n", "\ufeff"):
        digest = parsed(text)
        assert (digest.style, digest.papers) == (None, ())
    write(tmp_path / "d" / "empty.md", "")
    write(tmp_path / "d" / "good.md", HEADER + GOOD)
    report = as_json("index", str(tmp_path / "d"))
    assert (report["files_read"], report["appearances"]) == (2, 1)
    assert any("empty.md: not in any digest style; skipped" in w for w in report["warnings"])


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_crlf_and_lone_cr_line_endings(newline: str) -> None:
    for text in (HEADER + GOOD + "\n" + SECOND, SIMPLE, INSIGHTS):
        assert parsed(text.replace("\n", newline)) == parsed(text)


def test_tabs_and_non_breaking_spaces() -> None:
    text = (HEADER + GOOD).replace("Vote: 10", "Vote:\t10").replace(" ", "\u00a0")
    digest = parsed(text)
    assert ids(digest) == ["2402.00001"]
    assert digest.papers[0].title == "Good Paper One"
    assert digest.papers[0].appearances[0].votes == 10
    assert digest.papers[0].authors == ("Hana Kim", "Leo Park")


def test_control_characters_and_stray_boms_do_not_reach_titles() -> None:
    text = "\ufeff" + HEADER + GOOD.replace("Good Paper", "Good\x1b[31m\x07 \x9bPaper\ufeff")
    digest = parsed(text)
    assert digest.papers[0].title == "Good[31m Paper One"


WIDE = "*a* [b] <c> `d` _e_ $f$ " * 4200


def test_a_100000_character_line_is_parsed_whole() -> None:
    (paper,) = parsed(HEADER + GOOD.replace("첫 번째 논문입니다.", WIDE)).papers
    assert paper.title == "Good Paper One"
    assert paper.appearances[0].summary.count("`d` _e_ $f$") == 4200

    (paper,) = parsed(HEADER + GOOD.replace("Good Paper One", "[[(" * 33_000 + " Title")).papers
    assert paper.id == "2402.00001"
    assert "".join(paper.title.split()) == "[[(" * 33_000 + "Title"

    cut = parsed(HEADER + "### [" + "a (b [c " * 12_500 + "\n")
    assert cut.papers[0].id.startswith("title-") and len(cut.papers[0].title) >= 99_000
    assert any("no link" in w for w in cut.warnings)

    tiny, sheep = parsed(SIMPLE.replace("작은 언어 모델을", WIDE)).papers
    assert tiny.appearances[0].summary.count("`d` _e_ $f$") == 4200
    assert sheep.title == "Counting Sheep with Transformers"

    wide = INSIGHTS.replace("로봇 팔의", WIDE).replace(
        " - Sim-to-Real Arms", " - " + "(x) " * 25_000
    )
    tactile, crowded, *rest = parsed(wide).papers
    assert tactile.appearances[0].summary.count("`d` _e_ $f$") == 4200
    assert (crowded.id, crowded.title.split()) == ("deeplearn-600100", ["(x)"] * 25_000)
    assert len(rest) == 2

    nothing = parsed("x" * 100_000)
    assert (nothing.style, nothing.papers, nothing.warnings) == (None, (), ())


@pytest.mark.slow
def test_a_50_mb_digest_keeps_every_entry() -> None:
    """Every entry carries a base64 image, as pasted-in screenshots do."""
    blob = base64.b64encode(bytes(range(256)) * 400).decode()
    entries = [
        entry(f"2402.{n:05d}", f"Paper {n}").replace(
            "Vote:", f"![](data:image/png;base64,{blob})\n\nVote:"
        )
        for n in range(370)
    ]
    text = HEADER + "\n".join(entries)
    assert len(text) > 50_000_000
    digest = parsed(text, twice=False)
    assert ids(digest) == [f"2402.{n:05d}" for n in range(370)]
    assert all(paper.appearances[0].media == () for paper in digest.papers)
