"""Evidence about the files on disk: can the whole index be read back?

Used only after an operation failed, to decide whether to blame the index
(``IndexDamaged``: rebuild it) or papers itself (an internal error). The
index is read through Whoosh's public API alone, never the private paths
papers takes for speed: the table of contents, every stored document (and
papers' own JSON in it), every term's postings with their values, every
column and every field length. What fails here is damage; a failure this
read does not reproduce is a bug.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import index as whoosh_index

from papercli.engine.layout import INDEX_NAME


def damage(path: Path) -> str | None:
    """What is wrong with the index's files, or None when all of them read back whole."""
    try:
        ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    except (ImportError, AttributeError) as exc:
        if _ours(exc):
            return None  # our own classes failed to load: a packaging bug, not damage
        return _describe(exc)
    except Exception as exc:
        return _describe(exc)
    try:
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                _read_whole(leaf)
    except Exception as exc:
        return _describe(exc)
    return None


def _ours(exc: BaseException) -> bool:
    """An import or attribute error naming a papers module: our code, not the bytes."""
    return "papercli" in str(exc)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:120]


def _read_whole(reader: Any) -> None:
    schema = reader.schema
    for stored in reader.all_stored_fields():
        if "data" in stored:
            json.loads(stored["data"])
    for fieldname, text in reader.all_terms():
        postings = reader.postings(fieldname, text)
        while postings.is_active():
            postings.id()
            postings.weight()
            postings.value()
            postings.next()
    for name, field in schema.items():
        if field.column_type and reader.has_column(name):
            list(reader.column_reader(name))
        if field.scorable:
            for docnum in range(reader.doc_count_all()):
                reader.doc_field_length(docnum, name)
