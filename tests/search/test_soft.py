"""Soft matching's arithmetic (``papercli.engine.soft.evaluate``) on made-up matches:
what a concept's words apart may and may not do."""

from __future__ import annotations

from whoosh import query as Q

from papercli.engine.soft import APART, MINIMUM, TITLE_BONUS, TITLED, Clause, Soft, evaluate

# Documents each clause's query matches, with a score of 1.0 each.
MATCHES = {
    "kd": set(),  # a concept no document names
    "tok": {1, 2, 3},
    "knowledg": {1, 4},
    "distil": {1, 5},
    "rl": {6},
    "method": {1, 2, 3, 7},  # a function word
    "teach": {8, 9},
    "pupil": {8, 9, 10},
    "pupil-in-titles": set(),
    "imag": {21, 22, *range(30, 68)},  # a common word
    "segm": {21, 23},
    "segm-in-titles": {23},
    "imag-in-titles": {24},
    "rater": set(range(70, 100)),  # half as telling as "segm"
    "rater-in-titles": set(),
    "tool": {101, 102},
    "tool-in-titles": {101},
    "agent": {101, 102},
    "agent-in-titles": set(),
    "cook": set(range(70, 100)),  # as common as "rater"
    "cook-in-titles": {71},
    "bake": {72, 110},  # a verb, rarer than the topic
}


def matched(query: Q.Query, allowed: object = None) -> dict[int, float]:
    if isinstance(query, Q.Or):
        return {doc: 1.0 for child in query.children() for doc in matched(child)}
    return dict.fromkeys(MATCHES[query.text], 1.0)


def clause(text: str, of: int | None = None, *, function: bool = False) -> Clause:
    return Clause(Q.Term("body", text), text, function=function, part_of=of)


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


def test_a_function_word_never_decides_the_first_tier_beside_an_unnamed_concept() -> None:
    soft = Soft(
        [clause("kd"), clause("method", function=True), clause("teach", 0), clause("pupil", 0)],
        [None],
    )
    outcome = evaluate(soft, matched, total=100)
    assert outcome.clauses == 1  # the reader asked for one thing: the concept
    assert outcome.scores.keys() == {8, 9}  # its words apart; "method" alone is too little
    assert outcome.full == {8, 9}  # not only the papers that happen to say "method"


def test_a_soft_querys_children_include_a_concepts_words_for_snippets_and_feedback() -> None:
    # What NOT leaves out (Soft.matcher) excludes them: test_meaning checks it end to end.
    soft = Soft([clause("rl"), clause("tok"), clause("knowledg", 0)], [None])
    texts = {q.text for q in soft.children() if isinstance(q, Q.Term)}
    assert texts == {"rl", "tok", "knowledg"}


def titled(word: str) -> Clause:
    query = Q.Or([Q.Term("title", f"{word}-in-titles"), Q.Term("body", word)])
    return Clause(query, word)


def test_a_title_naming_the_heaviest_clause_ranks_with_the_papers_holding_all() -> None:
    outcome = evaluate(Soft([titled("imag"), titled("segm")], [None]), matched, total=100)
    assert outcome.full == {21, 23}  # 23 says "segment" in its title, never "image"
    assert outcome.scores.keys() == {21, 23}  # the common word alone, even in a title (24),
    # or in a summary (22) is too little
    # More than TITLED of what the informative clauses weigh, a function word beside them
    # counting for nothing: "segm" (1.0) against "rater" (0.48) and "method" (0.1).
    method = clause("method", function=True)
    outcome = evaluate(Soft([titled("segm"), titled("rater"), method], [None]), matched, 100)
    assert 23 in outcome.full
    # Half is not enough: "segm" beside "pupil", as rare as it.
    assert TITLED > 0.5
    outcome = evaluate(Soft([titled("segm"), titled("pupil")], [None]), matched, total=100)
    assert 23 in outcome.scores and 23 not in outcome.full


def test_a_title_naming_more_of_the_query_ranks_higher_among_papers_holding_it_all() -> None:
    """Both papers hold "tool" and "agent" equally; 101's title names "tool", half of
    what was asked, so it scores half as much again."""
    outcome = evaluate(Soft([titled("tool"), titled("agent")], [None]), matched, total=100)
    assert outcome.full == {101, 102}
    assert outcome.scores[101] == outcome.scores[102] * (1 + TITLE_BONUS * 0.5)


def test_a_title_naming_the_topic_ranks_first_whatever_verb_it_lacks() -> None:
    """``bake`` is a verb (``Clause.modifier``): it weighs half and never decides the first
    tier. 71's title names the topic ``cook`` and lacks the verb; 110 says only the verb,
    which names no topic, so it is not found at all."""
    verb = Clause(Q.Term("body", "bake"), "bake", modifier=True)
    outcome = evaluate(Soft([titled("cook"), verb], [None]), matched, total=100)
    assert 71 in outcome.full and 72 in outcome.full
    assert 110 not in outcome.scores
    assert 73 in outcome.scores and 73 not in outcome.full  # "cook" in a summary only
