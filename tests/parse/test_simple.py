"""simple_summary: one small fixture per markup variant these digests drift into."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercli.model import Appearance, Paper
from papercli.parse import parse_digest, simple
from papercli.parse.result import StyleResult
from tests.conftest import FIXTURES
from tests.parse.hostile import SIMPLE_LINES, simple_after, simple_archive
from tests.parse.support import fixture, parse_anything, parse_fifty_megabytes, seed, squashed

NOT_PAPERS = ("news.md", "products.md")
PAPER_FIXTURES = sorted(
    p.name for p in (FIXTURES / "simple").glob("*.md") if p.name not in NOT_PAPERS
)
load = partial(fixture, "simple")


def parsed(name: str) -> StyleResult:
    text = load(name)
    assert simple.detect(text)
    return simple.parse(text, name)


def by_title(result: StyleResult) -> dict[str, Paper]:
    return {paper.title: paper for paper in result.papers}


def appearance(paper: Paper) -> Appearance:
    (only,) = paper.appearances
    return only


# --- the contract every paper fixture keeps ------------------------------------------------


@pytest.mark.parametrize("name", PAPER_FIXTURES)
def test_every_paper_has_one_undated_appearance_and_an_identity(name: str) -> None:
    result = parsed(name)
    assert result.papers
    for paper in result.papers:
        assert paper.id and paper.title
        assert "*" not in paper.title and "#" not in paper.title
        found = appearance(paper)
        assert (found.date, found.format, found.source) == (None, "simple_summary", name)
        assert found.category is None
        if paper.id[:4].isdigit():
            assert paper.url == f"https://arxiv.org/abs/{paper.id}"
            assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.id}"
        assert paper.pdf_url not in found.media


@pytest.mark.parametrize("name", PAPER_FIXTURES)
def test_parsing_is_deterministic_and_newline_blind(name: str) -> None:
    text = load(name)
    assert simple.parse(text, name) == simple.parse(text, name)
    assert simple.parse(text.replace("\n", "\r\n"), name) == simple.parse(text, name)


def test_dispatcher_picks_the_simple_style() -> None:
    digest = parse_digest(load("title_inline.md"), "digests/2024-09-18.md")
    assert digest.style == "simple_summary"
    assert [a.date.isoformat() for p in digest.papers for a in p.appearances] == ["2024-09-18"] * 2


# --- titles --------------------------------------------------------------------------------


def test_title_inline_after_label() -> None:
    result = parsed("title_inline.md")
    assert [(p.id, p.title) for p in result.papers] == [
        ("2409.00001", "Tiny Llamas Learn Fast"),
        ("2409.00002", "Counting Sheep with Transformers"),
    ]
    assert result.date is None and result.warnings == []


def test_title_on_the_line_after_the_label_bold_or_not() -> None:
    papers = parsed("title_next_line.md").papers
    assert [p.title for p in papers] == [
        "Bold Title On The Next Line",
        "Plain Title On The Next Line",
    ]
    assert [p.id for p in papers] == ["2409.00011", "2409.00012"]


def test_title_with_paper_title_label() -> None:
    (paper,) = parsed("title_paper_title.md").papers
    assert (paper.id, paper.title, appearance(paper).votes) == (
        "2409.00021",
        "Paper Title Label Works",
        6,
    )


def test_title_bold_label_inside_heading() -> None:
    (paper,) = parsed("title_bold_label.md").papers
    assert (paper.id, paper.title) == ("2409.00031", "Bold Label Inside A Heading")
    assert appearance(paper).summary.startswith("요약: 제목 레이블이")
    assert appearance(paper).votes == 3


def test_title_numbered_paper_headings_split_blocks_without_rules() -> None:
    papers = parsed("title_numbered.md").papers
    assert [(p.id, p.title) for p in papers] == [
        ("2409.00041", "Numbered Entries Without Rules"),
        ("2409.00042", "The Second Numbered Entry"),
        ("2409.00043", "세 번째 논문"),
    ]
    assert "두 번째" not in appearance(papers[0]).summary


def test_title_paper_colon_label() -> None:
    (paper,) = parsed("title_paper_colon.md").papers
    assert (paper.id, paper.title) == ("2409.00051", "Paper Colon Title")
    assert appearance(paper).fields == ("형식",)


def test_title_bare_heading_when_block_has_labels() -> None:
    result = parsed("title_bare_heading.md")
    assert [p.title for p in result.papers] == ["Bare Heading Title One", "Bare Heading Title Two"]
    first, second = result.papers
    assert first.id == "2409.00061" and appearance(first).votes == 7
    assert appearance(first).summary == (
        "요약: 레이블 없는 제목 아래에 요약 제목줄이 있습니다.\n\n쉬운설명: 그냥 제목만 있어요."
    )
    assert second.id.startswith("title-") and second.url is None and second.pdf_url is None
    assert (appearance(second).votes, appearance(second).fields) == (2, ("제목 인식",))


def test_title_missing_gets_placeholder_and_anonymous_block_is_skipped() -> None:
    result = parsed("title_missing.md")
    (paper,) = result.papers
    assert (paper.id, paper.title) == ("2409.00071", "arXiv 2409.00071")
    assert "쉬운설명: 이름이 없어요." in appearance(paper).summary
    assert len(result.warnings) == 2
    assert any("no title" in w and "arXiv 2409.00071" in w for w in result.warnings)
    assert any("neither title nor id" in w for w in result.warnings)


def test_entry_with_no_link_at_all_gets_a_title_id_with_a_warning() -> None:
    text = (
        "## 제목: Linkless Paper\n\n**쉬운설명**: 링크가 없어요.\n\n**추천수**: 3\n\n---\n\n"
        "## 제목: Linked Paper\n\n**요약**: 링크가 있어요.\n\n"
        "**PDF 다운로드 링크**: [PDF](https://arxiv.org/pdf/2409.00301)\n"
    )
    result = simple.parse(text, "s.md")
    linkless, linked = result.papers
    assert linkless.id.startswith("title-") and linkless.pdf_url is None
    assert linked.id == "2409.00301"
    assert result.warnings == ["line 1: entry 'Linkless Paper' has no link; kept with a title id"]


def test_title_translated_into_korean_is_kept() -> None:
    (paper,) = parsed("title_korean.md").papers
    assert (paper.id, paper.title) == ("2409.00081", "작은 모델로 큰 추론하기: 효율적인 사고 사슬")


# --- field labels --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Label Same Line",
            "요약: 같은 줄의 요약입니다.\n두 번째 줄도 요약입니다.\n\n쉬운설명: 같은 줄의 설명이에요.",
        ),
        (
            "Label Next Line",
            "요약: 다음 줄의 요약입니다.\n\n첫 문단 다음의 둘째 문단입니다.\n\n"
            "쉬운설명: 다음 줄의 설명이에요.",
        ),
        (
            "Label As Heading",
            "요약: 제목줄 형식의 요약입니다.\n\n쉬운설명: 제목줄 형식의 설명이에요.",
        ),
        (
            "Label As Deep Heading",
            "요약: 깊은 제목줄 형식의 요약입니다.\n\n쉬운설명: 깊은 제목줄 형식의 설명이에요.",
        ),
        (
            "Label Bold In Heading",
            "요약: 굵은 제목줄 형식의 요약입니다.\n\n쉬운설명: 굵은 제목줄 형식의 설명이에요.",
        ),
        (
            "Label Colon Inside Bold",
            "요약: 콜론이 굵은 글씨 안에 있는 요약입니다.\n\n쉬운설명: 콜론이 안쪽에 있는 설명이에요.",
        ),
    ],
)
def test_label_forms(title: str, summary: str) -> None:
    papers = by_title(parsed("labels.md"))
    assert len(papers) == 6
    assert appearance(papers[title]).summary == summary


def test_label_forms_with_spaces_inside() -> None:
    papers = by_title(parsed("labels.md"))
    same_line = appearance(papers["Label Same Line"])
    assert (same_line.fields, same_line.votes) == (("레이블",), 1)
    colon_inside = appearance(papers["Label Colon Inside Bold"])
    assert (colon_inside.fields, colon_inside.votes) == (("레이블", "형식"), 8)


def test_fields_as_comma_ideographic_comma_middle_dot_or_bullets() -> None:
    fields = {title: appearance(p).fields for title, p in by_title(parsed("fields.md")).items()}
    assert fields == {
        "Fields With Commas": ("컴퓨터 비전", "자연어 처리", "강화 학습"),
        "Fields With Ideographic Commas": ("음성 인식", "음성 합성"),
        "Fields With Middle Dots": ("로보틱스", "제어"),
        "Fields As Bullets": ("그래프 신경망", "추천 시스템"),
    }


def test_votes_same_line_next_line_with_counter_words_or_missing() -> None:
    result = parsed("votes.md")
    votes = {title: appearance(p).votes for title, p in by_title(result).items()}
    assert votes == {
        "Votes Same Line": 12,
        "Votes Next Line": 3,
        "Votes With A Counter Word": 5,
        "Votes With Another Counter": 7,
        "Votes Not A Number": None,
        "Votes Absent": None,
    }
    (warning,) = result.warnings
    assert "not a number" in warning


def test_authors_label() -> None:
    (paper,) = parsed("authors.md").papers
    assert paper.authors == ("Kim Minji", "Lee Jun", "Park Soo")
    assert appearance(paper).summary == "요약: 저자가 적힌 항목입니다."


# --- thumbnails and links ------------------------------------------------------------------


def test_thumbnail_before_or_after_heading_avatar_or_broken() -> None:
    papers = parsed("thumbnails.md").papers
    thumb = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{}.png"
    assert [(p.id, appearance(p).media) for p in papers] == [
        ("2409.00131", (thumb.format("2409.00131"),)),
        ("2409.00132", (thumb.format("2409.00132"),)),
        ("2409.00133", ()),
        ("2409.00134", ()),
    ]


def test_pdf_link_forms() -> None:
    papers = parsed("pdf_links.md").papers
    assert [p.id for p in papers[:5]] == [f"2409.0014{n}" for n in range(1, 6)]
    assert all(appearance(p).media == () for p in papers)
    assert "PDF" not in appearance(papers[0]).summary
    other = papers[5]
    assert other.id.startswith("link-") and other.title == "Not On arXiv"
    assert (other.url, other.pdf_url) == (None, "https://example.org/papers/not-arxiv.pdf")


# --- blocks, wrappers, repeats -------------------------------------------------------------


def test_rules_of_any_shape_and_title_headings_split_blocks() -> None:
    papers = parsed("separators.md").papers
    assert [p.id for p in papers] == [f"2409.0015{n}" for n in range(1, 6)]
    assert [appearance(p).media for p in papers[3:]] == [
        (),
        ("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.00155.png",),
    ]


def test_wrapper_sections_merge_the_simplified_pass_into_the_first() -> None:
    papers = parsed("wrapper_sections.md").papers
    assert [(p.id, p.title) for p in papers] == [
        ("2409.00161", "Wrapped Paper Alpha"),
        ("2409.00162", "Wrapped Paper Beta"),
    ]
    alpha = appearance(papers[0])
    assert alpha.summary == "요약: 전문가용 요약 알파입니다.\n\n쉬운설명: 알파를 쉽게 설명해요."
    assert (alpha.votes, alpha.fields) == (9, ("알파",))


def test_repeat_section_merges_by_arxiv_id_then_by_title() -> None:
    result = parsed("repeat_section.md")
    by_id_paper, by_title_paper = result.papers
    assert (by_id_paper.id, by_id_paper.title) == ("2409.00171", "Repeated By Id")
    assert "쉬운설명: 아이디가 같아서" in appearance(by_id_paper).summary
    assert by_title_paper.title == "Repeated By Title"
    assert appearance(by_title_paper).fields == ("병합", "반복")
    assert appearance(by_title_paper).summary.endswith("쉬운설명: 제목이 같아서 하나로 합쳐져요.")


def test_deeper_headings_are_subsections_until_the_pdf_link_then_titles() -> None:
    first, second = parsed("deeper_headings.md").papers
    assert (first.id, first.title, appearance(first).votes) == (
        "2409.00231",
        "Entry With A Subsection",
        4,
    )
    assert appearance(first).summary == (
        "요약: 하위 제목이 있는 요약입니다.\n\n쉬운설명: 작은 제목으로 다시 나온 첫 번째 항목이에요."
    )
    assert (second.id, second.title) == ("2409.00232", "Second Entry")
    assert appearance(second).summary.endswith(
        "쉬운설명: 작은 제목으로 다시 나온 두 번째 항목이에요."
    )


def test_chatty_preamble_and_closing_remark_are_not_papers() -> None:
    (paper,) = parsed("chatty.md").papers
    assert "바랍니다" not in appearance(paper).summary
    assert "다음은" not in appearance(paper).summary


def test_truncated_last_entry_is_kept() -> None:
    complete, cut = parsed("truncated.md").papers
    assert complete.id == "2409.00191"
    assert (cut.id, cut.title) == ("2409.00192", "Entry Cut Mid")
    assert appearance(cut).summary == "요약: 이 항목은 중간에 잘려서 문장이 끝나지"


def test_analysis_header_is_not_a_paper() -> None:
    (paper,) = parsed("analysis_header.md").papers
    assert (paper.id, paper.title) == ("2409.00201", "Under An Analysis Header")


def test_date_in_a_header_becomes_the_result_date() -> None:
    result = parsed("dated.md")
    assert result.date is not None and result.date.isoformat() == "2024-09-17"
    assert [p.title for p in result.papers] == ["Dated Digest Paper"]


# --- not papers ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOT_PAPERS)
def test_news_and_product_digests_are_not_claimed(name: str) -> None:
    text = load(name)
    assert not simple.detect(text)
    assert simple.parse(text, name).papers == []


def test_news_blocks_inside_a_paper_digest_are_dropped() -> None:
    text = load("title_inline.md") + "\n---\n" + load("news.md")
    assert [p.id for p in simple.parse(text, "mixed.md").papers] == ["2409.00001", "2409.00002"]


# --- robustness ----------------------------------------------------------------------------

TOKENS = list("#*-_[]()!:：,、· \n\r\t0123456789.v/ab가") + [
    "제목",
    "요약",
    "쉬운설명",
    "관련분야",
    "추천수",
    "PDF",
    "https://arxiv.org/pdf/",
    "social-thumbnails/papers/",
    "2409.00001",
    "**",
    "---",
    "## ",
    "중요도",
    "전체링크",
]
MARKDOWN = st.lists(st.sampled_from(TOKENS), max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_never_raises_and_every_paper_has_identity(text: str) -> None:
    parse_anything(simple, text)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (SIMPLE_LINES["stars"], "요약:" + "*a" * 33_000),
        (SIMPLE_LINES["images"], "요약:" + "![" * 50_000),
        (SIMPLE_LINES["long-title"], "가" * 100_000),
        (SIMPLE_LINES["long-fields"], "a"),
    ],
    ids=["stars", "images", "long-title", "long-fields"],
)
def test_a_100k_character_line_comes_out_whole(line: str, kept: str) -> None:
    """As a title, a summary paragraph or a field; spacing aside."""
    papers = after_entry_long(line)
    found = set()
    for paper in papers:
        seen = appearance(paper)
        texts = (paper.title, *seen.summary.split("\n\n"), *seen.fields)
        found.update(squashed(text) for text in texts)
    assert kept in found


def test_a_100k_character_image_url_is_a_medium_not_the_pdf() -> None:
    (paper,) = after_entry_long(SIMPLE_LINES["long-url"])
    (medium,) = appearance(paper).media
    assert medium.startswith("https://arxiv.org/pdf/https://arxiv.org/pdf/")
    assert (paper.url, paper.pdf_url) == (None, None)


def after_entry_long(line: str) -> list[Paper]:
    """The papers of an entry titled ``Long`` followed by ``line``; ``Long`` is intact."""
    text = simple_after(line)
    assert simple.detect(text)
    papers = simple.parse(text, "long.md").papers
    assert (papers[0].title, appearance(papers[0]).votes) == ("Long", 1)
    return papers


@pytest.mark.slow
def test_fifty_megabytes_of_entries_are_all_recovered() -> None:
    result, count = parse_fifty_megabytes(simple, simple_archive)
    assert [p.id for p in result.papers] == [f"2409.{n:05d}" for n in range(count)]
    last = appearance(result.papers[-1])
    assert (last.votes, last.fields) == (count - 1, ("언어 모델", "학습 효율"))


# --- seeds ---------------------------------------------------------------------------------


def test_seed_simple_digest() -> None:
    digest = parse_digest(seed("000"), "seeds/000.txt")
    assert digest.style == "simple_summary"
    assert [p.id for p in digest.papers] == ["2409.09214", "2409.10516", "2409.09269", "2409.09213"]
    assert [appearance(p).votes for p in digest.papers] == [3, 2, 1, 1]
    assert all(appearance(p).date is None for p in digest.papers)
    assert "디퓨전 모델링" in appearance(digest.papers[0]).fields
    for paper in digest.papers:
        summary = appearance(paper).summary
        assert summary.startswith("요약: ") and "\n\n쉬운설명: " in summary
    assert digest.papers[0].title.startswith("Seed-Music")
    assert digest.papers[1].title.startswith("RetrievalAttention")
    assert digest.warnings == ()


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_seed_digests_of_other_styles_are_not_claimed(prefix: str) -> None:
    assert not simple.detect(seed(prefix))


def test_a_negative_vote_is_kept_as_none_with_a_warning() -> None:
    text = (
        "## 제목: Votes Below Zero\n\n**요약**: 음수로 적힌 추천수입니다.\n\n**추천수**: -7\n\n"
        "**PDF 다운로드 링크**: [PDF](https://arxiv.org/pdf/2409.00199)\n"
    )
    result = simple.parse(text, "negative.md")
    assert [appearance(p).votes for p in result.papers] == [None]
    assert result.warnings == ["line 1: votes cannot be negative: '-7'"]
    dashed = simple.parse(text.replace("-7", "–7"), "negative.md")
    assert [appearance(p).votes for p in dashed.papers] == [None]
