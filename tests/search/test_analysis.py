"""The analyzer: what titles, summaries and query words become."""

from __future__ import annotations

import pytest

from papercli.engine.analysis import text_analyzer
from papercli.engine.words import content_terms, key, modifier, strip_particle, units


def tokens(text: str, mode: str = "index") -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in text_analyzer()(text, positions=True, mode=mode)]


def test_script_boundary_splits_latin_from_hangul() -> None:
    assert tokens("RLHF로") == [("rlhf", 0), ("로", 1)]
    assert [t for t, _ in tokens("GPT-4o는")] == ["gpt", "4o", "는"]


def test_english_is_lowercased_and_stemmed() -> None:
    assert [t for t, _ in tokens("Large Language Models")] == ["larg", "languag", "model"]
    assert tokens("model")[0][0] == tokens("models")[0][0]


def test_word_forms_of_one_meaning_share_a_stem_and_only_they() -> None:
    same = [
        ("hallucinated", "hallucination"),
        ("optimized", "optimization"),
        ("synthesizing", "synthesize"),
        ("LLMs", "LLM"),
        ("GPUs", "GPU"),
    ]
    for a, b in same:
        assert tokens(a)[0][0] == tokens(b)[0][0], (a, b)
    for a, b in [("generation", "generalization"), ("news", "new")]:
        assert tokens(a)[0][0] != tokens(b)[0][0], (a, b)


def test_hangul_runs_become_bigrams_across_spaces() -> None:
    joined = tokens("강화학습")
    spaced = tokens("강화 학습")
    assert joined == spaced == [("강화", 0), ("화학", 1), ("학습", 2), ("습", 2)]


def test_last_syllable_shares_the_last_bigrams_position() -> None:
    assert tokens("학습 RL") == [("학습", 0), ("습", 0), ("rl", 1)]


def test_lone_syllable_is_one_token() -> None:
    assert tokens("뇌 ") == [("뇌", 0)]


def test_query_mode_leaves_out_the_trailing_syllable() -> None:
    assert tokens("양자화", mode="query") == [("양자", 0), ("자화", 1)]


def test_character_offsets_point_into_the_text() -> None:
    text = "강화 학습을"
    found = [(t.text, text[t.startchar : t.endchar]) for t in text_analyzer()(text, chars=True)]
    assert ("화학", "화 학") in found
    assert ("습을", "습을") in found


def test_query_units() -> None:
    found = units("RLHF로")
    assert [(u.text, u.terms, u.east) for u in found] == [
        ("rlhf", ("rlhf",), False),
        ("로", ("로",), True),
    ]
    assert units("뇌")[0].prefix
    assert units("언어 모델")[0].terms == ("언어", "어모", "모델")


def test_keys_ignore_spacing_and_inflection() -> None:
    assert key("대형 언어 모델") == key("대형언어모델")
    assert key("Large Language Models") == key("large language model")


def test_strip_particle() -> None:
    assert strip_particle("양자화를") == "양자화"
    assert strip_particle("모델에서") == "모델"
    assert strip_particle("나는") == "나는"


def test_content_terms_skip_cross_word_bigrams_and_particles() -> None:
    assert content_terms("강화 학습을 Models") == ["강화", "학습", "model"]


def paired(text: str, mode: str = "index") -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in text_analyzer(pairs=True)(text, positions=True, mode=mode)]


def test_adjacent_latin_words_also_give_a_pair_at_the_second_words_position() -> None:
    assert paired("Large Language Models") == [
        ("larg", 0),
        ("languag", 1),
        ("larg languag", 1),
        ("model", 2),
        ("languag model", 2),
    ]
    assert ("languag model", 1) in paired("Language-Model")


def test_no_pair_across_hangul_or_in_query_mode() -> None:
    assert [t for t, _ in paired("language 모델 model") if " " in t] == []
    assert [t for t, _ in paired("RLHF로 model")] == ["rlhf", "로", "model"]
    assert [t for t, _ in paired("language model", mode="query")] == ["languag", "model"]


def test_pairs_stay_out_of_spelling_words() -> None:
    from papercli.engine.analysis import KoreanText

    words = list(KoreanText(pairs=True, spelling=True).spellable_words("Large Language Models"))
    assert words == ["language", "large", "models"]


def test_content_terms_skip_summary_labels_and_lone_letters() -> None:
    """A Daily Papers line's label is the generator's, and ``model's`` leaves an ``s``:
    neither says what a paper is about."""
    text = "What's New: 희소 주의를 씁니다.\nTechnical Details: the model's kernel"
    assert content_terms(text) == ["희소", "주의", "model", "kernel"]
    assert content_terms("Technical Details: kernel") == ["kernel"]
    assert content_terms("60% of 2024 runs on 3D") == ["run", "3d"]  # numbers say no topic
    assert content_terms("We give technical details: kernel")[2:] == ["technic", "detail", "kernel"]


def test_content_terms_skip_a_verb_ending_a_sentence_but_keep_a_noun_made_a_verb() -> None:
    """``줄였습니다`` says what a paper did, not what it is about; ``향상시켰습니다``
    and ``제안합니다`` are nouns made verbs, and the noun is the topic."""
    assert content_terms("메모리를 줄였습니다. 다룹니다.") == ["메모", "모리"]
    assert content_terms("향상시킵니다 학습시킵니다") == ["향상", "학습"]
    assert content_terms("정확도를 향상시켰습니다. 구조를 제안합니다.") == [
        "정확",
        "확도",
        "향상",
        "구조",
        "제안",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("줄이는", True),
        ("답하는", True),
        ("reduce", True),
        ("Faster", True),
        ("만들도록", True),
        ("reduced", True),
        ("개선하는", False),  # a noun made a verb: the noun is the topic
        ("높이기", True),  # -기 after a causative suffix
        ("늘리기", True),
        ("분류기", False),  # -기 after a noun
        ("생성기", False),
        ("전자기기", False),
        ("이야기", False),
        ("도메인", False),
        ("파이프라인", False),
        ("참여", False),
        ("결과", False),
        ("이미지", False),
        ("크기", False),
        ("양자화", False),
        ("diffusion", False),
        ("speed", False),  # inference speed
        ("boosting", False),  # gradient boosting
        ("lower", False),  # lower bound
    ],
)
def test_a_modifier_is_a_verb_saying_what_to_do(word: str, expected: bool) -> None:
    assert modifier(word) is expected
