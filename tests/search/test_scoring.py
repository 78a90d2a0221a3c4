"""``search.scores`` must find and score exactly what Whoosh's own matchers do."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.search import best_per_paper, build_query, scores
from papercli.store import Store

from .conftest import CORPUS

QUERIES = Path(__file__).resolve().parents[2] / "bench" / "relevance" / "queries.tsv"
SYNTAX = [
    '"language model"',
    "diffusion OR 강화학습",
    "모델 -diffusion",
    "NOT 확산",
    "title:diffusion",
    "author:kim",
    "field:(컴퓨터 비전)",
    "(양자화 OR quantization) 모델",
    "확산 모델 -title:video",
    "뇌",
    "rlhf로",
]


def judged() -> list[str]:
    lines = QUERIES.read_text("utf-8").splitlines()
    return [line.split("\t")[1] for line in lines if line and not line.startswith("#")]


def whoosh_scores(query, searcher) -> dict[int, float]:
    matcher = query.matcher(searcher, searcher.context())
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.score()
        matcher.next()
    return found


@pytest.mark.parametrize("text", judged() + SYNTAX)
def test_scores_equal_whooshs_matchers(store: Store, text: str) -> None:
    query = build_query(text)
    with store._searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            expected = whoosh_scores(query, sub)
            found = scores(query, sub, searcher.context())
            assert found.keys() == expected.keys()
            for doc, score in expected.items():
                assert found[doc] == pytest.approx(score, rel=1e-9)


def test_one_result_per_paper_at_its_best_entry(store: Store) -> None:
    query = build_query("모델 OR model")
    with store._searcher() as searcher:
        ranked, total = best_per_paper(searcher, query, limit=None)
        papers = [searcher.stored_fields(doc)["paper_id"] for doc, _ in ranked]
        every = whoosh_scores(query, searcher)
        best: dict[str, float] = {}
        for doc, score in every.items():
            pid = searcher.stored_fields(doc)["paper_id"]
            best[pid] = max(best.get(pid, 0.0), score)
        assert best_per_paper(searcher, query, limit=2)[0] == ranked[:2]
    assert len(papers) == len(set(papers)) == total == len(best) > 2
    assert [score for _, score in ranked] == pytest.approx(sorted(best.values(), reverse=True))


def test_segments_and_deletions_are_respected(tmp_path: Path) -> None:
    """A changed file leaves deleted documents in an old segment and its new
    entries in another; neither the dead entries nor a paper twice may come back."""
    folder = tmp_path / "digests"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.md"))[:3]:
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    store = Store(tmp_path / "index")
    store.index([folder])
    changed = sorted(folder.glob("*.md"))[0]
    changed.write_text(changed.read_text("utf-8").replace("모델", "모형"), "utf-8")
    store.index([folder])
    query = build_query("모델")
    with store._searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        ranked, total = best_per_paper(searcher, query, limit=None)
        expected = {}
        for doc, score in whoosh_scores(query, searcher).items():
            pid = searcher.stored_fields(doc)["paper_id"]
            expected[pid] = max(expected.get(pid, 0.0), score)
        found = {searcher.stored_fields(doc)["paper_id"]: score for doc, score in ranked}
    assert total == len(expected) > 0
    assert found == pytest.approx(expected)
