"""The daily_papers parser over one small fixture per variant, plus the real seeds."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Paper
from papercli.parse import daily, ids, insights, parse_digest
from tests.parse.hostile import HOSTILE_LINES, daily_archive, daily_around
from tests.parse.support import (
    fixture,
    fixture_digest,
    parse_anything,
    parse_fifty_megabytes,
    seed,
    squashed,
)

load = partial(fixture, "daily")
digest = partial(fixture_digest, "daily")


def by_id(papers: tuple[Paper, ...]) -> dict[str, Paper]:
    return {paper.id: paper for paper in papers}


def test_basic_entry_fields() -> None:
    result = digest("basic.md", "archive/basic.md")
    assert result.style == daily.FORMAT
    assert result.date == dt.date(2025, 1, 10)
    assert result.warnings == ()
    first, second = result.papers
    assert first.id == "2501.01001"
    assert first.title == "Sparse Routers for Tiny Experts"
    assert first.authors == ("Hana Kim", "Minho Lee", "Ada Park")
    assert first.url == "https://arxiv.org/abs/2501.01001"
    assert first.pdf_url == "https://arxiv.org/pdf/2501.01001"
    (seen,) = first.appearances
    assert seen.date == dt.date(2025, 1, 10)
    assert (seen.format, seen.source, seen.votes) == ("daily_papers", "archive/basic.md", 17)
    assert (seen.category, seen.fields) == (None, ())
    assert seen.media == (
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.01001.png",
    )
    assert seen.summary == (
        "작은 전문가 모델을 위한 희소 라우터를 제안합니다.\n"
        "라우터는 토큰마다 두 개의 전문가만 고르며, 계산량을 절반으로 줄입니다.\n"
        "코드는 https://github.com/example/sparse-router 에 공개됩니다."
    )
    assert second.id == "2501.01002"
    assert second.url == "https://arxiv.org/abs/2501.01002"
    assert second.authors == ("Solo Author",)
    assert second.appearances[0].votes == 3
    assert second.appearances[0].summary == "요약 문장이 하나뿐인 항목입니다."


def test_parser_sets_only_header_dates_and_is_deterministic() -> None:
    text = load("basic.md")
    first = daily.parse(text, "a.md")
    assert first == daily.parse(text, "a.md")
    assert first.date == dt.date(2025, 1, 10)
    assert [p.appearances[0].date for p in first.papers] == [dt.date(2025, 1, 10)] * 2


def test_crlf_and_tabs_are_normalised_by_the_dispatcher() -> None:
    text = load("basic.md").replace("\n", "\r\n").replace("Vote: 17", "Vote:\t17")
    result = parse_digest(text, "crlf.md")
    assert [p.id for p in result.papers] == ["2501.01001", "2501.01002"]
    assert result.papers[0].appearances[0].votes == 17
    assert result.papers[0].appearances[0].summary.count("\n") == 2


def test_old_entries_without_metadata() -> None:
    result = digest("old_entries.md")
    assert result.warnings == ()
    assert [p.id for p in result.papers] == ["2305.00011", "2305.00012", "2305.00013"]
    assert [p.title for p in result.papers] == [
        "Early Entry Without Metadata",
        "Another Early Entry",
        "Third Early Entry",
    ]
    for paper in result.papers:
        (seen,) = paper.appearances
        assert (paper.authors, seen.votes, seen.media) == ((), None, ())
        assert seen.date == dt.date(2023, 5, 2)
    summaries = [p.appearances[0].summary for p in result.papers]
    assert summaries == [
        "오래된 항목에는 썸네일도 투표도 없습니다.\nSecond line in English.",
        "다음 항목 앞에 빈 줄이 없습니다.",
        "마지막 항목.",
    ]


def test_vote_dash_is_none_and_non_numeric_vote_warns() -> None:
    result = digest("votes.md")
    votes = {p.title: p.appearances[0].votes for p in result.papers}
    assert votes == {"Dash Vote": None, "Word Vote": None, "Comma Vote": 1024}
    assert result.warnings == ("entry 'Word Vote' has a non-numeric vote 'many'; kept none",)


def test_repeated_headers_date_their_entries() -> None:
    parsed = daily.parse(load("repeated_headers.md"), "week.md")
    assert parsed.date == dt.date(2024, 4, 1)
    dates = {p.id: p.appearances[0].date for p in parsed.papers}
    assert dates == {
        "2404.00201": dt.date(2024, 4, 1),
        "2404.00202": dt.date(2024, 4, 2),
        "2404.00203": None,
    }


def test_impossible_header_date_is_ignored_with_a_warning() -> None:
    result = digest("repeated_headers.md", "archive/2024-04-07.md")
    assert result.date == dt.date(2024, 4, 1)
    assert result.warnings == ("section header '## Daily Papers (2024-02-30)' has no valid date",)
    dates = [p.appearances[0].date for p in result.papers]
    assert dates == [dt.date(2024, 4, 1), dt.date(2024, 4, 2), dt.date(2024, 4, 1)]


def test_media_lines_relative_paths_and_video_embeds() -> None:
    result = digest("media.md")
    assert result.warnings == ()
    media = {p.id: p.appearances[0].media for p in result.papers}
    assert media == {
        "2405.00301": (
            "https://cdn.example.org/thumbs/first.png",
            "/avatars/team-logo.svg",
            "https://cdn.example.org/videos/demo.mp4",
        ),
        "2405.00302": (
            "https://cdn.example.org/videos/bare.mp4",
            "https://cdn.example.org/videos/other.mp4",
        ),
    }
    first = result.papers[0]
    assert (first.authors, first.appearances[0].votes) == (("Yuna Choi",), 12)
    assert first.appearances[0].summary == "여러 미디어 줄이 있는 항목입니다."


def test_titles_with_brackets_parentheses_and_math() -> None:
    papers = by_id(digest("titles.md").papers)
    assert papers["2406.00401"].title == "[RE] Reproducing [Sparse] Attention"
    assert papers["2406.00402"].title == "Scaling Laws (Revisited) for Tiny Models"
    assert papers["2406.00403"].title == r"Learning $O(\sqrt{n})$ Sketches for $x*y*z$ Products"


def test_link_without_arxiv_id_gets_a_stable_id() -> None:
    papers = digest("titles.md").papers
    blog = papers[3]
    link = "https://example.org/blog/graphs_(part_2)"
    assert blog.title == "A Blog Post About Graphs (Part 2)"
    assert blog.id == ids.stable_id(link, blog.title)
    assert blog.id.startswith("link-")
    assert (blog.url, blog.pdf_url) == (link, None)
    mirror = papers[4]
    assert mirror.id == "deeplearn-777"
    assert mirror.url == "https://deeplearn.org/arxiv/777/a-mirror-entry"
    assert mirror.pdf_url is None


def test_heading_without_link_is_kept_with_a_title_id_and_warning() -> None:
    result = digest("titles.md")
    last = result.papers[-1]
    assert last.title == "A Heading With No Link"
    assert last.id == ids.stable_id(None, "A Heading With No Link")
    assert last.id.startswith("title-")
    assert (last.url, last.pdf_url) == (None, None)
    assert last.appearances[0].summary == "링크가 전혀 없는 항목입니다."
    assert result.warnings == ("entry 'A Heading With No Link' has no link; kept with a title id",)


def test_labelled_summaries_are_normalised() -> None:
    result = digest("labelled.md")
    plain, odd = (p.appearances[0].summary for p in result.papers)
    assert plain == (
        "What's New: 새로운 점을 설명합니다.\n"
        "Technical Details: 기술적 세부 사항입니다.\n"
        "Performance Highlights: 성능이 좋아졌습니다."
    )
    assert odd == (
        "What's New: 별표 세 개 라벨입니다.\n"
        "What's New: 둥근 아포스트로피 라벨입니다.\n"
        "What's New: 짝이 맞지 않는 별표입니다.\n"
        "Technical Details: 콜론이 굵은 글씨 안에 있습니다.\n"
        "Performance Highlights: 굵은 글씨가 없는 라벨이고 다음 줄로 이어집니다."
    )


def test_readme_preamble_and_trailing_sections_are_not_papers() -> None:
    result = digest("readme.md")
    assert [p.id for p in result.papers] == ["2408.00601"]
    assert result.papers[0].appearances[0].votes == 9
    assert result.warnings == ()


def test_duplicate_entry_is_kept_once_with_a_warning() -> None:
    result = digest("duplicate.md")
    (paper,) = result.papers
    assert paper.id == "2409.00701"
    assert paper.appearances[0].votes == 8
    assert paper.appearances[0].summary == "첫 번째 항목입니다."
    assert result.warnings == ("entry 'Listed Twice' (2409.00701) appears twice; kept the first",)


def test_file_cut_mid_bullet_keeps_what_is_there() -> None:
    result = digest("truncated.md")
    assert result.warnings == ()
    assert [p.id for p in result.papers] == ["2410.00801", "2410.00802"]
    cut = result.papers[1]
    assert cut.authors == ("Mina Han", "Theo Ro")
    assert cut.appearances[0].votes == 1
    assert cut.appearances[0].summary == "이 문장은 중간에서 끊"


def test_file_cut_mid_heading_keeps_the_partial_link() -> None:
    result = digest("truncated_heading.md")
    before, cut = result.papers
    assert before.id == "2410.00811"
    assert cut.title == "Cut Heading"
    assert cut.url == "https://arxiv.org/abs/2410.008"
    assert cut.id == ids.stable_id("https://arxiv.org/abs/2410.008", "Cut Heading")
    assert cut.appearances[0].summary == ""


def test_arxiv_link_with_a_cut_off_id_warns() -> None:
    text = (
        "## Daily Papers (2024-02-06)\n\n"
        "### [Cut Paper](https://arxiv.org/abs/2402.000\n\n"
        "### [Listing Page](https://arxiv.org/list/cs.AI/recent)\n"
    )
    cut, listing = daily.parse(text, "d.md").papers
    assert cut.id == ids.stable_id("https://arxiv.org/abs/2402.000", "Cut Paper")
    assert listing.id.startswith("link-")
    assert daily.parse(text, "d.md").warnings == [
        "entry 'Cut Paper' has a cut-off link 'https://arxiv.org/abs/2402.000' "
        "(no whole arXiv id); kept with a link id"
    ]


def test_headerless_entries_with_votes_are_detected() -> None:
    text = load("headerless.md")
    assert daily.detect(text)
    assert not insights.detect(text)
    result = parse_digest(text, "daily/2024-11-12.md")
    assert result.style == "daily_papers"
    assert [p.id for p in result.papers] == ["2411.00901", "2411.00902"]
    assert [p.appearances[0].votes for p in result.papers] == [3, 4]
    assert [p.appearances[0].date for p in result.papers] == [dt.date(2024, 11, 12)] * 2


@pytest.mark.parametrize(
    "header",
    [
        "# Daily Papers (2024-01-02)",
        "### Daily Papers (2024-01-02)",
        "##   daily papers  (2024-01-02)",
    ],
)
def test_header_level_and_spacing_variations(header: str) -> None:
    text = f"{header}\n### [A Paper](https://arxiv.org/abs/2401.00002)\n- 요약.\n"
    assert daily.detect(text)
    result = daily.parse(text, "x.md")
    assert result.date == dt.date(2024, 1, 2)
    assert [p.id for p in result.papers] == ["2401.00002"]


def test_detect_rejects_other_text() -> None:
    assert not daily.detect("")
    assert not daily.detect("# Daily Papers\n\n### [A](https://arxiv.org/abs/2401.00001)\n")
    assert not daily.detect("### [A](https://arxiv.org/abs/2401.00001)\n\nVote: 3\n")


def test_seeds_of_other_styles_are_not_daily() -> None:
    assert not daily.detect(seed("000"))
    assert not daily.detect(seed("002"))
    for prefix in ("001", "003", "004"):
        assert not insights.detect(seed(prefix))


def test_daily_seeds() -> None:
    results = {
        prefix: parse_digest(seed(prefix), f"{prefix}.txt") for prefix in ("001", "003", "004")
    }
    assert all(r.style == "daily_papers" and r.warnings == () for r in results.values())
    assert [len(r.papers) for r in results.values()] == [15, 16, 15]
    assert [r.date for r in results.values()] == [
        dt.date(2024, 2, 6),
        dt.date(2024, 7, 22),
        dt.date(2024, 9, 20),
    ]
    target = by_id(results["004"].papers)["2409.12917"]
    assert target.appearances[0].votes == 52
    assert len(target.authors) == 18
    assert target.appearances[0].date == dt.date(2024, 9, 20)
    assert target.appearances[0].summary.startswith("What's New: ")
    video = by_id(results["001"].papers)["2402.03286"].appearances[0].media
    assert len(video) == 1 and video[0].endswith(".mp4")


@pytest.mark.parametrize("line", list(HOSTILE_LINES.values()), ids=list(HOSTILE_LINES))
def test_huge_lines_keep_the_entry_whole(line: str) -> None:
    text = daily_around(line)
    assert daily.detect(text)
    result = daily.parse(text, "huge.md")
    first = result.papers[0]
    assert (first.id, first.url) == ("2401.00001", "https://arxiv.org/abs/2401.00001")
    assert first.appearances[0].votes is None
    assert all(squashed(paper.title) == squashed(line) for paper in result.papers)


@pytest.mark.slow
def test_fifty_megabytes_of_entries_are_all_recovered() -> None:
    result, count = parse_fifty_megabytes(daily, daily_archive)
    assert [paper.id for paper in result.papers] == [f"2501.{n:05d}" for n in range(count)]
    assert result.papers[-1].appearances[0].votes == count - 1


FRAGMENTS = st.sampled_from(
    [
        "## Daily Papers (2024-02-06)",
        "## Daily Papers (2024-02-30)",
        "## License",
        "### [T](https://arxiv.org/abs/2401.00001)",
        "### [T [x]](https://x.org/a_(b)",
        "### ",
        "###",
        "Vote: 3",
        "Vote: -",
        "Vote: 99999999999999999999",
        "Authors: , ,",
        "- **What's New***: x",
        "- ",
        "![](",
        "[Watch Video]",
        "<video src=",
        "$x*y",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=25))
def test_never_raises(lines: list[str]) -> None:
    parse_anything(daily, "\n".join(lines))


def test_elided_author_marker_is_not_an_author() -> None:
    text = (
        "## Daily Papers (2024-07-22)\n\n### [A Crowded Paper](https://arxiv.org/abs/2407.00001)\n\n"
        "Authors: Ana Lee, Bo Kim, +, Cy Park\n\n- 요약입니다.\n"
    )
    [paper] = parse_digest(text, "x.md").papers
    assert paper.authors == ("Ana Lee", "Bo Kim", "Cy Park")


def test_inline_data_images_are_not_media() -> None:
    text = (
        "## Daily Papers (2024-07-22)\n\n### [Inline Pixels](https://arxiv.org/abs/2407.00002)\n\n"
        "![](data:image/png;base64,iVBORw0KGgo=)\n![](/avatars/a.svg)\n\nVote: 1\n\n- 요약입니다.\n"
    )
    [paper] = parse_digest(text, "x.md").papers
    assert paper.appearances[0].media == ("/avatars/a.svg",)


def test_a_header_date_written_in_korean_dates_its_entries() -> None:
    text = "## Daily Papers (2024년 2월 11일)\n\n### [Dated In Korean](https://arxiv.org/abs/2402.01111)\n\nVote: 4\n"
    parsed = daily.parse(text, "undated-name.md")
    assert parsed.date == dt.date(2024, 2, 11) and parsed.warnings == []
    assert [p.appearances[0].date for p in parsed.papers] == [dt.date(2024, 2, 11)]


def test_an_empty_link_text_gives_the_placeholder_title() -> None:
    """``[](url)`` names no title: the paper is ``arXiv <id>`` (which any other appearance's
    real title outranks), not its URL."""
    text = "## Daily Papers (2024-06-01)\n\n### [](https://arxiv.org/abs/2406.00005)\n\nVote: 3\n"
    (paper,) = daily.parse(text, "x.md").papers
    assert (paper.title, paper.title_source) == ("arXiv 2406.00005", "id")
