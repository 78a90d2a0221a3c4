"""The library's front door: one archive (an index folder and the reader's data beside it).

The CLI asks an ``Archive`` and renders what it answers. Here the read path
is chosen, in one place: lookups and lists come from the SQLite catalog while
it mirrors the index's last commit (no Whoosh import), else from the index;
a catalog that fails or cannot answer hands the question to the index.
Search terms ``tag:NAME`` are resolved here against the reader's tag store,
and ids against everything the index and the tag store know.

Heavy modules (the engine, the catalog, the tag store) are imported where
used, so that each command loads only its own path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from papercli.errors import IndexMissing, PaperNotFound
from papercli.model import NO_FILTERS, Entry, Filters, Paper, Report

if TYPE_CHECKING:
    from papercli.catalog import Catalog
    from papercli.engine.indexing import Progress
    from papercli.engine.reader import EngineReader
    from papercli.reading import IndexReport, Reader, SearchResult
    from papercli.tags import UserStore

T = TypeVar("T")
Notify = Callable[[str], None]


class Archive:
    """The index at ``path``; ``notify`` hears one-line notices (an upgrade rebuilt it).

    ``hold`` keeps the index open between questions (see ``EngineReader``), for a
    caller that asks many, such as the browser.
    """

    def __init__(self, path: Path, notify: Notify | None = None, *, hold: bool = False) -> None:
        self.path = path
        self.notify = notify
        self.hold = hold
        self._engine: EngineReader | None = None

    # -- read paths ------------------------------------------------------------

    def engine(self, upgrade: bool = True) -> EngineReader:
        """The index itself; one written by an older papers is rebuilt from its files first."""
        if self._engine is None:
            from papercli.engine.folder import IndexFolder
            from papercli.engine.reader import EngineReader

            folder = IndexFolder(self.path)
            if upgrade and folder.exists() and not folder.current():
                # the writer's modules cost a search 30 ms to import: only when needed
                from papercli.engine.indexing import upgrade as rebuild_older

                notice = rebuild_older(folder)
                if notice and self.notify:
                    self.notify(notice)
            self._engine = EngineReader(self.path, hold=self.hold)
        return self._engine

    def reader(self, upgrade: bool = True) -> Reader:
        """The catalog while it mirrors the last commit, falling back to the index."""
        from papercli.catalog import open_fresh

        catalog = open_fresh(self.path)
        if catalog is None:
            return self.engine(upgrade)
        return _Fallback(catalog, lambda: self.engine(upgrade))

    def user(self) -> UserStore:
        """The reader's tags, notes and citation keys, kept beside the index."""
        from papercli.tags import UserStore

        return UserStore.beside(self.path)

    # -- indexing --------------------------------------------------------------

    def index(
        self,
        paths: list[Path],
        *,
        date: dt.date | None = None,
        rebuild: bool = False,
        optimize: bool = False,
        progress: Progress | None = None,
        workers: bool = False,
    ) -> IndexReport:
        """Index ``paths`` (see ``papercli.engine.indexing``); the reader's tags and notes
        follow the papers whose ids the run changed. ``workers`` lets a big run read in
        worker processes (``papercli.engine.ahead``), which import the caller's main
        script again: only a script guarded by ``if __name__ == "__main__"`` may ask."""
        from papercli.engine.folder import IndexFolder
        from papercli.engine.indexing import index

        folder = IndexFolder(self.path)
        report = index(
            folder,
            paths,
            date=date,
            rebuild=rebuild,
            optimize=optimize,
            progress=progress,
            workers=workers,
        )
        if report.moved:
            self.user().move(report.moved)
        if report.left:
            user = self.user()
            held = user.tags_for(report.left).keys() | user.notes_for(report.left).keys()
            kept = [pid for pid in report.left if pid in held]
            if kept:
                report = replace(report, warnings=(*report.warnings, _kept_data(kept)))
        return report

    def recorded_files(self) -> list[Path]:
        """Every file the index has read (none when it cannot be opened)."""
        from papercli.engine.folder import IndexFolder

        return [Path(p) for p in IndexFolder(self.path).recorded_files()]

    # -- questions -------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: Filters = NO_FILTERS,
        *,
        sort: str = "relevance",
        limit: int | None = 20,
        explain: bool = False,
        thorough: bool = True,
    ) -> SearchResult:
        """Papers for a query; ``tag:NAME`` terms keep the papers carrying every such tag.

        A query of tags alone lists the tagged papers (newest first, or by votes).
        ``explain`` adds to each hit why it was found; ``thorough=False``, while
        the reader is still typing, skips corrections, feedback and widening (see
        ``EngineReader.search``).
        """
        from papercli.tags import split_tag_terms

        text, names = split_tag_terms(query)
        if names and not text:
            found = self.selection(query, filters, sort="votes" if sort == "votes" else "date")
            return replace(found, hits=found.hits[:limit] if limit else found.hits)
        if names:
            filters = replace(filters, ids=frozenset(self.user().tagged(names)))
        return self.engine().search(
            text if names else query,
            filters,
            sort=sort,
            limit=limit,
            explain=explain,
            thorough=thorough,
        )

    def selection(
        self,
        query: str,
        filters: Filters = NO_FILTERS,
        *,
        tags: list[str] | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> SearchResult:
        """Papers for a query (``tag:NAME`` terms resolved in the tag store) and filters,
        ranked by relevance with query text, else newest (or most voted) first: as the
        search that found them, whose corrections and indirect matches an export must
        own up to as ``search`` does."""
        from papercli.reading import Hit, SearchResult
        from papercli.tags import split_tag_terms

        text, names = split_tag_terms(query)
        names += tags or []
        if names:
            filters = replace(filters, ids=frozenset(self.user().tagged(names)))
        if text:
            return self.engine().search(text, filters, limit=limit, sort=sort or "relevance")
        papers = self.reader().papers(filters, sort=sort or "date", limit=limit)
        return SearchResult(hits=tuple(Hit(p, 0.0, "") for p in papers), total=len(papers))

    def report_with_papers(self, ref: str) -> tuple[Report, list[Paper]]:
        """A category report and the papers it is about, those still in the index."""
        reader = self.reader()
        report = reader.report(ref)
        papers = []
        for pid in report.papers:
            try:
                papers.append(reader.paper(pid))
            except PaperNotFound:
                continue
        return report, papers

    def entries(self, papers: Sequence[Paper]) -> list[Entry]:
        """The papers with the reader's tags and notes (any id a paper has had counts)."""
        user = self.user()
        ids = [p.id for p in papers]
        tags, notes = user.tags_for(ids), user.notes_for(ids)
        return [Entry(p, tags.get(p.id, ()), notes.get(p.id)) for p in papers]

    def resolve(self, ref: str) -> str:
        """The paper's id in the index, or an id only the tag store still knows (its digest
        gone), so that tags and notes of removed papers can still be cleaned up."""
        from papercli.parse.ids import normalize_id

        try:
            return self.reader().paper(ref).id
        except (PaperNotFound, IndexMissing):
            wanted = normalize_id(ref)
            user = self.user()
            if user.tags(wanted) or user.note(wanted) is not None:
                return wanted
            raise

    def paper(self, ref: str) -> Paper:
        """The paper ``ref`` names by any id it has had: one the index knows (its own,
        or an entry's merged into it), else one the tag store saw it under, such as
        the arXiv id of a merge since undone."""
        from papercli.parse.ids import normalize_id

        reader = self.reader()
        try:
            return reader.paper(ref)
        except PaperNotFound as missing:
            wanted = normalize_id(ref)
            moved = self.user().resolve(wanted)
            if moved != wanted:
                try:
                    return reader.paper(moved)
                except PaperNotFound:
                    pass
            raise missing from None

    def held_id(self, ref: str) -> str:
        """The id the reader's data about ``ref`` is under: the paper's (``paper``), else
        an id only the tag store knows (``resolve``), so that data of removed papers
        can still be cleaned up."""
        try:
            return self.paper(ref).id
        except (PaperNotFound, IndexMissing):
            return self.resolve(ref)


class _Fallback:
    """The catalog, with each question it cannot answer asked of the index instead."""

    def __init__(self, catalog: Catalog, engine: Callable[[], Reader]) -> None:
        self.catalog = catalog
        self.engine = engine

    def _ask(self, question: Callable[[Reader], T]) -> T:
        from papercli.catalog import CatalogUnavailable

        try:
            return question(self.catalog)
        except CatalogUnavailable:
            return question(self.engine())

    def paper(self, ref: str) -> Paper:
        return self._ask(lambda r: r.paper(ref))

    def papers(
        self, filters: Filters = NO_FILTERS, *, sort: str = "date", limit: int | None = 50
    ) -> list[Paper]:
        return self._ask(lambda r: r.papers(filters, sort=sort, limit=limit))

    def dates(self) -> dict[str, int]:
        return self._ask(lambda r: r.dates())

    def latest_date(self) -> dt.date | None:
        return self._ask(lambda r: r.latest_date())

    def nearest_dates(self, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        return self._ask(lambda r: r.nearest_dates(day))

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        return self._ask(lambda r: r.paper_ids(prefix, limit))

    def report(self, ref: str) -> Report:
        return self._ask(lambda r: r.report(ref))


def _kept_data(ids: list[str]) -> str:
    """The warning that papers the reader tagged or noted left the index."""
    named = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    which = "a paper" if len(ids) == 1 else f"{len(ids)} papers"
    return (
        f"{which} you tagged or wrote a note on left the index ({named}): the tags and "
        "notes are kept, and `papers doctor` shows them"
    )
