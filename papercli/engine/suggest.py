"""Did you mean: the query with each word that matches nothing replaced.

Latin words are corrected from the index's own (unstemmed) title words and the
glossary's spellings; Korean words from the glossary's, compared letter by
letter (jamo), so ``환갹`` is one vowel away from ``환각``.
"""

from __future__ import annotations

import papercli.engine.loader  # noqa: F401

from papercli.engine.compile import build_query
from papercli.engine.words import FUNCTION_WORDS
from papercli.errors import UsageError
from papercli.query import unfielded, word_spans


def suggest(searcher, text: str) -> str | None:
    """The query with each word that matches nothing replaced by its nearest known word,
    in place: its operators, fields and quotes stay; an unknown field (``foo:bar``) is
    the words it is searched as (``foo bar``), never kept as a field.

    Latin words are corrected from the index's own (unstemmed) title words
    and the glossary's spellings; Korean words from the glossary's. A glossary
    spelling is a word spelt right that this archive lacks (``protein`` is not
    ``protip``). None when no word could be improved.
    """
    from papercli.glossary import load

    spellings = [s for s in load().words() if " " not in s]
    known = {s.lower() for s in spellings}
    corrector = searcher.corrector("title")
    if "://" in text:
        return None  # a link's pieces are no misspellings
    text = unfielded(text)  # foo:bar is searched as foo bar, and corrected so
    corrected = text
    chosen: dict[str, str | None] = {}  # each word once: a pasted page repeats its words
    for start, end in reversed(word_spans(text)):
        word = text[start:end]
        if word not in chosen:
            chosen[word] = _better(searcher, corrector, spellings, known, word)
        better = chosen[word]
        if better:
            corrected = corrected[:start] + better + corrected[end:]
    return corrected if corrected != text else None


LONGEST = 40  # characters of a word worth correcting: Whoosh's automaton grows with it


def _better(searcher, corrector, spellings: list[str], known: set[str], word: str) -> str | None:
    """The correction of ``word``, None when it needs none or is no word to correct: a
    number (an arXiv id), a word the glossary spells, one that matches, or one longer
    than any misspelling (``LONGEST``), whose correction would take minutes."""
    if len(word) > LONGEST or word.replace(".", "").isdigit() or word.lower() in known:
        return None
    if _matches(searcher, word):
        return None
    return _correction(searcher, corrector, spellings, word)


def _correction(searcher, corrector, spellings: list[str], word: str) -> str | None:
    """The closest word that matches something: by edit distance, Hangul compared by jamo
    (``환갹`` is one vowel away from ``환각``, not one syllable of two). None when a
    glossary word the archive lacks is as close: the reader likely meant that one."""
    import difflib

    lowered = word.lower()
    latin = lowered.isascii()
    candidates: list[str] = []
    if latin and len(lowered) > 2:
        for distance in (1, 2) if len(lowered) > 4 else (1,):  # bar is not for
            candidates = corrector.suggest(lowered, limit=3, maxdist=distance)
            if candidates:
                break
    known = {_jamo(s.lower()): s for s in spellings if s.isascii() == latin}
    close = difflib.get_close_matches(_jamo(lowered), list(known), n=3, cutoff=0.75)
    candidates += [known[c] for c in close]
    away = {
        c: _distance(_jamo(lowered), _jamo(c.lower()))
        for c in candidates
        if c.lower() != lowered and c.lower() not in FUNCTION_WORDS  # no query means "for"
    }
    found = [c for c in away if _matches(searcher, c)]
    best = min(found, key=away.__getitem__, default=None)
    if best is None or any(away[c] <= away[best] for c in away if c not in found):
        return None  # as close to a word the archive lacks (protien: protein, not protip)
    return best


def _jamo(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


def _matches(searcher, word: str) -> bool:
    """Whether a search finds ``word``, in any spelling it looks for (``diff`` inside
    ``DiffMorpher``, ``환각`` as ``hallucination``): such a word is never replaced."""
    try:
        query = build_query(word)
    except UsageError:
        return False
    return next(iter(query.docs(searcher)), None) is not None  # one match is enough


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
