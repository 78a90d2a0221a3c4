"""Text analysis for the index: how titles and Korean summaries become terms.

Korean defeats word-based analysis: particles and endings are glued to nouns
(``학습을``), compounds are spaced at the writer's whim (``강화학습`` and
``강화 학습``), and Latin is glued to Hangul (``RLHF로``). A morphological
analyser would fix the first, but its model costs a second to load on every
query. Instead every Hangul (or other CJK) run is indexed as overlapping
character bigrams, and the run continues across the spaces between Hangul
words, so ``강화 학습`` and ``강화학습`` give the same bigrams at the same
positions. A Korean query word becomes the phrase of its bigrams, which
matches wherever the word occurs in the text once spaces are ignored; that is
what a reader grepping would accept, particles and spacing included.

The last syllable of each run is also indexed on its own, at the position of
the run's last bigram (so phrases running on past the run still match):
together with a prefix query over the bigrams it lets a one-syllable query
(``뇌``) find every occurrence. Runs split at script boundaries, so
``RLHF로`` gives ``rlhf`` and ``로``; Latin words are lowercased and stemmed
(Porter), so ``models`` finds ``model``.

Titles and summaries also index each pair of adjacent Latin words as one
term, ``languag model``, at the second word's position (a space never occurs
inside another term). An English phrase is then found from the postings of
its pairs rather than by comparing the positions of two common words in
thousands of entries (see ``search.Adjacent``).
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pickle import dumps
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

_EAST = "\uac00-\ud7a3\u3131-\u318e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One pattern for every use: each copy of the CJK class costs ~2 ms to compile, per process.
_RUN = re.compile(rf"(?P<east>[{_EAST}]+(?:\s+[{_EAST}]+)*)|(?P<latin>[^\W_{_EAST}]+)")
_SPACE = re.compile(r"\s+")
_CACHED = 1 << 16  # entries per memo below; a vocabulary rarely outgrows it

PARTICLES = frozenset(
    "은 는 이 가 을 를 의 에 로 와 과 도 만 서 께 란 랑 엔 에서 에게 으로 이나 이며 이란 이라 "
    "이라는 라는 처럼 보다 까지 부터 같은 으로서 로서 에는 에도 와의 과의 에서의 "
    "이다 입니다".split()
)


class _Stateless:
    """Equal to every instance of its class, having no settings: Whoosh compares
    analyzers (by their attributes, by default) to tell whether a schema changed."""

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)


class KoreanTokenizer(_Stateless, Tokenizer):
    """Latin words whole; Hangul runs (across spaces) as bigrams plus their last syllable.

    In ``mode="query"`` the trailing syllable is left out of runs longer than
    one syllable, so that a query word's bigrams form a phrase that matches
    inside longer runs as well as at their end.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        if not tokenize:
            token.original = token.text = value
            token.latin = False
            token.pos, token.startchar, token.endchar = pos, start_char, start_char + len(value)
            yield token
            return
        trailing = mode != "query"
        for match in _RUN.finditer(value):
            text = match.group(0)
            begin = match.start()
            if match.lastgroup != "east":
                token.text = text.lower()
                token.latin = True
                token.stopped = False
                token.boost = 1.0
                if keeporiginal:
                    token.original = text
                token.pos = pos
                token.startchar, token.endchar = start_char + begin, start_char + match.end()
                pos += 1
                yield token
                continue
            offsets = [begin + i for i, c in enumerate(text) if not c.isspace()]
            count = len(offsets)
            pieces = [(i, i + 1, pos + i) for i in range(count - 1)]
            if count == 1 or trailing:
                pieces.append((count - 1, count - 1, pos + max(count - 2, 0)))
            for first, last, at in pieces:
                start, end = offsets[first], offsets[last] + 1
                token.text = value[start] + value[offsets[last]] if last != first else value[start]
                token.latin = False
                token.stopped = False
                token.boost = 1.0
                if keeporiginal:
                    token.original = value[start:end]
                token.pos = at
                token.startchar, token.endchar = start_char + start, start_char + end
                yield token
            pos += max(count - 1, 1)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lowercase ASCII word; anything else unchanged."""
    from whoosh.lang.porter import stem as porter

    if word.isascii() and word.isalpha() and len(word) > 2:
        return porter(word)
    return word


class EnglishStemFilter(_Stateless, Filter):
    """Stems Latin words only; Hangul bigrams pass through untouched.

    Marked ``is_morph`` so that Whoosh's spelling field keeps the unstemmed
    word forms, which make readable "did you mean" suggestions.
    """

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


class LatinPairs(_Stateless, Filter):
    """Adds a term for each two Latin words at adjacent positions (see the module's
    docstring), after the second word. Marked ``is_morph`` so that spelling words,
    read with morphology off, never include a pair; left out of query analysis."""

    is_morph = True

    def __call__(self, tokens):
        previous: tuple[str, int, int] | None = None
        for token in tokens:
            yield token
            if not token.latin or token.mode == "query":
                previous = None
                continue
            text, pos, start = token.text, token.pos, token.startchar
            if previous is not None and previous[1] == pos - 1:
                token.text, token.startchar = f"{previous[0]} {text}", previous[2]
                yield token
                token.text, token.startchar = text, start
            previous = (text, pos, start)


def text_analyzer(pairs: bool = False) -> Analyzer:
    if pairs:
        return KoreanTokenizer() | EnglishStemFilter() | LatinPairs()
    return KoreanTokenizer() | EnglishStemFilter()


def is_latin(term: str) -> bool:
    """Whether an index term is a Latin word (not a Hangul bigram or syllable, not a pair)."""
    match = _RUN.fullmatch(term)
    return match is not None and match.lastgroup == "latin"


_stems: dict[str, str] = {}

Spots = int | list[int]  # a term's position in a text, or its positions when several


def index_terms(value: str, pairs: bool = False) -> tuple[dict[str, Spots], int]:
    """The terms ``text_analyzer()`` makes of ``value`` when indexing, and their count.

    Each term maps to its position, or to the list of its positions when it
    occurs more than once (most terms of an entry occur once, and a bare
    ``int`` costs less than a list, both to make and to keep: the writer
    holds these until it spills them, and the garbage collector keeps
    walking lists, never ints). The same terms at the same positions as
    the tokenizer and stem filter (and, with ``pairs``, ``LatinPairs``), but
    without a ``Token`` per term: going through the analyzer chain was a
    quarter of a full index run. Positions come from a list where each term's
    index is its position; a run's trailing syllable and a Latin pair, which
    share the position of another term, are placed after the others.
    """
    seq: list[str] = []
    trailing: list[tuple[str, int]] = []
    latin_at = -2
    for east, latin in _RUN.findall(value):
        if latin:
            term = _stems.get(latin)
            if term is None:
                if len(_stems) >= _CACHED:
                    _stems.clear()
                term = _stems[latin] = stem(latin.lower())
            if pairs and latin_at == len(seq) - 1:
                trailing.append((f"{seq[-1]} {term}", len(seq)))
            latin_at = len(seq)
            seq.append(term)
            continue
        if not east.isalpha():
            east = "".join(east.split())
        if len(east) == 1:
            seq.append(east)
        else:
            seq += map(str.__add__, east, east[1:])
            trailing.append((east[-1], len(seq) - 1))
    found: dict[str, Spots] = {}
    get = found.get
    for pos, term in enumerate(seq):
        spots = get(term)
        if spots is None:
            found[term] = pos
        elif isinstance(spots, int):
            found[term] = [spots, pos]
        else:
            spots.append(pos)
    for term, pos in trailing:
        spots = get(term)
        if spots is None:
            found[term] = pos
        elif isinstance(spots, int):
            found[term] = [spots, pos] if spots < pos else [pos, spots]
        elif spots[-1] < pos:
            spots.append(pos)
        else:
            insort(spots, pos)
    return found, len(seq) + len(trailing)


_lone: dict[int, bytes] = {}


def count(spots: Spots) -> int:
    return 1 if isinstance(spots, int) else len(spots)


def encode_positions(groups: Iterable[Spots]) -> list[bytes]:
    """Whoosh's ``Positions`` encoding of each term's positions (see ``index_terms``):
    the count, then the pickled gaps. A lone position's encoding comes from a memo."""
    out: list[bytes] = []
    append = out.append
    for spots in groups:
        if isinstance(spots, int):
            encoded = _lone.get(spots)
            if encoded is None:
                encoded = pack_uint(1) + dumps([spots], 2)
                if spots < _CACHED:
                    _lone[spots] = encoded
        else:
            gaps = [spots[0]]
            gaps += map(int.__sub__, spots[1:], spots)
            encoded = pack_uint(len(gaps)) + dumps(gaps, 2)
        append(encoded)
    return out


class KoreanText(TEXT):
    """A ``TEXT`` field analysed by ``text_analyzer()``, its postings made by ``index_terms``.

    ``index`` returns exactly what Whoosh's generic path (the analyzer, then
    the ``Positions`` format's ``word_values``) returns, several times
    faster; the writer (``papercli.pool``) takes the positions from
    ``index_terms`` itself and encodes them later, in bulk.
    """

    pairs = False  # as unpickled from an index written before pairs existed

    def __init__(self, *, pairs: bool = False, **kwargs: Any) -> None:
        super().__init__(analyzer=text_analyzer(pairs), **kwargs)
        self.pairs = pairs

    @property
    def positional(self) -> bool:
        """Whether a posting is just the term's positions (weight: their count times
        the field boost), as with the default ``Positions`` format."""
        return type(self.format) is Positions

    def index(self, value: Any, **kwargs: Any) -> Any:
        if kwargs or not isinstance(value, str) or not self.positional:
            return super().index(value, **kwargs)
        found, _ = index_terms(value, self.pairs)
        boost = self.format.field_boost
        groups = list(found.values())
        counts = list(map(count, groups))
        return [
            (term.encode("utf-8"), n, n * boost, encoded)
            for term, n, encoded in zip(found, counts, encode_positions(groups), strict=True)
        ]


@dataclass(frozen=True)
class Unit:
    """One searchable piece of a query word: a stemmed Latin word or a Hangul run.

    ``terms`` are the index terms it must match in order (a phrase when
    there are several); a one-syllable run has ``prefix`` set instead, since
    that syllable is found as the start of a bigram or as a run's last syllable.
    """

    text: str
    terms: tuple[str, ...]
    east: bool

    @property
    def prefix(self) -> bool:
        return self.east and len(self.text) == 1


def units(text: str) -> list[Unit]:
    """The query-side analysis of ``text``, one unit per Latin word or Hangul run."""
    out: list[Unit] = []
    for match in _RUN.finditer(text):
        word = match.group(0)
        if match.lastgroup == "east":
            joined = _SPACE.sub("", word)
            if len(joined) == 1:
                out.append(Unit(joined, (joined,), True))
            else:
                grams = tuple(joined[i : i + 2] for i in range(len(joined) - 1))
                out.append(Unit(joined, grams, True))
        else:
            lowered = word.lower()
            out.append(Unit(lowered, (stem(lowered),), False))
    return out


def key(text: str) -> tuple[str, ...]:
    """A spacing- and inflection-insensitive key: Hangul runs spaceless, Latin stemmed."""
    return tuple(u.text if u.east else u.terms[0] for u in units(text))


def strip_particle(word: str) -> str:
    """``word`` without a trailing Korean particle, when it has one and more remains."""
    for size in (3, 2, 1):
        if len(word) > size + 1 and word[-size:] in PARTICLES:
            return word[:-size]
    return word


def content_terms(text: str) -> list[str]:
    """Index terms that carry a text's topic, e.g. to find papers like it.

    Bigrams spanning two Korean words, or a word and its particle, are mostly
    noise for similarity; here each Korean word loses its particle and yields
    only its inner bigrams. Latin words give their stems.
    """
    out: list[str] = []
    for word in text.split():
        for unit in units(word):
            if not unit.east:
                out.extend(unit.terms)
                continue
            bare = strip_particle(unit.text)
            out.extend(bare[i : i + 2] for i in range(len(bare) - 1))
    return out
