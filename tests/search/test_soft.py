"""Soft matching's arithmetic (``papercli.engine.soft.evaluate``) on made-up matches:
what a concept's words apart may and may not do."""

from __future__ import annotations

from whoosh import query as Q

from papercli.engine.soft import APART, MINIMUM, Clause, Soft, evaluate

# Documents each clause's query matches, with a score of 1.0 each.
MATCHES = {
    "kd": set(),  # a concept no document names
    "tok": {1, 2, 3},
    "knowledg": {1, 4},
    "distil": {1, 5},
    "rl": {6},
}


def matched(query: Q.Query, allowed: object = None) -> dict[int, float]:
    return dict.fromkeys(MATCHES[query.text], 1.0)


def clause(text: str, of: int | None = None) -> Clause:
    return Clause(Q.Term("body", text), text, part_of=of)


def test_an_unnamed_concept_keeps_the_first_tier_for_the_other_words() -> None:
    soft = Soft([clause("kd"), clause("tok"), clause("knowledg", 0), clause("distil", 0)], [None])
    outcome = evaluate(soft, matched, total=100)
    assert outcome.full == {1, 2, 3}  # every paper holding "tok", as without the words
    assert outcome.clauses == 2  # two things asked for: the concept counts through its words
    assert outcome.empty == ["kd"]  # the concept matches nothing; its words never count
    assert outcome.scores[1] > outcome.scores[2] == outcome.scores[3]  # 1 holds the words
    assert {4, 5} & outcome.scores.keys() == set()  # one word of the concept is too little


def test_words_apart_give_less_than_the_concept() -> None:
    soft = Soft([clause("rl"), clause("tok"), clause("knowledg", 0)], [None])
    outcome = evaluate(soft, matched, total=100)
    assert outcome.full == set()  # no paper holds both "rl" and "tok"
    # Alone, the concept is half the query; its word alone, a quarter: too little.
    assert 6 in outcome.scores and 4 not in outcome.scores
    assert APART * 0.5 < MINIMUM <= 0.5
    # Beside another word, the concept's word counts: 1 holds "tok" and "knowledg".
    assert outcome.scores[1] > outcome.scores[2]


def test_a_soft_query_leaves_its_concepts_words_out_of_whooshs_view() -> None:
    soft = Soft([clause("rl"), clause("tok"), clause("knowledg", 0)], [None])
    texts = {q.text for q in soft.children() if isinstance(q, Q.Term)}
    assert texts == {"rl", "tok"}
