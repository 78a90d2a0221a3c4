"""One search, run on a searcher: its matches in tiers, one per paper, and what to say
when it finds little.

``EngineReader.search`` is the way in. Kept apart from the reader because a
search is most of the engine's logic: the tiers (all informative words, own
text, through a category report, through feedback, widened), filters applied to the
matches' columns, a correction run when a word matches nothing, and the
filter named that emptied the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.engine.columns import values
from papercli.engine.documents import (
    Reports,
    decoded,
    docs_matching,
    filter_queries,
    papers_for,
    per_paper,
)
from papercli.engine.kept import kept
from papercli.engine.soft import TITLE, Trace, telling, within
from papercli.model import NO_FILTERS, Filters
from papercli.reading import Hit, SearchResult

FILTER_NAMES = ("date", "category", "format", "min_votes", "ids", "author")


def search(
    searcher: Any,
    text: str,
    filters: Filters,
    sort: str,
    limit: int | None,
    explain: bool,
    thorough: bool,
) -> SearchResult:
    """Papers matching the query, one per paper, scored by its best appearance.

    ``total`` counts the matching papers exactly. ``filters.author`` is part
    of the scored query, as ``author:`` in the query text would be. When a
    word matches nothing and a corrected query finds papers, those are the
    answer (``corrected`` names the query run). When filters leave nothing
    of what the query finds, ``unfiltered`` says how many they removed and
    ``blocking`` which of them did (counted as the search was). ``thorough=False`` (a
    browser searching at every key) skips the corrections, the feedback tier and
    widening:
    a prefix that matches nothing would look for a correction, and one that matches
    a phrase's words would read its best matches for feedback, each costing more than
    the search itself; Enter asks thoroughly.
    """
    from papercli.engine.suggest import suggest as correction

    asked = Search(searcher, text, filters, sort, explain, feedback=thorough)
    result = asked.result(limit)
    if thorough and (not asked.direct or asked.trace.empty):
        suggestion = correction(searcher, text)
        if suggestion:
            better = Search(searcher, suggestion, filters, sort, explain)
            if better.total:
                unmatched = tuple(asked.trace.empty) if result.hits else (text,)
                found = better.result(limit)
                return replace(found, corrected=suggestion, unmatched=unmatched)
            result = replace(result, suggestion=suggestion)
        if result.hits and asked.trace.empty:
            result = replace(result, unmatched=tuple(asked.trace.empty))
    if not result.hits and active(filters):
        unfiltered = Search(searcher, text, NO_FILTERS, sort, feedback=thorough).direct
        if unfiltered:
            blocked = blocking(searcher, text, filters, sort, thorough)
            result = replace(result, unfiltered=unfiltered, blocking=blocked)
    return result


class Search:
    """One query with its filters, run on a searcher: the matches, in tiers, and how many
    papers.

    Tiers, best first: entries holding every informative word of the query (or,
    with most of them, naming its most telling one in their title: see ``soft``),
    entries the query matches on their own text, entries matched only through
    the category report they come from (``via`` "report"), entries found
    only through the best matches' words (``via`` "feedback"), and, when all those
    are a few (at least one, fewer than ``WIDEN_BELOW`` papers and than
    ``WIDEN_SHARE`` of the entries), up to a screen's worth of entries whose title
    holds a rare word of a plain phrase (``via`` "widened": ``adversarial attacks``
    also shows "Jailbreak Attacks", ``music generation`` "Audio, Music and Speech
    Generation"; see ``_widen``). Within a tier, the score, the best matches' words
    included (see ``feedback``).
    """

    REPORT_WEIGHT = 0.5  # of a report-only match's score
    WIDEN_BELOW = 20  # papers: a screen of results, ``search``'s default limit
    WIDEN_SHARE = 0.01  # of the archive's entries: three papers of 91 are not few

    def __init__(
        self,
        searcher: Any,
        text: str,
        filters: Filters,
        sort: str,
        explain: bool = False,
        feedback: bool = True,
    ) -> None:
        from papercli.engine.compile import build_query
        from papercli.engine.lexicon import Lexicon

        self.searcher = searcher
        self.sort = sort
        self.filters = filters
        self.explain = explain
        self.trace = Trace()
        lexicon = kept(searcher, Lexicon)
        self.query = build_query(text, lexicon)
        indexed = replace(filters, start=None, end=None, min_votes=None, author=None)
        conditions = filter_queries(indexed)
        self.allowed = docs_matching(searcher, conditions) if conditions else None
        self.category_reports = kept(searcher, Reports)
        self.report_docs = self.category_reports.docs
        self.found, reports = self._matches(self.query, self.trace)
        self.tier = dict.fromkeys(self.found, 3)
        self.tier.update(dict.fromkeys(self.trace.full & self.found.keys(), 4))
        self.via: dict[int, str] = {}
        self.expansion: Q.Query | None = None  # the best matches' words (see ``_feedback``)
        self.widening: Q.Query = self.query  # the words of a search widened (``_widen``)
        self.reports: dict[int, int] = {}  # entry found through its report: the report's doc
        self._add(self._through(reports), 2, "report", self.REPORT_WEIGHT)
        if feedback and sort == "relevance" and self.trace.clauses > 1 and self.tier:
            self._feedback()
        best = self._best_tiers()
        scant = min(self.WIDEN_BELOW, searcher.doc_count() * self.WIDEN_SHARE)
        if feedback and sort == "relevance" and 0 < len(best) < scant:
            if self._widen(text, best):
                best = self._best_tiers()
        self.total = len(best)
        self.through_feedback = sum(1 for level in best.values() if level == 0)
        self.widened = sum(1 for level in best.values() if level < 0)
        self.direct = self.total - self.widened

    def _widen(self, text: str, found: dict[str, int]) -> bool:
        """Add papers whose title holds some of the phrase's rare words (``via``
        "widened"), beside the papers ``found`` (``_best_tiers``) up to ``WIDEN_BELOW``,
        those naming more of them first, after every other; whether any was added. A
        rare word in a title says what a paper is about; a common one (``generation``,
        ``learning``) would bring anything, and a verb (``reduce``) names no topic.
        Typed and glossary spellings only: the archive's learned pairs cost more to
        look up than the search itself on a large archive."""
        from papercli.engine.compile import widened
        from papercli.engine.scoring import matches

        words = widened(text)
        total = self.searcher.doc_count()
        rare = [
            title
            for q in words
            if telling(len(matches(self.searcher, q)), total)
            and (title := within(q, TITLE)) is not None
        ]
        if not rare:
            return False
        self.widening = Q.And(words)  # what --explain names: the words, held or lacked
        extra = self._allowed(self._matches(Q.Or(rare))[0])
        fresh = sorted(d for d in extra if d not in self.found)
        owners = values(self.searcher, "paper_id", fresh)
        best: dict[str, float] = {}  # each paper not found yet: its best entry's score
        for doc, paper in zip(fresh, owners, strict=True):
            if paper not in found:
                best[paper] = max(best.get(paper, 0.0), extra[doc])
        room = self.WIDEN_BELOW - len(found)
        chosen = set(sorted(best, key=lambda p: (best[p], p), reverse=True)[:room])
        kept = {d: extra[d] for d, p in zip(fresh, owners, strict=True) if p in chosen}
        self._add(kept, -1, "widened", 1.0)
        return bool(kept)

    def _best_tiers(self) -> dict[str, int]:
        """Each paper found, with the best tier of its entries."""
        docs = sorted(self.found)
        best: dict[str, int] = {}
        for doc, paper in zip(docs, values(self.searcher, "paper_id", docs), strict=True):
            best[paper] = max(best.get(paper, self.tier[doc]), self.tier[doc])
        return best

    def _matches(
        self, query: Q.Query, trace: Trace | None = None
    ) -> tuple[dict[int, float], dict[int, float]]:
        """The entries ``query`` matches within the filters, and the category reports
        it matches (filtered later, through their entries)."""
        from papercli.engine.scoring import matches

        searcher, filters = self.searcher, self.filters
        found = matches(searcher, with_author(query, filters.author), self.allowed, trace)
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
            for entry in self.category_reports.entries(doc):
                if self.allowed is not None and entry not in self.allowed:
                    continue
                if score > found.get(entry, 0.0):
                    found[entry] = score
                    self.reports[entry] = doc
        if found and filters.author:
            authored = set(searcher.docs_for_query(with_author(Q.Every(), filters.author)))
            found = {doc: score for doc, score in found.items() if doc in authored}
        if found and (filters.start or filters.end or filters.min_votes is not None):
            found = _within(searcher, found, filters)
        return self._allowed(found)

    def _allowed(self, found: dict[int, float]) -> dict[int, float]:
        """``found`` without the entries whose own text holds what the query excludes
        (``NOT word``, in parentheses too): a report, the best matches' words or widening
        must not bring them back. Such an entry does not match the query on its own text
        to say which ``OR`` branch it would take, so any exclusion leaves it out."""
        from papercli.engine.scoring import matches

        excluded = list(_exclusions(self.query))
        if found and excluded:
            for doc in matches(self.searcher, Q.Or(excluded), set(found)):
                found.pop(doc, None)
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
        own = [doc for doc, level in tier.items() if level >= 3]
        best = sorted(own, key=lambda d: (tier[d], found[d]), reverse=True)[:DEPTH]
        self.expansion = expansion(self.searcher, best, own_terms(self.query))
        if self.expansion is not None:
            extra = self._allowed(self._matches(self.expansion)[0])
            for doc in found.keys() & extra.keys():
                found[doc] += min(extra[doc], found[doc])  # the typed words weigh at least half
            self._add(extra, 0, "feedback", 1.0)

    def result(self, limit: int | None) -> SearchResult:
        from papercli.engine.snippets import Snippets

        searcher, found = self.searcher, self.found
        ranked, total = per_paper(searcher, found, self.sort, limit, self.tier)
        snippets = Snippets(self.query, searcher.schema)
        best = []
        why = None
        for paper, docnum in ranked:
            entry = decoded(searcher.stored_fields(docnum))
            via = self.via.get(docnum)
            snippet = _via_report(entry) if via == "report" else snippets.of(entry)
            if self.explain:
                from papercli.engine.explain import explain, shared

                asked = self.widening if via == "widened" else self.query
                why = explain(searcher, asked, self.reports.get(docnum, docnum), via)
                if self.expansion is not None:
                    why = replace(why, shared=shared(searcher, self.expansion, docnum))
            best.append((paper, found[docnum], snippet, via, why))
        papers = {p.id: p for p in papers_for(searcher, [best_[0] for best_ in best])}
        hits = tuple(Hit(papers[b[0]], *b[1:]) for b in best if b[0] in papers)
        return SearchResult(
            hits=hits,
            total=max(total, len(hits)),
            through_feedback=self.through_feedback,
            widened=self.widened,
        )


def _exclusions(query: Q.Query) -> Iterator[Q.Query]:
    """What each ``NOT`` of ``query`` excludes, wherever it stands."""
    if isinstance(query, Q.AndNot):
        yield query.b
    for child in query.children():
        yield from _exclusions(child)


def _via_report(entry: dict[str, Any]) -> str:
    """The snippet of a paper found only through its category report."""
    report = entry["appearances"][0].get("report") or {}
    facts = [report.get("category") or "insights", report.get("date") or "undated"]
    return "via report: " + ", ".join(facts)


def active(filters: Filters) -> list[str]:
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


def only(filters: Filters, name: str) -> Filters:
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


def blocking(
    searcher: Any, text: str, filters: Filters, sort: str, feedback: bool = True
) -> tuple[str, ...]:
    """The filters that each leave nothing of the query's papers (counted with or without
    the feedback tier, as the search was); all of them when only their combination does."""
    used = active(filters)
    alone = [
        name
        for name in used
        if not Search(searcher, text, only(filters, name), sort, feedback=feedback).total
    ]
    return tuple(alone or used)


def with_author(query: Q.Query, author: str | None) -> Q.Query:
    if not author:
        return query
    from papercli.engine.compile import build_query

    return Q.And([query, build_query(f"authors:({author})", soft=False)])


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
