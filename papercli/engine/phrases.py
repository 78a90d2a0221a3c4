"""Phrases matched by positions: Korean words (phrases of bigrams) and quoted text.

Whoosh's own phrase matching builds a span object for every position of every
word; Korean words are phrases of bigrams that occur in most summaries, so
here adjacency is checked with plain position sets instead, several times
faster on a large archive. English phrases are first narrowed by the index's
Latin pair terms (see ``papercli.engine.analysis``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate, repeat
from operator import sub

import papercli.engine.loader  # noqa: F401

from whoosh import formats, matching
from whoosh import query as Q
from whoosh.system import pack_uint
from whoosh.util import make_binary_tree

from papercli.engine.postings import blocks, term_scores
from papercli.engine.words import is_latin


class Adjacent(Q.Phrase):
    """A phrase whose words must stand at consecutive positions (no slop).

    Whoosh's own phrase matching builds a span object for every position of
    every word; Korean words are phrases of bigrams that occur in most
    summaries, so here adjacency is checked with plain position sets instead,
    several times faster on a large archive.
    """

    def positional(self, searcher) -> bool:
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        return field is not None and type(field.format) is formats.Positions

    def _present(self, searcher) -> bool:
        """Whether every word occurs in the field at all (else nothing can match)."""
        reader = searcher.reader()
        return self.fieldname in searcher.schema and all(
            (self.fieldname, w) in reader for w in self.words
        )

    def _by_rarity(self, searcher) -> list[int]:
        """The words' places in the phrase, rarest word first (ties in phrase order)."""
        return sorted(
            range(len(self.words)),
            key=lambda i: searcher.doc_frequency(self.fieldname, self.words[i]),
        )

    def matcher(self, searcher, context=None):
        if not self._present(searcher):
            return matching.NullMatcher()
        if not self.positional(searcher):
            return super().matcher(searcher, context)
        leaves = [Q.Term(self.fieldname, w).matcher(searcher, context) for w in self.words]
        found = _AdjacentMatcher(leaves, self._by_rarity(searcher)[0])
        return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1 else found

    def scores(
        self, searcher, context, allowed: AbstractSet[int] | None = None
    ) -> dict[int, float]:
        """What ``matcher`` finds and scores, for ``scores``: each word's postings read
        a block at a time (the rarest first, the next only at its documents), positions
        decoded only where every word occurs, the rarest word scored only where they line up.

        Where the field indexes Latin pairs (see ``papercli.analysis``), the entries
        holding every pair of the phrase's adjacent Latin words are found first; for a
        phrase of two Latin words they are exactly the phrase's entries.
        """
        if not self._present(searcher):
            return {}
        reader = searcher.reader()
        wanted: Iterable[int] | None = allowed
        pairs = self._pairs(searcher)
        for pair in pairs:
            found_ids: set[int] = set()
            for ids, _, _ in blocks(reader, self.fieldname, pair, values=False):
                found_ids.update(ids if wanted is None else (d for d in ids if d in wanted))
            if not found_ids:
                return {}
            wanted = found_ids
        order = self._by_rarity(searcher)
        if pairs and len(self.words) == 2:
            lined_up = set(wanted or ())
        else:
            lined_up = self._lined_up(reader, order, wanted)
        rarest = Q.Term(self.fieldname, self.words[order[0]], boost=self.boost)
        return term_scores(rarest, searcher, context, lined_up) or {}

    def _lined_up(self, reader, order: list[int], wanted: Iterable[int] | None) -> set[int]:
        """The documents (of ``wanted``) where the words stand in order."""
        places: dict[int, dict[int, bytes]] = {}
        for number in order:
            found: dict[int, bytes] = {}
            for ids, _, values in blocks(reader, self.fieldname, self.words[number]):
                postings: Iterable[tuple[int, bytes]] = zip(ids, values or (), strict=True)
                if wanted is not None:
                    postings = ((d, v) for d, v in postings if d in wanted)
                found.update(postings)
            if not found:
                return set()
            places[number] = found
            wanted = found.keys()
        count = len(self.words)
        return {doc for doc in wanted or () if _in_order([places[i][doc] for i in range(count)])}

    def _pairs(self, searcher) -> list[str]:
        """The index terms of the phrase's adjacent Latin words, where the field has them."""
        if not getattr(searcher.schema[self.fieldname], "pairs", False):
            return []
        words = self.words
        return [
            f"{a} {b}"
            for a, b in zip(words, words[1:], strict=False)
            if is_latin(a) and is_latin(b)
        ]


def _in_order(values: Sequence[bytes]) -> bool:
    """Whether the words with these posting values stand at consecutive positions somewhere."""
    first = _spots(values[0])
    starts = {first} if isinstance(first, int) else set(first)
    for offset in range(1, len(values)):
        spots = _spots(values[offset])
        if isinstance(spots, int):
            if spots - offset not in starts:
                return False
            starts = {spots - offset}
        else:
            starts.intersection_update(map(sub, spots, repeat(offset)))
            if not starts:
                return False
    return True


_LONE: dict[bytes, int] = {}


def _spots(value: bytes) -> int | Iterable[int]:
    """Positions from a posting of Whoosh's ``Positions`` format (a count, then pickled
    gaps): a lone position as an int, from a memo, since most words occur once in an
    entry; several decoded with C-speed helpers rather than a Python loop."""
    spot = _LONE.get(value)
    if spot is not None:
        return spot
    found = accumulate(pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b"."))
    if value[:4] != _ONE:
        return found
    spot = next(found)
    if len(_LONE) < 1 << 16:
        _LONE[value] = spot
    return spot


_ONE = pack_uint(1)


class _AdjacentMatcher(matching.WrappingMatcher):
    """The intersection of the words' postings, kept only where they stand in order.

    Scored by the phrase's rarest word alone: the bigrams of one Korean word
    are not independent evidence, and a long word should not outweigh a short
    one by its number of bigrams (scoring one leaf is also cheaper).
    """

    def __init__(self, leaves: list, rarest: int = 0) -> None:
        self.leaves = leaves
        self.rarest = rarest
        super().__init__(make_binary_tree(matching.IntersectionMatcher, leaves))
        self._find_next()

    def score(self):
        return self.leaves[self.rarest].score()

    def max_quality(self):
        return self.leaves[self.rarest].max_quality()

    def block_quality(self):
        return self.leaves[self.rarest].block_quality()

    def _adjacent(self) -> bool:
        return _in_order([leaf.value() for leaf in self.leaves])

    def _find_next(self) -> None:
        child = self.child
        while child.is_active() and not self._adjacent():
            child.next()

    def next(self):
        self.child.next()
        self._find_next()

    def skip_to(self, id):
        self.child.skip_to(id)
        self._find_next()

    def copy(self):
        return _AdjacentMatcher([leaf.copy() for leaf in self.leaves], self.rarest)

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def supports_block_quality(self):
        return False

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()
