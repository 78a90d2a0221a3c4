"""Whoosh, loaded without three imports it never uses on our paths.

whoosh-reloaded 2.7.5 (pinned) imports ``urllib.request`` in ``whoosh.compat``
only to re-export a Python 2 download helper that nothing in Whoosh calls; the
``cached_property`` backport in ``whoosh.reading``, which imports asyncio; and
``whoosh.lang.morph_en`` in ``whoosh.query.terms`` for the ``Variations``
query, compiling a few hundred English suffix rules. Together that is
http.client, email, ssl, asyncio and the rules: about a third of a search's
start-up, more than Whoosh itself. Every papercli module that imports Whoosh
imports this one first (an isort section of its own keeps it first), so those
Whoosh modules load against stand-ins that behave the same for Whoosh: the
download helper and ``variations`` import the real module when called, and the
property is the standard library's. The stand-ins leave ``sys.modules`` as soon
as Whoosh has loaded, so any later import gets the real modules.
"""

import functools
import sys
from types import ModuleType
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> set[str]:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _stand_in(name: str, **attributes: object) -> ModuleType:
    module = ModuleType(name, "stand-in while Whoosh loads; see papercli.engine.loader")
    module.__dict__.update(attributes)
    return module


def _load() -> None:
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {
        name: module
        for name, module in {
            "urllib.request": _stand_in("urllib.request", urlretrieve=_urlretrieve),
            "cached_property": _stand_in(
                "cached_property", cached_property=functools.cached_property
            ),
            "whoosh.lang.morph_en": _stand_in("whoosh.lang.morph_en", variations=_variations),
        }.items()
        if name not in sys.modules
    }
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_load()
