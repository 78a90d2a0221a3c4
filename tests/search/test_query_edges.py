"""Queries an outside probe of ``papers search`` broke: arXiv ids inside a longer query,
nesting deep enough to exhaust Python's stack, Lucene's ``^``/``~`` suffixes, a query of
emoji, a pasted page echoed back whole, an unknown ``field:``, ``OR NOT``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from papercli.query import MAX_DEPTH, Negated, Required, paper_refs, parse, word_spans
from tests.helpers import run, write
from tests.robustness.helpers import daily, entry

BRIDGES, SPARSE, PAINTING = "2403.05555", "2403.06666", "2403.07777"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Three papers of my own, every summary saying 모델; no title holds ``for``, so no
    nonsense word is corrected into it."""
    folder = tmp_path_factory.mktemp("edges")
    entries = [
        entry(BRIDGES, "Bridges Between Worlds 🌉 in Language Agents", 12, "언어 모델을 잇는다."),
        entry(SPARSE, "Sparse Attention over Long Documents", 7, "긴 문서용 희소 모델."),
        entry(PAINTING, "Diffusion Painting with Tiny Brushes", 3, "확산 모델로 그린다."),
    ]
    write(folder / "digests" / "2024-03-11.md", daily("2024-03-11", entries))
    path = str(folder / "index")
    run("index", str(folder / "digests"), "--index", path)
    return path


def search(index: str, *args: str, code: int = 0) -> Result:
    return run("search", *args, "--no-pager", "--index", index, code=code)


def found(index: str, *args: str) -> tuple[list[str], str]:
    """The ids a search lists (``--json``), and what it said on stderr."""
    result = search(index, *args, "--json")
    return [paper["id"] for paper in json.loads(result.stdout)], result.stderr


# -- 1. arXiv ids inside a longer query ------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        f"{BRIDGES} OR {SPARSE}",
        f"{BRIDGES} {SPARSE}",
        f"{BRIDGES}, {SPARSE}",
        f"{BRIDGES},{SPARSE}",
        f"{BRIDGES};{SPARSE}|",
        f"{BRIDGES}v2 https://huggingface.co/papers/{SPARSE}",
        f"arxiv:{BRIDGES} OR https://arxiv.org/abs/{SPARSE}v1",
    ],
)
def test_a_list_of_ids_finds_each_paper_in_the_order_typed(index: str, query: str) -> None:
    assert found(index, query) == ([BRIDGES, SPARSE], "")
    assert found(index, query.replace(BRIDGES, "A").replace(SPARSE, BRIDGES).replace("A", SPARSE))[
        0
    ] == [SPARSE, BRIDGES]


def test_an_id_beside_words_comes_first_then_the_words_papers(index: str) -> None:
    assert found(index, f"{BRIDGES} Sparse") == ([BRIDGES, SPARSE], "")
    words = found(index, "모델")[0]
    assert found(index, f"https://arxiv.org/abs/{PAINTING} 모델") == (
        [PAINTING, *(i for i in words if i != PAINTING)],
        "",
    )
    assert len(words) == 3


def test_a_paper_named_and_found_by_the_words_is_listed_once(index: str) -> None:
    assert found(index, f"{BRIDGES} Bridges") == ([BRIDGES], "")
    result = search(index, f"{PAINTING} 모델", "--oneline", "-n", "1")
    assert result.stdout.split()[0] == PAINTING
    assert result.stderr == "showing 1 of 3 (--limit 0 for all)\n"


def test_an_id_the_archive_lacks_is_named_beside_the_one_it_holds(index: str) -> None:
    assert found(index, f"{BRIDGES} 2403.09999") == (
        [BRIDGES],
        "'2403.09999' matches nothing here; showing papers for the other words.\n",
    )
    assert found(index, f"{BRIDGES} Zqxvwj") == (
        [BRIDGES],
        "'Zqxvwj' matches nothing here; showing papers for the other words.\n",
    )


def test_named_papers_stay_within_the_filters(index: str) -> None:
    assert found(index, f"{BRIDGES} {SPARSE}", "--min-votes", "10")[0] == [BRIDGES]
    result = search(index, f"{BRIDGES} {SPARSE}", "--min-votes", "100")
    assert result.stdout == (
        f"No papers match '{BRIDGES} {SPARSE}' with --min-votes; 2 papers match without it.\n"
    )


def test_words_that_only_exclude_narrow_the_named_papers(index: str) -> None:
    assert found(index, f"{BRIDGES} {PAINTING} -Diffusion") == ([BRIDGES], "")
    assert found(index, f"{PAINTING} {SPARSE} NOT 희소 NOT Bridges") == ([PAINTING], "")
    assert found(index, f"{BRIDGES} -(Diffusion OR Bridges)") == (
        [],
        f"No papers match '{BRIDGES} -(Diffusion OR Bridges)'.\n",
    )
    assert search(index, f"{PAINTING} -Diffusion").stdout == (
        f"No papers match '{PAINTING} -Diffusion'.\n"
    )


def test_a_sign_before_a_parenthesis_negates_or_requires_the_group(index: str) -> None:
    group = parse("(Diffusion OR Sparse)").items[0]
    assert parse("모델 -(Diffusion OR Sparse)").items[1] == Negated(group)
    assert parse("모델 +(Diffusion OR Sparse)").items[1] == Required(group)
    assert not any(isinstance(i, Negated) for i in parse("Bridges - (Diffusion)").items)
    assert found(index, "모델 -(Diffusion OR Sparse)")[0] == [BRIDGES]
    assert found(index, "모델 +(Diffusion OR Sparse)")[0] == [SPARSE, PAINTING]


def test_ids_inside_parentheses_quotes_or_after_not_stay_words() -> None:
    for query in (f"({BRIDGES} x)", f'"{BRIDGES}" x', f"-{BRIDGES} x", f"NOT {BRIDGES} x"):
        assert paper_refs(query) == ((), query)
    assert paper_refs(f"a OR {BRIDGES} OR b AND {SPARSE}") == ((BRIDGES, SPARSE), "a OR b")


# -- 2. nesting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["(" * 500 + "모델" + ")" * 500, "title:(" * 300, "(" * (MAX_DEPTH + 1) + "모델"]
)
def test_nesting_too_deep_is_a_usage_error(index: str, query: str) -> None:
    result = search(index, query, code=2)
    assert result.stderr == (
        f"Error: query nested too deeply (at most {MAX_DEPTH} levels of parentheses)\n"
    )


def test_nesting_as_deep_as_allowed_is_searched(index: str) -> None:
    nested = "(Bridges 모델 " * (MAX_DEPTH // 2) + '("language agents" OR -Diffusion +모델 title:(x'
    assert found(index, nested + ")" * (MAX_DEPTH // 2 + 2))[0][0] == BRIDGES


def test_not_beside_or_lists_entries_only(index: str) -> None:
    assert found(index, "Bridges OR -Diffusion") == ([BRIDGES, SPARSE], "")


# -- 3. Lucene boosts and fuzziness --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "plain"),
    [
        ("모델^3", "모델"),
        ("Bridges^2", "Bridges"),
        ("Bridges~2", "Bridges"),
        ("Bridges~", "Bridges"),
        ('"sparse attention"^2', '"sparse attention"'),
        ("(Brushes painting)^1.5", "(Brushes painting)"),
        ("title:Sparse^4 모델", "title:Sparse 모델"),
    ],
)
def test_lucene_suffixes_are_ignored(index: str, query: str, plain: str) -> None:
    assert parse(query) == parse(plain)
    assert found(index, query) == found(index, plain)
    assert found(index, query)[0]


# -- 4. emoji and symbols --------------------------------------------------------------


@pytest.mark.parametrize("query", ["🌉", "!!! 🌉"])
def test_a_query_of_symbols_says_they_are_not_indexed(index: str, query: str) -> None:
    result = search(index, query, code=2)
    assert result.stderr == (
        f"Error: nothing to search for in {query!r}: symbols and emoji are not indexed, only words\n"
    )


def test_an_emoji_beside_words_is_left_out(index: str) -> None:
    assert found(index, "🌉 Bridges") == ([BRIDGES], "")


# -- 5. a long query echoed --------------------------------------------------------------


def test_a_long_query_is_echoed_by_its_first_80_characters(index: str) -> None:
    result = search(index, "q" * 100_000)
    assert result.stdout == f"No papers match '{'q' * 80}…'.\n"


def test_words_that_match_nothing_are_named_once_and_at_most_five(index: str) -> None:
    junk = ["Zqxvwa", "Zqxvwb", "Zqxvwc", "Zqxvwd", "Zqxvwe", "Zqxvwf", "Zqxvwg"]
    ids, said = found(index, " ".join(["Bridges", *junk, *junk]))
    assert ids == [BRIDGES]
    assert said == (
        "'Zqxvwa', 'Zqxvwb', 'Zqxvwc', 'Zqxvwd', 'Zqxvwe' and 2 more match nothing here; "
        "showing papers for the other words.\n"
    )


def test_a_long_symbol_query_is_echoed_short(index: str) -> None:
    result = search(index, "🌉" * 1000, code=2)
    assert result.stderr == (
        f"Error: nothing to search for in '{'🌉' * 80}…': "
        "symbols and emoji are not indexed, only words\n"
    )


# -- 6. unknown fields ------------------------------------------------------------------


def test_an_unknown_field_is_searched_as_its_words(index: str) -> None:
    assert parse("foo:bar") == parse("foo bar")
    assert parse('title:x "a:b"') != parse('title:x "a b"')
    assert found(index, "foo:Bridges") == (
        [BRIDGES],
        "'foo' matches nothing here; showing papers for the other words.\n",
    )


def test_a_correction_never_keeps_an_unknown_field(index: str) -> None:
    ids, said = found(index, "foo:Bridgez")
    assert (ids, said) == (
        [BRIDGES],
        "No papers match 'foo:Bridgez'; showing 1 paper for 'foo bridges'.\n",
    )


def test_only_known_fields_are_left_out_of_the_words() -> None:
    text = "foo:bar title:x"
    assert [text[a:b] for a, b in word_spans(text)] == ["foo", "bar", "x"]


def test_a_named_paper_the_filters_leave_out_is_not_said_to_match_nothing(index: str) -> None:
    """It exists; ``--min-votes`` left it out, as it leaves out any paper."""
    ids, said = found(index, f"{PAINTING} 모델", "--min-votes", "10")
    assert ids == [BRIDGES] and said == ""


def test_a_short_unknown_word_is_not_corrected_into_a_function_word(tmp_path: Path) -> None:
    """``foo:bar`` ran ``for for`` over titles holding ``for``: two letters away is too
    far for a three-letter word, and no reader means ``for``."""
    entries = [entry("2403.08888", "Lanterns for Night Rivers", 2, "강의 등불.")]
    write(tmp_path / "d" / "2024-03-12.md", daily("2024-03-12", entries))
    path = str(tmp_path / "index")
    run("index", str(tmp_path / "d"), "--index", path)
    assert search(path, "foo:bar").stdout == "No papers match 'foo:bar'.\n"
    assert search(path, "Lanterms").stdout.startswith(
        "No papers match 'Lanterms'; showing 1 paper for 'lanterns'.\n"
    )
