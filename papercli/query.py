"""The query language readers type, as a tree: no Whoosh, no analysis.

Small and forgiving: words are wanted (most of them must match, see
``papercli.engine.soft``); ``"a phrase"`` must match in order; ``+word`` must
match; ``a AND b`` makes every word of its group required; ``a OR b``;
``-word`` (or ``NOT word``) excludes; ``title:``, ``author:``, ``category:``,
``field:`` and ``summary:`` limit a word, a phrase or a parenthesised group to
one field; ``word*`` is a prefix. Text that is not valid syntax (an
unbalanced quote or parenthesis, a dangling prefix) is read as its plain
words instead of failing; an unknown field (``foo:bar``) is two words, and a
Lucene boost or fuzziness (``모델^3``, ``Bridges~2``) is ignored. Parentheses
nest at most ``MAX_DEPTH`` deep, a one-line usage error beyond (each level is
a few frames of recursion here and in the compiler, and Python's stack is
finite). arXiv ids among the words are taken out by ``paper_refs`` before the
rest is parsed. The text is read NFKC-normalised, so full-width
letters and decomposed Hangul mean what their plain forms mean. Kept apart
from the engine so that what a query means is decided in one place and
compiled for the index in another (``papercli.engine.compile``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from papercli.errors import UsageError

DEFAULT_FIELDS = ("title", "body", "authors")
FIELD_PREFIXES = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "category": "category",
    "field": "fields",
    "fields": "fields",
    "summary": "body",
}
MAX_DEPTH = 100  # levels of parentheses (or ``title:(``) one inside another
ECHOED = 80  # characters of a query quoted back in a message
_TOKEN = re.compile(r'\s+|\(|\)|"[^"]*"|"|[^\s()"]+')
_LUCENE = re.compile(r"(?:\^|~)\d*(?:\.\d+)?$")  # a boost (``^3``) or fuzziness (``~2``)
_UNKNOWN_FIELD = re.compile(r"([^\W\d_][^\W_]*):(?=[^\W_])")
_CONNECTORS = frozenset({"AND", "OR", "&&"})
_LISTED = re.compile(r"[,;|]")  # ids listed without spaces: ``2401.12945,2402.00001``


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
    """Items read together: phrases and required items must match, plain words mostly;
    ``strict`` (an explicit AND) requires them all."""

    items: tuple[Node, ...]
    strict: bool = False


@dataclass(frozen=True)
class Either:
    """``a OR b``."""

    options: tuple[Node, ...]


@dataclass(frozen=True)
class Negated:
    """``-a`` or ``NOT a``."""

    item: Node


@dataclass(frozen=True)
class Required:
    """``+a``."""

    item: Node


Node = Word | Group | Either | Negated | Required


def parse(text: str) -> Group:
    """The tree of ``text``; invalid syntax gives its plain words, all required."""
    text = unicodedata.normalize("NFKC", text)
    if not text.strip():
        raise UsageError("the query is empty; try `papers search diffusion`")
    try:
        return _Parser(unfielded(text)).parse()
    except _SyntaxError:
        return Group(tuple(Word(w, DEFAULT_FIELDS) for w in plain_words(text)))


def plain_words(text: str) -> list[str]:
    """The words of ``text`` with every operator and punctuation mark dropped."""
    return re.findall(r"[^\W_]+", text)


def excludes_only(text: str) -> bool:
    """True when ``text`` only keeps papers out (``-diffusion``, ``NOT a NOT b``): beside
    named papers, it narrows them rather than finding every paper it does not exclude."""
    if not text.strip():
        return False
    items = parse(text).items
    return bool(items) and all(isinstance(item, Negated) for item in items)


def unfielded(text: str) -> str:
    """``text`` with each unknown field prefix (``foo:bar``, ``주제:강화학습``, outside
    quotes) made a word of its own: a pasted ``Name:Subtitle`` or a field this
    language lacks is searched as its words rather than as one phrase that a
    correction would then treat as a field (``foo:for``). Links (``https://``) and
    arXiv ids (``arxiv:2403.05555``) stay whole."""

    def spaced(match: re.Match[str]) -> str:
        token = match.group()
        found = _UNKNOWN_FIELD.match(token)
        if token.startswith('"') or not found or _known_field(found.group(1)):
            return token
        if found.group(1) in _OPERATORS:
            return token  # NOT:x is no negation
        return found.group(1) + " " + token[found.end() :]

    return _TOKEN.sub(spaced, text)


def _known_field(name: str) -> bool:
    return name.lower() in FIELD_PREFIXES or name.lower() in ("tag", "arxiv")


_SEARCHED = re.compile(r"(?<![^\W_])[^\W_]+(?![^\W_])")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` the words searched for stand: operators (``AND``, ``OR``,
    ``NOT``) and field names (``title:``) left out, so that a word can be replaced
    in place and the query keep its meaning."""
    return [
        m.span()
        for m in _SEARCHED.finditer(text)
        if m.group() not in _OPERATORS
        and not (text[m.end() : m.end() + 1] == ":" and _known_field(m.group()))
    ]


def paper_refs(text: str) -> tuple[tuple[str, ...], str]:
    """The arXiv ids named among the top-level words of ``text`` (bare, versioned, an
    ``arxiv:`` form or an arXiv or Hugging Face link; a list's commas, semicolons or bars
    ignored, spaced or not), in order
    and once each, and the text left without them and the ``OR``/``AND`` joining them.

    An id is a paper, not a word: no text holds it, so searched as a word it would
    match nothing. An id inside parentheses, quotes, a field or after ``NOT``/``-``
    stays a word."""
    from papercli.parse.ids import arxiv_id

    text = unicodedata.normalize("NFKC", text)
    tokens = [m for m in _TOKEN.finditer(text) if not m.group().isspace()]
    found: dict[str, None] = {}
    dropped: set[int] = set()
    depth = 0
    for at, match in enumerate(tokens):
        token = match.group()
        depth += (token == "(") - (token == ")")
        before = tokens[at - 1].group() if at else ""
        if depth or token[0] in '-+"' or before == "NOT":
            continue
        bare = _LUCENE.sub("", token.rstrip(",;|"))
        whole = arxiv_id(bare)
        named = [whole] if whole else [arxiv_id(p) for p in _LISTED.split(bare) if p]
        if not named or not all(named):
            continue
        found.update((name, None) for name in named if name)
        dropped.add(at)
        if before in _CONNECTORS:
            dropped.add(at - 1)
        elif at + 1 < len(tokens) and tokens[at + 1].group() in _CONNECTORS:
            dropped.add(at + 1)
    if not found:
        return (), text
    rest, end = [], 0
    for at in sorted(dropped):
        rest.append(text[end : tokens[at].start()])
        end = tokens[at].end()
    rest.append(text[end:])
    return tuple(found), " ".join("".join(rest).split())


def clipped(text: str) -> str:
    """``text`` as a message repeats it: its first ``ECHOED`` characters and ``…`` after,
    so that a pasted page never fills the screen twice."""
    return text if len(text) <= ECHOED else text[:ECHOED] + "…"


def echoed(text: str) -> str:
    """``text`` quoted in a message, ``clipped``."""
    return repr(clipped(text))


class _Parser:
    """Recursive descent over ``_TOKEN``s: sequence := item*, item := unary (OR unary)*."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        self.spaced: list[bool] = []  # for each token, whether whitespace precedes it
        self.at = 0
        self.depth = 0
        end = 0
        for match in _TOKEN.finditer(text):
            token = match.group()
            if token.isspace():
                continue
            if not _LUCENE.fullmatch(token):
                bare = token if token.startswith('"') else _LUCENE.sub("", token)
                self.tokens.append(bare or token)
                self.spaced.append(match.start() > end)
            end = match.end()

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Group:
        group = self.sequence(DEFAULT_FIELDS)
        if self.peek() is not None:
            raise _SyntaxError("unbalanced parenthesis")
        return group

    def sequence(self, fields: tuple[str, ...]) -> Group:
        items: list[Node] = []
        strict = False
        while self.peek() not in (None, ")"):
            if self.peek() in ("AND", "&&"):
                self.take()
                if self.peek() in (None, ")", "OR"):
                    raise _SyntaxError("dangling AND")
                strict = True
                continue
            item = self.unary(fields)
            options = [item]
            while self.peek() == "OR":
                self.take()
                if self.peek() in (None, ")", "OR"):
                    raise _SyntaxError("dangling OR")
                options.append(self.unary(fields))
            items.append(Either(tuple(options)) if len(options) > 1 else item)
        return Group(tuple(items), strict)

    def unary(self, fields: tuple[str, ...]) -> Node:
        token = self.peek()
        if token == "NOT":
            self.take()
            if self.peek() in (None, ")"):
                raise _SyntaxError("dangling NOT")
            return Negated(self.atom(fields))
        if token in ("-", "+") and self.at + 1 < len(self.tokens) and not self.spaced[self.at + 1]:
            self.take()  # ``-(a OR b)``: the sign is a token of its own before a parenthesis
            inner = self.atom(fields)
            return Negated(inner) if token == "-" else Required(inner)
        if token and token[0] in "-+" and len(token) > 1:
            self.tokens[self.at] = token[1:]
            inner = self.atom(fields)
            return Negated(inner) if token[0] == "-" else Required(inner)
        return self.atom(fields)

    def atom(self, fields: tuple[str, ...]) -> Node:
        token = self.take()
        if token == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise UsageError(
                    f"query nested too deeply (at most {MAX_DEPTH} levels of parentheses)"
                )
            group = self.sequence(fields)
            self.depth -= 1
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
