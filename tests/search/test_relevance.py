"""The relevance benchmark (bench/relevance) runs in CI and fails below its targets."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "relevance" / "relevance.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_relevance", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_relevance_meets_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code = load().main([])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "| Korean |" in out.out
    assert "BELOW TARGET" not in out.err


def test_without_the_archive_only_the_existing_classes_are_judged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = load().main(["--archive", str(tmp_path / "absent")])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    skipped = (
        f"Concept and compound classes and the unicode check skipped: no {tmp_path / 'absent'}"
    )
    assert skipped in out.out
    assert "| concept |" not in out.out
    assert "| compound |" not in out.out
    assert re.search(r"^\| Korean \| \d+ \| papers \|", out.out, re.M)  # 55 with ../shared/seeds
    assert out.err == ""


def test_judging_rule() -> None:
    relevance = load()
    docs = [
        relevance.Doc("a", "Diffusion Models", "Diffusion Models\n잡음을 없애는 모델"),
        relevance.Doc("b", "Other", "Other\n강화 학습을 씁니다"),
        relevance.Doc("c", "확산", "확산\n내용"),
    ]
    assert relevance.judge("강화학습", docs) == ({"b"}, set())
    assert relevance.judge("diffusion", docs) == ({"a", "c"}, {"a", "c"})
    assert relevance.judge("models", docs)[0] == {"a"}
    score = relevance.score(["c", "b", "a"], {"a", "c"}, {"a"})
    assert (score.recall, round(score.precision, 2), score.title_first) == (1.0, 0.67, False)


def test_title_rules() -> None:
    relevance = load()
    titles = {
        "a": "Curbing Hallucinations in Long-Form Answers",
        "b": "Stretching LongRoPE Past a Million Tokens",
        "c": "Material Properties with Diffusion Models",
        "d": "Text-to-Video Generation with Diffusion",
    }
    assert relevance.judge_title("hallucinat", titles, ignore_case=True) == {"a"}
    assert relevance.judge_title("video & generat|diffusion", titles, ignore_case=True) == {"d"}
    assert relevance.judge_title("diffusion", titles, ignore_case=True) == {"c", "d"}
    assert relevance.judge_title("RoPE", titles, ignore_case=False) == {"b"}
    assert relevance.judge_title("RoPE", titles, ignore_case=True) == {"b", "c"}


def test_variants() -> None:
    relevance = load()
    assert relevance.variant("GPT-4o", "fullwidth") == "ＧＰＴ－４ｏ"
    assert relevance.variant("음악 생성", "fullwidth") == "음악\u3000생성"
    decomposed = relevance.variant("환각", "nfd")
    assert decomposed != "환각"
    assert len(decomposed) == 6
    assert unicodedata.normalize("NFC", decomposed) == "환각"
    with pytest.raises(ValueError):
        relevance.variant("환각", "nfkd")


def test_ranked_measures() -> None:
    relevance = load()
    relevant = {f"r{i}" for i in range(120)}
    ranked = ["x", "r0", "r1", *(f"y{i}" for i in range(7)), *(f"r{i}" for i in range(2, 100))]
    found = relevance.score(ranked, relevant, relevant)
    assert found.p_at_10 == 0.2
    assert found.recall_at_100 == 92 / 100
    assert (found.returned, found.relevant) == (108, 120)
    few = relevance.score(["a", "z", "b"], {"a", "b"}, {"a", "b"})
    assert few.recall_at_100 == 1.0
    assert few.p_at_10 == 0.2
    ideal = 1 + 1 / 1.584962500721156
    assert round(few.ndcg, 6) == round((1 + 1 / 2) / ideal, 6)


def test_starved_counts_only_concepts_with_ten_relevant() -> None:
    relevance = load()

    def judged(kind: str, text: str, relevant: int, returned: int):
        score = relevance.Score(0, 0, 0, None, 0, 0, returned, relevant)
        return relevance.Judged(relevance.Query(kind, text), {"papers": score})

    rows = [
        judged("concept", "many but few returned", 10, 9),
        judged("concept", "many and enough", 12, 10),
        judged("concept", "few relevant", 9, 0),
        judged("compound", "not a phrase", 30, 1),
    ]
    assert relevance._starved(rows, "papers") == (2, ["many but few returned"])


def test_sqlite_system_ors_words_one_row_per_paper() -> None:
    relevance = load()
    entry = relevance.Entry
    papers = [
        relevance.Paper("p1", "Sparse Attention", (), (entry("희소 어텐션", "", ()),)),
        relevance.Paper(
            "p2",
            "Dense Retrieval",
            (),
            (entry("검색 모델", "", ()), entry("sparse 라는 말은 없습니다", "", ())),
        ),
        relevance.Paper("p3", "Unrelated", (), (entry("관계없는 글", "", ()),)),
    ]
    search = relevance.sqlite_system(papers)
    assert search("sparse attention", None) == ["p1", "p2"]
    assert search('retrieval "quoted', None) == ["p2"]
    assert search("희소", 1) == ["p1"]
    assert search("   ", None) == []


def test_query_sets_are_whole() -> None:
    relevance = load()
    queries = relevance.load_queries(relevance.CONCEPTS)
    kinds = [q.kind for q in queries]
    assert (kinds.count("concept"), kinds.count("compound"), kinds.count("unicode")) == (60, 26, 10)
    concepts = [q for q in queries if q.kind == "concept"]
    assert sum(bool(re.search("[가-힣]", q.text)) for q in concepts) == 30
    for query in queries:
        if query.kind == "unicode":
            assert query.rule in ("nfd", "fullwidth")
        else:
            assert all(re.compile(clause) for clause in query.rule.split(" & "))
    assert len(relevance.load_queries(relevance.QUERIES)) == 97
