"""The index's stored documents as the model: decoded, assembled into papers, filtered
and ranked one per paper.

Shared by the reader (lookups, lists) and by search, which must not import
each other.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.columns import values
from papercli.errors import IndexDamaged
from papercli.model import Filters, Paper, assemble


def decoded(stored: dict[str, Any]) -> dict[str, Any]:
    """An entry's JSON as papers stored it; undecodable JSON is damage on disk."""
    try:
        found = json.loads(stored["data"])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexDamaged(
            f"an entry of the index cannot be decoded ({type(exc).__name__}: {exc}); "
            "run `papers index --rebuild PATH` to rebuild it"
        ) from exc
    if not isinstance(found, dict):
        raise IndexDamaged(
            "an entry of the index is not a JSON object; "
            "run `papers index --rebuild PATH` to rebuild it"
        )
    return found


class Reports:
    """The category reports of one searcher's commit: their documents, and each one's
    entries as asked for (one per searcher: ``kept(searcher, Reports)``; it holds the
    searcher's reader, never the searcher, which would keep it alive)."""

    def __init__(self, searcher: Any) -> None:
        self.reader = searcher.reader()
        self.docs = frozenset(searcher.document_numbers(kind="report"))
        self._entries: dict[int, tuple[int, ...]] = {}

    def entries(self, doc: int) -> tuple[int, ...]:
        """The entries of the report stored as ``doc``: its ``report_id``'s one short
        posting list, less the report itself."""
        if doc not in self._entries:
            report_id = self.reader.stored_fields(doc)["report_id"]
            found = self.reader.postings("report_id", report_id).all_ids()
            self._entries[doc] = tuple(entry for entry in found if entry not in self.docs)
        return self._entries[doc]


def per_paper(
    searcher: Any,
    found: dict[int, float],
    sort: str,
    limit: int | None,
    tier: dict[int, int] | None = None,
) -> tuple[list[tuple[str, int]], int]:
    """Each matching paper once with its best entry, best first; and how many papers matched.

    Best is the highest ``tier``, then the highest score; or the most votes
    then the newest date (or the reverse). Ties keep index order. ``found`` is
    already filtered; for listings its scores are all 0.
    """
    docs = sorted(found)
    papers = values(searcher, "paper_id", docs)
    keys: list[Any]
    if sort == "relevance" and tier:
        keys = [(tier.get(doc, 0), found[doc]) for doc in docs]
    elif sort == "relevance":
        keys = [found[doc] for doc in docs]
    else:
        days = [d or "" for d in values(searcher, "date", docs)]
        votes = [-1 if v is None else v for v in values(searcher, "votes", docs)]
        pairs = zip(votes, days, strict=True) if sort == "votes" else zip(days, votes, strict=True)
        keys = list(pairs)
    best: dict[str, tuple[Any, int]] = {}
    for doc, paper, key in zip(docs, papers, keys, strict=True):
        held = best.get(paper)
        if held is None or key > held[0]:
            best[paper] = (key, doc)
    ranked = heapq.nlargest(limit or len(best), best.items(), key=lambda pb: (pb[1][0], -pb[1][1]))
    return [(paper, doc) for paper, (_, doc) in ranked], len(best)


def docs_matching(searcher: Any, conditions: list[Q.Query]) -> set[int]:
    """The entries matching every condition.

    A date range is read as the posting lists of the days in it: Whoosh
    would union a range's terms through a tree of matchers, three seconds
    for two years of a 100k-entry archive.
    """
    found: set[int] | None = None
    for condition in conditions:
        if isinstance(condition, Q.TermRange) and condition.fieldname == "date":
            low, high = condition.start, condition.end
            docs: set[int] = set()
            for term in searcher.lexicon("date"):
                day = term.decode("utf-8")
                if low <= day <= high:
                    docs.update(searcher.postings("date", term).all_ids())
        else:
            docs = set(searcher.docs_for_query(condition))
        found = docs if found is None else found & docs
    return found or set()


def filter_queries(filters: Filters) -> list[Q.Query]:
    out: list[Q.Query] = []
    if filters.start or filters.end:
        out.append(
            Q.TermRange(
                "date",
                filters.start.isoformat() if filters.start else "0000-00-00",
                filters.end.isoformat() if filters.end else "9999-99-99",
            )
        )
    if filters.category:
        out.append(Q.Term("category_id", filters.category.lower()))
    if filters.format:
        out.append(Q.Term("format", filters.format))
    if filters.min_votes is not None:
        out.append(Q.NumericRange("votes", filters.min_votes, None))
    if filters.ids is not None:
        out.append(Q.Or([Q.Term("paper_id", pid) for pid in sorted(filters.ids)]))
    if filters.author:
        from papercli.engine.compile import build_query

        out.append(build_query(f"authors:({filters.author})", soft=False))
    return out


def entry_docs(searcher: Any) -> list[int]:
    return list(searcher.docs_for_query(Q.Term("kind", "entry")))


def papers_for(searcher: Any, ids: Iterable[str]) -> list[Paper]:
    """Full papers for ids, in the order given.

    Each id's entries are read from its own postings: intersecting with
    ``kind:entry`` would walk the postings of every entry in the archive.
    """
    order = list(dict.fromkeys(ids))
    if not order:
        return []
    docs: dict[str, list[dict[str, Any]]] = {pid: [] for pid in order}
    numbers = {doc for pid in order for doc in searcher.docs_for_query(Q.Term("paper_id", pid))}
    for number in sorted(numbers):
        stored = searcher.stored_fields(number)
        if stored["kind"] == "entry":
            docs[stored["paper_id"]].append(decoded(stored))
    papers = [assemble(pid, found) for pid, found in docs.items() if found]
    named = set().union(*(p.report_papers() for p in papers)) if papers else set()
    if not named:
        return papers
    current = current_ids(searcher, named)
    return [p.with_report_papers(current) for p in papers]


def current_ids(searcher: Any, ids: Iterable[str]) -> dict[str, str]:
    """Each id as a paper has it now: an entry's own id may be filed under an arXiv paper."""
    found = {}
    for pid in ids:
        doc = searcher.document(own_id=pid)
        if doc is not None:
            found[pid] = doc["paper_id"]
    return found
