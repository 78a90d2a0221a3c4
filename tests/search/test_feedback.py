"""Pseudo-relevance feedback (``papercli.engine.feedback``): a paper sharing the best
matches' key words, but none of the reader's, is found after every direct match, and
those words reorder the direct matches within their tier; a search while the reader is
still typing (``thorough=False``) leaves feedback out."""

from __future__ import annotations

import pytest

from papercli.archive import Archive
from tests.helpers import as_json, run

PAPERS = [
    (
        "2504.20001",
        "Listening Machines with Routed Experts",
        "음성 인식 모델에서 라우터가 전문가 층으로 토큰을 보낸다. "
        "라우터 학습과 전문가 균형이 음성 인식 정확도를 높인다.",
    ),
    (
        "2504.20002",
        "Streaming Speech Recognition at Scale",
        "음성 인식 시스템을 스트리밍으로 돌리며 라우터와 전문가 구조를 쓴다. "
        "전문가 수를 늘려도 라우터 비용은 작다.",
    ),
    (
        "2504.20003",
        "Balanced Token Dispatch",
        "라우터가 전문가에게 토큰을 고르게 나누는 손실을 제안한다. "
        "라우터 붕괴 없이 전문가 활용도가 오른다.",
    ),
    (
        "2504.20004",
        "Tabular Forecasting with Trees",
        "표 형식 데이터의 시계열 예측에 나무 모델을 쓴다.",
    ),
    (
        "2504.20005",
        "Painting Styles Transferred",
        "그림 화풍을 다른 사진으로 옮기는 생성 모델이다.",
    ),
    ("2504.20006", "Graph Kernels Revisited", "그래프 커널을 분자 데이터에서 비교한다."),
    ("2504.20007", "Weather Maps from Satellites", "위성 사진으로 날씨 지도를 만든다."),
    ("2504.20008", "Sparse Layers for Vision", "비전 모델에서 라우터가 전문가를 고른다."),
    ("2504.20009", "Plain Notes", "모델 모델 모델을 정리한다."),
]
DISPATCH = "2504.20003"  # no word of the query; the speech papers' 라우터 and 전문가
SHARING = "2504.20008"  # 모델 once, and the speech papers' 라우터 and 전문가
REPEATING = "2504.20009"  # 모델 three times, nothing of the speech papers


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("feedback")
    lines = ["## Daily Papers (2025-04-01)", ""]
    for pid, title, summary in PAPERS:
        lines += [f"### [{title}](https://arxiv.org/abs/{pid})", "", "Vote: 3", ""]
        lines += ["Authors: Test Author", "", f"- {summary}", ""]
    (root / "digests").mkdir()
    (root / "digests" / "daily.md").write_text("\n".join(lines), "utf-8")
    found = Archive(root / "index")
    found.index([root / "digests"])
    return found


def test_feedback_finds_a_paper_in_the_best_matches_words_and_ranks_it_last(
    archive: Archive,
) -> None:
    hits = archive.search("음성 인식 모델", limit=None).hits
    via = {hit.paper.id: hit.via for hit in hits}
    assert via[DISPATCH] == "feedback"
    direct = [hit.paper.id for hit in hits if hit.via is None]
    assert {"2504.20001", "2504.20002"} <= set(direct)
    assert [hit.paper.id for hit in hits].index(DISPATCH) >= len(direct)


def test_a_search_while_typing_leaves_feedback_out(archive: Archive) -> None:
    thorough = archive.search("음성 인식 모델", limit=None)
    typing = archive.search("음성 인식 모델", limit=None, thorough=False)
    assert DISPATCH not in {hit.paper.id for hit in typing.hits}
    assert {h.paper.id for h in typing.hits} == {
        h.paper.id for h in thorough.hits if h.via != "feedback"
    }


def test_the_best_matches_words_reorder_the_papers_the_query_found(archive: Archive) -> None:
    """As RM3 does: among papers matching alike (모델 alone), one sharing the best
    matches' words ranks above one repeating the query's word; a paper sharing none
    keeps its score; and what the words add is named by ``--explain``."""
    typing = archive.search("음성 인식 모델", limit=None, thorough=False).hits
    thorough = archive.search("음성 인식 모델", limit=None, explain=True).hits
    before = [h.paper.id for h in typing]
    after = [h.paper.id for h in thorough]
    assert before.index(REPEATING) < before.index(SHARING)
    assert after.index(SHARING) < after.index(REPEATING)
    score = {h.paper.id: h.score for h in typing}
    why = {h.paper.id: (h.score, h.why) for h in thorough}
    assert why[REPEATING][0] == score[REPEATING] and why[REPEATING][1].shared == ()
    assert score[SHARING] < why[SHARING][0] <= 2 * score[SHARING]  # typed words weigh half
    assert {"라우터", "전문"} <= set(why[SHARING][1].shared)
    assert after[:2] == ["2504.20002", "2504.20001"]  # the first tier stays first


def test_a_single_word_asks_for_itself_without_feedback(archive: Archive) -> None:
    assert DISPATCH not in {hit.paper.id for hit in archive.search("음성", limit=None).hits}


def test_a_paper_the_query_matches_itself_is_never_marked_feedback(archive: Archive) -> None:
    hits = archive.search("라우터 전문가", limit=None).hits
    assert {hit.paper.id: hit.via for hit in hits}[DISPATCH] is None


def test_explain_names_the_shared_words_through_the_cli(archive: Archive) -> None:
    run("index", str(archive.path.parent / "digests"))
    hit = next(h for h in as_json("search", "음성 인식 모델", "--explain") if h["id"] == SHARING)
    assert {"라우터", "전문"} <= set(hit["explain"]["shared"])
    shown = run("search", "음성 인식 모델", "--explain", "--limit", "0").stdout
    assert "with the best matches" in shown


def test_shared_korean_bigrams_read_as_the_words_the_paper_writes() -> None:
    from papercli.engine.explain import _chained

    assert _chained(["sam", "마스", "스크"], "마스크를 씁니다") == ("sam", "마스크")
    assert _chained(["스크", "마스"], "마스크") == ("마스크",)
    assert _chained(["언어", "어내"], "언어 모델이 지어내는") == ("언어", "어내")
    assert _chained(["애니", "니메", "메이"], "애니메이션") == ("애니메이",)


def test_feedback_never_brings_back_a_paper_the_query_excludes(archive: Archive) -> None:
    hits = archive.search("음성 인식 모델 NOT 토큰", limit=None).hits
    assert DISPATCH not in {hit.paper.id for hit in hits}  # its own text says 토큰
    assert "2504.20002" in {hit.paper.id for hit in hits}


def test_the_count_says_how_many_papers_only_feedback_found(archive: Archive) -> None:
    result = archive.search("음성 인식 모델", limit=None)
    fed = [h.paper.id for h in result.hits if h.via == "feedback"]
    assert result.through_feedback == len(fed) == 1 and result.total == len(result.hits)
    assert archive.search("음성 인식 모델", limit=None, thorough=False).through_feedback == 0
    run("index", str(archive.path.parent / "digests"))
    title = run("search", "음성 인식 모델").stdout.splitlines()[0]
    assert title.endswith("papers for '음성 인식 모델' (1 only through the best matches' words)")


def test_a_not_in_parentheses_also_keeps_out_what_feedback_found(archive: Archive) -> None:
    """Such a paper does not match the query on its own text to say which branch it
    would take, so any exclusion leaves it out."""
    hits = archive.search("(음성 NOT 토큰) 인식 모델", limit=None).hits
    assert DISPATCH not in {hit.paper.id for hit in hits}  # its own text says 토큰
    assert "2504.20002" in {hit.paper.id for hit in hits}
