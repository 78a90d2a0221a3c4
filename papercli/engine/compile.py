"""The query tree (``papercli.query``) compiled into queries over the index.

Each word is analysed as the index is (see ``papercli.engine.analysis``): a
Korean word becomes the phrase of its bigrams, so it matches in the text with
spaces ignored and particles attached; a one-syllable word matches any
occurrence of that syllable. Besides its own spelling, a word (or run of
words) also finds, each at a lower weight than the typed word:

- the other spellings of the glossary concept it names (``SYNONYM_BOOST``);
- the translations the archive itself gives in parentheses, ``희소(sparse)``
  (``LEARNED_BOOST``, see ``papercli.engine.lexicon``);
- for a Korean predicate, its stem's forms (``줄이는`` finds ``줄인``,
  ``향상시키는`` finds ``향상``; ``STEM_BOOST``);
- for a Latin word, the compound names holding it (``RoPE`` finds
  ``LongRoPE``; ``PART_BOOST``).

A word's spellings are alternatives: a paper scores the best of them and
``TIEBREAK`` of the others (Lucene's DisjunctionMax with a tie-breaker), so a
concept written in both languages counts about once.

Plain words of a group are soft (``papercli.engine.soft``): most must match.
Quoted phrases and ``+word`` must match; an explicit AND, or a field that
holds names (authors), makes every word required. The title outranks the
summary by query-time field weights (BM25F scores each field with its own
length normalisation).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, Protocol

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.phrases import Adjacent
from papercli.engine.soft import Clause, Soft
from papercli.engine.words import (
    FUNCTION_WORDS,
    PART,
    PARTICLES,
    Unit,
    korean_forms,
    modifier,
    stem,
    strip_particle,
    units,
)
from papercli.errors import UsageError
from papercli.glossary import Glossary
from papercli.glossary import load as load_glossary
from papercli.query import (
    DEFAULT_FIELDS,
    Either,
    Group,
    Negated,
    Node,
    Required,
    Word,
    echoed,
    plain_words,
)
from papercli.query import parse as parse_query

FIELD_WEIGHTS = {"title": 8.0, "body": 1.0, "authors": 1.5}
SYNONYM_BOOST = 0.8
LEARNED_BOOST = 0.6
STEM_BOOST = 0.7
PART_BOOST = 0.6
TIEBREAK = 0.3  # of a paper's other spellings of a word, added to its best one
COMPOUND_FIELDS = frozenset({"title", "body", "category", "fields"})
SPELLED_TITLES = "spell_title"  # the title's words unstemmed: Whoosh's spelling field
_SPAN = 6  # words in the longest glossary or learned spelling looked for

__all__ = ["DEFAULT_FIELDS", "FIELD_WEIGHTS", "Learned", "build_query", "word_query"]


class Learned(Protocol):
    """Translations learned from the archive: ``learned("희소")`` -> ``["sparse"]``."""

    def __call__(self, text: str) -> Sequence[str]: ...


def build_query(
    text: str,
    learned: Learned | None = None,
    *,
    soft: bool = True,
) -> Q.Query:
    """The query for ``text``; ``soft=False`` requires every word (as in filters).

    A query of symbols alone (``🌉``, ``!!!``) is a usage error that says so: the index
    holds words (letters and digits), never emoji or punctuation, so such a query
    could only ever find nothing; an honest error beats an empty result that
    suggests the archive lacks it."""
    query = _Compiler(learned, soft).node(parse_query(text))
    if query is None:
        why = "" if plain_words(text) else ": symbols and emoji are not indexed, only words"
        raise UsageError(f"nothing to search for in {echoed(text)}{why}")
    return query


def asked(text: str, learned: Learned | None = None) -> list[str]:
    """The things a search for ``text`` looks for apart, in order: its words, a glossary
    concept or learned term of several words counting as one. The whole text when it
    is one thing, or more than a run of plain words (a quoted phrase, ``OR``)."""
    try:
        query = build_query(text, learned)
    except UsageError:
        return [text]
    if isinstance(query, Soft) and not query.required:
        return [c.text for c in query.clauses if c.part_of is None]
    return [text]


def widened(text: str) -> list[Q.Query]:
    """Each word of ``text`` that names a topic (no function word, no verb such as
    ``reduce``), with its typed and glossary spellings: what a search that found few
    papers widens to (``engine.search``). Empty unless ``text`` is two or more plain
    words: a quoted phrase, ``+word``, a prefix, ``AND``, ``OR``, ``NOT`` or a field says
    what the reader wants exactly, and a word alone was searched for in full."""
    group = parse_query(text)
    words = [w for w in group.items if isinstance(w, Word) and not w.exact]
    if group.strict or len(words) < 2 or len(words) < len(group.items):
        return []
    if any(w.fields != DEFAULT_FIELDS or w.text.endswith("*") for w in words):
        return []
    compiler = _Compiler(None, soft=True)
    found = [
        compiler.group(Group((w,))) for w in words if not _function(w.text) and not modifier(w.text)
    ]
    return [q for q in found if q is not None]


def form_query(text: str) -> Q.Query | None:
    """``text`` as a search looks for a word's other form: a phrase in every field a
    topic is written in."""
    return _phrase(text, [f for f in DEFAULT_FIELDS if f != "authors"])


def word_query(text: str, fields: Sequence[str]) -> Q.Query | None:
    """One word in any of ``fields``, a trailing Korean particle ignored."""
    return _word(text, fields)


class _Compiler:
    def __init__(self, learned: Learned | None, soft: bool) -> None:
        self.learned = learned
        self.soft = soft

    def node(self, node: Node) -> Q.Query | None:
        if isinstance(node, Word) and node.exact:
            return _phrase(node.text, node.fields)
        if isinstance(node, Word):
            return self.group(Group((node,)))
        if isinstance(node, Either):
            options = [_entries(q) for q in (self.node(o) for o in node.options) if q is not None]
            return Q.Or(options) if options else None
        if isinstance(node, Negated):
            inner = self.node(node.item)
            return Q.Not(inner) if inner is not None else None
        if isinstance(node, Required):
            return self.node(node.item)
        return self.group(node)

    def group(self, group: Group) -> Q.Query | None:
        clauses: list[Clause] = []
        joins: list[Q.Query | None] = []
        required: list[Q.Query] = []
        negative: list[Q.Query] = []
        runs = _runs(group.items)
        names = any(isinstance(run, list) and run[0].fields == ("authors",) for run in runs)
        strict = group.strict or not self.soft or names
        apart: list[Clause] = []
        for run in runs:
            if isinstance(run, list):
                found, joined, words = self.clauses(run)
                if joins and found:
                    joins.append(None)  # never join words across another item
                apart += [replace(w, part_of=len(clauses) + at) for at, w in words]
                clauses += found
                joins += joined
                continue
            query = self.node(run)
            if query is None:
                continue
            if isinstance(query, Q.Not):
                negative.append(query.query)
            elif isinstance(run, Word | Required) or strict:
                required.append(query)
            else:
                clauses.append(Clause(query, _text(run)))
                joins.append(None)
        if strict:
            required += _together(clauses, joins)
            clauses, joins, apart = [], [], []
        base = _combined(clauses + apart, joins, required)
        if base is None:
            if not negative:
                return None
            base = Q.Term("kind", "entry")
        return Q.AndNot(base, Q.Or(negative)) if negative else base

    def clauses(
        self, words: list[Word]
    ) -> tuple[list[Clause], list[Q.Query | None], list[tuple[int, Clause]]]:
        """The clauses of consecutive plain words on the same fields, between each two
        neighbours the phrase that may join them (None where they cannot be one), and
        the words of their concepts, each with its concept's position.

        A concept of several words (glossary or learned), or a hyphenated word
        (``self-improving``), inside a longer phrase comes with its words, each with
        its own spellings (function words and words asked for on their own left
        out): a paper that says ``learning`` and ``reinforce`` apart holds part of
        ``reinforcement learning robots``, below one holding the concept (see
        ``soft``). A phrase that is one concept asks for that concept only.
        """
        fields = words[0].fields
        texts = [w.text for w in words]
        names = fields == ("authors",)
        glossary = None if names else load_glossary(" ".join(texts))
        clauses: list[Clause] = []
        joinable: list[bool] = []
        spans: list[tuple[int, list[str]]] = []  # a concept's position and its words
        at = 0
        while at < len(texts):
            span, synonyms, first = (
                _concept(glossary, texts, at) if glossary else (1, (), texts[at])
            )
            learned: Sequence[str] = ()
            if self.learned is not None and not names:
                span, learned, first = self._learned(texts, at, span, first)
            text = " ".join([first, *texts[at + 1 : at + span]])
            spanned = texts[at : at + span]
            at += span
            clause = _clause(text, fields, synonyms, learned, single=span == 1)
            if clause is not None:
                if span > 1:
                    spans.append((len(clauses), spanned))
                elif len(parts := _hyphened(text)) > 1:
                    spans.append((len(clauses), parts))
                clauses.append(clause)
                joinable.append(span == 1 and not synonyms and not learned)
        apart: list[tuple[int, Clause]] = []
        if len(clauses) > 1:
            asked = {c.text.lower() for c in clauses}
            for at, spanned in spans:
                for word in dict.fromkeys(spanned):
                    _, own, bare = _concept(glossary, [word], 0) if glossary else (1, (), word)
                    clause = _clause(bare, fields, own, (), single=True)
                    if clause is not None and not clause.function and bare.lower() not in asked:
                        apart.append((at, clause))
        joins = [
            _phrase(f"{a.text} {b.text}", fields) if ja and jb else None
            for (a, ja), (b, jb) in zip(
                zip(clauses, joinable, strict=True),
                zip(clauses[1:], joinable[1:], strict=True),
                strict=False,
            )
        ]
        return clauses, joins, apart

    def _learned(
        self, texts: list[str], at: int, span: int, first: str
    ) -> tuple[int, Sequence[str], str]:
        """The longest run from ``texts[at]`` the archive has a translation for, if it is at
        least as long as the glossary's (``span``)."""
        assert self.learned is not None
        for end in range(min(len(texts), at + _SPAN), at + span - 1, -1):
            found = self.learned(" ".join(texts[at:end]))
            if found:
                return end - at, found, texts[at]
        bare = strip_particle(texts[at])
        if span == 1 and bare != texts[at]:
            found = self.learned(bare)
            if found:
                return 1, found, bare
        return span, (), first


def _entries(query: Q.Query) -> Q.Query:
    """An option of ``OR`` as it matches: ``NOT a`` there is every entry without ``a``,
    never the index's other documents (digest files, which have no paper to show)."""
    if isinstance(query, Q.Not):
        return Q.AndNot(Q.Term("kind", "entry"), query.query)
    return query


def _hyphened(text: str) -> list[str]:
    """The words of a hyphenated word (``self-improving``, ``text-to-video``), none for a
    name such as ``GPT-4o`` or ``Qwen2-VL``, whose parts say little apart."""
    parts = text.split("-")
    if len(parts) > 1 and all(len(p) > 2 and p.isalpha() or p.lower() in _LINKS for p in parts):
        return parts
    return []


_LINKS = frozenset({"to", "of", "in", "on", "by", "a"})


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


def _text(node: Node) -> str:
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Either):
        return " OR ".join(_text(o) for o in node.options)
    if isinstance(node, Negated | Required):
        return _text(node.item)
    return " ".join(_text(i) for i in node.items)


def _combined(
    clauses: list[Clause], joins: list[Q.Query | None], required: list[Q.Query]
) -> Q.Query | None:
    if len(clauses) > 1 or (clauses and required):
        return Soft(clauses, joins, required)
    everything = required + [c.query for c in clauses]
    if not everything:
        return None
    return everything[0] if len(everything) == 1 else Q.And(everything)


def _together(clauses: list[Clause], joins: list[Q.Query | None]) -> list[Q.Query]:
    """Every clause required; two that may be joined rank higher where they stand together
    (spaced or not: ``뇌 신호``, ``뇌신호``)."""
    out: list[Q.Query] = []
    at = 0
    while at < len(clauses):
        join = joins[at] if at < len(joins) else None
        if join is not None and at + 1 < len(clauses):
            both = Q.And([clauses[at].query, clauses[at + 1].query])
            out.append(Q.Or([both, join]))
            at += 2
        else:
            out.append(clauses[at].query)
            at += 1
    return out


class Spellings(Q.DisjunctionMax):
    """The spellings of one thing the reader asked for (see ``_clause``), each with the
    reason it is looked for: ``labels[i]`` names ``subqueries[i]``."""

    def __init__(self, text: str, options: Sequence[tuple[str, Q.Query]]) -> None:
        super().__init__([query for _, query in options], tiebreak=TIEBREAK)
        self.text = text
        self.labels = tuple(label for label, _ in options)


def _clause(
    text: str,
    fields: Sequence[str],
    synonyms: Sequence[str],
    learned: Sequence[str],
    *,
    single: bool,
) -> Clause | None:
    """A word or run of words with every spelling that also names it."""
    prefix = single and text.endswith("*")
    exact = _prefix(text[:-1], fields) if prefix else (_word if single else _phrase)(text, fields)
    if exact is None:
        return None
    topical = tuple(f for f in fields if f != "authors")
    options: list[tuple[str, Q.Query]] = [("prefix" if prefix else "typed", exact)]
    for label, spellings, boost in (
        ("glossary", synonyms, SYNONYM_BOOST),
        ("learned", learned, LEARNED_BOOST),
    ):
        found = [q for q in (_phrase(s, topical) for s in spellings) if q is not None]
        if found:
            options.append((label, Q.Or(found, boost=boost)))
    if single and not prefix:
        bare = strip_particle(text)
        if bare != text:
            plain = _word(bare, fields)
            if plain is not None:
                options.append(("without its particle", plain))
        others = [f for f in korean_forms(text) if f != bare]  # 줄이는: 줄이 once
        forms = [q for q in (_phrase(f, topical) for f in others) if q is not None]
        if forms:
            options.append(("other forms", Q.Or(forms, boost=STEM_BOOST)))
        part = _part(text, topical)
        if part is not None:
            options.append(("inside a name", part))
    query = exact if len(options) == 1 and not prefix else Spellings(text, options)
    # A Korean word the glossary or the archive translates is a noun, whatever its ending.
    verb = single and modifier(text) and (text.isascii() or not (synonyms or learned))
    return Clause(query, text, function=_function(text), modifier=verb)


def _function(text: str) -> bool:
    return text.lower() in FUNCTION_WORDS or strip_particle(text) in FUNCTION_WORDS


def _concept(
    glossary: Glossary | None, texts: list[str], at: int
) -> tuple[int, tuple[str, ...], str]:
    """The longest glossary spelling starting at ``texts[at]``: span, synonyms, first word.

    A run whose last word carries a particle or a verbal ending names its concept too
    (``Glossary.named``). A lone word's particle (``양자화를``) is dropped from the word
    itself; a verbal ending is kept, the spelling it makes (``스스로 개선하는``:
    ``스스로 개선``) being one of those looked for.
    """
    if glossary is None or not glossary.spellings:
        return 1, (), texts[at]
    for end in range(min(len(texts), at + _SPAN), at, -1):
        named = glossary.named(texts[at:end])
        if named is None:
            continue
        if named == " ".join(texts[at:end]):
            return end - at, glossary.synonyms(named), texts[at]
        if end - at == 1 and named == strip_particle(texts[at]):
            return 1, glossary.synonyms(named), named
        return end - at, tuple(sorted({named, *glossary.synonyms(named)})), texts[at]
    return 1, (), texts[at]


def _word(text: str, fields: Sequence[str]) -> Q.Query | None:
    found = units(text)
    if len(found) > 1:
        found = [u for i, u in enumerate(found) if not (u.east and i and u.text in PARTICLES)]
    return _over(fields, found)


def _phrase(text: str, fields: Sequence[str]) -> Q.Query | None:
    return _over(fields, units(text))


def _prefix(text: str, fields: Sequence[str]) -> Q.Query | None:
    """``word*``: a Latin word as the start of an index term or of a compound's part."""
    found = units(text)
    if len(found) != 1 or found[0].east:
        return _word(text, fields)
    start = found[0].text
    queries = [
        Q.Or(
            [
                StemmedPrefix(f, start),
                *([Q.Prefix(f, PART + start)] if f in COMPOUND_FIELDS else []),
            ],
            boost=FIELD_WEIGHTS.get(f, 1.0),
        )
        for f in fields
    ]
    return queries[0] if len(queries) == 1 else Q.Or(queries)


class StemmedPrefix(Q.Prefix):
    """``colori*``: Latin words are indexed stemmed (``colorization`` as ``color``),
    so a prefix also stands for the stems of the title words it begins, which the
    index keeps unstemmed for spelling suggestions."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        found = set(ixreader.expand_prefix(self.fieldname, self.text))
        yield from found
        if SPELLED_TITLES not in ixreader.schema:
            return
        for word in ixreader.expand_prefix(SPELLED_TITLES, self.text):
            term = stem(word.decode("utf-8")).encode("utf-8")
            if term not in found and (self.fieldname, term) in ixreader:
                found.add(term)
                yield term


def _part(text: str, fields: Sequence[str]) -> Q.Query | None:
    """A Latin word as part of compound names (``~rope`` for ``RoPE``); a plural also as
    its singular (``LLMs`` finds ``LazyLLM``, as ``LLM`` does)."""
    found = units(text)
    if len(found) != 1 or found[0].east or len(found[0].text) < 2:
        return None
    word = found[0].text
    names = [word]
    if word.endswith("s") and stem(word) == word[:-1] and len(word) > 3:
        names.append(word[:-1])
    queries = [
        Q.Term(f, PART + name, boost=FIELD_WEIGHTS.get(f, 1.0) * PART_BOOST)
        for f in fields
        if f in COMPOUND_FIELDS
        for name in names
    ]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Q.Or(queries)


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
