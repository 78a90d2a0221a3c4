"""Pseudo-relevance feedback: the words of the best matches, looked for in the rest.

A reader's phrase and a paper's summary may share no word at all (the title
says ``video``, the summary ``비디오``, the reader typed ``동영상``). The first
matches, though, are written in the archive's own words: as RM3 does, the key
terms of the top ``DEPTH`` entries (Bo1 weights over titles and summaries, as
``related`` uses) are searched for too, at ``WEIGHT`` of a typed word.
Papers found only through them are ranked after every paper the query itself
matched. The papers it matched gain their score, at most doubling their own,
which reorders them within their tier (a paper holding every word asked for
still ranks above one lacking some): on ``bench/relevance``, concept nDCG@10
+0.006.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q
from whoosh.classify import Expander

from papercli.engine.compile import FIELD_WEIGHTS
from papercli.engine.words import content_terms

DEPTH = 10  # entries read for feedback
TERMS = 12  # terms added
WEIGHT = 0.3  # of a feedback term's score, against the typed words'


def expansion(searcher: Any, docs: Iterable[int], own: set[str]) -> Q.Query | None:
    """The key terms of ``docs`` (not already among the query's ``own`` terms) in titles
    and summaries, at ``WEIGHT``; None when the entries have none."""
    import json

    reader = searcher.reader()
    expander = Expander(reader, "body")
    read = 0
    for doc in docs:
        entry = json.loads(searcher.stored_fields(doc)["data"])
        summaries = " ".join(a["summary"] for a in entry["appearances"])
        expander.add(Counter(content_terms(f"{entry['title']}\n{summaries}")).items())
        read += 1
    if not read:
        return None
    found = [(t, w) for t, w in expander.expanded_terms(TERMS * 3) if t not in own]
    if not found:
        return None
    queries = [
        Q.Term(field, term, boost=weight * FIELD_WEIGHTS[field] * WEIGHT)
        for term, weight in found[:TERMS]
        for field in ("title", "body")
    ]
    return Q.Or(queries)


def own_terms(query: Q.Query) -> set[str]:
    """Every index term a query looks for, in any field."""
    found: set[str] = set()
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Q.Not):
            continue
        if isinstance(node, Q.Phrase):
            found.update(node.words)
        elif isinstance(node, Q.Term) and isinstance(node.text, str):
            found.add(node.text)
        else:
            stack.extend(node.children())
    return found
