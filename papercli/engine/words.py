"""What a word is, for the index and for queries alike.

Korean defeats word-based analysis: particles and endings are glued to nouns
(``학습을``, ``줄이는``), compounds are spaced at the writer's whim (``강화학습``
and ``강화 학습``), and Latin is glued to Hangul (``RLHF로``). Names are glued
too: ``LongRoPE``, ``DeepSeekMath``, ``Qwen2-VL``. This module holds the pieces
both sides must agree on: the one pattern that cuts text into Hangul runs and
Latin words, Unicode normalisation, stems, the parts of compound names, and
the particles and endings a Korean query word may carry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from papercli.model import SUMMARY_LABELS

_EAST = "\uac00-\ud7a3\u3131-\u318e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ALNUM = rf"[^\W_{_EAST}]"
# One pattern for every use: each copy of the CJK class costs ~2 ms to compile, per process.
# A Latin match is a word, or words glued by single hyphens or dots (``Qwen2-VL``, ``3.1``).
RUN = re.compile(rf"(?P<east>[{_EAST}]+(?:\s+[{_EAST}]+)*)|(?P<latin>{_ALNUM}+(?:[-.]{_ALNUM}+)*)")
_GLUE = re.compile(r"[-.]")
_SPACE = re.compile(r"\s+")
_ATOM = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_A-Za-z]+")
PART = "~"
"""Marks an index term that is a part of a compound name (``~rope`` in ``LongRoPE``)."""
_MAX_ATOMS = 8
_MAX_SPAN = 4

PARTICLES = frozenset(
    "은 는 이 가 을 를 의 에 로 와 과 도 만 서 께 란 랑 엔 에서 에게 으로 이나 이며 이란 이라 "
    "이라는 라는 처럼 보다 까지 부터 같은 으로서 로서 에는 에도 와의 과의 에서의 "
    "이다 입니다".split()
)


def normal(text: str) -> str:
    """NFKC: full-width letters (``ＧＲＰＯ``) as ASCII, decomposed Hangul composed."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """English stem of a lowercase ASCII word; anything else unchanged.

    Porter2 (Snowball English), which conflates what the first Porter
    stemmer keeps apart (``hallucinated`` and ``hallucination``,
    ``optimized`` and ``optimization``) and apart what it conflates
    (``generation`` and ``generalization``, ``news`` and ``new``); an
    acronym's plural, which Porter2 leaves alone (``LLMs``, ``GPUs``), is
    Porter's.
    """
    from whoosh.lang.porter import stem as porter
    from whoosh.lang.porter2 import stem as porter2

    if not (word.isascii() and word.isalpha() and len(word) > 2):
        return word
    found = porter2(word)
    if found == word and word.endswith("s") and not any(c in "aeiouy" for c in word[:-2]):
        return porter(word)
    return found


def is_latin(term: str) -> bool:
    """Whether an index term is a Latin word (not a Hangul bigram or syllable, not a pair)."""
    match = RUN.fullmatch(term)
    return match is not None and match.lastgroup == "latin" and _GLUE.search(term) is None


def glued_words(latin: str) -> list[str]:
    """The words of a Latin match: ``Qwen2-VL`` gives ``Qwen2`` and ``VL``."""
    return _GLUE.split(latin) if ("-" in latin or "." in latin) else [latin]


@lru_cache(maxsize=8192)
def atoms(word: str) -> tuple[str, ...]:
    """A name cut where its case or script changes: ``LongRoPE`` is Long, Ro, PE;
    ``QLoRA`` is Q, Lo, RA; ``GPT4o`` is GPT, 4, o (as word_delimiter_graph cuts)."""
    if word.isalpha() and (word.islower() or word.istitle() or word.isupper()):
        return (word,)
    return tuple(_ATOM.findall(word)) or (word,)


def parts(words: list[str]) -> list[tuple[str, int, int]]:
    """The parts of a compound name to index besides its words: every run of up to four
    of its atoms (lowercased) that is no word of it, at least two characters long and
    not a number, with the first and last word it spans. ``LongRoPE`` gives long, ro,
    pe, longro and rope; ``Qwen2-VL`` gives qwen, qwen2vl and 2vl."""
    cut: list[tuple[str, int]] = []
    for number, word in enumerate(words):
        cut.extend((atom, number) for atom in atoms(word))
    if len(cut) < 2 or len(cut) > _MAX_ATOMS:
        return []
    whole = {word.lower() for word in words}
    found: dict[str, tuple[int, int]] = {}
    for first in range(len(cut)):
        for last in range(first, min(len(cut), first + _MAX_SPAN)):
            text = "".join(atom for atom, _ in cut[first : last + 1]).lower()
            if len(text) < 2 or text.isdigit() or text in whole or text in found:
                continue
            found[text] = (cut[first][1], cut[last][1])
    return [(text, first, last) for text, (first, last) in found.items()]


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
    for match in RUN.finditer(normal(text)):
        found = match.group(0)
        if match.lastgroup == "east":
            joined = _SPACE.sub("", found)
            if len(joined) == 1:
                out.append(Unit(joined, (joined,), True))
            else:
                grams = tuple(joined[i : i + 2] for i in range(len(joined) - 1))
                out.append(Unit(joined, grams, True))
            continue
        for word in glued_words(found):
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
    only its inner bigrams, its sentence or verbal ending cut off. Latin words
    give their stems. Function words and the order words of a report's
    paragraphs (``두 번째 논문은``) say nothing of a topic and give none, nor do a
    summary line's label (``What's New:``), a lone letter (``model's``) and a number.
    """
    out: list[str] = []
    for word in _LABEL.sub("", text).split():
        for unit in units(word):
            if not unit.east:
                if unit.text not in FUNCTION_WORDS:
                    out.extend(t for t in unit.terms if len(t) > 1 and not t.isdigit())
                continue
            bare = strip_particle(_topic(unit.text))
            if bare not in FUNCTION_WORDS and bare not in _ORDER_WORDS and not _verb(unit.text):
                out.extend(bare[i : i + 2] for i in range(len(bare) - 1))
    return out


_LABEL = re.compile(
    "^(?:" + "|".join(re.escape(label) for label in SUMMARY_LABELS) + "):", re.MULTILINE
)
_ORDER_WORDS = frozenset("번째 첫째 둘째 셋째 넷째 다섯째 마지막".split())
_POLITE = "했습니다 되었습니다 하였습니다 시킵니다 됩니다 합니다 입니다 습니다 니다".split()
_VERB_ENDINGS = ("습니다", "니다")  # the longer endings above follow a noun


def _verb(word: str) -> bool:
    """A verb or adjective ending a sentence (``줄였습니다``, ``다룹니다``): what it does or
    is like, not what it is about, unlike a noun made a verb (``제안합니다``,
    ``향상시켰습니다``)."""
    ending = _polite(word)
    return ending in _VERB_ENDINGS and verbal_noun(word[: -len(ending)]) is None


def _polite(word: str) -> str:
    return next((e for e in _POLITE if word.endswith(e) and len(word) > len(e)), "")


def _topic(word: str) -> str:
    """A Korean word without the sentence ending or verbal ending glued to it
    (``제안합니다``, ``분할하는``, ``향상시켰습니다`` -> 제안, 분할, 향상): endings are in
    every sentence."""
    ending = _polite(word)
    if ending:
        word = word[: -len(ending)]
    return verbal_noun(word) or word


# -- Korean endings ----------------------------------------------------------------

_LIGHT = (
    "시키는 시키기 시키고 시켰다 시킨다 시킨 시킬 시켜 시켰 하려는 하도록 하는 하기 하고 하여 해서 "
    "하며 하면 했다 한다 했 한 할 함 해 되도록 되는 되기 되고 되어 됐다 된다 된 될 됨 돼 됐"
).split()
"""Endings of a noun made a verb (학습하는, 향상시킨, 개선된): the noun is what was meant."""
_VERBAL = (
    ("려는", 1),
    ("도록", 1),
    ("는", 1),
    ("기", 2),
    ("고", 2),
    ("며", 2),
    ("면", 2),
    ("게", 2),
    ("다", 2),
)
"""Endings of a verb's stem (줄이는, 줄이기, 줄이고), each with the syllables its stem must
keep: a noun may end like a verb (크기, 이미지), never with two syllables before it."""
_HANGUL, _JONG = 0xAC00, 28
_CONTRACTED = {"ㅕ": "ㅣ", "ㅝ": "ㅜ", "ㅘ": "ㅗ", "ㅙ": "ㅚ"}
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG_N, _JONG_L, _JONG_M, _JONG_SS = 4, 8, 16, 20


def _split(syllable: str) -> tuple[int, int, int] | None:
    code = ord(syllable) - _HANGUL
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // _JONG, code % _JONG


def _join(lead: int, vowel: int, tail: int = 0) -> str:
    return chr(_HANGUL + lead * 588 + vowel * _JONG + tail)


def korean_forms(word: str) -> tuple[str, ...]:
    """Other forms of a Korean predicate to look for, weaker than the word itself.

    A noun made a verb means the noun (``향상시키는``, ``학습하는`` -> 향상, 학습). A
    verb's stem is found by its ending (``줄이는``, ``줄이기``, ``줄인``, ``줄여`` ->
    줄이) and looked for in the forms it takes (줄이, 줄인, 줄일, 줄임, 줄여, 줄였),
    which the bigram index keeps apart. Nothing for a word with no such ending,
    or whose stem would be shorter than a syllable. Only ``-ㄴ`` after ``ㅣ`` is
    read as an ending hidden in a syllable (줄인, 늘린): ``-ㄹ`` and ``-ㅁ`` would
    take loanwords (파일, 스타일) for verbs.
    """
    if len(word) < 2 or _split(word[-1]) is None:
        return ()
    noun = verbal_noun(word)
    if noun is not None:
        return (noun,)
    stem_ = _verb_stem(word)
    if stem_ is None:
        return ()
    return tuple(form for form in _conjugated(stem_) if form != word)


def verbal_noun(word: str) -> str | None:
    """The noun of a noun made a verb (``개선하는``, ``향상시킨``, ``검색해서`` -> 개선, 향상,
    검색), None for any other word: a verb's own stem (``줄이는``, ``스타인``) is no
    noun to look up."""
    for ending in _LIGHT:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return None


def modifier(word: str) -> bool:
    """Whether ``word`` says what the reader wants done to a thing rather than the thing:
    a Korean verb before a noun (``줄이는``, ``답하는``, ``만들도록``; not a noun made a
    verb, whose noun is the topic: ``개선하는``) or an English verb or comparative a
    reader puts before it (``reduce``, ``faster``). Papers name the thing; the verb they
    use for it varies (``환각 줄이는``: 완화, 감소, 억제). Only endings no noun has count:
    ``-기`` after a causative or passive suffix (줄이기, 밝히기), not after a noun
    (분류기, 이야기, 크기); never ``-인`` or ``-여`` (도메인, 참여)."""
    if word.lower() in _MODIFIERS:
        return True
    if not word or _split(word[-1]) is None or verbal_noun(word) is not None:
        return False
    if any(word.endswith(e) and len(word) > len(e) for e in _MODIFYING):
        return True
    return len(word) >= 3 and word[-1] == "기" and word[-2] in _CAUSATIVE  # 줄이기, 늘리기


_MODIFYING = ("는", "도록", "려는")
_CAUSATIVE = "이히리우추"  # a verb's suffix before -기 (높이기, 밝히기, 키우기), never a noun's
_MODIFIERS = frozenset(
    """
    reduce reduces reduced reducing decrease decreases decreased decreasing
    improve improves improved improving enhance enhances enhanced enhancing
    increase increases increased increasing mitigate mitigates mitigated mitigating
    avoid avoids avoided avoiding prevent prevents prevented preventing
    make makes making help helps helping faster quicker cheaper easier
    """.split()
)


def _verb_stem(word: str) -> str | None:
    for ending, keep in _VERBAL:
        if word.endswith(ending) and len(word) - len(ending) >= keep:
            word = word[: -len(ending)]
            if ending != "다":
                return word
            break
    split = _split(word[-1])
    assert split is not None
    lead, vowel, tail = split
    if tail == _JONG_N and _VOWELS[vowel] == "ㅣ":
        return word[:-1] + _join(lead, vowel)  # 줄인 -> 줄이
    plain = _CONTRACTED.get(_VOWELS[vowel])
    if plain is not None and tail in (0, _JONG_SS) and word[-1] != "화":  # -화: -ization
        return word[:-1] + _join(lead, _VOWELS.index(plain))  # 줄여, 줄였 -> 줄이
    return None


def _conjugated(stem_: str) -> list[str]:
    split = _split(stem_[-1])
    if split is None:
        return [stem_]
    lead, vowel, tail = split
    head = stem_[:-1]
    if tail:
        return [stem_]
    forms = [stem_] + [head + _join(lead, vowel, jong) for jong in (_JONG_N, _JONG_L, _JONG_M)]
    contracted = {plain: full for full, plain in _CONTRACTED.items()}.get(_VOWELS[vowel])
    if contracted is not None:
        short = _VOWELS.index(contracted)
        forms += [head + _join(lead, short), head + _join(lead, short, _JONG_SS)]
    return forms


FUNCTION_WORDS = frozenset(
    """
    방법 방식 위한 위해 대한 대해 통한 통해 관련 관한 기반 기반한 이용 이용한 사용 사용한 활용
    활용한 하는 하기 되는 새로운 다양한 어떻게 무엇 어떤 가지 경우 정도 대상 연구 논문 기법 기술
    쓰는 쓴 쓰기 있는 없는 같은 잘 더 많은 기존 최근 최신 모든 각 여러
    a an and are as at be by can do does for from how in into is it its of on or the to toward
    towards use used uses using via what when where which why with without based new method
    methods approach approaches technique techniques paper papers study up down out over
    about more better good some any all other such very own
    """.split()
)
"""Words that carry little on their own: a query holding them still ranks by its other
words (``papercli.engine.soft``). Document frequency already weighs common words
down; these are the ones a reader adds to a phrase that are common in every
archive, whatever its size."""
