"""Reading the index: lookups, lists, search, related papers and the numbers of ``stats``.

``EngineReader`` implements ``papercli.reading.Reader`` (as the SQLite catalog
does, without Whoosh) and adds what only the index can answer. Papers are
assembled from their entries on read; ranking reads the few columns it sorts
on (``papercli.engine.columns``) rather than stored documents, and a paper's
entries are read from its own ``paper_id`` postings.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.choices import STYLES
from papercli.engine.columns import values
from papercli.engine.folder import IndexFolder
from papercli.engine.soft import Trace
from papercli.errors import IndexDamaged, PaperNotFound
from papercli.model import NO_FILTERS, Filters, Paper, Report, assemble
from papercli.reading import Aggregates, Expansion, Hit, SearchResult, Stats


class EngineReader:
    """The index at ``path``, read through Whoosh; every call reads the last commit.

    By default each call opens the index and closes it again, which suits a
    command answering one question. A long-lived caller (the browser, asking
    at every keystroke) passes ``hold=True``: one searcher is kept open and
    reopened only when a newer commit lands; ``close`` releases it.
    """

    def __init__(self, path: Path, *, hold: bool = False) -> None:
        self.path = path
        self.folder = IndexFolder(path)
        self.hold = hold
        self._held: Any = None

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        if not self.hold:
            with self.folder.searcher() as searcher:
                yield searcher
            return
        if self._held is not None and not self._held.up_to_date():
            self.close()
        if self._held is None:
            self._held = self.folder.open_searcher()
        with self.folder.guarded():
            yield self._held

    def close(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    # -- lookups and lists (papercli.reading.Reader) ----------------------------

    def paper(self, ref: str) -> Paper:
        from papercli.parse.ids import normalize_id

        wanted = normalize_id(ref)
        with self._searcher() as searcher:
            papers = _papers_for(searcher, [wanted])
            if not papers:
                aliases = {d["paper_id"] for d in searcher.documents(own_id=wanted)}
                papers = _papers_for(searcher, sorted(aliases))
            if papers:
                return papers[0]
            hint = _closest(searcher, wanted)
        message = f"no paper {ref!r} in the index"
        if hint:
            message += "; closest: " + "; ".join(hint)
        raise PaperNotFound(message)

    def papers(
        self, filters: Filters = NO_FILTERS, *, sort: str = "date", limit: int | None = 50
    ) -> list[Paper]:
        """Papers of the entries matching every filter (all entries without one), each
        placed by its best entry.

        Sorted here from the columns rather than by Whoosh's collapsing
        collector, which drops displaced entries from a list one at a time:
        quadratic, tens of seconds for ``list`` over 100k entries. Every filter
        is on a field only entries have, so ``kind:entry`` is needed only without
        one (intersecting with it costs a pass over every entry).
        """
        conditions = _conditions(filters)
        with self._searcher() as searcher:
            docs = sorted(_allowed(searcher, conditions)) if conditions else _entry_docs(searcher)
            ranked, _ = _per_paper(searcher, dict.fromkeys(docs, 0.0), sort, limit)
            return _papers_for(searcher, [paper for paper, _ in ranked])

    def dates(self) -> dict[str, int]:
        with self._searcher() as searcher:
            counted = Counter(values(searcher, "date", _entry_docs(searcher)))
        return {day: count for day, count in sorted(counted.items()) if day}

    def latest_date(self) -> dt.date | None:
        days = self.dates()
        return dt.date.fromisoformat(max(days)) if days else None

    def nearest_dates(self, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        before = after = None
        for text in self.dates():
            found = dt.date.fromisoformat(text)
            if found < day:
                before = found
            elif found > day and after is None:
                after = found
        return before, after

    def report(self, ref: str) -> Report:
        """A category report by id, its papers named by the ids they have now."""
        with self._searcher() as searcher:
            found = searcher.document(report_id=ref.strip().lower(), kind="report")
            if found is None:
                raise PaperNotFound(f"no report {ref!r} in the index")
            report = Report.from_dict(_decoded(found))
            current = _current_ids(searcher, report.papers)
        return replace(report, papers=tuple(current.get(p, p) for p in report.papers))

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        with self._searcher() as searcher:
            for term in searcher.reader().expand_prefix("paper_id", prefix):
                pid = term.decode("utf-8") if isinstance(term, bytes) else term
                doc = searcher.document(paper_id=pid, kind="entry")
                if doc:
                    found.append((pid, _decoded(doc)["title"]))
                    if len(found) >= limit:
                        break
        return found

    # -- what only the index answers --------------------------------------------

    def search(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        *,
        sort: str = "relevance",
        limit: int | None = 20,
        explain: bool = False,
        suggest: bool = True,
    ) -> SearchResult:
        """Papers matching the query, one per paper, scored by its best appearance.

        ``total`` counts the matching papers exactly. ``filters.author`` is part
        of the scored query, as ``author:`` in the query text would be. When a
        word matches nothing and a corrected query finds papers, those are the
        answer (``corrected`` names the query run). When filters leave nothing
        of what the query finds, ``unfiltered`` says how many they removed and
        ``blocking`` which of them did. ``suggest=False`` skips looking for
        corrections (a browser searching at every keystroke: most prefixes of a word
        match nothing, and the look would be most of their time).
        """
        from papercli.engine.suggest import suggest as correction

        with self._searcher() as searcher:
            asked = _Search(searcher, text, filters, sort, explain)
            result = asked.result(limit)
            if suggest and (not result.hits or asked.trace.empty):
                suggestion = correction(searcher, text)
                if suggestion:
                    better = _Search(searcher, suggestion, filters, sort, explain)
                    if better.total:
                        unmatched = tuple(asked.trace.empty) if result.hits else (text,)
                        found = better.result(limit)
                        return replace(found, corrected=suggestion, unmatched=unmatched)
                    result = replace(result, suggestion=suggestion)
            if not result.hits and _active(filters):
                unfiltered = _Search(searcher, text, NO_FILTERS, sort).total
                if unfiltered:
                    blocking = _blocking(searcher, text, filters, sort)
                    result = replace(result, unfiltered=unfiltered, blocking=blocking)
        return result

    def expansions(self, text: str) -> list[Expansion]:
        """What a query word (or run of words) also finds: the glossary's spellings, the
        translations the archive gives, a Korean predicate's other forms."""
        from papercli.engine.lexicon import Lexicon
        from papercli.engine.words import korean_forms
        from papercli.glossary import origins

        found = [Expansion(spelling, origin) for spelling, origin in origins(text)]
        with self._searcher() as searcher:
            found += [
                Expansion(other, "learned", times, files, why)
                for other, times, files, why in Lexicon(searcher).judged(text)
            ]
        found += [Expansion(form, "other forms") for form in korean_forms(text)]
        return found

    def related(self, ref: str, limit: int | None = 10) -> list[Hit]:
        """Papers most like ``ref`` by the key terms of its title and summaries, itself excluded."""
        from papercli.engine.related import related_query

        paper = self.paper(ref)
        text = "\n".join([paper.title, *(a.summary for a in paper.appearances)])
        with self._searcher() as searcher:
            query = related_query(searcher, text, own=len(paper.appearances))
            if query is None:
                return []
            mine = Q.Term("paper_id", paper.id)
            others = Q.AndNot(query, Q.Or([mine, Q.Term("kind", "report")]))
            results = searcher.search(others, collapse="paper_id", limit=limit or None)
            best = [(hit["paper_id"], hit.score or 0.0) for hit in results]
            papers = {p.id: p for p in _papers_for(searcher, [pid for pid, _ in best])}
        return [Hit(papers[pid], score, "") for pid, score in best if pid in papers]

    def counts(self) -> tuple[int, int]:
        """Papers and appearances."""
        from papercli.engine.indexing import counts

        with self._searcher() as searcher:
            return counts(searcher)

    def stats(self) -> Stats:
        with self._searcher() as searcher:
            docs = _entry_docs(searcher)
            formats = {f: _count(searcher, Q.Term("format", f)) for f in STYLES}
            counted = Counter(values(searcher, "date", docs))
            dates = {day: count for day, count in sorted(counted.items()) if day}
            papers = len(set(values(searcher, "paper_id", docs)))
            appearances = sum(formats.values())
            files = _count(searcher, Q.Term("kind", "file"))
        days = [dt.date.fromisoformat(d) for d in dates]
        return Stats(
            index=str(self.path),
            papers=papers,
            appearances=appearances,
            files=files,
            formats=formats,
            first_date=days[0] if days else None,
            last_date=days[-1] if days else None,
            dates=dates,
            size=self.folder.size(),
        )

    def aggregates(self) -> Aggregates:
        """One pass over the stored entries; no text search, no paper assembly."""
        days: dict[str, set[str]] = {}
        categories: dict[str, set[str]] = {}
        fields: dict[str, set[str]] = {}
        authors: dict[str, set[str]] = {}
        best: dict[str, int | None] = {}
        with self._searcher() as searcher:
            for doc in searcher.documents(kind="entry"):
                pid = doc["paper_id"]
                entry = _decoded(doc)
                appearance = entry["appearances"][0]
                if doc.get("date"):
                    days.setdefault(doc["date"], set()).add(pid)
                for groups, labels in (
                    (categories, [appearance["category"]] if appearance["category"] else []),
                    (fields, appearance["fields"]),
                    (authors, entry["authors"]),
                ):
                    for label in labels:
                        groups.setdefault(label, set()).add(pid)
                votes = appearance["votes"]
                held = best.get(pid)
                if votes is not None and (held is None or votes > held):
                    best[pid] = votes
                else:
                    best.setdefault(pid, None)
        months: dict[str, set[str]] = {}
        for day, ids in days.items():
            months.setdefault(day[:7], set()).update(ids)
        votes_count: dict[int | None, int] = {}
        for votes in best.values():
            votes_count[votes] = votes_count.get(votes, 0) + 1
        return Aggregates(
            days={day: len(ids) for day, ids in sorted(days.items())},
            months={month: len(ids) for month, ids in sorted(months.items())},
            categories=_tally(categories),
            fields=_tally(fields),
            authors=_tally(authors),
            votes=dict(sorted(votes_count.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        )

    def all_papers(self) -> Iterator[Paper]:
        """Every paper, in id order; streams rather than loading the archive."""
        with self._searcher() as searcher:
            ids = sorted({d["paper_id"] for d in searcher.documents(kind="entry")})
            for start in range(0, len(ids), 500):
                yield from _papers_for(searcher, ids[start : start + 500])


class _Search:
    """One query with its filters, run on a searcher: the matches, in tiers, and how many
    papers.

    Tiers, best first: entries holding every informative word of the query,
    entries the query matches on their own text, entries matched only through
    the category report they come from (``via`` "report"), and entries found
    only through the best matches' words (``via`` "feedback"). Within a tier,
    the score.
    """

    REPORT_WEIGHT = 0.5  # of a report-only match's score

    def __init__(
        self, searcher: Any, text: str, filters: Filters, sort: str, explain: bool = False
    ) -> None:
        from papercli.engine.compile import build_query
        from papercli.engine.lexicon import Lexicon

        self.searcher = searcher
        self.sort = sort
        self.filters = filters
        self.explain = explain
        self.trace = Trace()
        lexicon = Lexicon(searcher)
        self.query = build_query(text, lexicon)
        indexed = replace(filters, start=None, end=None, min_votes=None, author=None)
        conditions = _conditions(indexed)
        self.allowed = _allowed(searcher, conditions) if conditions else None
        self.report_docs = set(searcher.document_numbers(kind="report"))
        self.found, reports = self._matches(self.query, self.trace)
        self.tier = dict.fromkeys(self.found, 2)
        self.tier.update(dict.fromkeys(self.trace.full & self.found.keys(), 3))
        self.via: dict[int, str] = {}
        self.reports: dict[int, int] = {}  # entry found through its report: the report's doc
        self._add(self._through(reports), 1, "report", self.REPORT_WEIGHT)
        if sort == "relevance" and self.trace.clauses > 1 and self.tier:
            self._feedback()
        self.total = len(set(values(searcher, "paper_id", sorted(self.found))))

    def _matches(
        self, query: Q.Query, trace: Trace | None = None
    ) -> tuple[dict[int, float], dict[int, float]]:
        """The entries ``query`` matches within the filters, and the category reports
        it matches (filtered later, through their entries)."""
        from papercli.engine.scoring import matches

        searcher, filters = self.searcher, self.filters
        found = matches(searcher, _with_author(query, filters.author), self.allowed, trace)
        reports = {doc: found.pop(doc) for doc in self.report_docs if doc in found}
        if self.report_docs and (self.allowed is not None or filters.author):
            reports = matches(searcher, query, self.report_docs)  # the filters kept them out
        if filters.start or filters.end or filters.min_votes is not None:
            found = _within(searcher, found, filters)
        return found, reports

    def _through(self, reports: dict[int, float]) -> dict[int, float]:
        """The entries of the category reports matched, each with its report's score,
        within the filters. A report's text is indexed once, in the report's own
        document; its papers' entries point to it by ``report_id``."""
        searcher, filters = self.searcher, self.filters
        found: dict[int, float] = {}
        for doc, score in reports.items():
            report_id = searcher.stored_fields(doc)["report_id"]
            for entry in searcher.document_numbers(report_id=report_id):  # one short posting list
                if entry in self.report_docs or (
                    self.allowed is not None and entry not in self.allowed
                ):
                    continue
                if score > found.get(entry, 0.0):
                    found[entry] = score
                    self.reports[entry] = doc
        if found and filters.author:
            authored = set(searcher.docs_for_query(_with_author(Q.Every(), filters.author)))
            found = {doc: score for doc, score in found.items() if doc in authored}
        if found and (filters.start or filters.end or filters.min_votes is not None):
            found = _within(searcher, found, filters)
        return found

    def _add(self, extra: dict[int, float], tier: int, via: str, weight: float) -> None:
        for doc, score in extra.items():
            if doc not in self.found:
                self.found[doc] = score * weight
                self.tier[doc] = tier
                self.via[doc] = via

    def _feedback(self) -> None:
        """Add the entries found only through the best matches' words (see ``feedback``),
        for a phrase of several things asked for: a word or a name asks for itself."""
        from papercli.engine.feedback import DEPTH, expansion, own_terms

        tier, found = self.tier, self.found
        own = [doc for doc, level in tier.items() if level >= 2]
        best = sorted(own, key=lambda d: (tier[d], found[d]), reverse=True)[:DEPTH]
        query = expansion(self.searcher, best, own_terms(self.query))
        if query is not None:
            self._add(self._matches(query)[0], 0, "feedback", 1.0)

    def result(self, limit: int | None) -> SearchResult:
        from papercli.engine.snippets import Snippets

        searcher, found = self.searcher, self.found
        ranked, total = _per_paper(searcher, found, self.sort, limit, self.tier)
        snippets = Snippets(self.query, searcher.schema)
        best = []
        why = None
        for paper, docnum in ranked:
            entry = _decoded(searcher.stored_fields(docnum))
            via = self.via.get(docnum)
            snippet = _via_report(entry) if via == "report" else snippets.of(entry)
            if self.explain:
                from papercli.engine.explain import explain

                why = explain(searcher, self.query, self.reports.get(docnum, docnum), via)
            best.append((paper, found[docnum], snippet, via, why))
        papers = {p.id: p for p in _papers_for(searcher, [best_[0] for best_ in best])}
        hits = tuple(Hit(papers[b[0]], *b[1:]) for b in best if b[0] in papers)
        return SearchResult(hits=hits, total=max(total, len(hits)))


def _via_report(entry: dict[str, Any]) -> str:
    """The snippet of a paper found only through its category report."""
    report = entry["appearances"][0].get("report") or {}
    facts = [report.get("category") or "insights", report.get("date") or "undated"]
    return "via report: " + ", ".join(facts)


FILTER_NAMES = ("date", "category", "format", "min_votes", "ids", "author")


def _active(filters: Filters) -> list[str]:
    """The filters in use, by name (``date`` covers both ends of a range)."""
    named = {
        "date": filters.start or filters.end,
        "category": filters.category,
        "format": filters.format,
        "min_votes": filters.min_votes is not None,
        "ids": filters.ids is not None,
        "author": filters.author,
    }
    return [name for name in FILTER_NAMES if named[name]]


def _only(filters: Filters, name: str) -> Filters:
    """``filters`` with every filter but ``name`` dropped."""
    if name == "date":
        return Filters(start=filters.start, end=filters.end)
    if name == "category":
        return Filters(category=filters.category)
    if name == "format":
        return Filters(format=filters.format)
    if name == "min_votes":
        return Filters(min_votes=filters.min_votes)
    if name == "ids":
        return Filters(ids=filters.ids)
    return Filters(author=filters.author)


def _blocking(searcher: Any, text: str, filters: Filters, sort: str) -> tuple[str, ...]:
    """The filters that each leave nothing of the query's papers; all of them when only
    their combination does."""
    active = _active(filters)
    alone = [n for n in active if not _Search(searcher, text, _only(filters, n), sort).total]
    return tuple(alone or active)


def _decoded(stored: dict[str, Any]) -> dict[str, Any]:
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


def _with_author(query: Q.Query, author: str | None) -> Q.Query:
    if not author:
        return query
    from papercli.engine.compile import build_query

    return Q.And([query, build_query(f"authors:({author})", soft=False)])


def _tally(groups: dict[str, set[str]]) -> dict[str, int]:
    """Papers per label, labels differing only in case merged under their first spelling."""
    merged: dict[str, tuple[str, set[str]]] = {}
    for label, ids in groups.items():
        name = " ".join(label.split())
        if name:
            merged.setdefault(name.casefold(), (name, set()))[1].update(ids)
    ranked = sorted(merged.values(), key=lambda item: (-len(item[1]), item[0]))
    return {name: len(ids) for name, ids in ranked}


def _per_paper(
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


def _within(searcher: Any, found: dict[int, float], filters: Filters) -> dict[int, float]:
    """The matches dated within the filters' range with at least their votes, read from
    the columns of just those entries: cheaper than the postings of every day in the
    range or Whoosh's numeric range, which cover the whole archive."""
    start, end, min_votes = filters.start, filters.end, filters.min_votes
    docs = sorted(found)
    keep = [True] * len(docs)
    if start or end:
        low, high = (start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()
        days = values(searcher, "date", docs)
        keep = [k and bool(d) and low <= d <= high for k, d in zip(keep, days, strict=True)]
    if min_votes is not None:
        votes = values(searcher, "votes", docs)
        keep = [k and v is not None and v >= min_votes for k, v in zip(keep, votes, strict=True)]
    return {doc: found[doc] for doc, kept in zip(docs, keep, strict=True) if kept}


def _allowed(searcher: Any, conditions: list[Q.Query]) -> set[int]:
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


def _conditions(filters: Filters) -> list[Q.Query]:
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


def _entry_docs(searcher: Any) -> list[int]:
    return list(searcher.docs_for_query(Q.Term("kind", "entry")))


def _count(searcher: Any, query: Q.Query) -> int:
    return sum(1 for _ in searcher.docs_for_query(query))


def _papers_for(searcher: Any, ids: Iterable[str]) -> list[Paper]:
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
            docs[stored["paper_id"]].append(_decoded(stored))
    papers = [assemble(pid, found) for pid, found in docs.items() if found]
    named = set().union(*(p.report_papers() for p in papers)) if papers else set()
    if not named:
        return papers
    current = _current_ids(searcher, named)
    return [p.with_report_papers(current) for p in papers]


def _current_ids(searcher: Any, ids: Iterable[str]) -> dict[str, str]:
    """Each id as a paper has it now: an entry's own id may be filed under an arXiv paper."""
    found = {}
    for pid in ids:
        doc = searcher.document(own_id=pid)
        if doc is not None:
            found[pid] = doc["paper_id"]
    return found


def _closest(searcher: Any, wanted: str) -> list[str]:
    import difflib

    ids = [t.decode("utf-8") for t in searcher.lexicon("paper_id")]
    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    return [f"{p.id} {p.title}" for p in _papers_for(searcher, near)]
