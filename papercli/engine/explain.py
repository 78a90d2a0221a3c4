"""Why a paper was found: which words matched, in which fields, and by which spelling.

Read back from the compiled query after a search, only for the hits shown:
for each thing the reader asked for (a clause, see ``papercli.engine.soft``),
each of its spellings (``compile.Spellings``: typed, glossary, learned, other
forms, inside a name...) is checked against the paper's entry, field by
field. What a soft query's paper lacks is named too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.compile import Spellings
from papercli.engine.scoring import scores
from papercli.engine.soft import Soft
from papercli.reading import Explanation, Match


def explain(searcher: Any, query: Q.Query, doc: int, via: str | None) -> Explanation:
    """What of ``query`` the entry ``doc`` (an index-wide number) matches; for a paper
    found through its category report (``via`` "report"), ``doc`` is the report's, whose
    text, indexed as a summary, is named ``report``."""
    matched: list[Match] = []
    missing: list[str] = []
    for text, labelled, concept in _clauses(query):
        found = [
            Match(concept, "a word", field, term) if concept else Match(text, label, field, term)
            for label, part in labelled
            for field, term, leaf in _leaves(part)
            if _matches(searcher, leaf, doc)
        ]
        if concept and concept not in missing:
            continue  # the paper holds the concept itself: its words apart say nothing more
        if found:
            matched.extend(dict.fromkeys(found))
        elif not concept:
            missing.append(text)
    if via == "report":
        matched = [replace(m, field="report") if m.field == "body" else m for m in matched]
    return Explanation(tuple(matched), tuple(missing), via)


def _clauses(
    query: Q.Query, concept: str = ""
) -> Iterator[tuple[str, list[tuple[str, Q.Query]], str]]:
    """Each thing asked for with its labelled spellings (a plain query: one, typed), and
    for a word of a concept (``Clause.part_of``) the concept, which a paper never lacks
    for lacking one of its words."""
    if isinstance(query, Q.AndNot):
        yield from _clauses(query.a)
    elif isinstance(query, Soft):
        for clause in query.clauses:
            of = query.clauses[clause.part_of].text if clause.part_of is not None else ""
            yield from _clauses(clause.query, of)
        for required in query.required:
            yield from _clauses(required)
    elif isinstance(query, Spellings):
        yield query.text, list(zip(query.labels, query.subqueries, strict=True)), concept
    elif isinstance(query, Q.And):
        for part in query.subqueries:
            yield from _clauses(part, concept)
    else:
        yield _words(query), [("typed", query)], concept


def _leaves(query: Q.Query) -> Iterator[tuple[str, str, Q.Query]]:
    """Field, readable term and query of each leaf (a phrase whole, its words joined)."""
    if isinstance(query, Q.Not):
        return
    if isinstance(query, Q.Phrase):
        yield query.fieldname, _joined(query.words), query
    elif isinstance(query, Q.Term | Q.Prefix):
        suffix = "*" if isinstance(query, Q.Prefix) else ""
        yield query.fieldname, f"{query.text}{suffix}", query
    else:
        for child in query.children():
            yield from _leaves(child)


def _joined(words: list[str]) -> str:
    """A Korean word from its bigrams (가우 우시 시안 -> 가우시안), else the words spaced."""
    if words and all(len(w) == 2 and not w.isascii() for w in words):
        return words[0] + "".join(w[1] for w in words[1:])
    return " ".join(words)


def _words(query: Q.Query) -> str:
    return " ".join(dict.fromkeys(term for _, term, _ in _leaves(query)))


def _matches(searcher: Any, leaf: Q.Query, doc: int) -> bool:
    for segment, offset in searcher.leaf_searchers():
        if offset <= doc < offset + segment.doc_count_all():
            return bool(scores(leaf, segment, searcher.context(), {doc - offset}))
    return False
