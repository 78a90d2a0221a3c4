"""Why a paper was found: which words matched, in which fields, and by which spelling.

Read back from the compiled query after a search, only for the hits shown:
for each thing the reader asked for (a clause, see ``papercli.engine.soft``),
each of its spellings (``compile.Spellings``: typed, glossary, learned, other
forms, inside a name...) is checked against the paper's entry, field by
field. What a soft query's paper lacks is named too.
"""

from __future__ import annotations

import json
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
    lacking: set[int] = set()  # the concepts (own clauses of a soft query) the paper lacks
    for text, labelled, slot, of in _clauses(query):
        if of is not None and of[0] not in lacking:
            continue  # the paper holds the concept itself: its words apart say no more
        found = [
            Match(of[1], "a word", field, term) if of else Match(text, label, field, term)
            for label, part in labelled
            for field, term, leaf in _leaves(part)
            if _matches(searcher, leaf, doc)
        ]
        if found:
            matched.extend(dict.fromkeys(found))
        elif of is None:
            missing.append(text)
            if slot is not None:
                lacking.add(slot)
    if via == "report":
        matched = [replace(m, field="report") if m.field == "body" else m for m in matched]
    return Explanation(tuple(matched), tuple(missing), via)


def shared(searcher: Any, expansion: Q.Query, doc: int) -> tuple[str, ...]:
    """The words of the best matches (feedback's ``expansion``) that the entry ``doc``
    holds: what raised it among the papers the query found, or found it."""
    held = dict.fromkeys(
        term for _, term, leaf in _leaves(expansion) if _matches(searcher, leaf, doc)
    )
    entry = json.loads(searcher.stored_fields(doc)["data"])
    text = " ".join([entry["title"], *(a["summary"] for a in entry["appearances"])])
    return _chained(list(held), text)


def _chained(terms: list[str], text: str) -> tuple[str, ...]:
    """Korean bigrams joined into the word they read as in ``text`` (마스, 스크 -> 마스크);
    other terms as they are."""
    words = list(terms)
    merged = True
    while merged:
        merged = False
        for a, b in ((a, b) for a in words for b in words if a is not b):
            if _korean(a) and _korean(b) and a[-1] == b[0] and a + b[1:] in text:
                words[words.index(a)] = a + b[1:]
                words.remove(b)
                merged = True
                break
    return tuple(words)


def _korean(term: str) -> bool:
    return len(term) >= 2 and not any(c.isascii() for c in term)


Labelled = list[tuple[str, Q.Query]]
# What a clause is in a soft query: its position among the clauses that are not a
# concept's words apart, or, for such a word, its concept's position and text.
Slot = int | None
Of = tuple[int, str] | None


def _clauses(query: Q.Query, of: Of = None) -> Iterator[tuple[str, Labelled, Slot, Of]]:
    """Each thing asked for with its labelled spellings (a plain query: one, typed) and
    where it stands in a soft query (see ``Slot`` and ``Of``): a paper never lacks a
    word of a concept, and a paper holding the concept needs no word of it named."""
    if isinstance(query, Q.AndNot):
        yield from _clauses(query.a)
    elif isinstance(query, Soft):
        own = [c for c in query.clauses if c.part_of is None]
        for slot, clause in enumerate(own):
            for text, labelled, _, _ in _clauses(clause.query):
                yield text, labelled, slot, None
        for clause in query.clauses:
            if clause.part_of is not None:
                yield from _clauses(clause.query, (clause.part_of, own[clause.part_of].text))
        for required in query.required:
            yield from _clauses(required)
    elif isinstance(query, Spellings):
        yield query.text, list(zip(query.labels, query.subqueries, strict=True)), None, of
    elif isinstance(query, Q.And):
        for part in query.subqueries:
            yield from _clauses(part, of)
    else:
        yield _words(query), [("typed", query)], None, of


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
