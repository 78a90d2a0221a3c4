"""Evidence about the files on disk: can the whole index be read back?

Used only after an operation failed, to decide whether to blame the index
(``IndexDamaged``: rebuild it) or papers itself (an internal error). The
index is read through Whoosh's public API alone, never the private paths
papers takes for speed: the table of contents, every stored document (and
papers' own JSON in it), every term's postings with their values, every
column and every field length. The same read is first made of a small index
written afresh in memory: if even that fails, the code is broken (a Whoosh
that lost a method, an analyzer of ours that raises), not the files. What
fails only on the index on disk is damage; a failure this read does not
reproduce is a bug.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import index as whoosh_index

from papercli.engine.layout import INDEX_NAME


def damage(path: Path) -> str | None:
    """What is wrong with the index's files, or None when all of them read back whole
    (or when nothing could be read, the files being no worse than a fresh index)."""
    if not _reads_a_fresh_index():
        return None
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


def _reads_a_fresh_index() -> bool:
    """Whether the code can write and read back a one-entry index in memory."""
    import datetime as dt

    from whoosh.filedb.filestore import RamStorage

    from papercli.engine.schema import entry_doc, file_doc, schema
    from papercli.model import Appearance, Paper

    appearance = Appearance(
        date=dt.date(2024, 1, 2),
        format="daily_papers",
        source="/reference.md",
        votes=3,
        category="LLM",
        fields=("언어 모델",),
        summary="작은 언어 모델을 강화학습으로 훈련합니다. Small models trained with RL.",
    )
    paper = Paper("2401.00001", "A Reference Paper", ("Ada Kim",), appearances=(appearance,))
    try:
        ix = RamStorage().create_index(schema(), indexname=INDEX_NAME)
        with ix.writer() as writer:
            writer.add_document(**entry_doc(paper, "/reference.md#0", paper.id))
            writer.add_document(**file_doc("/reference.md", {"size": 1}))
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                _read_whole(leaf)
    except Exception:
        return False
    return True


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
