"""From the reader's words to a Whoosh query, and back to highlighted snippets.

The query language is small and forgiving: words must all match; ``"a
phrase"`` matches in order; ``a OR b``; ``-word`` (or ``NOT word``) excludes;
``title:``, ``author:``, ``category:``, ``field:`` and ``summary:`` limit a
word, a phrase or a parenthesised group to one field. Text that is not valid
syntax (an unbalanced quote or parenthesis, a dangling prefix) is searched as
its plain words instead of failing.

Each word is analysed as the index is (see ``papercli.analysis``): a Korean
word becomes the phrase of its bigrams, so it matches in the text with spaces
ignored and particles attached; a one-syllable word matches any occurrence of
that syllable. Words and word sequences that name a glossary concept also
match the concept's other spellings, in either language, at ``SYNONYM_BOOST``
of an exact match's score. The title outranks the summary by query-time field
boosts (BM25F scores each field with its own length normalisation).
"""

from __future__ import annotations

import pickle
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import sub
from typing import TYPE_CHECKING

import papercli.lean_whoosh  # noqa: F401

from whoosh import formats, matching
from whoosh import query as Q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer, bm25
from whoosh.system import pack_uint
from whoosh.util import make_binary_tree
from whoosh.util.numeric import byte_to_length

from papercli.analysis import PARTICLES, Unit, content_terms, is_latin, strip_particle, units
from papercli.errors import UsageError

if TYPE_CHECKING:
    from papercli.glossary import Glossary

HIT_START, HIT_END = "\ue000", "\ue001"
SEARCH_FIELDS = {"title": 8.0, "body": 1.0, "authors": 1.5}
FIELD_PREFIXES = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "category": "category",
    "field": "fields",
    "fields": "fields",
    "summary": "body",
}
SYNONYM_BOOST = 0.8
_TOKEN = re.compile(r'\s+|\(|\)|"[^"]*"|"|[^\s()"]+')


class _SyntaxError(ValueError):
    """The query is not valid syntax; it will be searched as plain words."""


@dataclass(frozen=True)
class Word:
    """A word (or, ``exact``, a quoted phrase) to find in any of ``fields``."""

    text: str
    fields: tuple[str, ...]
    exact: bool = False


@dataclass(frozen=True)
class Group:
    """Items that must all match; consecutive plain words are read together."""

    items: tuple[object, ...]


@dataclass(frozen=True)
class Either:
    """``a OR b``."""

    options: tuple[object, ...]


@dataclass(frozen=True)
class Negated:
    """``-a`` or ``NOT a``."""

    item: object


def build_query(text: str) -> Q.Query:
    """Words must all match; OR, quotes, -word and field: prefixes work too."""
    if not text.strip():
        raise UsageError("the query is empty; try `papers search diffusion`")
    try:
        tree = _Parser(text).parse()
    except _SyntaxError:
        tree = Group(tuple(Word(w, tuple(SEARCH_FIELDS)) for w in plain_words(text)))
    query = _compile(tree)
    if query is None:
        raise UsageError(f"nothing to search for in {text!r}")
    return query


def plain_words(text: str) -> list[str]:
    """The words of ``text`` with every operator and punctuation mark dropped."""
    return re.findall(r"[^\W_]+", text)


class _Parser:
    """Recursive descent over ``_TOKEN``s: sequence := item*, item := unary (OR unary)*."""

    def __init__(self, text: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(text) if not t.isspace()]
        self.spaced = self._adjacency(text)
        self.at = 0

    def _adjacency(self, text: str) -> list[bool]:
        """For each token, whether whitespace separates it from the one before."""
        out, end = [], 0
        for match in _TOKEN.finditer(text):
            if match.group(0).isspace():
                continue
            out.append(match.start() > end)
            end = match.end()
        return out

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Group:
        group = self.sequence(tuple(SEARCH_FIELDS))
        if self.peek() is not None:
            raise _SyntaxError("unbalanced parenthesis")
        return group

    def sequence(self, fields: tuple[str, ...]) -> Group:
        items: list[object] = []
        while self.peek() not in (None, ")"):
            if self.peek() in ("AND", "&&"):
                self.take()
                if self.peek() in (None, ")", "OR"):
                    raise _SyntaxError("dangling AND")
                continue
            item = self.unary(fields)
            options = [item]
            while self.peek() == "OR":
                self.take()
                if self.peek() in (None, ")", "OR"):
                    raise _SyntaxError("dangling OR")
                options.append(self.unary(fields))
            items.append(Either(tuple(options)) if len(options) > 1 else item)
        return Group(tuple(items))

    def unary(self, fields: tuple[str, ...]) -> object:
        token = self.peek()
        if token == "NOT":
            self.take()
            if self.peek() in (None, ")"):
                raise _SyntaxError("dangling NOT")
            return Negated(self.atom(fields))
        if token and token.startswith("-") and len(token) > 1:
            self.tokens[self.at] = token[1:]
            return Negated(self.atom(fields))
        return self.atom(fields)

    def atom(self, fields: tuple[str, ...]) -> object:
        token = self.take()
        if token == "(":
            group = self.sequence(fields)
            if self.peek() != ")":
                raise _SyntaxError("unbalanced parenthesis")
            self.take()
            return group
        if token == '"':
            raise _SyntaxError("unbalanced quote")
        if token.startswith('"'):
            return Word(token[1:-1], fields, exact=True)
        name, colon, rest = token.partition(":")
        if colon and name.lower() in FIELD_PREFIXES:
            narrowed = (FIELD_PREFIXES[name.lower()],)
            if rest:
                return Word(rest, narrowed)
            following = self.peek()
            if following is None or following == ")" or self.spaced[self.at]:
                raise _SyntaxError(f"nothing after {token}")
            return self.atom(narrowed)
        return Word(token, fields)


# -- compiling ----------------------------------------------------------------


def _compile(node: object) -> Q.Query | None:
    if isinstance(node, Word):
        return _run([node])
    if isinstance(node, Either):
        found = [q for q in (_compile(o) for o in node.options) if q is not None]
        return Q.Or(found) if found else None
    if isinstance(node, Negated):
        inner = _compile(node.item)
        return Q.Not(inner) if inner is not None else None
    assert isinstance(node, Group)
    positive: list[Q.Query] = []
    negative: list[Q.Query] = []
    for run in _runs(node.items):
        if isinstance(run, list):
            found = _run(run)
        else:
            found = _compile(run)
        if isinstance(found, Q.Not):
            negative.append(found.query)
        elif found is not None:
            positive.append(found)
    if not positive and not negative:
        return None
    if not positive:
        positive = [Q.Term("kind", "entry")]
    base = positive[0] if len(positive) == 1 else Q.And(positive)
    return Q.AndNot(base, Q.Or(negative)) if negative else base


def _runs(items: Sequence[object]) -> list[object]:
    """Consecutive plain words on the same fields grouped, for glossary phrases."""
    out: list[object] = []
    for item in items:
        plain = isinstance(item, Word) and not item.exact
        if plain and out and isinstance(out[-1], list) and out[-1][0].fields == item.fields:
            out[-1].append(item)
        elif plain:
            out.append([item])
        else:
            out.append(item)
    return out


def _run(words: list[Word]) -> Q.Query | None:
    """All words must match; a glossary concept also matches its other spellings.

    A word sequence that spells a glossary concept is matched as a phrase.
    Other consecutive Korean words each must match, and papers where they
    stand together (spaced or not: ``뇌 신호``, ``뇌신호``) rank first.
    """
    fields = words[0].fields
    if words[0].exact:
        return _phrase(words[0].text, fields)
    from papercli.glossary import load

    texts = [w.text for w in words]
    glossary = load(" ".join(texts)) if fields != ("authors",) else None
    parts: list[Q.Query] = []
    korean: list[str] = []
    at = 0
    while at < len(texts):
        span, synonyms, first = 1, (), texts[at]
        if glossary is not None and glossary.spellings:
            span, synonyms, first = _concept(glossary, texts, at)
        text = " ".join([first, *texts[at + 1 : at + span]])
        at += span
        if span == 1 and not synonyms and _is_korean(text):
            korean.append(text)
            continue
        parts += _together(korean, fields)
        korean = []
        exact = _phrase(text, fields) if span > 1 else _word(text, fields)
        if exact is None:
            continue
        topical = tuple(f for f in fields if f != "authors")
        alternatives = [q for q in (_phrase(s, topical) for s in synonyms) if q is not None]
        if alternatives:
            exact = Q.Or([exact, Q.Or(alternatives, boost=SYNONYM_BOOST)])
        parts.append(exact)
    parts += _together(korean, fields)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.And(parts)


def _together(korean: list[str], fields: Sequence[str]) -> list[Q.Query]:
    """Korean words that must all match, with a bonus where they stand together."""
    each = [q for q in (_word(t, fields) for t in korean) if q is not None]
    if len(each) < 2:
        return each
    joined = _phrase(" ".join(korean), fields)
    return [Q.Or([Q.And(each), joined])] if joined is not None else [Q.And(each)]


def _is_korean(text: str) -> bool:
    found = units(text)
    return bool(found) and all(u.east for u in found)


def _concept(glossary: Glossary, texts: list[str], at: int) -> tuple[int, tuple[str, ...], str]:
    """The longest glossary spelling starting at ``texts[at]``: span, synonyms, first word.

    A Korean word with a particle (``양자화를``) names its concept too; the
    particle is then dropped from the word itself.
    """
    for end in range(min(len(texts), at + 6), at, -1):
        span = " ".join(texts[at:end])
        if span in glossary:
            return end - at, glossary.synonyms(span), texts[at]
    bare = strip_particle(texts[at])
    if bare != texts[at] and bare in glossary:
        return 1, glossary.synonyms(bare), bare
    return 1, (), texts[at]


def _word(text: str, fields: Sequence[str]) -> Q.Query | None:
    found = units(text)
    if len(found) > 1:
        found = [u for i, u in enumerate(found) if not (u.east and i and u.text in PARTICLES)]
    return _over(fields, found)


def _phrase(text: str, fields: Sequence[str]) -> Q.Query | None:
    return _over(fields, units(text))


def _over(fields: Sequence[str], found: Sequence[Unit]) -> Q.Query | None:
    """``found`` in any of ``fields``; author names are never searched for Korean."""
    if not found:
        return None
    if len(fields) > 1 and all(u.east for u in found):
        fields = [f for f in fields if f != "authors"]
    queries = [_units(f, found, SEARCH_FIELDS.get(f, 1.0)) for f in fields]
    return queries[0] if len(queries) == 1 else Q.Or(queries)


def _units(field: str, found: Sequence[Unit], boost: float) -> Q.Query:
    if len(found) == 1 or any(u.prefix for u in found):
        parts = [_unit(field, u, boost) for u in found]
        return parts[0] if len(parts) == 1 else Q.And(parts)
    terms = [t for u in found for t in u.terms]
    return Adjacent(field, terms, boost=boost)


def _unit(field: str, unit: Unit, boost: float) -> Q.Query:
    if unit.prefix:
        return Q.Or([Q.Prefix(field, unit.text), Q.Term(field, unit.text)], boost=boost)
    if len(unit.terms) == 1:
        return Q.Term(field, unit.terms[0], boost=boost)
    return Adjacent(field, list(unit.terms), boost=boost)


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

    def scores(self, searcher, context, allowed: set[int] | None = None) -> dict[int, float]:
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
            for ids, _, _ in _blocks(reader, self.fieldname, pair, values=False):
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
        return _term_scores(rarest, searcher, context, lined_up) or {}

    def _lined_up(self, reader, order: list[int], wanted: Iterable[int] | None) -> set[int]:
        """The documents (of ``wanted``) where the words stand in order."""
        places: dict[int, dict[int, bytes]] = {}
        for number in order:
            found: dict[int, bytes] = {}
            for ids, _, values in _blocks(reader, self.fieldname, self.words[number]):
                postings = zip(ids, values, strict=True)
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
    starts = {first} if type(first) is int else set(first)
    for offset in range(1, len(values)):
        spots = _spots(values[offset])
        if type(spots) is int:
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


# -- snippets -------------------------------------------------------------------

SNIPPET_CHARS = 120
SNIPPET_CONTEXT = 30


@dataclass(frozen=True)
class Wanted:
    """What a snippet marks in one field: single terms, prefixes and phrases."""

    terms: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


def wanted(query: Q.Query, field: str) -> Wanted:
    """The positive leaves of ``query`` on ``field``; excluded words are never marked."""
    terms: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Q.Not):
            continue
        if isinstance(node, Q.AndNot):
            stack.append(node.a)
            continue
        if isinstance(node, Q.Phrase):
            if node.fieldname == field:
                phrases.append(tuple(node.words))
        elif isinstance(node, Q.Prefix):
            if node.fieldname == field:
                prefixes.append(node.text)
        elif isinstance(node, Q.Term):
            if node.fieldname == field and isinstance(node.text, str):
                terms.add(node.text)
        else:
            stack.extend(node.children())
    return Wanted(frozenset(terms), tuple(prefixes), tuple(phrases))


def mark(text: str, want: Wanted, analyzer, top: int = 2) -> str:
    """Up to ``top`` fragments of ``text`` around its matches, hits wrapped in HIT markers.

    Phrases are marked only where the whole phrase occurs, so a Korean word
    (a phrase of bigrams) is marked as one piece and nowhere else; a
    one-syllable prefix marks just that syllable. Only the text from the word
    where something wanted first shows, up to a few fragments past the first
    match, is analysed, and none at all when a cheap look shows nothing
    wanted can be in it.
    """
    begin = _start(text, want)
    if begin is None:
        return ""
    longest = max((len(p) for p in want.phrases), default=1)
    chain: deque[tuple[str, int, int]] = deque(maxlen=longest)
    spans: list[tuple[int, int]] = []
    stop = len(text)
    tokens = analyzer(text[begin:], positions=True, chars=True, mode="index", start_char=begin)
    for token in tokens:
        term, start, end = token.text, token.startchar, token.endchar
        if start > stop:
            break
        found = len(spans)
        if term in want.terms:
            spans.append((start, end))
        for prefix in want.prefixes:
            if term.startswith(prefix):
                spans.append((start, start + len(prefix)))
        if not chain or token.pos != chain[-1][1]:
            chain.append((term, token.pos, start))
            for phrase in want.phrases:
                size = len(phrase)
                if phrase[-1] == term and len(chain) >= size:
                    if tuple(c[0] for c in list(chain)[-size:]) == phrase:
                        spans.append((chain[-size][2], end))
        if spans and not found:
            stop = min(s[0] for s in spans) + top * (SNIPPET_CHARS + SNIPPET_CONTEXT)
    return _fragments(text, spans, top)


def _start(text: str, want: Wanted) -> int | None:
    """Where to start analysing ``text`` for ``want``: None when no wanted piece occurs
    in it even with spaces ignored; else the start of the word where one first occurs
    as written (0 when each occurs only spaced differently). Starting at a word
    leaves every term from there on, and so every match, as the whole text gives it.
    """
    lowered = text.lower()
    pieces = [*want.terms, *want.prefixes, *(p[0] for p in want.phrases)]
    pieces = [piece if not piece.isascii() else piece[:3] for piece in pieces]
    squeezed = "".join(lowered.split())
    if not any(piece in squeezed for piece in pieces):
        return None
    found = [at for at in (lowered.find(piece) for piece in pieces) if at >= 0]
    if not found or len(lowered) != len(text):  # lowering changed lengths (``İ``): no offsets
        return 0
    at = min(found)
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _fragments(text: str, spans: list[tuple[int, int]], top: int) -> str:
    if not spans:
        return ""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    at = done = 0
    while at < len(merged) and len(pieces) < top:
        begin = _boundary(text, max(done, merged[at][0] - SNIPPET_CONTEXT), backwards=True)
        begin = max(begin, done)
        finish = _boundary(text, min(len(text), begin + SNIPPET_CHARS), backwards=False)
        out, cursor = [], begin
        while at < len(merged) and (merged[at][1] <= finish or cursor == begin):
            start, end = merged[at]
            finish = max(finish, end)
            out += [text[cursor:start], HIT_START, text[start:end], HIT_END]
            cursor = end
            at += 1
        out.append(text[cursor:finish])
        pieces.append("".join(out).strip())
        done = finish
    return " … ".join(pieces)


def _boundary(text: str, at: int, backwards: bool) -> int:
    """Move ``at`` to the nearest space (at most 12 characters away) so words stay whole."""
    step = -1 if backwards else 1
    for distance in range(13):
        spot = at + step * distance
        if spot <= 0 or spot >= len(text):
            return max(0, min(len(text), spot))
        if text[spot].isspace():
            return spot + 1 if backwards else spot
    return at


class Snippets:
    """Snippets of stored entries for one query, each field's wanted terms worked out once."""

    def __init__(self, query: Q.Query, schema) -> None:
        self.query = query
        self.schema = schema
        self._wanted: dict[str, Wanted] = {}

    def of(self, entry: dict) -> str:
        """The first appearance's summary around its matches, else the title's, else its start."""
        summary = entry["appearances"][0]["summary"]
        for field, text in (("body", summary), ("title", entry["title"])):
            if field not in self._wanted:
                self._wanted[field] = wanted(self.query, field)
            found = mark(text, self._wanted[field], self.schema[field].analyzer, top=2)
            if found:
                return found
        return summary[:160]


def matches(searcher, query: Q.Query, allowed: set[int] | None = None) -> dict[int, float]:
    """Every entry ``query`` matches (of ``allowed``, when given) by index-wide document
    number, with its score."""
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


def scores(query: Q.Query, searcher, context, allowed: set[int] | None = None) -> dict[int, float]:
    """Every document ``query`` matches in one segment, with the score Whoosh would give it.

    Whoosh walks a binary tree of union and intersection matchers one
    document at a time, and on a query matching half the archive that
    walk costs several times the scoring itself. Here each leaf's postings
    are read straight through once and combined as dictionaries and sets:
    And sums the scores of documents in every part, Or sums what each
    document has, AndNot drops what its second part matches. Leaves (terms,
    prefixes, phrases, ranges) keep Whoosh's own matchers and scorers, and
    a compound's boost applies when it has several parts, as in Whoosh.
    Only documents in ``allowed`` (when given) are scored.
    """
    if isinstance(query, Q.AndNot):
        kept = scores(query.a, searcher, context, allowed)
        if kept:
            dropped = query.b.matcher(searcher, searcher.boolean_context())
            for doc in dropped.all_ids():
                kept.pop(doc, None)
        return kept
    if type(query) in (Q.And, Q.Or) and len(query.subqueries) > 1:
        parts = [scores(q, searcher, context, allowed) for q in query.subqueries]
        if type(query) is Q.And:
            parts.sort(key=len)
            common = set(parts[0]).intersection(*parts[1:])
            found = {doc: sum(p[doc] for p in parts) for doc in common}
        else:
            found = parts[0]
            for part in parts[1:]:
                for doc, score in part.items():
                    found[doc] = found.get(doc, 0.0) + score
        if query.boost != 1:
            found = {doc: score * query.boost for doc, score in found.items()}
        return found
    if type(query) in (Q.And, Q.Or) and query.subqueries:
        return scores(query.subqueries[0], searcher, context, allowed)
    if type(query) is Adjacent and query.positional(searcher):
        return query.scores(searcher, context, allowed)
    if type(query) is Q.Term:
        found = _term_scores(query, searcher, context, allowed)
        if found is not None:
            return found
    matcher = query.matcher(searcher, context)
    found = {}
    while matcher.is_active():
        doc = matcher.id()
        if allowed is None or doc in allowed:
            found[doc] = matcher.score()
        matcher.next()
    return found


def _term_scores(
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
    lengths = _field_lengths(reader, query.fieldname)
    found: dict[int, float] = {}
    for ids, weights, _ in _blocks(reader, query.fieldname, text, values=False):
        postings = zip(ids, weights, strict=True)
        if allowed is not None:
            postings = ((d, w) for d, w in postings if d in allowed)
        for doc, weight in postings:
            score = bm25(idf, weight, _LENGTH[lengths[doc]], avgfl, b, k1)
            found[doc] = score * boost if boost != 1.0 else score
    return found


def _blocks(
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


def _field_lengths(reader, fieldname: str) -> bytes:
    """The segment's length byte of ``fieldname`` for every document, in one read
    rather than a column lookup per scored document (whoosh3 codec, as ``_blocks``)."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(reader.doc_count_all())
    return column._dbfile.get(column._basepos, column._count).ljust(reader.doc_count_all(), b"\0")


_LENGTH = [byte_to_length(b) for b in range(256)]


# -- did you mean, related ------------------------------------------------------


def suggest(searcher, text: str) -> str | None:
    """The query with each word that matches nothing replaced by its nearest known word.

    Latin words are corrected from the index's own (unstemmed) title words
    and the glossary's spellings; Korean words from the glossary's. None when
    no word could be improved.
    """
    from papercli.glossary import load

    spellings = [s for s in load().words() if " " not in s]
    corrector = searcher.corrector("title")
    words = plain_words(text)
    changed = False
    for number, word in enumerate(words):
        if _matches(searcher, word):
            continue
        better = _correction(searcher, corrector, spellings, word)
        if better:
            words[number] = better
            changed = True
    return " ".join(words) if changed else None


def _correction(searcher, corrector, spellings: list[str], word: str) -> str | None:
    """The closest word that matches something: by edit distance, Hangul compared by jamo
    (``환갹`` is one vowel away from ``환각``, not one syllable of two)."""
    import difflib

    lowered = word.lower()
    latin = lowered.isascii()
    candidates: list[str] = []
    if latin and len(lowered) > 2:
        for distance in (1, 2):
            candidates = corrector.suggest(lowered, limit=3, maxdist=distance)
            if candidates:
                break
    known = {_jamo(s.lower()): s for s in spellings if s.isascii() == latin}
    close = difflib.get_close_matches(_jamo(lowered), list(known), n=3, cutoff=0.75)
    candidates += [known[c] for c in close]
    found = [c for c in candidates if c.lower() != lowered and _matches(searcher, c)]
    return min(found, key=lambda c: _distance(_jamo(lowered), _jamo(c.lower())), default=None)


def _jamo(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


def _matches(searcher, word: str) -> bool:
    query = _word(word, tuple(SEARCH_FIELDS))
    if query is None:
        return False
    return not searcher.search(Q.And([Q.Term("kind", "entry"), query]), limit=1).is_empty()


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def related_query(searcher, text: str, own: int = 1, numterms: int = 24) -> Q.Query | None:
    """The key terms of ``text`` (Bo1 weights), looked for in titles and summaries.

    Candidates are the text's content terms (see ``content_terms``); those in
    no more than ``own`` entries (the paper's own appearances) cannot lead to
    another paper and are dropped.
    """
    from collections import Counter

    from whoosh.classify import Expander

    reader = searcher.reader()
    expander = Expander(reader, "body")
    expander.add(Counter(content_terms(text)).items())
    candidates = expander.expanded_terms(numterms * 4)
    terms = [(t, w) for t, w in candidates if reader.doc_frequency("body", t) > own]
    queries = [
        Q.Term(field, term, boost=weight * SEARCH_FIELDS[field])
        for term, weight in terms[:numterms]
        for field in ("title", "body")
    ]
    return Q.Or(queries) if queries else None
