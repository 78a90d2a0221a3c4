"""Every entry a query matches, with the score Whoosh would give it.

Whoosh walks a binary tree of union and intersection matchers one document at
a time, and on a query matching half the archive that walk costs several
times the scoring itself. Here each leaf's postings are read straight through
once and combined as dictionaries and sets.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.phrases import Adjacent
from papercli.engine.postings import term_scores
from papercli.engine.soft import Soft, Trace, evaluate


def matches(
    searcher: Any,
    query: Q.Query,
    allowed: AbstractSet[int] | None = None,
    trace: Trace | None = None,
) -> dict[int, float]:
    """Every entry ``query`` matches (of ``allowed``, when given) by index-wide document
    number, with its score.

    A soft query (``papercli.engine.soft``) at the top, or under the exclusions
    of an ``AndNot``, is weighed with statistics of the whole index; ``trace``
    learns which entries hold all its informative words and which words match
    nothing.
    """
    if isinstance(query, Soft):
        outcome = evaluate(
            query, lambda q, a: matches(searcher, q, a), searcher.doc_count(), allowed
        )
        if trace is not None:
            trace.full.update(outcome.full)
            trace.empty.extend(outcome.empty)
            trace.clauses = max(trace.clauses, outcome.clauses)
        return outcome.scores
    if isinstance(query, Q.AndNot) and isinstance(query.a, Soft):
        kept = matches(searcher, query.a, allowed, trace)
        for doc in matches(searcher, query.b, set(kept)):
            kept.pop(doc, None)
        return kept
    context = searcher.context()
    found: dict[int, float] = {}
    for segment, offset in searcher.leaf_searchers():
        local = None
        if allowed is not None:
            end = offset + segment.doc_count_all()
            local = {doc - offset for doc in allowed if offset <= doc < end}
            if not local:
                continue
        for doc, score in scores(query, segment, context, local).items():
            found[doc + offset] = score
    return found


def scores(
    query: Q.Query, searcher, context, allowed: AbstractSet[int] | None = None
) -> dict[int, float]:
    """Every document ``query`` matches in one segment, with the score Whoosh would give it.

    Whoosh walks a binary tree of union and intersection matchers one
    document at a time, and on a query matching half the archive that
    walk costs several times the scoring itself. Here each leaf's postings
    are read straight through once and combined as dictionaries and sets:
    And sums the scores of documents in every part, Or sums what each
    document has, DisjunctionMax keeps its best plus ``tiebreak`` of the
    rest (Lucene's sense: Whoosh's own matcher ignores the tiebreak), AndNot
    drops what its second part matches; a prefix is, as Whoosh scores it on a
    large segment, the Or of the terms it expands to (see ``_expanded``). Other
    leaves (phrases, ranges) keep Whoosh's own matchers and scorers, and a
    compound's boost applies when it has several parts, as in Whoosh.
    Only documents in ``allowed`` (when given) are scored.
    """
    if isinstance(query, Q.AndNot):
        kept = scores(query.a, searcher, context, allowed)
        if kept:
            dropped = query.b.matcher(searcher, searcher.boolean_context())
            for doc in dropped.all_ids():
                kept.pop(doc, None)
        return kept
    if isinstance(query, Q.And | Q.Or | Q.DisjunctionMax) and len(query.subqueries) > 1:
        parts = [scores(q, searcher, context, allowed) for q in query.subqueries]
        if isinstance(query, Q.And):
            parts.sort(key=len)
            common = set(parts[0]).intersection(*parts[1:])
            found = {doc: sum(p[doc] for p in parts) for doc in common}
        elif isinstance(query, Q.DisjunctionMax):
            best: dict[int, float] = {}
            total: dict[int, float] = {}
            for part in parts:
                for doc, score in part.items():
                    total[doc] = total.get(doc, 0.0) + score
                    if score > best.get(doc, 0.0):
                        best[doc] = score
            tie = query.tiebreak
            found = {doc: top + tie * (total[doc] - top) for doc, top in best.items()}
        else:
            found = parts[0]
            for part in parts[1:]:
                for doc, score in part.items():
                    found[doc] = found.get(doc, 0.0) + score
        if query.boost != 1:
            found = {doc: score * query.boost for doc, score in found.items()}
        return found
    if isinstance(query, Q.And | Q.Or | Q.DisjunctionMax) and query.subqueries:
        return scores(query.subqueries[0], searcher, context, allowed)
    if type(query) is Adjacent and query.positional(searcher):
        return query.scores(searcher, context, allowed)
    if isinstance(query, Soft):
        return evaluate(
            query, lambda q, a: scores(q, searcher, context, a), searcher.doc_count(), allowed
        ).scores
    if isinstance(query, Q.Prefix) and query.text:
        terms = _expanded(query, searcher, context)
        if terms is not None:
            if len(terms) > 1:
                return scores(Q.Or(terms, boost=query.boost), searcher, context, allowed)
            return scores(terms[0], searcher, context, allowed) if terms else {}
    if type(query) is Q.Term:
        scored = term_scores(query, searcher, context, allowed)
        if scored is not None:
            return scored
    matcher = query.matcher(searcher, context)
    found = {}
    while matcher.is_active():
        doc = matcher.id()
        if allowed is None or doc in allowed:
            found[doc] = matcher.score()
        matcher.next()
    return found


def _expanded(query: Q.Prefix, searcher: Any, context: Any) -> list[Q.Term] | None:
    """The terms a prefix expands to in one segment, when Whoosh would score it as their
    Or: each term by the searcher's weighting (a prefix's constant score sets a weighting
    of None, which the searcher then replaces), the boost on the Or, one term alone
    without it. That is Whoosh's binary union, which ``Or`` picks for at most two terms,
    or for fewer than ``TOO_MANY_CLAUSES`` on a segment of over 5,000 documents or under
    a context that needs the current match. Otherwise (``None``) Whoosh preloads a
    constant score, cheaply on so small a segment, and its own matcher is kept."""
    words = [w.decode("utf-8") for w in query._btexts(searcher.reader()) if w]
    if len(words) > 2 and not (
        len(words) < Q.Or.TOO_MANY_CLAUSES
        and (context.needs_current or searcher.doc_count_all() > 5000)
    ):
        return None
    return [Q.Term(query.field(), word) for word in words]
