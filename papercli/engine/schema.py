"""The index's fields, and the documents papers writes into them.

Three kinds of document: one per digest entry (``kind=entry``: an
appearance of a paper, with the paper's fields and its JSON in ``data``), one
per category report (``kind=report``: stored once, its JSON in ``data``), and
one per file read (``kind=file``: size, mtime and hash, so that a second run
reads only what changed, and the translations learned from it). Entries and
reports belong to exactly one file, so a changed or deleted file is dropped
by its ``source`` and nothing else is disturbed.

An entry whose appearance comes from a report indexes the report's text in
``report`` (never stored there), so a search can find a paper through its
report and rank it below papers that name the words themselves.

Entries without an arXiv id keep their own id in ``own_id`` and point
``paper_id`` at an arXiv paper of the same normalised title when one exists
(see ``papercli.engine.indexing``); ``own_id`` is stored only where the two
differ, since a term for every entry's id twice over cost Whoosh's term table
~35 MB at 300k entries.
"""

from __future__ import annotations

import json
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, Schema

from papercli.engine.analysis import KoreanText
from papercli.model import Paper, Report


def schema() -> Schema:
    return Schema(
        kind=ID(stored=True),
        key=ID(unique=True, stored=True),
        paper_id=ID(stored=True, sortable=True),
        own_id=ID(stored=True),
        arxiv=BOOLEAN(stored=True),
        title_key=ID(stored=True),
        source=ID(stored=True),
        format=ID(stored=True),
        date=ID(stored=True, sortable=True),
        votes=NUMERIC(int, bits=32, stored=True, sortable=True),
        category_id=ID,
        title=KoreanText(spelling=True, pairs=True, compounds=True),
        authors=KoreanText(),
        body=KoreanText(pairs=True, compounds=True),
        category=KoreanText(compounds=True),
        fields=KoreanText(compounds=True),
        report_id=ID(stored=True),
        pairs=KEYWORD(commas=True),
        data=STORED,
    )


def is_local_id(paper_id: str) -> bool:
    """An id made by papers for an entry without an arXiv id."""
    return paper_id.startswith(("deeplearn-", "link-", "title-"))


def entry_doc(paper: Paper, key: str, paper_id: str) -> dict[str, Any]:
    """The document of one entry (a paper with one appearance), filed under ``paper_id``."""
    from papercli.parse.ids import title_key

    appearance = paper.appearances[0]
    doc: dict[str, Any] = {
        "kind": "entry",
        "key": key,
        "paper_id": paper_id,
        "arxiv": not is_local_id(paper.id),
        "title_key": title_key(paper.title),
        "source": appearance.source,
        "format": appearance.format,
        "votes": appearance.votes if appearance.votes is not None else -1,
        **entry_texts(paper),
        "data": json.dumps(paper.to_dict(), ensure_ascii=False),
    }
    if paper.id != paper_id:
        doc["own_id"] = paper.id
    if appearance.date:
        doc["date"] = appearance.date.isoformat()
    if appearance.category:
        doc["category_id"] = appearance.category.lower()
    if appearance.report:
        doc["report_id"] = appearance.report.id
    return doc


def entry_texts(paper: Paper) -> dict[str, str]:
    """The texts an entry indexes in fields of positions (``KoreanText``)."""
    appearance = paper.appearances[0]
    texts = {
        "title": paper.title,
        "authors": ", ".join(paper.authors),
        "body": "\n".join(
            [appearance.summary, ", ".join(appearance.fields), appearance.category or ""]
        ),
        "fields": ",".join(appearance.fields),
    }
    if appearance.category:
        texts["category"] = appearance.category
    return texts


def report_texts(report: Report) -> dict[str, str]:
    """The texts a report indexes in fields of positions: its text, as a summary."""
    return {"body": report.text}


def report_doc(report: Report, key: str) -> dict[str, Any]:
    """The document of one category report: stored, and its text indexed once for all
    its papers (as a summary: a query finds it as it finds entries), whose entries
    find it by ``report_id``."""
    return {
        "kind": "report",
        "key": key,
        "source": report.source,
        "report_id": report.id,
        **report_texts(report),
        "data": json.dumps(report.to_dict(), ensure_ascii=False),
    }


def own_id(doc: dict[str, Any]) -> str:
    """An entry's own id (stored only where it differs from ``paper_id``)."""
    return doc.get("own_id") or doc["paper_id"]


def file_doc(source: str, record: dict[str, Any]) -> dict[str, Any]:
    """The document recording one file read: its size, mtime, hash and forced date, and
    the translations its text gave (``papercli.engine.lexicon``) as ``pairs`` terms."""
    doc = {"kind": "file", "key": f"file:{source}", "source": source}
    doc["data"] = json.dumps(record, ensure_ascii=False)
    if record.get("pairs"):
        doc["pairs"] = ",".join(record["pairs"])
    return doc
