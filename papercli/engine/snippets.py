"""Snippets: a matched entry's summary around its matches, the matches marked.

The marking analyses the stored text exactly as the index did, so a Korean
word (a phrase of bigrams) is marked whole where it matched and nowhere else.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.reading import HIT_END, HIT_START

SNIPPET_CHARS = 120
SNIPPET_CONTEXT = 30


@dataclass(frozen=True)
class Wanted:
    """What a snippet marks in one field: single terms, prefixes and phrases."""

    terms: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


def wanted(query: Q.Query, field: str) -> Wanted:
    """The positive leaves of ``query`` on ``field``; excluded words are never marked."""
    terms: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Q.Not):
            continue
        if isinstance(node, Q.AndNot):
            stack.append(node.a)
            continue
        if isinstance(node, Q.Phrase):
            if node.fieldname == field:
                phrases.append(tuple(node.words))
        elif isinstance(node, Q.Prefix):
            if node.fieldname == field:
                prefixes.append(node.text)
        elif isinstance(node, Q.Term):
            if node.fieldname == field and isinstance(node.text, str):
                terms.add(node.text)
        else:
            stack.extend(node.children())
    return Wanted(frozenset(terms), tuple(prefixes), tuple(phrases))


def mark(text: str, want: Wanted, analyzer, top: int = 2) -> str:
    """Up to ``top`` fragments of ``text`` around its matches, hits wrapped in HIT markers.

    Phrases are marked only where the whole phrase occurs, so a Korean word
    (a phrase of bigrams) is marked as one piece and nowhere else; a
    one-syllable prefix marks just that syllable. Only the text from the word
    where something wanted first shows, up to a few fragments past the first
    match, is analysed, and none at all when a cheap look shows nothing
    wanted can be in it.
    """
    begin = _start(text, want)
    if begin is None:
        return ""
    longest = max((len(p) for p in want.phrases), default=1)
    chain: deque[tuple[str, int, int]] = deque(maxlen=longest)
    spans: list[tuple[int, int]] = []
    stop = len(text)
    tokens = analyzer(text[begin:], positions=True, chars=True, mode="index", start_char=begin)
    for token in tokens:
        term, start, end = token.text, token.startchar, token.endchar
        if start > stop:
            break
        found = len(spans)
        if term in want.terms:
            spans.append((start, end))
        for prefix in want.prefixes:
            if term.startswith(prefix):
                spans.append((start, start + len(prefix)))
        if not chain or token.pos != chain[-1][1]:
            chain.append((term, token.pos, start))
            for phrase in want.phrases:
                size = len(phrase)
                if phrase[-1] == term and len(chain) >= size:
                    if tuple(c[0] for c in list(chain)[-size:]) == phrase:
                        spans.append((chain[-size][2], end))
        if spans and not found:
            stop = min(s[0] for s in spans) + top * (SNIPPET_CHARS + SNIPPET_CONTEXT)
    return _fragments(text, spans, top)


def _start(text: str, want: Wanted) -> int | None:
    """Where to start analysing ``text`` for ``want``: None when no wanted piece occurs
    in it even with spaces ignored; else the start of the word where one first occurs
    as written (0 when each occurs only spaced differently). Starting at a word
    leaves every term from there on, and so every match, as the whole text gives it.
    """
    lowered = text.lower()
    pieces = [*want.terms, *want.prefixes, *(p[0] for p in want.phrases)]
    pieces = [piece if not piece.isascii() else piece[:3] for piece in pieces]
    squeezed = "".join(lowered.split())
    if not any(piece in squeezed for piece in pieces):
        return None
    found = [at for at in (lowered.find(piece) for piece in pieces) if at >= 0]
    if not found or len(lowered) != len(text):  # lowering changed lengths (``İ``): no offsets
        return 0
    at = min(found)
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _fragments(text: str, spans: list[tuple[int, int]], top: int) -> str:
    if not spans:
        return ""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    at = done = 0
    while at < len(merged) and len(pieces) < top:
        begin = _boundary(text, max(done, merged[at][0] - SNIPPET_CONTEXT), backwards=True)
        begin = max(begin, done)
        finish = _boundary(text, min(len(text), begin + SNIPPET_CHARS), backwards=False)
        out, cursor = [], begin
        while at < len(merged) and (merged[at][1] <= finish or cursor == begin):
            start, end = merged[at]
            finish = max(finish, end)
            out += [text[cursor:start], HIT_START, text[start:end], HIT_END]
            cursor = end
            at += 1
        out.append(text[cursor:finish])
        pieces.append("".join(out).strip())
        done = finish
    return " … ".join(pieces)


def _boundary(text: str, at: int, backwards: bool) -> int:
    """Move ``at`` to the nearest space (at most 12 characters away) so words stay whole."""
    step = -1 if backwards else 1
    for distance in range(13):
        spot = at + step * distance
        if spot <= 0 or spot >= len(text):
            return max(0, min(len(text), spot))
        if text[spot].isspace():
            return spot + 1 if backwards else spot
    return at


class Snippets:
    """Snippets of stored entries for one query, each field's wanted terms worked out once."""

    def __init__(self, query: Q.Query, schema) -> None:
        self.query = query
        self.schema = schema
        self._wanted: dict[str, Wanted] = {}

    def of(self, entry: dict) -> str:
        """The first appearance's summary around its matches, else the title's, else its start."""
        summary = entry["appearances"][0]["summary"]
        for field, text in (("body", summary), ("title", entry["title"])):
            if field not in self._wanted:
                self._wanted[field] = wanted(self.query, field)
            found = mark(text, self._wanted[field], self.schema[field].analyzer, top=2)
            if found:
                return found
        return summary[:160]
