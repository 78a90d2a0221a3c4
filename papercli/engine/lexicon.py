"""Translations the archive teaches: ``희소(sparse)``, ``Mixture-of-Experts(전문가 혼합)``.

Korean digests name a concept in one language and give the other in
parentheses. Every file's pairs are mined when it is read (``mine``) and kept
with that file's record in the index (a ``pairs`` term per pair and direction,
its frequency the times the pair was seen), so a changed or deleted file takes
its pairs with it in the same commit, and lookups are prefix scans of the
term dictionary. A query word or run of words then also finds what the
archive says it means (``Lexicon``), at a lower weight than the glossary's
curated spellings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from papercli.engine.words import FUNCTION_WORDS, key, strip_particle

SEP = "\x1f"
MOST = 3  # translations of one term used in a query, the most seen first
SEEN = 2  # ... and only those the archive gave at least this often
SHARE = 0.1  # ... and that are at least this share of the pairs either side is seen in
PER_FILE = 64  # pairs kept of one file, the most seen: a real digest gives a dozen or so
_HANGUL = "\uac00-\ud7a3"
_PARENS = re.compile(r"\(\s*([^()\n]{1,80}?)\s*\)")
_LATIN_BEFORE = re.compile(
    r"([A-Za-z][A-Za-z0-9\-+&.']*(?:\s+[A-Za-z0-9][A-Za-z0-9\-+&.']*){0,5})\s?$"
)
_KOREAN_INSIDE = re.compile(rf"[{_HANGUL}][{_HANGUL}\s]{{0,40}}")
_BEFORE = 80  # characters before a parenthesis where its term may start
_KOREAN_REVERSED = re.compile(rf"\s?([{_HANGUL}]+(?:\s+[{_HANGUL}]+){{0,4}})")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_NOT_NAMES = re.compile(
    r"^(?:e\.?g|i\.?e|cf|vs|etc|et al|fig|figure|table|eq|see|about|approx)\b", re.IGNORECASE
)
_MAX_WORDS = 6
_ENDED = frozenset("한된인는은을를의에로와과고며던해여서")  # a word ending so modifies, never names
_INNER = frozenset({"of", "and", "for", "the", "to", "in", "on", "with", "a"})


@dataclass(frozen=True)
class Pair:
    """A Korean spelling and an English one the archive gives for the same thing."""

    korean: str
    english: str


def mine(texts: Iterable[str]) -> Counter[Pair]:
    """Every parenthesised translation in ``texts``, with how often it was seen.

    How many words before the parenthesis belong to the term is guessed: for a
    Korean term, as many as the English has words (an acronym beside a full name:
    its capitals), never past a word with a particle or an ending (``명시적인
    저랭크(low-rank)`` is 저랭크); an acronym alone says too little (``인간
    피드백을 통한 강화 학습(RLHF)``) and is skipped. For an English term, its
    trailing capitalised words (``uses Retrieval-Augmented Generation``), else as
    many as the Korean has.
    """
    found: Counter[Pair] = Counter()
    for text in texts:
        if "(" not in text:
            continue
        for parens in _PARENS.finditer(text):
            inside = parens.group(1)
            before = text[max(0, parens.start() - _BEFORE) : parens.start()]
            if inside[0].isascii() and inside[0].isalpha():
                korean = _korean_before(before)
                if korean:
                    found.update(_korean_pairs(korean, inside))
            elif _KOREAN_INSIDE.fullmatch(inside):
                latin = _LATIN_BEFORE.search(before)
                if latin is not None:
                    words = " ".join(inside.split())
                    name = _english_span(latin.group(1).split(), len(words.split()))
                    if _english(name):
                        found[Pair(words, name)] += 1
    return Counter(dict(found.most_common(PER_FILE)))


def _korean_before(before: str) -> str:
    """The last Hangul words (at most five) that ``before`` ends with, one space
    between them. Matched on the reversed text: a match anchored at its start is
    several times quicker than a search anchored at the end."""
    found = _KOREAN_REVERSED.match(before[::-1])
    return " ".join(found.group(1)[::-1].split()) if found else ""


def _korean_pairs(korean: str, inside: str) -> list[Pair]:
    """``희소 모델(sparse model, SM)``: each English name beside its Korean term."""
    names, size = _names(inside)
    if not names:
        return []
    span = _korean_span(korean.split(), size)
    return [Pair(span, name) for name in names]


@lru_cache(maxsize=8192)
def _names(inside: str) -> tuple[tuple[str, ...], int]:
    """The English names in a parenthesis and the most words one stands for; no names
    when they are only acronyms: how many Korean words an acronym alone stands for is
    anyone's guess."""
    alternatives = [a.strip(" .") for a in re.split(r"[,;]|\bor\b", inside)]
    names = tuple(a for a in alternatives if _english(a))
    if all(_acronym(n) for n in names):
        return (), 0
    return names, max(_size(n) for n in names)


def _acronym(name: str) -> bool:
    return len(_LATIN_WORD.findall(name)) == 1 and sum(c.isupper() for c in name) >= 2


def _size(name: str) -> int:
    """The words an English term stands for: its words, or an acronym's capitals."""
    if _acronym(name):
        return sum(c.isupper() for c in name)
    return len(_LATIN_WORD.findall(name))


def _korean_span(words: list[str], size: int) -> str:
    taken = [words[-1]]
    for word in reversed(words[:-1]):
        if len(taken) >= min(size, 4) or strip_particle(word) != word or word[-1] in _ENDED:
            break
        taken.insert(0, word)
    return " ".join(taken)


def _english_span(words: list[str], korean_words: int) -> str:
    if words[-1][:1].isupper():
        taken = [words[-1]]
        for word in reversed(words[:-1]):
            if len(taken) >= _MAX_WORDS or not (word[:1].isupper() or word in _INNER):
                break
            taken.insert(0, word)
        while taken and taken[0] in _INNER:
            taken.pop(0)
        return " ".join(taken).strip(" .")
    return " ".join(words[-max(1, korean_words) :]).strip(" .")


def _english(text: str) -> bool:
    words = _LATIN_WORD.findall(text)
    return (
        0 < len(words) <= _MAX_WORDS
        and not any(mark in text for mark in (":", "/", "=", "@"))
        and not _NOT_NAMES.match(text)
        and any(len(w) > 1 for w in words)
        and " ".join(w.lower() for w in words) not in FUNCTION_WORDS
    )


def terms(pairs: Counter[Pair]) -> list[str]:
    """The ``pairs`` field's terms of a file: each pair both ways, once per sighting."""
    out: list[str] = []
    for pair, seen in sorted(pairs.items(), key=lambda item: (item[0].korean, item[0].english)):
        for own, other in ((pair.korean, pair.english), (pair.english, pair.korean)):
            term = f"{_key(own)}{SEP}{other.replace(',', ' ')}"
            out.extend([term] * seen)
    return out


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return " ".join(key(text))


class Lexicon:
    """Lookups of the pairs kept in an index (a searcher on it), memoised: one per
    searcher (``kept(searcher, Lexicon)``) answers a browser's every key."""

    def __init__(self, searcher: Any) -> None:
        self.reader = searcher.reader()
        self._known: dict[str, tuple[str, ...]] = {}
        self._seen: dict[str, list[tuple[str, int, int]]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        """The translations of ``text`` a query uses, the most seen first."""
        wanted = _key(text)
        if wanted not in self._known:
            self._known[wanted] = tuple(o for o, _, _, why in self.judged(text) if not why)
        return self._known[wanted]

    def judged(self, text: str) -> list[tuple[str, int, int, str]]:
        """Every translation of ``text`` (as ``seen``), each with why a query leaves it
        out ("" when it is used).

        A pair seen once may be a misreading; and one that is a small share of
        what either side is paired with says little about either: a common
        word beside many parentheses (``모델(diffusion)``, ``모델(pruning)``...)
        would otherwise make every paper a translation of every term. At most
        ``MOST`` are used.
        """
        found = self.seen(text)
        total = sum(times for _, times, _ in found)
        out: list[tuple[str, int, int, str]] = []
        used = 0
        for other, times, files in found:
            why = ""
            if times < SEEN:
                why = f"searches use a translation once seen {SEEN} times"
            elif times < SHARE * total:
                why = f"too few of the {total} pairs {text!r} is seen in"
            elif used >= MOST:
                why = f"searches use the {MOST} most seen"
            else:
                theirs = sum(t for _, t, _ in self.seen(other))
                if times < SHARE * theirs:
                    why = f"too few of the {theirs} pairs {other!r} is seen in"
            used += not why
            out.append((other, times, files, why))
        return out

    def seen(self, text: str) -> list[tuple[str, int, int]]:
        """Every translation of ``text`` with the times it was seen and in how many files,
        most seen first; spellings of one translation (case, spacing) counted together."""
        prefix = f"{_key(text)}{SEP}"
        if prefix not in self._seen:
            self._seen[prefix] = self._count(prefix)
        return self._seen[prefix]

    def _count(self, prefix: str) -> list[tuple[str, int, int]]:
        if not prefix.strip(SEP) or "pairs" not in self.reader.schema:
            return []
        counted: dict[str, list[Any]] = {}
        for raw in self.reader.expand_prefix("pairs", prefix):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            other = term[len(prefix) :]
            times, files = _live(self.reader, term)
            if not times:
                continue
            held = counted.setdefault(_key(other) or other, [0, set(), Counter()])
            held[0] += times
            held[1] |= files  # a file may write two spellings of the pair
            held[2][other] += times
        ranked = sorted(counted.values(), key=lambda h: -h[0])
        return [(names.most_common(1)[0][0], total, len(files)) for total, files, names in ranked]


def _live(reader: Any, term: str) -> tuple[int, set[int]]:
    """Sightings of a pair, and the files holding it, among those the index still holds
    (a deleted file's postings linger until its segment is merged)."""
    postings = reader.postings("pairs", term)
    total = 0
    files: set[int] = set()
    while postings.is_active():
        total += int(postings.weight())
        files.add(postings.id())
        postings.next()
    return total, files
