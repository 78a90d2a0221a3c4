"""From the reader's words to a Whoosh query, and back to highlighted snippets."""

from __future__ import annotations

from whoosh import qparser
from whoosh import query as Q
from whoosh.fields import Schema
from whoosh.highlight import ContextFragmenter, Formatter, Highlighter, get_text

from papercli.errors import UsageError

HIT_START, HIT_END = "\ue000", "\ue001"
SEARCH_FIELDS = ["title", "authors", "summary", "fields", "category"]
ALIASES = {"author": "authors", "field": "fields", "tag": "tags"}


def build_query(text: str, schema: Schema) -> Q.Query:
    """Words must all match; OR, quotes, -word and field: prefixes work too."""
    if not text.strip():
        raise UsageError("the query is empty; try `papers search diffusion`")
    parser = qparser.MultifieldParser(SEARCH_FIELDS, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FieldAliasPlugin({v: [k] for k, v in ALIASES.items()}))
    parser.remove_plugin_class(qparser.WildcardPlugin)
    try:
        query = parser.parse(text)
    except Exception:
        query = None
    if query is None or _has_errors(query):
        words = " ".join("".join(c if c.isalnum() else " " for c in text).split())
        if not words:
            raise UsageError(f"nothing to search for in {text!r}")
        query = qparser.MultifieldParser(SEARCH_FIELDS, schema, group=qparser.AndGroup).parse(words)
    return query


def _has_errors(query: Q.Query) -> bool:
    return any(
        isinstance(q, Q.NullQuery.__class__) or q.__class__.__name__ == "ErrorQuery"
        for q in query.leaves()
    )


class _Markers(Formatter):
    """Marks hits with private-use characters for the renderer to style."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return HIT_START + get_text(text, token, replace) + HIT_END


def highlighter() -> Highlighter:
    return Highlighter(
        fragmenter=ContextFragmenter(maxchars=160, surround=40), formatter=_Markers()
    )
