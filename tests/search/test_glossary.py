"""The bilingual glossary: packaged concepts, lookups both ways, the reader's own file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papercli import glossary

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")


def concepts() -> list[list[str]]:
    return [line.split("\t") for line in glossary._packaged()]


def test_at_least_150_bilingual_concepts() -> None:
    found = concepts()
    assert len(found) >= 150
    for forms in found:
        assert any(HANGUL.search(f) for f in forms), forms
        assert any(LATIN.search(f) for f in forms), forms


@pytest.mark.parametrize(
    "forms",
    [
        ["diffusion", "확산", "디퓨전"],
        ["reinforcement learning", "RL", "강화학습"],
        ["large language model", "LLM", "대형 언어 모델", "대규모 언어 모델"],
        ["quantization", "양자화"],
        ["hallucination", "환각"],
        ["retrieval-augmented generation", "RAG", "검색 증강 생성"],
        ["fine-tuning", "파인튜닝", "미세 조정"],
    ],
)
def test_spellings_name_each_other(forms: list[str]) -> None:
    for form in forms:
        others = set(glossary.load(form).synonyms(form))
        assert set(forms) - {form} <= others, form


def test_lookup_ignores_spacing_case_and_inflection() -> None:
    assert "양자화" in glossary.load("Quantizations").synonyms("Quantizations")
    assert "LLM" in glossary.load("대형언어모델").synonyms("대형언어모델")


def test_only_lines_that_could_match_are_read() -> None:
    found = glossary.load("양자화")
    assert len(found.spellings) < 10
    assert len(glossary.load().spellings) > 400


def test_user_file_extends_and_joins_concepts(no_user_glossary: Path) -> None:
    no_user_glossary.write_text("# mine\ndiffusion\t퍼짐 모델\nchatbot\t챗봇\n", "utf-8")
    assert "퍼짐 모델" in glossary.load("diffusion").synonyms("diffusion")
    assert glossary.load("챗봇").synonyms("챗봇") == ("chatbot",)


def test_user_path_from_environment(no_user_glossary: Path) -> None:
    assert glossary.user_file().path == no_user_glossary


def test_user_path_defaults_to_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERS_GLOSSARY")
    path = glossary.user_file().path
    assert path.name == "glossary.tsv"
    assert path.parent.name == "papers"


def test_user_path_from_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERS_GLOSSARY", raising=False)
    mine = tmp_path / "my-terms.tsv"
    mine.write_text("chatbot\t챗봇\n", "utf-8")
    config = tmp_path / "papers.toml"
    config.write_text(f'glossary = "{mine}"\n', "utf-8")
    monkeypatch.setenv("PAPERS_CONFIG", str(config))
    assert glossary.user_file().path == mine
    assert glossary.load("챗봇").synonyms("챗봇") == ("chatbot",)


def test_a_file_that_is_not_utf8_text_adds_nothing_and_says_why(no_user_glossary: Path) -> None:
    no_user_glossary.write_bytes("chatbot\t챗봇\n".encode("cp949"))
    found = glossary.user_file()
    assert (found.lines, found.problem) == ((), glossary.UNREADABLE)
    assert glossary.load("chatbot").synonyms("chatbot") == ()
    no_user_glossary.unlink()
    assert glossary.user_file().problem == glossary.NOT_FOUND


def test_concepts_whose_stems_collide_stay_apart() -> None:
    """Stemming makes ``tokenizer`` and ``token`` one key; a text names the concept
    whose spelling is closest to it, not both."""
    found = glossary._build(["tokenizer\t토크나이저", "token\t토큰", "추론\tinference"])
    assert found.synonyms("tokenizers") == ("토크나이저",)
    assert found.synonyms("Token") == ("토큰",)
    assert found.synonyms("토큰") == ("token",)


def test_a_form_no_concept_spells_names_every_concept_of_its_stem() -> None:
    found = glossary._build(["optimization\t최적화", "optimizer\t옵티마이저"])
    assert found.synonyms("optimize") == ("옵티마이저", "최적화")
    assert found.synonyms("optimizers") == ("옵티마이저",)


def test_papers_glossary_lists_what_a_search_expands_to(no_user_glossary: Path) -> None:
    """A line of the reader's that shares a spelling with a packaged concept joins it, for
    ``origins`` (what ``papers glossary`` prints) as for the search."""
    no_user_glossary.write_text("token\ttokens\t토큰 단위\n", "utf-8")
    assert glossary.load("tokens").synonyms("tokens") == ("토큰", "토큰 단위")
    assert glossary.origins("tokens") == [
        ("토큰", "packaged"),
        ("토큰 단위", str(no_user_glossary)),
    ]


def test_lines_sharing_a_spelling_are_one_concept() -> None:
    found = glossary._build(["inference\t추론", "reasoning\t추론", "inference\t인퍼런스"])
    assert found.synonyms("추론") == ("inference", "reasoning")
    assert found.synonyms("inference") == ("인퍼런스", "추론")  # not "reasoning"
    assert glossary.load("tokenizer").synonyms("tokenizer") == ("토크나이저",)
