"""What a searcher's commit answers once, kept while the searcher lives.

A searcher sees one commit, so what is read from it stays true for as long as
it is open; a browser holding one asks about the same words and reports at
every key. Kept per searcher, never per index, so a newer commit (a new
searcher) starts afresh.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_KEPT: weakref.WeakKeyDictionary[Any, dict[Callable[[Any], Any], Any]] = weakref.WeakKeyDictionary()


def kept(searcher: Any, make: Callable[[Any], T]) -> T:
    """``make(searcher)``, made once per searcher. What it makes must not hold the
    searcher itself (its reader is fine), or the searcher would never be let go."""
    held = _KEPT.setdefault(searcher, {})
    if make not in held:
        held[make] = make(searcher)
    found: T = held[make]
    return found
