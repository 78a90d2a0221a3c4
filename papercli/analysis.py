"""Where indexes written by papers 1.x find their analyzer classes.

Whoosh pickles a schema's field and analyzer classes into every table of
contents by module path, and papers 1.x kept them here; they now live in
``papercli.engine.analysis``. Resolving the old names lazily lets such an
index open (to be upgraded from the files it recorded) without this module,
or anything that merely imports it, loading Whoosh.
"""

from typing import Any

_MOVED = ("KoreanText", "KoreanTokenizer", "EnglishStemFilter", "LatinPairs")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from papercli.engine import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
