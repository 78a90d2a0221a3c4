"""Column values of many entries at once: paper ids, dates and votes of the matches.

Read segment by segment, because Whoosh's multi-segment column reader
misplaces the documents of a segment that lacks the column (a segment whose
entries all have no date has no date column): those read as None. A
variable-length column is sliced from one read of its bytes by its own
offsets (private attributes of whoosh's ``VarBytesColumn`` reader, pinned by
``papercli.engine``'s version check) instead of a seek and a read per entry.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh.columns import VarBytesColumn


def values(searcher: Any, name: str, docs: list[int]) -> list[Any]:
    """The column values of ``name`` for ``docs`` (ascending document numbers).

    For more than a few documents a variable-length column is read whole
    (see ``_sliced``), and a fixed-length one when more than half is wanted.
    """
    leaves = searcher.reader().leaf_readers()
    out: list[Any] = []
    for number, (reader, start) in enumerate(leaves):
        end = leaves[number + 1][1] if number + 1 < len(leaves) else math.inf
        part = docs[bisect_left(docs, start) : bisect_left(docs, end)]
        if not part:
            continue
        if not reader.has_column(name):
            out.extend([None] * len(part))
            continue
        if len(part) > 64 and type(reader.schema[name].column_type) is VarBytesColumn:
            out.extend(_sliced(reader, name, [doc - start for doc in part]))
            continue
        column = reader.column_reader(name)
        if len(part) * 2 > reader.doc_count_all():
            column = list(column)
        out.extend([column[doc - start] for doc in part])
    return out


def _sliced(reader: Any, name: str, docs: list[int]) -> list[Any]:
    """A variable-length column's values for ``docs`` from one read of the whole column.

    Whoosh reads such a column with a seek and a read per document, which for
    the paper ids of every match was the larger part of a broad search.
    """
    raw = reader.column_reader(name, translate=False)
    offsets, lengths = raw._offsets, raw._lengths
    data = raw._dbfile.get(raw._basepos, offsets[-1] + lengths[-1] if lengths else 0)
    decode = reader.schema[name].from_column_value
    return [decode(data[offsets[doc] : offsets[doc] + lengths[doc]]) for doc in docs]
