"""A term's postings read a block at a time, and BM25 computed from them.

Whoosh's matcher hands postings out with a method call per posting for each of
id, weight, value and next, which on a word found in most summaries costs
more than the arithmetic done with them. Here the whoosh3 codec's decoded
blocks and a field's length bytes are read directly: private attributes of
whoosh-reloaded 2.7.5 (``papercli.engine`` checks the version at import),
checked against Whoosh's own matchers in tests/search/test_scoring.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer, bm25
from whoosh.util.numeric import byte_to_length


def term_scores(
    query: Q.Term, searcher, context, allowed: Iterable[int] | None = None
) -> dict[int, float] | None:
    """A term's documents in one segment (of ``allowed``, when given) with Whoosh's BM25F
    score, ``bm25(...) * boost`` as its wrapped matcher computes it; None for a field
    that is not scored by length, left to Whoosh's matcher.
    """
    field = searcher.schema[query.fieldname] if query.fieldname in searcher.schema else None
    if field is None or not field.scorable:
        return None
    text = field.to_bytes(query.text)
    reader = searcher.reader()
    if (query.fieldname, text) not in reader:
        return {}
    scorer = context.weighting.scorer(searcher, query.fieldname, text)
    if not isinstance(scorer, BM25FScorer):
        return None
    idf, avgfl, b, k1, boost = scorer.idf, scorer.avgfl, scorer.B, scorer.K1, query.boost
    lengths = field_lengths(reader, query.fieldname)
    found: dict[int, float] = {}
    for ids, weights, _ in blocks(reader, query.fieldname, text, values=False):
        postings: Iterable[tuple[int, float]] = zip(ids, weights, strict=True)
        if allowed is not None:
            postings = ((d, w) for d, w in postings if d in allowed)
        for doc, weight in postings:
            score = bm25(idf, weight, LENGTH[lengths[doc]], avgfl, b, k1)
            found[doc] = score * boost if boost != 1.0 else score
    return found


def blocks(
    reader, fieldname: str, text: str | bytes, *, values: bool = True
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]]:
    """A term's live postings in one segment, a block at a time: ids, weights, and
    values (None when not asked for).

    Whoosh's matcher hands them out with a method call per posting for each of
    id, weight, value and next, which on a word found in most summaries costs
    more than the arithmetic done with them. This reads the whoosh3 codec's
    decoded blocks instead: private attributes, safe only because
    whoosh-reloaded is pinned, and checked against Whoosh's own matchers in
    tests/search/test_scoring.py.
    """
    if isinstance(text, str):
        text = reader.schema[fieldname].to_bytes(text)
    if (fieldname, text) not in reader:
        return
    matcher = reader.postings(fieldname, text)
    deleted: frozenset[int] = frozenset()
    if isinstance(matcher, FilterMatcher):
        deleted, matcher = matcher._ids, matcher.child
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        if values:
            matcher._read_values()
        ids, weights = matcher._ids, matcher._weights
        found = matcher._values if values else None
        if deleted:
            live = [i for i, doc in enumerate(ids) if doc not in deleted]
            ids, weights = [ids[i] for i in live], [weights[i] for i in live]
            found = [found[i] for i in live] if found is not None else None
        yield ids, weights, found
        matcher._next_block()


def field_lengths(reader, fieldname: str) -> bytes:
    """The segment's length byte of ``fieldname`` for every document, in one read
    rather than a column lookup per scored document (whoosh3 codec, as ``_blocks``)."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(reader.doc_count_all())
    return column._dbfile.get(column._basepos, column._count).ljust(reader.doc_count_all(), b"\0")


LENGTH = [byte_to_length(b) for b in range(256)]
