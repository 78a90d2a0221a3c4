"""The query language readers type, as a tree: no Whoosh, no analysis.

Small and forgiving: words are wanted (most of them must match, see
``papercli.engine.soft``); ``"a phrase"`` must match in order; ``+word`` must
match; ``a AND b`` makes every word of its group required; ``a OR b``;
``-word`` (or ``NOT word``) excludes; ``title:``, ``author:``, ``category:``,
``field:`` and ``summary:`` limit a word, a phrase or a parenthesised group to
one field; ``word*`` is a prefix. Text that is not valid syntax (an
unbalanced quote or parenthesis, a dangling prefix) is read as its plain
words instead of failing. The text is read NFKC-normalised, so full-width
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
        return _Parser(text).parse()
    except _SyntaxError:
        return Group(tuple(Word(w, DEFAULT_FIELDS) for w in plain_words(text)))


def plain_words(text: str) -> list[str]:
    """The words of ``text`` with every operator and punctuation mark dropped."""
    return re.findall(r"[^\W_]+", text)


_SEARCHED = re.compile(r"(?<![^\W_])[^\W_]+(?![^\W_]|:)")
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` the words searched for stand: operators (``AND``, ``OR``,
    ``NOT``) and field names (``title:``) left out, so that a word can be replaced
    in place and the query keep its meaning."""
    return [m.span() for m in _SEARCHED.finditer(text) if m.group() not in _OPERATORS]


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
        if token and token[0] in "-+" and len(token) > 1:
            self.tokens[self.at] = token[1:]
            inner = self.atom(fields)
            return Negated(inner) if token[0] == "-" else Required(inner)
        return self.atom(fields)

    def atom(self, fields: tuple[str, ...]) -> Node:
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
