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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer

_EAST = "\uac00-\ud7a3\u3131-\u318e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"(?P<east>[{_EAST}]+(?:\s+[{_EAST}]+)*)|[^\W_{_EAST}]+")
_SPACE = re.compile(r"\s+")

PARTICLES = frozenset(
    "은 는 이 가 을 를 의 에 로 와 과 도 만 서 께 란 랑 엔 에서 에게 으로 이나 이며 이란 이라 "
    "이라는 라는 처럼 보다 까지 부터 같은 으로서 로서 에는 에도 와의 과의 에서의 "
    "이다 입니다".split()
)


class KoreanTokenizer(Tokenizer):
    """Latin words whole; Hangul runs (across spaces) as bigrams plus their last syllable.

    In ``mode="query"`` the trailing syllable is left out of runs longer than
    one syllable, so that a query word's bigrams form a phrase that matches
    inside longer runs as well as at their end.
    """

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

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
            token.pos, token.startchar, token.endchar = pos, start_char, start_char + len(value)
            yield token
            return
        trailing = mode != "query"
        for match in _RUN.finditer(value):
            text = match.group(0)
            begin = match.start()
            if match.lastgroup != "east":
                token.text = text.lower()
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


class EnglishStemFilter(Filter):
    """Stems Latin words only; Hangul bigrams pass through untouched.

    Marked ``is_morph`` so that Whoosh's spelling field keeps the unstemmed
    word forms, which make readable "did you mean" suggestions.
    """

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


def text_analyzer() -> Analyzer:
    return KoreanTokenizer() | EnglishStemFilter()


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
