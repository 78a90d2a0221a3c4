"""Search that finds what the reader means (issue 12), over digests written for it
(tests/search/meaning): natural phrases, Korean predicates, names inside compounds,
Unicode variants, translations learned from the archive, corrections and --explain."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from papercli.archive import Archive
from papercli.engine.reader import EngineReader
from papercli.model import Filters
from tests.helpers import as_json, run

MEANING = Path(__file__).resolve().parent / "meaning"
HALLUCINATION = {"2503.10001", "2503.10002", "2503.10003"}


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> EngineReader:
    folder = tmp_path_factory.mktemp("meaning") / "index"
    Archive(folder).index([MEANING])
    return EngineReader(folder)


def ids(reader: EngineReader, query: str) -> list[str]:
    return [hit.paper.id for hit in reader.search(query, limit=None).hits]


def one_day(tmp_path: Path, *papers: tuple[str, str, str]) -> EngineReader:
    """An index of one Daily Papers digest of ``papers`` (id, title, summary)."""
    lines = ["## Daily Papers (2025-05-01)", ""]
    for pid, title, summary in papers:
        lines += [f"### [{title}](https://arxiv.org/abs/{pid})", "", f"- **What's New**: {summary}"]
        lines.append("")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "one.md").write_text("\n".join(lines), encoding="utf-8")
    Archive(tmp_path / "index").index([tmp_path / "d"])
    return EngineReader(tmp_path / "index")


def test_a_natural_phrase_finds_papers_holding_most_of_it(reader: EngineReader) -> None:
    found = ids(reader, "환각 줄이는 방법")
    # 10001 and 10002 hold 환각 and a form of 줄이-; 10003 holds 환각 alone, but its title
    # names it, and the verb weighs half: a title says what a paper is about.
    assert set(found[:3]) == HALLUCINATION
    # 10001 says 환각을 줄이는 방법 itself
    assert found.index("2503.10001") < found.index("2503.10002")
    assert "2503.10004" not in found[:3]  # 줄이기 and 방법 without 환각 come last, if at all


def test_an_explicit_and_quotes_and_plus_stay_strict(reader: EngineReader) -> None:
    assert set(ids(reader, "환각 AND 줄이는")) == {"2503.10001", "2503.10002"}
    assert ids(reader, '"환각을 줄이는"') == ["2503.10001"]
    assert set(ids(reader, "+측정 환각")) == {"2503.10003"}


@pytest.mark.parametrize("form", ["줄이는", "줄이기", "줄인", "줄여", "줄였다"])
def test_korean_predicate_forms_match_each_other(reader: EngineReader, form: str) -> None:
    assert {"2503.10001", "2503.10002", "2503.10004"} <= set(ids(reader, form))


def test_a_noun_made_a_verb_finds_the_noun(reader: EngineReader) -> None:
    for form in ("향상시키는", "향상시킨", "향상된"):
        assert ids(reader, form) == ["2503.10009"]


@pytest.mark.parametrize(
    ("name", "first", "also"),
    [
        ("RoPE", "2503.10006", "2503.10005"),
        ("DeepSeek", "2503.10007", None),
        ("qwen", "2503.10008", None),
        ("Qwen2VL", "2503.10008", None),
        ("Qwen2-VL", "2503.10008", None),
    ],
)
def test_names_inside_compounds(reader: EngineReader, name: str, first: str, also: str) -> None:
    found = ids(reader, name)
    assert found[0] == first
    if also:
        assert also in found  # LongRoPE, after the paper named RoPE itself


def test_a_prefix_query_reaches_into_compounds(reader: EngineReader) -> None:
    assert {"2503.10005", "2503.10006"} <= set(ids(reader, "RoPE*"))
    assert ids(reader, "longro*") == ["2503.10005"]


@pytest.mark.parametrize("query", ["환각 줄이는", "RoPE", "DeepSeekMath", "향상"])
def test_decomposed_and_full_width_forms_find_what_the_plain_form_finds(
    reader: EngineReader, query: str
) -> None:
    plain = ids(reader, query)
    assert plain
    assert ids(reader, unicodedata.normalize("NFD", query)) == plain
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in query)
    assert ids(reader, wide) == plain


def test_a_translation_learned_from_the_archive_is_searched(reader: EngineReader) -> None:
    assert "2503.10009" in ids(reader, "성김")  # 성김(sparse), twice in one digest
    learned = [e for e in reader.expansions("성김") if e.origin == "learned"]
    assert [(e.spelling, e.times, e.files, e.used) for e in learned] == [("sparse", 2, 1, True)]


def test_a_deleted_file_takes_its_translations_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    shutil.copytree(MEANING, folder)
    index = tmp_path / "index"
    Archive(index).index([folder])
    (folder / "notes-2025-03-04.md").unlink()
    assert Archive(index).index([folder]).removed == 1
    reader = EngineReader(index)
    assert [e for e in reader.expansions("성김") if e.origin == "learned"] == []
    assert ids(reader, "성김") == []


def test_explain_names_the_spellings_and_fields(reader: EngineReader) -> None:
    hits = reader.search("RoPE", limit=2, explain=True).hits
    assert [h.paper.id for h in hits] == ["2503.10006", "2503.10005"]
    exact, compound = (h.why for h in hits)
    assert exact is not None and compound is not None
    assert ("typed", "title", "rope") in {(m.origin, m.field, m.term) for m in exact.matched}
    parts = {(m.origin, m.field, m.term) for m in compound.matched}
    assert ("inside a name", "title", "~rope") in parts
    partial = reader.search("환각 줄이는 방법", limit=None, explain=True).hits
    survey = next(h for h in partial if h.paper.id == "2503.10003")
    assert survey.why is not None and survey.why.missing == ("줄이는", "방법")


def test_explain_and_glossary_through_the_cli() -> None:
    run("index", str(MEANING))
    out = run("search", "RoPE", "--explain", "--limit", "2").stdout
    assert "why: title 'rope'" in out
    assert "title '~rope' (inside a name, for 'RoPE')" in out
    hit = as_json("search", "RoPE", "--explain", "--limit", "1")[0]
    assert hit["explain"]["matched"][0] == {
        "asked": "RoPE",
        "origin": "typed",
        "field": "title",
        "term": "rope",
    }
    prefixed = as_json("search", "RoPE*", "--explain", "--limit", "1")[0]["explain"]
    assert {(m["asked"], m["origin"]) for m in prefixed["matched"]} == {("RoPE*", "prefix")}
    shown = run("glossary", "성김").stdout
    assert "sparse" in shown and "learned from the archive: seen 2 times in 1 file" in shown
    listed = json.loads(run("glossary", "희소", "--json").stdout)
    assert {"spelling": "sparse", "origin": "packaged"} in [
        {k: e[k] for k in ("spelling", "origin")} for e in listed
    ]
    assert run("glossary", "  ", code=2).stderr.startswith("Error: give a word or phrase")
    for form in ("양자화하는", "양자화를"):  # what a search for the form expands to
        listed = json.loads(run("glossary", form, "--json").stdout)
        assert {"spelling": "quantization", "origin": "packaged"} in [
            {k: e[k] for k in ("spelling", "origin")} for e in listed
        ], form


def test_a_common_word_beside_many_parentheses_translates_nothing(tmp_path: Path) -> None:
    """``모델`` stands before thirty different English words and twice before
    ``diffusion``: that says nothing about either, while ``퍼짐(diffusion)``, the
    larger share of what ``diffusion`` is paired with, is a translation."""
    words = [f"alpha{chr(97 + i)}" for i in range(26)] + ["beta", "gamma", "delta", "omega"]
    noise = " ".join(f"모델({w})" for w in words)
    digest = (
        "## Daily Papers (2025-03-05)\n\n"
        "### [Noisy Parentheses Everywhere](https://arxiv.org/abs/2503.10020)\n\n"
        "Vote: 1\n\n"
        f"- **What's New**: {noise}. 모델(diffusion) 모델(diffusion).\n"
        "- **Technical Details**: 퍼짐(diffusion), 퍼짐(diffusion), 퍼짐(diffusion) 과정.\n"
    )
    folder = tmp_path / "digests"
    (folder).mkdir()
    (folder / "noisy.md").write_text(digest, encoding="utf-8")
    Archive(tmp_path / "index").index([folder])
    reader = EngineReader(tmp_path / "index")
    learned = {
        e.spelling: e.unused for e in reader.expansions("diffusion") if e.origin == "learned"
    }
    assert learned == {"퍼짐": "", "모델": "too few of the 32 pairs '모델' is seen in"}
    model = {e.spelling: e.unused for e in reader.expansions("모델") if e.origin == "learned"}
    assert model["diffusion"] == "too few of the 32 pairs '모델' is seen in"


APART = """## Daily Papers (2025-04-01)

### [Teaching Robots by Reinforcement Learning](https://arxiv.org/abs/2504.20001)

- **What's New**: 강화 학습으로 로봇 팔이 물건을 옮기도록 훈련합니다.

### [Reward Signals That Reinforce Long-Horizon Learning](https://arxiv.org/abs/2504.20002)

- **What's New**: 긴 과제에서 보상 신호를 나누어 주는 방법을 제안합니다.

### [Robot Arms Trained by Trial and Reward](https://arxiv.org/abs/2504.20005)

- **What's New**: 강화 학습으로 로봇 팔이 블록을 쌓도록 가르칩니다.

### [Grasping Cups with Vision](https://arxiv.org/abs/2504.20003)

- **What's New**: 컵을 집는 로봇을 위한 시각 모델입니다.

### [Moving Knowledge into Small Tokenizers by Distillation](https://arxiv.org/abs/2504.20006)

- **What's New**: 큰 토크나이저가 아는 것을 작은 토크나이저로 옮깁니다.

### [Grasping Tools from Learning Signals](https://arxiv.org/abs/2504.20007)

- **What's New**: 집게로 도구를 잡는 요령을 익힙니다.

### [A Study of Tokenizers](https://arxiv.org/abs/2504.20004)

- **What's New**: 토크나이저가 번역 품질에 주는 영향을 잽니다.

### [Robots That Reinforce Their Own Learning](https://arxiv.org/abs/2504.20008)

- **What's New**: 로봇이 스스로 만든 과제로 실력을 쌓습니다.
"""


def test_a_concept_inside_a_phrase_also_counts_its_words_apart(tmp_path: Path) -> None:
    """``reinforcement learning`` names a glossary concept; in a longer phrase its words
    are also clauses of their own, so a paper holding them apart is found, below the
    papers holding the concept in any of its spellings (2504.20005 only in Korean).
    Typed alone, or with ``AND``, a concept asks for itself, and a paper lacking one of
    its words lacks nothing."""
    (tmp_path / "apart").mkdir()
    (tmp_path / "apart" / "d.md").write_text(APART, encoding="utf-8")
    folder = tmp_path / "index"
    Archive(folder).index([tmp_path / "apart"])
    reader = EngineReader(folder)
    found = ids(reader, "reinforcement learning robots")
    assert found[:4] == ["2504.20001", "2504.20005", "2504.20008", "2504.20002"]
    snippets = {h.paper.id: h.snippet for h in reader.search("reinforcement learning robots").hits}
    assert snippets["2504.20002"] == (
        "Reward Signals That \ue000Reinforce\ue001 Long-Horizon \ue000Learning\ue001"
    )  # the concept's words are marked where they are what a paper holds
    assert ids(reader, "reinforcement learning") == ["2504.20001", "2504.20005"]
    assert ids(reader, "reinforcement learning AND robots") == ["2504.20001", "2504.20005"]
    explained = reader.search("reinforcement learning robots", limit=2, explain=True).hits
    assert [h.why.missing for h in explained if h.why] == [(), ()]
    # What NOT leaves out is the concept and the other words, not the concept's words.
    assert ids(reader, "grasping NOT (reinforcement learning robots)") == ["2504.20007"]
    # A concept no paper names as such: its words stand in for it.
    hits = reader.search("knowledge distillation tokenizers", limit=2, explain=True).hits
    assert [h.paper.id for h in hits] == ["2504.20006", "2504.20004"]
    why = hits[0].why
    assert why is not None and why.missing == ("knowledge distillation",)
    assert {(m.asked, m.origin, m.term) for m in why.matched} >= {
        ("knowledge distillation", "a word", "knowledg"),
        ("knowledge distillation", "a word", "distil"),
        ("tokenizers", "typed", "token"),
    }


HYPHENED = """## Daily Papers (2025-04-02)

### [Self-Improving Agents for Spreadsheet Chores](https://arxiv.org/abs/2504.21001)

- **What's New**: 스스로 개선하는 에이전트가 표 계산 작업을 익힙니다.

### [Self-Rewarding Agents Grade Their Own Plans](https://arxiv.org/abs/2504.21002)

- **What's New**: 에이전트가 자신의 계획에 점수를 매겨 보상으로 씁니다.

### [Agents That Book Trips](https://arxiv.org/abs/2504.21003)

- **What's New**: 여행 예약 에이전트, 에이전트 협업, 에이전트 평가를 다룹니다.

### [A Survey of Sorting Networks](https://arxiv.org/abs/2504.21004)

- **What's New**: 정렬 네트워크를 정리합니다. Self-contained 구현을 덧붙입니다.
"""


def test_a_hyphenated_word_inside_a_phrase_also_counts_its_words_apart(tmp_path: Path) -> None:
    """``self-improving agents``: a paper saying ``Self-Rewarding Agents`` holds a word of
    the first and all of the second, enough to match, below the paper holding both. A
    name such as ``GPT-4o`` is not taken apart."""
    from papercli.engine.compile import _hyphened

    (tmp_path / "hyphened").mkdir()
    (tmp_path / "hyphened" / "d.md").write_text(HYPHENED, encoding="utf-8")
    folder = tmp_path / "index"
    Archive(folder).index([tmp_path / "hyphened"])
    reader = EngineReader(folder)
    hits = reader.search("self-improving agents").hits
    assert [(h.paper.id, h.via) for h in hits] == [
        ("2504.21001", None),
        ("2504.21002", None),  # matched by the query itself, not only through feedback
    ]  # 2504.21003 holds agents alone, and nothing of the two papers' own words
    assert ids(reader, "self-improving") == ["2504.21001"]  # alone, the word asks for itself
    assert _hyphened("text-to-video") == ["text", "to", "video"]
    assert _hyphened("GPT-4o") == _hyphened("Qwen2-VL") == _hyphened("diffusion") == []


PREDICATE = """## Daily Papers (2025-04-03)

### [Squeezing Weights into Four Bits](https://arxiv.org/abs/2504.22001)

- **What's New**: Post-training quantization of every weight matrix, with no retraining.

### [Counting Tokens in Receipts](https://arxiv.org/abs/2504.22002)

- **What's New**: 영수증의 토큰을 세는 모델입니다.
"""


def test_a_predicate_form_of_a_glossary_spelling_names_the_concept(tmp_path: Path) -> None:
    """``양자화하는`` is a verb made of ``양자화``: it finds what the glossary says
    ``양자화`` is (``quantization``), and so does a run ending in such a form."""
    from papercli.engine.compile import _concept
    from papercli.glossary import _build

    (tmp_path / "predicate").mkdir()
    (tmp_path / "predicate" / "d.md").write_text(PREDICATE, encoding="utf-8")
    folder = tmp_path / "index"
    Archive(folder).index([tmp_path / "predicate"])
    assert ids(EngineReader(folder), "양자화하는") == ["2504.22001"]
    mine = _build(["self-improvement\t스스로 개선", "classification\t분류"])
    assert _concept(mine, ["스스로", "개선하는", "모델"], 0) == (
        2,
        ("self-improvement", "스스로 개선"),
        "스스로",
    )
    assert _concept(mine, ["분류를"], 0) == (1, ("classification",), "분류")  # a particle
    assert _concept(mine, ["분류기를"], 0) == (1, ("classification", "분류"), "분류기를")
    style = _build(["style\t스타일"])
    assert _concept(style, ["스타인"], 0) == (1, (), "스타인")  # no verb 스타이- to conjugate


def test_a_file_writing_two_spellings_of_a_pair_counts_once(tmp_path: Path) -> None:
    (tmp_path / "pairs").mkdir()
    for name, extra in (("one.md", " 성긴 어텐션(sparse attentions)도."), ("two.md", "")):
        (tmp_path / "pairs" / name).write_text(
            f"## Daily Papers (2025-04-0{len(name)})\n\n"
            f"### [Thin Attention Maps](https://arxiv.org/abs/2504.2300{len(name)})\n\n"
            f"- **What's New**: 성긴 어텐션(sparse attention)을 씁니다.{extra}\n",
            encoding="utf-8",
        )
    Archive(tmp_path / "index").index([tmp_path / "pairs"])
    learned = [
        (e.spelling, e.times, e.files)
        for e in EngineReader(tmp_path / "index").expansions("성긴 어텐션")
        if e.origin == "learned"
    ]
    assert learned == [("sparse attention", 3, 2)]  # three sightings in two files


def test_glossary_lists_each_word_a_search_looks_for_apart(reader: EngineReader) -> None:
    """A phrase that is no concept is looked for word by word; each word's expansions
    are listed under it, and a predicate's forms only where the archive writes them."""
    found = reader.expansions("환각 줄이는 방법")
    assert list(dict.fromkeys(e.word for e in found)) == ["환각", "줄이는"]
    assert ("환각", "hallucination", "packaged") in [(e.word, e.spelling, e.origin) for e in found]
    forms = [e.spelling for e in found if e.origin == "other forms"]
    assert forms == ["줄이", "줄였"]  # 줄이기 and 줄였습니다; never 줄인, 줄일, 줄임, 줄여
    assert {e.word for e in reader.expansions("대규모 언어 모델")} == {"대규모 언어 모델"}


def test_glossary_never_lists_a_form_no_paper_writes(tmp_path: Path) -> None:
    """``분류기`` drops a tool's ``-기`` to name ``분류``; read as a verb's stem, ``분류``
    would also make ``분륜`` and ``분률``, which no one writes."""
    reader = one_day(
        tmp_path,
        ("2505.30001", "Sorting Birds by Song", "새소리로 새의 종을 분류하는 분류기입니다."),
    )
    found = reader.expansions("분류기")
    assert [e.spelling for e in found if e.origin == "other forms"] == ["분류"]


def test_glossary_of_a_phrase_through_the_cli() -> None:
    run("index", str(MEANING))
    shown = run("glossary", "환각 줄이는 방법").stdout
    assert shown.startswith("A search for '환각 줄이는 방법' looks for its words apart.\n")
    assert "'환각' also finds:" in shown and "'줄이는' also finds:" in shown
    assert "방법" not in shown.split("\n", 1)[1]  # a function word expands to nothing
    listed = json.loads(run("glossary", "환각 줄이는", "--json").stdout)
    assert {e["word"] for e in listed} == {"환각", "줄이는"}
    one = json.loads(run("glossary", "환각", "--json").stdout)
    assert {e["word"] for e in one} == {"환각"}


def test_a_word_without_its_ending_is_looked_for_once(reader: EngineReader) -> None:
    """``줄이`` is both ``줄이는`` without ``는`` and a form of the verb: it is looked for
    (and named by ``--explain``) once, as the word without its particle, which is what
    ``는`` is after a noun (``모델은``, ``데이터는``)."""
    for hit in reader.search("줄이는", limit=None, explain=True).hits:
        assert hit.why is not None
        found = [(m.field, m.term) for m in hit.why.matched]
        assert len(set(found)) == len(found)
    hits = reader.search("모델을", limit=None, explain=True).hits
    assert any(m.origin == "without its particle" for h in hits if h.why for m in h.why.matched)


def test_a_plural_finds_the_singular_inside_a_name(tmp_path: Path) -> None:
    """``LLMs`` finds ``SwiftLLM`` as ``LLM`` does: the plural's singular is looked for
    inside names too."""
    reader = one_day(tmp_path, ("2505.30002", "SwiftLLM: Serving on One Card", "카드 한 장."))
    for query in ("LLM", "LLMs", "llms"):
        assert ids(reader, query) == ["2505.30002"], query
    assert reader.search("LLMss").corrected is not None  # found only as a misspelling


def test_a_word_found_inside_a_name_is_never_corrected(tmp_path: Path) -> None:
    """``morpher`` is only a part of ``SwiftMorpher``: a search finds it, so the correction
    for ``qqqzzz`` must leave it alone (it became ``mother`` or the like)."""
    reader = one_day(
        tmp_path,
        ("2505.30003", "SwiftMorpher: Blending Two Faces", "두 얼굴을 섞습니다."),
        ("2505.30004", "A Mother Tongue Corpus", "모국어 말뭉치입니다."),
    )
    result = reader.search("morpher qqqzzz")
    assert result.corrected is None
    assert [h.paper.id for h in result.hits] == ["2505.30003"]


def test_a_query_that_is_a_papers_id_or_link_finds_that_paper(reader: EngineReader) -> None:
    from papercli.model import Filters

    for typed in ("2503.10001", "arXiv:2503.10001v2", "https://arxiv.org/abs/2503.10001"):
        assert ids(reader, typed) == ["2503.10001"], typed
    blocked = reader.search("2503.10001", Filters(min_votes=1000))
    assert (blocked.hits, blocked.unfiltered, blocked.blocking) == ((), 1, ("min_votes",))
    day = reader.paper("2503.10001").appearances[0].date
    both = reader.search("2503.10001", Filters(start=day, end=day, min_votes=1000))
    assert both.blocking == ("min_votes",)  # the day holds it: only the votes remove it
    tagged = reader.search("2503.10001", Filters(ids=frozenset({"2503.10002"})))
    assert (tagged.unfiltered, tagged.blocking) == (1, ("ids",))  # a tag: that leaves it out
    unknown = reader.search("2503.19999")  # no such paper: nothing, and no nonsense
    assert (unknown.hits, unknown.suggestion, unknown.corrected) == ((), None, None)
    link = reader.search("https://arxiv.org/abs/2503.19999")
    assert (link.hits, link.suggestion, link.corrected) == ((), None, None)


def test_a_verb_weighs_less_than_the_thing_it_acts_on(tmp_path: Path) -> None:
    """``환각 줄이는 방법``: the paper about hallucination (its title says so) ranks above one
    that mentions hallucination and, elsewhere, cutting its cost: papers name the thing,
    each with its own verb (완화, 억제, 개선), so the verb weighs half."""
    reader = one_day(
        tmp_path,
        ("2505.30010", "Curbing Hallucination in Image Captions", "캡션의 환각 문제를 완화합니다."),
        ("2505.30011", "Scaling Vision Encoders", "학습 비용을 줄였고 환각 사례도 관찰했습니다."),
        ("2505.30012", "Pruning Wide Networks", "메모리를 줄이는 가지치기 기법입니다."),
        ("2505.30013", "Token Merging for Speed", "토큰 수를 줄여 속도를 높입니다."),
        ("2505.30014", "A Survey of Agents", "에이전트 연구를 정리합니다."),
        ("2505.30015", "Audio Tagging at Scale", "오디오 태깅 데이터셋입니다."),
    )
    assert ids(reader, "환각 줄이는 방법")[0] == "2505.30010"
    assert ids(reader, "환각 줄이기")[0] == "2505.30010"
    assert ids(reader, "reduce hallucination")[0] == "2505.30010"


ATTACKS = (
    (
        "2505.40001",
        "Adversarial Attacks on Speech Recognizers",
        "음성 인식기를 속이는 적대적 공격.",
    ),
    ("2505.40002", "Jailbreak Attacks on Chat Models", "채팅 모델을 탈옥시키는 공격을 모읍니다."),
    (
        "2505.40003",
        "Robust Training Under Label Noise",
        "잡음 섞인 레이블로도 강건하게 학습합니다.",
    ),
) + tuple(
    (f"2505.5{n:04d}", f"Language Models Study {n}", f"언어 모델 실험 {n}번째 보고입니다.")
    for n in range(300)
)


def test_a_phrase_finding_few_papers_is_widened_to_titles_holding_its_rare_words(
    tmp_path: Path,
) -> None:
    """``adversarial attacks`` names one paper; "Jailbreak Attacks" holds its rare word
    ``attacks`` in its title and follows, marked ``widened``. Strict queries, other sorts
    and the browser's keystroke search are never widened."""
    reader = one_day(tmp_path, *ATTACKS)
    result = reader.search("adversarial attacks", limit=None)
    assert [(h.paper.id, h.via) for h in result.hits] == [
        ("2505.40001", None),
        ("2505.40002", "widened"),
    ]
    assert (result.total, result.widened) == (2, 1)
    hit = reader.search("adversarial attacks", limit=None, explain=True).hits[1]
    assert hit.why is not None and hit.why.via == "widened"
    assert ("title", "attack") in {(m.field, m.term) for m in hit.why.matched}
    assert hit.why.missing == ("adversarial",)
    strict = ('"adversarial attacks"', "+adversarial +attacks", "adversarial AND attacks")
    for query in (*strict, "adversarial attack*", "title:adversarial title:attacks"):
        assert ids(reader, query) == ["2505.40001"], query
    assert [h.paper.id for h in reader.search("adversarial attacks", sort="votes").hits] == [
        "2505.40001"
    ]
    assert ids_typing(reader, "adversarial attacks") == ["2505.40001"]
    # A common word in a title (``models``, in 300 of them) widens to nothing.
    assert reader.search("chat models", limit=None).widened == 0


def ids_typing(reader: EngineReader, query: str) -> list[str]:
    return [h.paper.id for h in reader.search(query, limit=None, thorough=False).hits]


def test_a_phrase_in_a_small_archive_is_never_widened(tmp_path: Path) -> None:
    """One paper of 33 is not few: widening waits for an archive a hundred times larger
    than what was found."""
    reader = one_day(tmp_path, *ATTACKS[:33])
    assert ids(reader, "adversarial attacks") == ["2505.40001"]


def test_widening_adds_a_screen_of_papers_however_often_each_appeared(tmp_path: Path) -> None:
    """A paper in two digests is two entries but one paper: widening counts the screen
        it may fill (19 papers beside the one found) in papers, not entries (23 entries
    here: "Jailbreak Attacks" and 11 papers in two digests each)."""
    one_day(tmp_path, *ATTACKS)
    lines = ["## Daily Papers (2025-05-02)", ""]
    for n in range(11):
        pid, title = f"2505.6{n:04d}", f"Attacks on Benchmark Number {n}"
        lines += [f"### [{title}](https://arxiv.org/abs/{pid})", "", f"- 평가 {n}번째.", ""]
    for day in ("2025-05-02", "2025-05-03"):
        lines[0] = f"## Daily Papers ({day})"
        (tmp_path / "d" / f"{day}.md").write_text("\n".join(lines), encoding="utf-8")
    Archive(tmp_path / "index").index([tmp_path / "d"])
    result = EngineReader(tmp_path / "index").search("adversarial attacks", limit=None)
    assert (result.total, result.widened) == (13, 12)


def test_the_cli_counts_and_marks_widened_papers(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    one_day(tmp_path, *ATTACKS)
    run("index", str(folder))
    out = run("search", "adversarial attacks").stdout
    assert (
        "2 of 2 papers for 'adversarial attacks' (1 widened to titles holding some of its words)"
        in out
    )
    found = as_json("search", "adversarial attacks")
    assert [(h["id"], h["via"]) for h in found] == [
        ("2505.40001", None),
        ("2505.40002", "widened"),
    ]


def test_an_export_and_the_browser_say_what_widening_added(tmp_path: Path) -> None:
    """As the search's first line does: an exported paper may hold no word typed."""
    from papercli.browse.backend import Backend

    one_day(tmp_path, *ATTACKS)
    result = run("export", "adversarial attacks", "--format", "jsonl")
    found = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert found == ["2505.40001", "2505.40002"]
    assert result.stderr == (
        "2 papers for 'adversarial attacks', 1 widened to titles holding some of its words.\n"
    )
    assert run("export", "adversarial").stderr == ""
    backend = Backend.at(tmp_path / "index")
    backend.open()
    try:
        title = backend.search("adversarial attacks").title
    finally:
        backend.close()
    assert title == (
        "All 2 papers for 'adversarial attacks' (1 widened to titles holding some of its words)"
    )


def test_a_korean_self_finds_english_self_names(tmp_path: Path) -> None:
    """``스스로`` is ``self`` (a glossary pair): it finds "Self-Repairing ...", whose
    summary says 자기 수정, never 스스로."""
    reader = one_day(
        tmp_path,
        ("2505.30020", "Self-Repairing Code Agents", "자기 수정으로 코드를 고칩니다."),
        ("2505.30021", "Fast Sorting Networks", "정렬을 빠르게 합니다."),
    )
    assert ids(reader, "스스로")[:1] == ["2505.30020"]


def test_a_glossary_word_this_archive_lacks_is_never_corrected(tmp_path: Path) -> None:
    """``protein`` is spelt right (the glossary knows it); this archive just lacks it. It
    stays, named as matching nothing, and the other words are searched; it was
    corrected to ``protest``, two letters away, and the search ran for that instead."""
    reader = one_day(
        tmp_path,
        ("2505.30030", "Protest Detection in News Photos", "뉴스 사진에서 시위를 찾습니다."),
        ("2505.30031", "Structure Prediction for Crystals", "결정 구조를 예측합니다."),
        ("2505.30032", "Protean Agents That Adapt", "모습을 바꾸는 에이전트입니다."),
    )
    result = reader.search("protein structure prediction")
    assert (result.corrected, result.unmatched) == (None, ("protein",))
    assert [h.paper.id for h in result.hits] == ["2505.30031"]
    assert reader.search("protesst").corrected == "protest"  # a misspelling still is
    # ``protien`` is two letters from ``protean`` and from ``protein``: the reader likely
    # meant the glossary's word, which the archive lacks, so nothing is corrected.
    result = reader.search("protien structure prediction")
    assert (result.corrected, result.unmatched) == (None, ("protien",))


def test_widening_fills_a_screen_at_most_and_never_counts_for_a_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Widening adds no more than what a screen of results lacks, the papers naming more
    of the words first; a verb names no topic, so a paper holding only ``reduce`` is not
    found; and "N papers match without it" counts only what the phrase itself found."""
    from papercli.engine.search import Search

    monkeypatch.setattr(Search, "WIDEN_BELOW", 3)
    reader = one_day(
        tmp_path,
        *ATTACKS,
        ("2505.40004", "Reducing Precision for Cheap Training", "정밀도를 낮춰 비용을 줄입니다."),
        ("2505.40005", "Prompt Attacks Revisited", "프롬프트 공격을 다시 봅니다."),
        ("2505.40006", "Attacks on Retrieval Attacks", "검색 공격입니다."),
    )
    result = reader.search("reduce adversarial attacks", limit=None)
    assert [h.paper.id for h in result.hits][:1] == ["2505.40001"]
    assert "2505.40004" not in {h.paper.id for h in result.hits}  # it only says reduce
    assert (result.total, result.widened) == (3, 2)
    assert result.hits[1].paper.id == "2505.40006"  # attacks twice in its title
    empty = reader.search("adversarial attacks", Filters(min_votes=1000))
    assert (empty.hits, empty.unfiltered) == ((), 1)  # not the 3 widening adds


def test_widening_needs_a_direct_match_and_never_widens_by_a_verb(tmp_path: Path) -> None:
    """Four animals each in one title: no paper holds enough of the phrase, so nothing
    is found and nothing widened (a correction or a filter is what to say then). A title
    holding only the verb ``reduce`` is never added; a query of verbs alone still finds
    what it says."""
    reader = one_day(
        tmp_path,
        *ATTACKS,
        ("2505.40010", "Quokka Counting", "쿼카를 셉니다."),
        ("2505.40011", "Narwhal Tracking", "일각고래를 추적합니다."),
        ("2505.40012", "Axolotl Regrowth", "아홀로틀 재생."),
        ("2505.40013", "Pangolin Scales", "천산갑 비늘."),
        ("2505.40014", "Reduce, Reuse, Recycle", "재활용 이야기."),
        ("2505.40015", "Faster Sorting Networks", "정렬을 빠르게 합니다."),
    )
    assert ids(reader, "quokka narwhal axolotl pangolin") == []
    found = ids(reader, "reduce adversarial attacks")
    assert found == ["2505.40001", "2505.40002"]  # not 2505.40014, which says only reduce
    assert ids(reader, "make faster") == ["2505.40015"]


def test_a_word_the_archive_translates_is_a_thing_not_a_verb() -> None:
    """``데이터는`` ends like ``줄이는``, but the archive translates ``데이터`` (``데이터(data)``
    in its digests): a noun with its topic particle, weighing in full. Without the pair it
    reads as a verb."""
    from papercli.engine.compile import build_query
    from papercli.engine.soft import Soft

    def learned(text: str) -> list[str]:
        return ["data"] if text == "데이터" else []

    for pairs, verb in ((learned, False), (None, True)):
        query = build_query("데이터는 줄이는", pairs)
        assert isinstance(query, Soft)
        modifiers = [(c.text, c.modifier) for c in query.clauses]
        assert modifiers == [(modifiers[0][0], verb), ("줄이는", True)]
