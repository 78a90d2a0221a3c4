"""Soft matching: a query of several words finds papers holding most of them.

A reader types a phrase the way they would say it (``환각 줄이는 방법``,
``reduce hallucination``); requiring every word starves such phrases. As
Lucene's ``minimum_should_match`` and coordination do, each word (or glossary
concept, or spaced compound) is a clause, weighted by how much it tells:
its inverse document frequency (up to ``FULL_IDF``: beyond it every word is
as good as any other), a tenth of that for a function word (``방법``,
``using``), half for a verb saying what to do to the thing asked for (``줄이는``,
``faster``: papers name the thing, each with its own verb). A paper must hold
clauses worth at least ``MINIMUM`` of the whole (of clauses weighing the same:
one of two or three, two of four or five), one of them neither a function word
nor a verb when the query names a topic (``reduce`` alone finds no paper for
``reduce forgetting``; ``make faster`` finds what it says); it
scores the sum of its clauses' BM25F times its share of the weight, and more
(up to twice, ``TITLE_BONUS``) the more of the informative weight its title
names: a title says what a paper is about, where a summary may mention a word
in passing. Papers holding every informative clause rank first, with them the
papers whose title names one of the heaviest clauses that are no verb and that
hold more than ``TITLED`` of what those clauses weigh, so that what they lack is
a common word or a verb
(``Segment Anything`` for ``image segmentation``: a title says what a paper is
about, and its summary may never say the common word; not ``Segment Any 3D
Gaussians`` for ``video segmentation``; ``Curbing Hallucination ...`` for ``환각
줄이는 방법``).

Beside a required item (``+word``, a quoted phrase) the other words are only
preferences: a paper must match what is required, and ranks higher the more
of the rest it holds.

Two adjacent words that the archive mostly writes together (``음성 인식``,
``long context``: the phrase is found in at least ``JOINED`` of the papers
holding the rarer word) are one clause, both words required as before, the
papers where they stand together scoring more. Quoted phrases, ``+word``
and an explicit ``AND`` stay strict.

A concept of several words (``reinforcement learning`` in ``reinforcement
learning robots``, ``self-improving`` in ``self-improving agents``) may come
with its words as clauses of their own
(``Clause.part_of``): a paper lacking the concept but holding some of its
words apart gets ``APART`` of the concept's weight and of those words' scores,
in proportion to what the words it holds tell (a rare word more than a
common one). The words never decide the first tier, never count as matching
nothing, and add nothing to the whole; a concept the archive never names
weighs what its words weigh on average.

Statistics are taken over the whole index, never a segment, so a paper's
fate does not depend on where Whoosh stored it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import matching
from whoosh import query as Q

MINIMUM = 0.3
JOINED = 0.25
FULL_IDF = 2.5  # a clause this rare (in about one entry of twelve) or rarer weighs 1
FUNCTION_WEIGHT = 0.1
MODIFIER_WEIGHT = 0.5
INFORMATIVE = 0.2  # a clause weighing less than this share of the heaviest one never sinks a tier
APART = 0.5  # of a concept's weight and score, for holding all its words but not the concept
TITLED = 0.65  # of the topics' weight, held by a paper whose title names the heaviest topic
TITLE_BONUS = 1.0  # times the share of the informative weight a paper's title names
TITLE = "title"


@dataclass(frozen=True)
class Clause:
    """One thing the reader asked for: the query of its spellings, and how it was typed
    (``modifier``: a verb saying what to do to the thing, ``words.modifier``); or, with
    ``part_of``, a word of the concept at that position among the clauses."""

    query: Q.Query
    text: str
    function: bool = False
    part_of: int | None = None
    modifier: bool = False


class Soft(Q.Query):
    """Clauses of which a paper must hold most; ``required`` queries it must match;
    ``joins[i]`` the phrase of clauses ``i`` and ``i + 1`` when they can be one."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        joins: Sequence[Q.Query | None],
        required: Sequence[Q.Query] = (),
    ) -> None:
        self.clauses = list(clauses)
        self.joins = list(joins)
        self.required = list(required)
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"Soft({self.clauses!r}, required={self.required!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Soft)
            and self.clauses == other.clauses
            and self.joins == other.joins
            and self.required == other.required
        )

    def __hash__(self) -> int:
        return hash((Soft, tuple(c.text for c in self.clauses)))

    def children(self) -> list[Q.Query]:
        """Every query a match may be made of, a concept's words apart included: what
        snippets highlight and feedback counts as already asked."""
        found = [c.query for c in self.clauses] + self.required
        return found + [j for j in self.joins if j is not None]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Whoosh's own view (used where papers does not score, such as what a ``NOT``
        leaves out): any clause, a concept's words apart aside."""
        queries = [c.query for c in self.clauses if c.part_of is None]
        inner = Q.Or(queries) if len(queries) > 1 else queries[0]
        if self.required:
            inner = Q.And([*self.required, inner])
        return inner.matcher(searcher, context) if queries else matching.NullMatcher()


@dataclass
class Outcome:
    """A soft query's matches: score, whether every informative clause is held, the
    clauses that match nothing at all (a misspelling, a word the archive never uses;
    not a function word or a verb, which say nothing wrong by matching nothing),
    and how many informative things were asked for (a concept the archive never names
    counts, through its words)."""

    scores: dict[int, float]
    full: set[int]
    empty: list[str]
    clauses: int


@dataclass
class Trace:
    """What a search learns besides scores: the entries holding every informative word,
    the words that matched nothing, and how many clauses the phrase had once spaced
    compounds were joined (one: the reader asked for one thing)."""

    full: set[int] = field(default_factory=set)
    empty: list[str] = field(default_factory=list)
    clauses: int = 1


def evaluate(
    soft: Soft, matched: Any, total: int, allowed: AbstractSet[int] | None = None
) -> Outcome:
    """The papers ``soft`` finds, where ``matched(query, allowed)`` gives a query's
    matches over the whole index and ``total`` is how many documents it holds."""
    own = [c for c in soft.clauses if c.part_of is None]
    clauses = [dict(matched(c.query, allowed)) for c in own]
    words: dict[int, list[dict[int, float]]] = {}
    for c in soft.clauses:
        if c.part_of is not None:
            words.setdefault(c.part_of, []).append(dict(matched(c.query, allowed)))
    empty = [
        c.text
        for c, docs in zip(own, clauses, strict=True)
        if not docs and not c.function and not c.modifier
    ]
    function = [c.function for c in own]
    modifier = [c.modifier for c in own]
    origin = [[n] for n in range(len(own))]  # the clauses each entry of ``clauses`` stands for
    for number in range(len(clauses) - 2, -1, -1):
        join = soft.joins[number] if number < len(soft.joins) else None
        if join is None or function[number] or function[number + 1]:
            continue
        first, second = clauses[number], clauses[number + 1]
        together = matched(join, allowed)
        rarer = min(len(first), len(second))
        if not together or len(together) < JOINED * rarer:
            continue
        clauses[number : number + 2] = [
            {
                doc: score + second[doc] + together.get(doc, 0.0)
                for doc, score in first.items()
                if doc in second
            }
        ]
        function[number : number + 2] = [False]
        modifier[number : number + 2] = [False]
        origin[number : number + 2] = [origin[number] + origin[number + 1]]
    apart = {
        at: words[n] for at, stands in enumerate(origin) for n in stands if n in words
    }  # a concept is never joined, so it stands alone at ``at``
    required = [matched(q, allowed) for q in soft.required]
    weights = [
        _weight(docs, total) * (FUNCTION_WEIGHT if fn else MODIFIER_WEIGHT if mod else 1.0)
        for docs, fn, mod in zip(clauses, function, modifier, strict=True)
    ]
    named = list(weights)
    worth = {at: [_weight(docs, total) for docs in parts] for at, parts in apart.items()}
    for at in apart:
        if not weights[at]:  # a concept the archive never names: its words stand in
            weights[at] = sum(worth[at]) / len(worth[at])
    heaviest = max(weights, default=0.0)
    informative = [n for n, w in enumerate(named) if w > 0 and w >= INFORMATIVE * heaviest]
    whole = sum(weights)
    asked = sum(1 for w in weights if w > 0 and w >= INFORMATIVE * heaviest)
    pool = clauses + [docs for parts in apart.values() for docs in parts]
    candidates = _candidates(pool if whole > 0 else [], required)
    core = sum(weights[n] for n in informative)
    titles = {n: _titled(own, origin[n], matched, allowed) for n in informative}
    topics = [n for n in informative if not modifier[n]]
    asks_topic = bool(apart) or not all(f or m for f, m in zip(function, modifier, strict=True))
    topic_weight = sum(weights[n] for n in topics)
    titled: set[int] = set()
    if len(weights) > 1 and topics:
        top = max(weights[n] for n in topics)
        titled = set().union(*(titles[n] for n in topics if weights[n] >= top))
    scores: dict[int, float] = {}
    full: set[int] = set()
    for doc in candidates:
        held = [n for n, docs in enumerate(clauses) if doc in docs]
        weight = sum(weights[n] for n in held)
        score = sum(clauses[n][doc] for n in held) + sum(r[doc] for r in required)
        names_topic = any(not function[n] and not modifier[n] for n in held)
        for at, parts in apart.items():
            if doc in clauses[at]:
                continue
            some = [n for n, docs in enumerate(parts) if doc in docs]
            if some:
                told = sum(worth[at][n] for n in some) / sum(worth[at])
                weight += APART * weights[at] * told
                score += APART * sum(parts[n][doc] for n in some)
                names_topic = True
        share = weight / whole if whole > 0 else 1.0
        if (share < MINIMUM or (asks_topic and not names_topic)) and not required:
            continue
        in_title = sum(weights[n] for n in informative if doc in titles[n]) / core if core else 0
        scores[doc] = score * share * (1 + TITLE_BONUS * in_title)
        if all(doc in clauses[n] for n in informative) or (
            doc in titled and sum(weights[n] for n in topics if n in held) > TITLED * topic_weight
        ):
            full.add(doc)
    return Outcome(scores, full, empty, asked)


def telling(found: int, total: int) -> bool:
    """Whether a word found in ``found`` of ``total`` documents is as rare as the rarest
    (its weight is full, see ``FULL_IDF``)."""
    return _idf(found, total) >= FULL_IDF


def _titled(
    own: list[Clause], origin: list[int], matched: Any, allowed: AbstractSet[int] | None
) -> set[int]:
    """The papers whose title holds a thing asked for: all its clauses, when joined."""
    titles = [within(own[n].query, TITLE) for n in origin]
    if not all(q is not None for q in titles):
        return set()
    return set.intersection(*(set(matched(q, allowed)) for q in titles if q is not None))


def within(query: Q.Query, field: str) -> Q.Query | None:
    """What of ``query`` looks in ``field`` (for which papers it matches, not how well),
    None when nothing does."""
    if isinstance(query, Q.Term | Q.Phrase | Q.Prefix):
        return query if query.fieldname == field else None
    if isinstance(query, Q.And):
        parts = [within(child, field) for child in query.children()]
        return Q.And(parts) if all(p is not None for p in parts) else None
    if isinstance(query, Q.Or | Q.DisjunctionMax):
        found = [p for p in (within(c, field) for c in query.children()) if p is not None]
        return Q.Or(found) if found else None
    return None


def _candidates(clauses: list[dict[int, float]], required: list[dict[int, float]]) -> Iterable[int]:
    if required:
        return set(required[0]).intersection(*required[1:])
    union: set[int] = set()
    for docs in clauses:
        union.update(docs)
    return union


def _weight(docs: dict[int, float], total: int) -> float:
    """What matching ``docs`` tells: the inverse document frequency, capped at ``FULL_IDF``."""
    return min(1.0, _idf(len(docs), total) / FULL_IDF)


def _idf(found: int, total: int) -> float:
    """BM25's inverse document frequency; nothing for a clause that matches nothing."""
    if found == 0:
        return 0.0
    return math.log(1 + (total - found + 0.5) / (found + 0.5))
