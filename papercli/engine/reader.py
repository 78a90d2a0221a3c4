"""Reading the index: lookups, lists, search, related papers and the numbers of ``stats``.

``EngineReader`` implements ``papercli.reading.Reader`` (as the SQLite catalog
does, without Whoosh) and adds what only the index can answer. Papers are
assembled from their entries on read; ranking reads the few columns it sorts
on (``papercli.engine.columns``) rather than stored documents, and a paper's
entries are read from its own ``paper_id`` postings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q

from papercli.choices import STYLES
from papercli.engine.columns import values
from papercli.engine.documents import (
    current_ids,
    decoded,
    docs_matching,
    entry_docs,
    filter_queries,
    papers_for,
    per_paper,
)
from papercli.engine.folder import IndexFolder
from papercli.errors import PaperNotFound
from papercli.model import NO_FILTERS, Filters, Paper, Report
from papercli.reading import Aggregates, Expansion, Hit, SearchResult, Stats

if TYPE_CHECKING:
    from papercli.engine.lexicon import Lexicon


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
            papers = papers_for(searcher, [wanted])
            if not papers:
                aliases = {d["paper_id"] for d in searcher.documents(own_id=wanted)}
                papers = papers_for(searcher, sorted(aliases))
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
        conditions = filter_queries(filters)
        with self._searcher() as searcher:
            docs = (
                sorted(docs_matching(searcher, conditions)) if conditions else entry_docs(searcher)
            )
            ranked, _ = per_paper(searcher, dict.fromkeys(docs, 0.0), sort, limit)
            return papers_for(searcher, [paper for paper, _ in ranked])

    def dates(self) -> dict[str, int]:
        with self._searcher() as searcher:
            counted = Counter(values(searcher, "date", entry_docs(searcher)))
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
            report = Report.from_dict(decoded(found))
            current = current_ids(searcher, report.papers)
        return replace(report, papers=tuple(current.get(p, p) for p in report.papers))

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        with self._searcher() as searcher:
            for term in searcher.reader().expand_prefix("paper_id", prefix):
                pid = term.decode("utf-8") if isinstance(term, bytes) else term
                doc = searcher.document(paper_id=pid, kind="entry")
                if doc:
                    found.append((pid, decoded(doc)["title"]))
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
        thorough: bool = True,
    ) -> SearchResult:
        """Papers matching the query, one per paper, scored by its best appearance.

        ``total`` counts the matching papers exactly. ``filters.author`` is part
        of the scored query, as ``author:`` in the query text would be. When a
        word matches nothing and a corrected query finds papers, those are the
        answer (``corrected`` names the query run). When filters leave nothing
        of what the query finds, ``unfiltered`` says how many they removed and
        ``blocking`` which of them did. ``thorough=False`` (a browser searching at
        every key) skips the corrections, the feedback tier and widening (see
        ``engine.search``).
        arXiv ids or links among the query's words name papers (see ``_named``).
        """
        from papercli.engine.search import search
        from papercli.query import paper_refs

        named, words = paper_refs(text)
        known = self._known(named)
        if known:
            missing = tuple(i for i in named if i not in known)
            return self._named(known, missing, words, filters, sort, limit, explain, thorough)
        with self._searcher() as searcher:
            return search(searcher, text, filters, sort, limit, explain, thorough)

    def _known(self, named: tuple[str, ...]) -> tuple[str, ...]:
        """Those of ``named`` that are papers here, in the order given."""
        if not named:
            return ()
        held = {p.id for p in self.papers(Filters(ids=frozenset(named)), limit=None)}
        return tuple(i for i in named if i in held)

    def _named(
        self,
        known: tuple[str, ...],
        missing: tuple[str, ...],
        words: str,
        filters: Filters,
        sort: str,
        limit: int | None,
        explain: bool,
        thorough: bool,
    ) -> SearchResult:
        """A search naming papers by arXiv id or link: ``2401.12945``, ``2401.12945v2``,
        ``https://arxiv.org/abs/2401.12945``, several of them (spaced or joined by
        ``OR``), beside words or not.

        The named papers (within the filters) come first, in the order typed (by
        date or votes with ``--sort``), then what the words find, each paper once:
        a reader who pastes an id beside words wants that paper and the papers
        about those words, never the id silently dropped, nor the paper hidden for
        lacking a word (``papers show`` says what one paper holds). ``total``
        counts both. Ids the archive lacks are named among the words that matched
        nothing; a named paper the filters leave out is left out, as any other, and so
        is one that words which only exclude (``2401.12945 -diffusion``) keep out.
        """
        from papercli.engine.search import active, only, search
        from papercli.query import excludes_only, plain_words

        order = "votes" if sort == "votes" else "date"

        def kept(within: Filters) -> list[Paper]:
            ids = frozenset(known) & (within.ids if within.ids is not None else frozenset(known))
            found = self.papers(replace(within, ids=ids), sort=order, limit=None)
            return sorted(found, key=lambda p: known.index(p.id)) if sort == "relevance" else found

        shown = kept(filters)
        if shown and excludes_only(words):
            narrowed = replace(filters, ids=frozenset(p.id for p in shown))
            with self._searcher() as searcher:
                found = search(searcher, words, narrowed, sort, None, False, thorough=False)
            left = {h.paper.id for h in found.hits}
            shown, words = [p for p in shown if p.id in left], ""
            if not shown:
                return SearchResult((), 0, unmatched=missing)
        mine = {p.id for p in shown}
        if not plain_words(words):  # nothing else, or only symbols: nothing a search could find
            if not shown:
                used = active(filters)
                alone = tuple(name for name in used if not kept(only(filters, name)))
                return SearchResult((), 0, unfiltered=len(known), blocking=alone or tuple(used))
            hits = tuple(Hit(p, 0.0, "") for p in shown)
            unmatched = (*missing, *([words] if words else []))
            return SearchResult(hits[:limit] if limit else hits, len(hits), unmatched=unmatched)
        more = None if limit is None else limit + len(shown)
        with self._searcher() as searcher:
            found = search(searcher, words, filters, sort, more, explain, thorough)
            seen = {h.paper.id for h in found.hits}
            unsure = mine - seen if found.total > len(found.hits) else set()
            both = (mine & seen) | _held(searcher, words, unsure, filters)
        if not shown:
            return replace(found, unmatched=(*missing, *found.unmatched))
        hits = (
            *(Hit(p, 0.0, "") for p in shown),
            *(h for h in found.hits if h.paper.id not in mine),
        )
        unmatched = (*missing, *found.unmatched)
        if not found.hits and not found.corrected:
            unmatched = (*missing, words)
        return replace(
            found,
            hits=hits[:limit] if limit else hits,
            total=len(shown) + found.total - len(both),
            corrected=" ".join([*(p.id for p in shown), found.corrected])
            if found.corrected
            else None,
            unmatched=unmatched,
            unfiltered=None,
            blocking=(),
        )

    def expansions(self, text: str) -> list[Expansion]:
        """What a search for ``text`` also finds, for each thing it looks for apart (see
        ``compile.asked``): the glossary's spellings, the translations the archive gives,
        the other forms of a Korean predicate that the archive holds."""
        from papercli.engine.compile import asked
        from papercli.engine.lexicon import Lexicon

        with self._searcher() as searcher:
            lexicon = Lexicon(searcher)
            return [e for word in asked(text, lexicon) for e in _expanded(searcher, lexicon, word)]

    def related(self, ref: str, limit: int | None = 10) -> list[Hit]:
        """Papers most like ``ref`` by the key terms of its title and summaries, itself excluded."""
        from papercli.engine.related import coordinated, related_query
        from papercli.engine.scoring import matches

        paper = self.paper(ref)
        text = "\n".join([paper.title, *(a.summary for a in paper.appearances)])
        with self._searcher() as searcher:
            query = related_query(searcher, text, own=len(paper.appearances))
            if query is None:
                return []
            mine = Q.Term("paper_id", paper.id)
            others = Q.AndNot(query, Q.Or([mine, Q.Term("kind", "report")]))
            found = coordinated(searcher, query, matches(searcher, others))
            ranked, _ = per_paper(searcher, found, "relevance", limit)
            papers = {p.id: p for p in papers_for(searcher, [pid for pid, _ in ranked])}
        return [Hit(papers[pid], found[doc], "") for pid, doc in ranked if pid in papers]

    def counts(self) -> tuple[int, int]:
        """Papers and appearances."""
        from papercli.engine.indexing import counts

        with self._searcher() as searcher:
            return counts(searcher)

    def stats(self) -> Stats:
        with self._searcher() as searcher:
            docs = entry_docs(searcher)
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
                entry = decoded(doc)
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
                yield from papers_for(searcher, ids[start : start + 500])


def _tally(groups: dict[str, set[str]]) -> dict[str, int]:
    """Papers per label, labels differing only in case merged under their first spelling."""
    merged: dict[str, tuple[str, set[str]]] = {}
    for label, ids in groups.items():
        name = " ".join(label.split())
        if name:
            merged.setdefault(name.casefold(), (name, set()))[1].update(ids)
    ranked = sorted(merged.values(), key=lambda item: (-len(item[1]), item[0]))
    return {name: len(ids) for name, ids in ranked}


def _count(searcher: Any, query: Q.Query) -> int:
    return sum(1 for _ in searcher.docs_for_query(query))


def _held(searcher: Any, words: str, ids: set[str], filters: Filters) -> set[str]:
    """Those of ``ids`` that a search for ``words`` finds, within ``filters``."""
    from papercli.engine.search import search

    if not ids:
        return set()
    within = frozenset(ids) if filters.ids is None else filters.ids
    narrowed = replace(filters, ids=frozenset(ids) & within)
    found = search(searcher, words, narrowed, "relevance", None, False, False)
    return {h.paper.id for h in found.hits}


def _closest(searcher: Any, wanted: str) -> list[str]:
    import difflib

    ids = [t.decode("utf-8") for t in searcher.lexicon("paper_id")]
    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    return [f"{p.id} {p.title}" for p in papers_for(searcher, near)]


def _expanded(searcher: Any, lexicon: Lexicon, word: str) -> list[Expansion]:
    """What ``word`` (one thing asked for) also finds. A predicate form the archive never
    writes (``분륜`` from ``분류기``) finds nothing, so it is not listed."""
    from papercli.engine.compile import form_query
    from papercli.engine.words import korean_forms
    from papercli.glossary import load, origins

    named = load(word).named(word.split()) if word.split() else None
    found = [Expansion(word, spelling, origin) for spelling, origin in origins(named or word)]
    found += [
        Expansion(word, other, "learned", times, files, why)
        for other, times, files, why in lexicon.judged(word)
    ]
    for form in korean_forms(word) if " " not in word else ():
        query = form_query(form)
        if query is not None and next(iter(query.docs(searcher)), None) is not None:
            found.append(Expansion(word, form, "other forms"))
    return found
