"""The query tree (``papercli.query``) compiled into Whoosh queries over the index.

Each word is analysed as the index is (see ``papercli.engine.analysis``): a
Korean word becomes the phrase of its bigrams, so it matches in the text with
spaces ignored and particles attached; a one-syllable word matches any
occurrence of that syllable. Words and word sequences that name a glossary
concept also match the concept's other spellings, in either language, at
``SYNONYM_BOOST`` of an exact match's score. The title outranks the summary by
query-time field weights (BM25F scores each field with its own length
normalisation).
"""

from __future__ import annotations

from collections.abc import Sequence

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.analysis import PARTICLES, Unit, strip_particle, units
from papercli.engine.phrases import Adjacent
from papercli.errors import UsageError
from papercli.glossary import Glossary
from papercli.glossary import load as load_glossary
from papercli.query import DEFAULT_FIELDS, Either, Group, Negated, Node, Word
from papercli.query import parse as parse_query

FIELD_WEIGHTS = {"title": 8.0, "body": 1.0, "authors": 1.5}
SYNONYM_BOOST = 0.8

__all__ = ["DEFAULT_FIELDS", "FIELD_WEIGHTS", "build_query", "word_query"]


def build_query(text: str) -> Q.Query:
    """Words must all match; OR, quotes, -word and field: prefixes work too."""
    query = _compile(parse_query(text))
    if query is None:
        raise UsageError(f"nothing to search for in {text!r}")
    return query


def word_query(text: str, fields: Sequence[str]) -> Q.Query | None:
    """One word in any of ``fields``, a trailing Korean particle ignored."""
    return _word(text, fields)


def _compile(node: Node) -> Q.Query | None:
    if isinstance(node, Word):
        return _run([node])
    if isinstance(node, Either):
        options = [q for q in (_compile(o) for o in node.options) if q is not None]
        return Q.Or(options) if options else None
    if isinstance(node, Negated):
        inner = _compile(node.item)
        return Q.Not(inner) if inner is not None else None
    assert isinstance(node, Group)
    positive: list[Q.Query] = []
    negative: list[Q.Query] = []
    for run in _runs(node.items):
        found = _run(run) if isinstance(run, list) else _compile(run)
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


def _runs(items: Sequence[Node]) -> list[Node | list[Word]]:
    """Consecutive plain words on the same fields grouped, for glossary phrases."""
    out: list[Node | list[Word]] = []
    for item in items:
        if isinstance(item, Word) and not item.exact:
            last = out[-1] if out else None
            if isinstance(last, list) and last[0].fields == item.fields:
                last.append(item)
            else:
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
    texts = [w.text for w in words]
    glossary = load_glossary(" ".join(texts)) if fields != ("authors",) else None
    parts: list[Q.Query] = []
    korean: list[str] = []
    at = 0
    while at < len(texts):
        synonyms: tuple[str, ...] = ()
        span, first = 1, texts[at]
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
    queries = [_units(f, found, FIELD_WEIGHTS.get(f, 1.0)) for f in fields]
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
