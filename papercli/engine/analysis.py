"""Text analysis for the index: how titles and Korean summaries become terms.

Every Hangul (or other CJK) run is indexed as overlapping character bigrams,
and the run continues across the spaces between Hangul words, so ``강화 학습``
and ``강화학습`` give the same bigrams at the same positions. A Korean query
word becomes the phrase of its bigrams, which matches wherever the word
occurs in the text once spaces are ignored; that is what a reader grepping
would accept, particles and spacing included. (A morphological analyser
would do better on endings, but its model costs a second to load on every
query; ``papercli.engine.words`` handles endings on the query side.)

The last syllable of each run is also indexed on its own, at the position of
the run's last bigram (so phrases running on past the run still match):
together with a prefix query over the bigrams it lets a one-syllable query
(``뇌``) find every occurrence. Runs split at script boundaries, so
``RLHF로`` gives ``rlhf`` and ``로``; Latin words are NFKC-normalised (full
width ``ＧＲＰＯ`` is ``grpo``), lowercased and stemmed (Porter), so
``models`` finds ``model``.

Titles and summaries also index each pair of adjacent Latin words as one
term, ``languag model``, at the second word's position (a space never occurs
inside another term). An English phrase is then found from the postings of
its pairs rather than by comparing the positions of two common words in
thousands of entries (see ``papercli.engine.phrases``).

Compound names are indexed whole and by their parts, as Elasticsearch's
``word_delimiter_graph`` does: ``LongRoPE`` gives ``longrop`` and the parts
``~long``, ``~rope``...; ``Qwen2-VL`` gives ``qwen2``, ``vl`` and ``~qwen``,
``~qwen2vl`` (see ``words.parts``). A part carries the ``~`` mark, so a query
for ``RoPE`` finds the exact name at full weight and the compound at a lower
one, and a part never joins a phrase or a pair; parts sit at the position of
the compound's last word.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from pickle import dumps
from struct import Struct
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from papercli.engine.words import PART, RUN, glued_words, normal, parts, stem

_CACHED = 1 << 13  # entries per memo below: the common words of an archive, in a few MB


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
    inside longer runs as well as at their end. A Latin token carries ``raw``
    (its word as written) and ``glued`` (whether a hyphen or dot joins it to the
    word before), for ``CompoundParts``.
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
        for match in RUN.finditer(value):
            text = match.group(0)
            begin = match.start()
            if match.lastgroup != "east":
                glued = False
                for word in glued_words(text):
                    token.raw = normal(word)
                    token.text = token.raw.lower()
                    token.latin = True
                    token.glued = glued
                    token.stopped = False
                    token.boost = 1.0
                    if keeporiginal:
                        token.original = word
                    token.pos = pos
                    token.startchar, token.endchar = (
                        start_char + begin,
                        start_char + begin + len(word),
                    )
                    pos += 1
                    begin += len(word) + 1
                    glued = True
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
                token.latin = False
                yield token
                token.text, token.startchar, token.latin = text, start, True
            previous = (text, pos, start)


class CompoundParts(_Stateless, Filter):
    """Adds the parts of each compound name (see ``words.parts``) once its last word has
    passed, at that word's position and spanning the characters of the words they
    come from. Marked ``is_morph`` (spelling words never include a part) and left out
    of query analysis."""

    is_morph = True

    def __call__(self, tokens):
        group: list[tuple[str, int, int, int]] = []  # raw word, pos, start, end
        for token in tokens:
            if " " in token.text:  # a pair of Latin words (LatinPairs) belongs to no group
                yield token
                continue
            if group and not (token.latin and token.glued):
                yield from _parts(token, group)
                group = []
            yield token
            if token.latin and token.mode != "query":
                group.append((token.raw, token.pos, token.startchar, token.endchar))
        if group:
            yield from _parts(token, group)


def _parts(token: Token, group: list[tuple[str, int, int, int]]) -> Iterable[Token]:
    """The parts of ``group``, yielded as ``token`` (whose own fields are put back after)."""
    found = parts([raw for raw, _, _, _ in group])
    if not found:
        return
    saved = (token.text, token.pos, token.startchar, token.endchar, token.latin)
    at = group[-1][1]
    for text, first, last in found:
        token.text, token.pos, token.latin = PART + text, at, False
        token.startchar, token.endchar = group[first][2], group[last][3]
        yield token
    token.text, token.pos, token.startchar, token.endchar, token.latin = saved


def text_analyzer(pairs: bool = False, compounds: bool = False) -> Analyzer:
    """The analyzer of a text field: pairs of Latin words and compound parts optional."""
    chain = KoreanTokenizer() | EnglishStemFilter()
    if pairs:
        chain = chain | LatinPairs()
    if compounds:
        chain = chain | CompoundParts()
    return chain


_stems: dict[str, str] = {}
_parts_of: dict[str, list[tuple[str, int, int]]] = {}

Spots = int | list[int]  # a term's position in a text, or its positions when several


def index_terms(
    value: str, pairs: bool = False, compounds: bool = False
) -> tuple[dict[str, Spots], int]:
    """The terms ``text_analyzer(pairs, compounds)`` makes of ``value`` when indexing,
    and their count.

    Each term maps to its position, or to the list of its positions when it
    occurs more than once (most terms of an entry occur once, and a bare
    ``int`` costs less than a list to make and to encode, ``encode_positions``
    keeping one encoding of each lone position). The same terms at the same positions as the
    analyzer, but without a ``Token`` per term: going through the analyzer
    chain was a quarter of a full index run. Positions come from a list where
    each term's index is its position; a run's trailing syllable, a Latin pair
    and a compound's parts, which share the position of another term, are
    placed after the others.
    """
    seq: list[str] = []
    trailing: list[tuple[str, int]] = []
    latin_at = -2
    for east, latin in RUN.findall(value):
        if latin:
            words = glued_words(latin)
            for word in words:
                term = _stems.get(word)
                if term is None:
                    if len(_stems) >= _CACHED:
                        _stems.clear()
                    term = _stems[word] = stem(normal(word).lower())
                if pairs and latin_at == len(seq) - 1:
                    trailing.append((f"{seq[-1]} {term}", len(seq)))
                latin_at = len(seq)
                seq.append(term)
            if compounds:
                compound = _parts_of.get(latin)
                if compound is None:
                    if len(_parts_of) >= _CACHED:
                        _parts_of.clear()
                    compound = _parts_of[latin] = parts([normal(word) for word in words])
                if compound:
                    at = len(seq) - 1
                    trailing.extend((PART + text, at) for text, _, _ in compound)
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


_COUNT = Struct("!I").unpack_from


def positions_count(encoded: bytes) -> int:
    """How many positions an ``encode_positions`` value holds: its leading count."""
    return _COUNT(encoded)[0]


# A field's postings of one document, as the writer takes them: its terms, each
# one's encoded positions (``encode_positions``), and the field's length.
Terms = tuple[list[str], list[bytes], int]
# The options of the fields of positions (``KoreanText``): name, pairs, compounds.
Options = tuple[tuple[str, bool, bool], ...]


def analyse(texts: dict[str, str], options: Options) -> dict[str, Terms]:
    """What the writer indexes of each text of ``texts`` in a field of positions.

    Pure and picklable both ways, so that a worker process can analyse a
    file's entries while the writer adds the ones before
    (``papercli.engine.ahead``); lists of terms and of encoded bytes cross
    processes several times faster than the dictionaries ``index_terms``
    makes.
    """
    out: dict[str, Terms] = {}
    for name, pairs, compounds in options:
        value = texts.get(name)
        if isinstance(value, str):
            found, length = index_terms(value, pairs, compounds)
            out[name] = (list(found), encode_positions(found.values()), length)
    return out


class KoreanText(TEXT):
    """A ``TEXT`` field analysed by ``text_analyzer()``, its postings made by ``index_terms``.

    ``index`` returns exactly what Whoosh's generic path (the analyzer, then
    the ``Positions`` format's ``word_values``) returns, several times
    faster; the writer (``papercli.engine.pool``) takes what ``analyse``
    makes of a document's texts instead.
    """

    pairs = False  # as unpickled from an index written before pairs existed
    compounds = False  # ... or before compound parts

    def __init__(self, *, pairs: bool = False, compounds: bool = False, **kwargs: Any) -> None:
        super().__init__(analyzer=text_analyzer(pairs, compounds), **kwargs)
        self.pairs = pairs
        self.compounds = compounds

    @property
    def positional(self) -> bool:
        """Whether a posting is just the term's positions (weight: their count times
        the field boost), as with the default ``Positions`` format."""
        return type(self.format) is Positions

    def index(self, value: Any, **kwargs: Any) -> Any:
        if kwargs or not isinstance(value, str) or not self.positional:
            return super().index(value, **kwargs)
        found, _ = index_terms(value, self.pairs, self.compounds)
        boost = self.format.field_boost
        return [
            (term.encode("utf-8"), n, n * boost, encoded)
            for term, encoded in zip(found, encode_positions(found.values()), strict=True)
            for n in (positions_count(encoded),)
        ]
