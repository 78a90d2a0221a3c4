"""``search.scores`` must find and score exactly what Whoosh's own matchers do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from whoosh import query as Q

from papercli.archive import Archive
from papercli.engine.compile import StemmedPrefix, build_query
from papercli.engine.reader import EngineReader
from papercli.engine.scoring import scores
from papercli.engine.soft import Soft
from papercli.model import Filters

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


def whooshs_own(query) -> list:
    """The parts of ``query`` Whoosh can score itself: a soft query (papers' own
    coordination) is checked clause by clause, a DisjunctionMax (whose tiebreak
    Whoosh's matcher ignores) spelling by spelling."""
    if isinstance(query, Soft) or _holds_dismax(query):
        return [part for child in query.children() for part in whooshs_own(child)]
    if isinstance(query, Q.AndNot) and isinstance(query.a, Soft):
        return [*whooshs_own(query.a), query.b]
    return [query]


def _holds_dismax(query) -> bool:
    return isinstance(query, Q.DisjunctionMax) or any(_holds_dismax(c) for c in query.children())


@pytest.mark.parametrize("text", judged() + SYNTAX)
def test_scores_equal_whooshs_matchers(store: EngineReader, text: str) -> None:
    with store.folder.searcher() as searcher:
        for query in whooshs_own(build_query(text)):
            for sub, _ in searcher.leaf_searchers():
                expected = whoosh_scores(query, sub)
                found = scores(query, sub, searcher.context())
                assert found.keys() == expected.keys()
                for doc, score in expected.items():
                    assert found[doc] == pytest.approx(score, rel=1e-9)


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory: pytest.TempPathFactory) -> EngineReader:
    """The corpus indexed, then one file changed: deleted documents in the first
    segment, their new versions in a second."""
    root = tmp_path_factory.mktemp("segments")
    folder = root / "digests"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.md")):
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    found = EngineReader(root / "index")
    Archive(found.path).index([folder])
    changed = sorted(folder.glob("*.md"))[0]
    changed.write_text(changed.read_text("utf-8").replace("모델", "모형"), "utf-8")
    Archive(found.path).index([folder])
    return found


@pytest.mark.parametrize("needs_current", [False, True])
@pytest.mark.parametrize("kind", [Q.Prefix, StemmedPrefix])
@pytest.mark.parametrize("prefix", ["뇌", "뇌신", "모", "mod", "le", "zz", "colo"])
def test_prefix_scores_equal_whooshs_either_way_it_unions(
    two_segments: EngineReader, prefix: str, kind: type[Q.Prefix], needs_current: bool
) -> None:
    """Whoosh scores a prefix's terms as a summed union (two terms, a segment of over
    5,000 documents, or a context that needs the current match), as one term without
    the boost, or as a constant (otherwise); a context needing the current match stands
    in for the big segment. Over two segments, one with deleted documents."""
    with two_segments.folder.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        context = searcher.context(needs_current=needs_current)
        for field in ("title", "body"):
            query = kind(field, prefix, boost=3.0)
            for sub, _ in searcher.leaf_searchers():
                expected = {}
                matcher = query.matcher(sub, context)
                while matcher.is_active():
                    expected[matcher.id()] = matcher.score()
                    matcher.next()
                found = scores(query, sub, context)
                assert found == pytest.approx(expected, rel=1e-9)


def best_by_paper(store: EngineReader, text: str) -> dict[str, float]:
    """Each paper's best score as Whoosh's own matchers give it."""
    best: dict[str, float] = {}
    with store.folder.searcher() as searcher:
        for doc, score in whoosh_scores(build_query(text), searcher).items():
            pid = searcher.stored_fields(doc)["paper_id"]
            best[pid] = max(best.get(pid, 0.0), score)
    return best


def test_one_result_per_paper_at_its_best_entry(store: EngineReader) -> None:
    expected = best_by_paper(store, "모델 OR model")
    result = store.search("모델 OR model", limit=None)
    assert result.total == len(result.hits) == len(expected) > 2
    assert {h.paper.id: h.score for h in result.hits} == pytest.approx(expected)
    assert [h.score for h in result.hits] == sorted(expected.values(), reverse=True)
    assert store.search("모델 OR model", limit=2).hits == result.hits[:2]


def test_segments_and_deletions_are_respected(two_segments: EngineReader) -> None:
    """A changed file leaves deleted documents in an old segment and its new
    entries in another; neither the dead entries nor a paper twice may come back."""
    store = two_segments
    with store.folder.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
    expected = best_by_paper(store, "모델")
    result = store.search("모델", limit=None)
    assert result.total == len(expected) > 0
    assert {h.paper.id: h.score for h in result.hits} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("start", "end", "min_votes"),
    [
        ("2025-01-06", "2025-01-06", None),
        ("2025-01-07", None, None),
        (None, None, 5),
        ("2025-01-01", "2025-01-31", 3),
    ],
)
def test_filters_keep_what_whooshs_range_queries_keep(
    store: EngineReader, start: str | None, end: str | None, min_votes: int | None
) -> None:
    first = dt.date.fromisoformat(start) if start else None
    last = dt.date.fromisoformat(end) if end else None
    conditions = []
    if start or end:
        conditions.append(Q.TermRange("date", start or "0000-00-00", end or "9999-99-99"))
    if min_votes is not None:
        conditions.append(Q.NumericRange("votes", min_votes, None))
    expected: dict[str, float] = {}
    query = build_query("모델 OR model OR 학습")
    with store.folder.searcher() as searcher:
        for doc, score in whoosh_scores(Q.And([query, *conditions]), searcher).items():
            pid = searcher.stored_fields(doc)["paper_id"]
            expected[pid] = max(expected.get(pid, 0.0), score)
    filters = Filters(start=first, end=last, min_votes=min_votes)
    result = store.search("모델 OR model OR 학습", filters, limit=None)
    assert {h.paper.id for h in result.hits} == set(expected)
    assert result.total == len(expected) > 0


def test_latin_pairs_find_exactly_what_positions_find(tmp_path: Path) -> None:
    """A two-word English phrase is answered from the pair terms alone; a longer one
    from its pairs, then positions. Both must equal Whoosh's positional phrase."""
    folder = tmp_path / "digests"
    folder.mkdir()
    bodies = [
        "language model 을 씁니다",
        "language 모델 model 은 다릅니다",
        "model language 순서가 반대",
        "Language-Model 하이픈",
        "large language model 세 단어",
        "language model 과 large model 따로",
    ]
    blocks = [
        f"## 제목: Paper {n}\n\n**요약**: {body}\n\n**관련분야**: NLP\n\n"
        f"[PDF](https://arxiv.org/pdf/2401.0000{n})\n"
        for n, body in enumerate(bodies, 1)
    ]
    (folder / "phrases.md").write_text("\n---\n".join(blocks), "utf-8")
    store = EngineReader(tmp_path / "index")
    Archive(store.path).index([folder])
    for text in ['"language model"', '"large language model"', '"model language"']:
        query = build_query(text)
        with store.folder.searcher() as searcher:
            for sub, _ in searcher.leaf_searchers():
                expected = whoosh_scores(query, sub)
                assert scores(query, sub, searcher.context()) == pytest.approx(expected)
    found = {h.paper.title for h in store.search('"language model"', limit=None).hits}
    assert found == {"Paper 1", "Paper 4", "Paper 5", "Paper 6"}
    found = {h.paper.title for h in store.search('"large language model"', limit=None).hits}
    assert found == {"Paper 5"}


def test_disjunction_max_keeps_the_best_and_a_share_of_the_rest(store: EngineReader) -> None:
    """A word's spellings count once: the best one, plus the tiebreak of the others."""
    parts = [Q.Term("body", "양자"), Q.Term("title", "quantiz", boost=8.0)]
    with store.folder.searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            each = [scores(q, sub, searcher.context()) for q in parts]
            found = scores(Q.DisjunctionMax(parts, tiebreak=0.3), sub, searcher.context())
            assert found.keys() == each[0].keys() | each[1].keys()
            for doc, score in found.items():
                mine = [p.get(doc, 0.0) for p in each]
                assert score == pytest.approx(max(mine) + 0.3 * (sum(mine) - max(mine)))
