"""Search over a small bilingual corpus: each behaviour a Korean or English reader relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.engine.analysis import text_analyzer
from papercli.engine.compile import build_query
from papercli.engine.reader import EngineReader
from papercli.engine.snippets import mark, wanted
from papercli.errors import UsageError
from papercli.model import Filters
from papercli.query import DEFAULT_FIELDS, Group, Word
from papercli.query import parse as parse_query
from papercli.reading import HIT_END, HIT_START


def ids(store: EngineReader, query: str, **options) -> list[str]:
    return [hit.paper.id for hit in store.search(query, limit=None, **options).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("양자화", "2501.00004"),  # the text says 양자화로
        ("토크나이저", "2501.00008"),  # 토크나이저가
        ("언어모델", "2501.00007"),
    ],
)
def test_particles_do_not_block_a_match(store: EngineReader, query: str, expected: str) -> None:
    assert expected in ids(store, query)


def test_spacing_variants_match_each_other(store: EngineReader) -> None:
    assert ids(store, "강화학습")[0] == "2501.00001"  # written 강화 학습을 and 강화학습
    assert "2501.00007" in ids(store, "언어 모델")  # written 언어모델
    assert "2501.00001" in ids(store, "언어모델")  # written 언어 모델이


def test_latin_is_split_from_hangul(store: EngineReader) -> None:
    assert ids(store, "RLHF") == ["2501.00001"]  # written RLHF로
    assert ids(store, "RLHF로") == ["2501.00001"]


def test_one_syllable_query_finds_every_occurrence(store: EngineReader) -> None:
    found = ids(store, "뇌")
    assert set(found) == {"2501.00006", "2501.00011"}  # 뇌 신호, 두뇌


def test_english_words_are_stemmed(store: EngineReader) -> None:
    assert ids(store, "tokenizer") == ["2501.00008"]  # title: Tokenizers
    assert "2501.00007" in ids(store, "models")  # title: Language Modeling


def test_glossary_english_finds_korean(store: EngineReader) -> None:
    found = ids(store, "diffusion")
    assert found[0] == "2501.00003"  # Diffusion in the title
    assert "2501.00002" in found  # only 확산 모델 and 디퓨전 in the summary


def test_glossary_korean_finds_english(store: EngineReader) -> None:
    assert set(ids(store, "확산")) == {"2501.00002", "2501.00003"}
    assert "2501.00012" in ids(store, "할루시네이션")  # 환각, Hallucination


def test_glossary_matches_rank_below_exact_ones(store: EngineReader) -> None:
    assert ids(store, "양자화") == ["2501.00004", "2501.00005"]
    assert ids(store, "quantization") == ["2501.00005", "2501.00004"]


def test_glossary_spans_several_words_and_particles(store: EngineReader) -> None:
    assert ids(store, "reinforcement learning")[0] == "2501.00001"
    assert ids(store, "양자화를") == ["2501.00004", "2501.00005"]


def test_user_glossary_adds_terms(store: EngineReader, no_user_glossary: Path) -> None:
    assert ids(store, "챗봇") == []
    no_user_glossary.write_text("# mine\nchatbot\t챗봇\n", "utf-8")
    assert ids(store, "챗봇") == ["2501.00012"]


def test_the_rarer_word_of_a_phrase_leads_and_and_requires_all(store: EngineReader) -> None:
    assert ids(store, "모델 휴대폰")[0] == "2501.00004"  # 모델 is in nearly every paper
    assert ids(store, "모델 AND 휴대폰") == ["2501.00004"]


def test_plus_requires_a_word_the_others_only_rank(store: EngineReader) -> None:
    required = ids(store, "+모델 휴대폰")
    assert required[0] == "2501.00004"
    assert set(required) == set(ids(store, "모델"))


def test_korean_words_that_stand_together_rank_first(store: EngineReader) -> None:
    assert ids(store, "뇌 신호") == ["2501.00006", "2501.00011"]  # 두뇌 … 신호 ranks second


def test_quoted_phrase_matches_in_order(store: EngineReader) -> None:
    assert ids(store, '"뇌 신호"') == ["2501.00006"]
    assert ids(store, '"뇌신호"') == ["2501.00006"]
    assert ids(store, '"image synthesis"') == ["2501.00002"]
    assert ids(store, '"synthesis image"') == []


def test_or(store: EngineReader) -> None:
    assert set(ids(store, "토크나이저 OR 음악")) == {"2501.00008", "2501.00009"}


def test_minus_excludes(store: EngineReader) -> None:
    found = ids(store, "모델 -휴대폰")
    assert "2501.00004" not in found
    assert "2501.00005" in found
    assert "2501.00004" not in ids(store, "가중치 NOT 휴대폰")


def test_exclusion_covers_glossary_spellings(store: EngineReader) -> None:
    assert ids(store, "가중치 -양자화") == []  # 양자화 and quantization both excluded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:tokenizers", ["2501.00008"]),
        ("author:Kumar", ["2501.00001"]),
        ("authors:(hana seo)", ["2501.00001"]),
        ("category:robotics", ["2501.00010"]),
        ("field:음악", ["2501.00009"]),
        ('title:"image synthesis"', ["2501.00002"]),
        ("title:강화학습", ["2501.00001"]),  # Reinforcement Learning, by the glossary
        ("title:뇌", []),
    ],
)
def test_field_prefixes(store: EngineReader, query: str, expected: list[str]) -> None:
    assert ids(store, query) == expected


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("title:(", ["title"]),
        ('"unbalanced quote', ["unbalanced", "quote"]),
        ("((( 모델", ["모델"]),
        ("model AND", ["model", "AND"]),
        ("a OR", ["a", "OR"]),
    ],
)
def test_invalid_syntax_falls_back_to_plain_words(query: str, words: list[str]) -> None:
    assert parse_query(query) == Group(tuple(Word(w, DEFAULT_FIELDS) for w in words))
    build_query(query)  # compiles, rather than failing


def test_fallback_searches_the_words(store: EngineReader) -> None:
    assert ids(store, '"tokenizers for') == ["2501.00008"]
    assert ids(store, "(토크나이저") == ["2501.00008"]


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_usage_error(query: str) -> None:
    with pytest.raises(UsageError):
        build_query(query)


def test_one_result_per_paper(store: EngineReader) -> None:
    found = ids(store, "강화학습")
    assert found.count("2501.00001") == 1
    assert store.search("강화학습").total == len(found)


def test_title_match_ranks_above_summary_match(store: EngineReader) -> None:
    found = ids(store, "transformer")
    assert found.index("2501.00003") < found.index("2501.00009") or "2501.00009" not in found
    assert ids(store, "트랜스포머")[0] == "2501.00003"


def test_sort_and_filters_still_apply(store: EngineReader) -> None:
    assert ids(store, "모델", sort="votes")[0] == "2501.00001"
    voted = [hit.paper for hit in store.search("모델", Filters(min_votes=12)).hits]
    assert voted and all(paper.best_votes >= 12 for paper in voted)
    assert ids(store, "모델", filters=Filters(author="Ortiz")) == ["2501.00005"]


def snippet(store: EngineReader, query: str) -> str:
    return store.search(query, limit=1).hits[0].snippet


def test_snippet_highlights_korean_words_whole(store: EngineReader) -> None:
    assert f"{HIT_START}강화학습{HIT_END}으로" in snippet(store, "강화학습")
    want = wanted(build_query("강화학습"), "body")
    text = mark(
        "강화 학습을 통해 고칩니다. 학습 데이터는 수학에서 모았습니다.", want, text_analyzer()
    )
    assert text.startswith(f"{HIT_START}강화 학습{HIT_END}을 통해")
    assert f"{HIT_START}학습{HIT_END}" not in text  # 학습 데이터 is not 강화학습


def test_snippet_survives_text_whose_lowercase_is_longer() -> None:
    """``İ`` lowercases to two characters: offsets found in the lowered text do not
    point into the text, so the whole text is analysed."""
    want = wanted(build_query("강화학습"), "body")
    text = mark("İİİİİİ 강화 학습으로 고칩니다.", want, text_analyzer())
    assert text == f"İİİİİİ {HIT_START}강화 학습{HIT_END}으로 고칩니다."


def test_snippet_highlights_one_syllable_and_particles(store: EngineReader) -> None:
    assert f"{HIT_START}뇌 신호{HIT_END}를" in snippet(store, "뇌 신호")
    assert f"두{HIT_START}뇌{HIT_END} 활동" in snippet(store, "뇌")
    assert f"{HIT_START}양자화{HIT_END}로" in snippet(store, "양자화")


def test_snippet_highlights_glossary_spellings(store: EngineReader) -> None:
    hit = store.search("diffusion").hits
    text = next(h.snippet for h in hit if h.paper.id == "2501.00002")
    assert f"{HIT_START}확산 모델{HIT_END}" in text or f"{HIT_START}확산{HIT_END}" in text
    assert f"{HIT_START}디퓨전{HIT_END}" in text


def test_a_misspelling_runs_the_correction_from_index_words(store: EngineReader) -> None:
    result = store.search("halucination")
    assert (result.corrected, result.unmatched) == ("hallucination", ("halucination",))
    assert [h.paper.id for h in result.hits] == ids(store, "hallucination")
    assert result.hits and result.suggestion is None


def test_a_misspelling_runs_the_correction_from_the_glossary(store: EngineReader) -> None:
    result = store.search("환갹")
    assert (result.corrected, [h.paper.id for h in result.hits]) == ("환각", ids(store, "환각"))


def test_a_correction_that_finds_nothing_either_is_only_suggested(store: EngineReader) -> None:
    result = store.search("halucination", Filters(category="robotics"))
    assert (result.hits, result.corrected, result.suggestion) == ((), None, "hallucination")


def test_a_filter_that_empties_the_result_is_named(store: EngineReader) -> None:
    result = store.search("토크나이저", Filters(category="robotics"))
    assert result.hits == () and result.unfiltered == len(ids(store, "토크나이저"))
    assert result.blocking == ("category",)
    both = store.search("토크나이저", Filters(category="robotics", min_votes=10_000))
    assert both.blocking == ("category", "min_votes")
    assert store.search("토크나이저").unfiltered is None


def test_a_misspelt_word_is_corrected_and_the_good_ones_kept(store: EngineReader) -> None:
    result = store.search("토크나이저 halucination")
    assert (result.corrected, result.unmatched) == ("토크나이저 hallucination", ("halucination",))
    expected = store.search("토크나이저 hallucination")
    assert [h.paper.id for h in result.hits] == [h.paper.id for h in expected.hits]


def test_no_suggestion_for_gibberish(store: EngineReader) -> None:
    assert store.search("zzzyyyxxx").suggestion is None


def test_related_ignores_sentence_endings() -> None:
    """``제안합니다`` and ``훈련합니다`` share 합니 and 니다, and no topic."""
    from papercli.engine.words import content_terms

    assert content_terms("구조를 제안합니다. 모델을 훈련합니다. 분할하는 방법") == [
        "구조",
        "제안",
        "모델",
        "훈련",
        "분할",
    ]


def test_related_papers(store: EngineReader) -> None:
    hits = store.related("2501.00004", limit=5)
    found = [h.paper.id for h in hits]
    assert found[0] == "2501.00005"
    assert "2501.00004" not in found
    assert len(found) == len(set(found))
    assert all(h.score > 0 for h in hits)


@pytest.mark.parametrize("paper", ["2501.00003", "2501.00007", "2501.00009", "2501.00011"])
def test_related_lists_each_paper_once_never_itself(store: EngineReader, paper: str) -> None:
    found = [h.paper.id for h in store.related(paper, limit=None)]
    assert paper not in found
    assert len(found) == len(set(found))


def test_related_accepts_urls_and_limits(store: EngineReader) -> None:
    assert len(store.related("https://arxiv.org/abs/2501.00002v1", limit=1)) == 1


@pytest.mark.parametrize(
    "words",
    [["강화", "화학", "학습"], ["언어", "어모", "모델"], ["image", "synthesi"], ["모델", "가중"]],
)
def test_adjacent_matches_exactly_what_a_whoosh_phrase_does(
    store: EngineReader, words: list[str]
) -> None:
    from whoosh import query as Q

    from papercli.engine.phrases import Adjacent

    with store.folder.searcher() as searcher:
        for field in ("title", "body"):
            mine = set(searcher.docs_for_query(Adjacent(field, words)))
            theirs = set(searcher.docs_for_query(Q.Phrase(field, words)))
            assert mine == theirs


def test_a_prefix_finds_the_stems_of_the_words_it_begins(store: EngineReader) -> None:
    """``Decoding`` is indexed as ``decod``, which ``decodi*`` does not begin."""
    assert ids(store, "decodi*") == ["2501.00006"]
    assert ids(store, "Hallucinat*") == ["2501.00012"]


def test_a_correction_keeps_operators_fields_and_quotes(store: EngineReader) -> None:
    assert store.search("halucination AND chatbots").corrected == "hallucination AND chatbots"
    assert store.search("title:halucination").corrected == "title:hallucination"
    assert store.search('"halucination"').corrected == '"hallucination"'


def test_operators_are_never_corrected(store: EngineReader) -> None:
    """Both words match something, only not together: nothing to correct."""
    result = store.search("토크나이저 AND hallucination")
    assert (result.hits, result.corrected, result.suggestion) == ((), None, None)
