"""The Whoosh index: one document per appearance, papers assembled on read.

An appearance document belongs to exactly one file, so a changed or deleted
file is dropped with one ``delete_by_term`` and nothing else is disturbed.
Papers are grouped by ``paper_id`` when read; entries without an arXiv id
keep their own id in ``own_id`` and point ``paper_id`` at an arXiv paper of
the same normalised title when one exists (see ``_relink``).

Every run has one writer and one commit: an interrupted or failed run
cancels its writer and leaves the index exactly as the last commit had it.
This module knows Whoosh and the file system, nothing of the terminal.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import math
import os
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import papercli.lean_whoosh  # noqa: F401

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.columns import VarBytesColumn
from whoosh.fields import BOOLEAN, ID, NUMERIC, STORED, Schema
from whoosh.query.qcore import QueryError
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock, try_for
from whoosh.writing import IndexWriter

from papercli.analysis import KoreanText
from papercli.errors import (
    IndexBusy,
    IndexDamaged,
    IndexMissing,
    IndexNewer,
    IndexUnwritable,
    PaperNotFound,
    PapersError,
    UnreadableFile,
    UsageError,
)
from papercli.location import INDEX_NAME, META_FILE, SCHEMA_VERSION, has_index
from papercli.model import FORMATS, NO_FILTERS, Filters, Paper, assemble

LOCK_WAIT = 10.0
OPEN_ATTEMPTS = 3
POOL_MB = 64  # postings held before spilling a sorted run: bounds memory, not speed

Progress = Callable[[int, int, str], None]


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
        title=KoreanText(spelling=True, pairs=True),
        authors=KoreanText(),
        body=KoreanText(pairs=True),
        category=KoreanText(),
        fields=KoreanText(),
        data=STORED,
    )


@dataclass(frozen=True)
class IndexReport:
    """What one ``papers index`` run did."""

    files_read: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    papers: int = 0
    appearances: int = 0
    rebuilt: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "files_read": self.files_read,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "removed": self.removed,
            "papers": self.papers,
            "appearances": self.appearances,
            "rebuilt": self.rebuilt,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Stats:
    index: str
    papers: int
    appearances: int
    files: int
    formats: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    dates: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "papers": self.papers,
            "appearances": self.appearances,
            "files": self.files,
            "formats": self.formats,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
        }


@dataclass(frozen=True)
class Aggregates:
    """Distinct papers per day, month, category, 관련분야 field, author and best vote
    count: the numbers behind the charts of ``papers stats``. Labels are counted
    case-insensitively and keep their first spelling; the dicts of labels are
    ordered by count, highest first."""

    days: dict[str, int]
    months: dict[str, int]
    categories: dict[str, int]
    fields: dict[str, int]
    authors: dict[str, int]
    votes: dict[int | None, int]


@dataclass(frozen=True)
class Hit:
    paper: Paper
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int
    suggestion: str | None = None


@dataclass
class _Run:
    """Book-keeping of one index run, kept until its commit."""

    roots: tuple[Path, ...]
    forced: dt.date | None
    fresh: bool
    seen: set[str] = field(default_factory=set)
    deleted_sources: set[str] = field(default_factory=set)
    touched_keys: set[str] = field(default_factory=set)
    arxiv_by_key: dict[str, str] = field(default_factory=dict)  # the least arXiv id per title
    pending: list[tuple[str, Paper]] = field(default_factory=list)
    files_read: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path

    # -- opening -------------------------------------------------------------

    def exists(self) -> bool:
        """True when an index is there, even one too damaged to open."""
        return has_index(self.path)

    def schema_version(self) -> int | None:
        try:
            return json.loads((self.path / META_FILE).read_text("utf-8")).get("schema")
        except (OSError, ValueError, AttributeError):
            return None

    def _create(self) -> whoosh_index.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(self.path), schema(), indexname=INDEX_NAME)
        (self.path / META_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")
        return ix

    def _refuse_newer(self) -> None:
        version = self.schema_version()
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise IndexNewer(
                f"the index at {self.path} was written by a newer version of papers "
                f"(index schema {version}, this one reads {SCHEMA_VERSION}); upgrade papers, "
                "or run `papers index --rebuild PATH` to rebuild it for this version"
            )

    def _open(self) -> whoosh_index.Index:
        if not self.exists():
            raise IndexMissing(f"no index at {self.path}; run `papers index PATH` to build one")
        self._refuse_newer()
        if self.schema_version() != SCHEMA_VERSION:
            raise IndexDamaged(
                f"the index at {self.path} was written by another version of papers; "
                "run `papers index --rebuild PATH` to rebuild it"
            )
        try:
            return whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
        except Exception as exc:  # Whoosh raises many types for a damaged index
            raise self._damaged(exc) from exc

    def _damaged(self, exc: BaseException) -> IndexDamaged:
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
        return IndexDamaged(
            f"the index at {self.path} cannot be read ({detail}); "
            "run `papers index --rebuild PATH` to rebuild it"
        )

    def _unwritable(self, exc: OSError) -> IndexUnwritable:
        if exc.errno in _FULL:
            return IndexUnwritable(
                f"no space left for the index at {self.path}; this run saved nothing and the "
                "index keeps its last commit; free some space and run `papers index` again"
            )
        return IndexUnwritable(
            f"cannot write the index at {self.path} ({exc.strerror or exc}); make it writable "
            "or choose another folder with --index DIR"
        )

    @contextmanager
    def _guarded(self, writing: bool = False) -> Iterator[None]:
        """Whatever a damaged, full or read-only index raises, as one clear error.

        Whoosh reports damage with many exception types (EOFError,
        struct.error, TypeError, a missing file...); none of them may reach
        the user as a traceback.
        """
        try:
            yield
        except (PapersError, QueryError):
            raise
        except OSError as exc:
            if writing and exc.errno in _UNWRITABLE:
                raise self._unwritable(exc) from exc
            raise self._damaged(exc) from exc
        except Exception as exc:
            raise self._damaged(exc) from exc

    def upgrade(self) -> str | None:
        """Rebuild an index written by an older version from the files it recorded."""
        if not self.exists() or self.schema_version() == SCHEMA_VERSION:
            return None
        self._refuse_newer()
        report = self.index([])
        return report.rebuilt

    @contextmanager
    def _searcher(self) -> Iterator[Searcher]:
        """A searcher on the last commit, with damage turned into ``IndexDamaged``.

        Opening is retried: a commit landing between listing the index's
        files and reading its table of contents deletes the generation being
        opened, and the next attempt finds the new one. (Whoosh retries the
        segment files itself.)
        """
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                ix = self._open()
                break
            except IndexDamaged:
                if attempt == OPEN_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
        with self._guarded():
            searcher = ix.searcher()
        with searcher, self._guarded():
            yield searcher

    # -- indexing ------------------------------------------------------------

    def recorded_files(self) -> list[str]:
        """Paths of every file the index has read, e.g. to rebuild from them."""
        if not self.exists():
            return []
        try:
            ix = whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
            with ix.searcher() as searcher:
                return sorted(d["source"] for d in searcher.documents(kind="file"))
        except Exception:
            return []

    def index(
        self,
        paths: list[Path],
        *,
        date: dt.date | None = None,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Bring the index up to date with ``paths`` in one commit.

        The write lock is held for the whole run, so a second run waits for
        it (at most ``lock_wait()`` seconds) instead of interleaving; readers
        keep seeing the last commit until this one lands.
        """
        with self._locked(), self._guarded(writing=True):
            return self._update(paths, date=date, rebuild=rebuild, progress=progress)

    def _update(
        self,
        paths: list[Path],
        *,
        date: dt.date | None,
        rebuild: bool,
        progress: Progress | None,
    ) -> IndexReport:
        rebuilt = None
        if self.exists() and not rebuild:
            self._refuse_newer()
        if self.exists() and self.schema_version() != SCHEMA_VERSION:
            paths = [*paths, *(Path(p) for p in self.recorded_files() if Path(p).exists())]
            rebuilt = "the index was written by another version of papers; rebuilt it"
            ix = self._create()
        elif not self.exists():
            ix = self._create()
        else:
            ix = self._rebuildable() if rebuild else self._open()
        from papercli import catalog  # the indexing path's modules: searches never load them
        from papercli.files import discover, under
        from papercli.pool import TermWriter

        mirrored = not rebuild and rebuilt is None and catalog.is_current(self.path)
        found = discover(paths)
        writer = TermWriter(ix, POOL_MB, _lk=False, compound=False)
        try:
            if rebuild:
                writer.delete_by_query(Q.Every())
            run = _Run(roots=found.roots, forced=date, fresh=rebuild or ix.doc_count() == 0)
            run.warnings.extend(found.warnings)
            with ix.searcher() as searcher:
                known = {} if rebuild else {d["source"]: d for d in searcher.documents(kind="file")}
                total = len(found.files)
                for done, path in enumerate(found.files, 1):
                    if progress:
                        progress(done, total, str(path))
                    self._index_file(writer, searcher, run, path, known.get(str(path)))
                for source in sorted(set(known) - run.seen):
                    if under(source, run.roots):
                        self._drop_source(writer, searcher, run, source)
                        writer.delete_by_term("key", f"file:{source}")
                        run.removed += 1
                self._relink(writer, searcher, run)
            changed = bool(rebuild or writer.doc_count() or run.removed or run.deleted_sources)
            if changed:
                writer.commit()
            else:
                writer.cancel()  # nothing to write: no new generation, no segment merging
        except BaseException:
            _cancel(writer)
            raise
        papers, appearances = self.counts()
        if changed or not mirrored:
            self._mirror(ix, run, incremental=mirrored, entries=appearances)
        return IndexReport(
            files_read=run.files_read,
            unchanged=run.unchanged,
            failed=run.failed,
            removed=run.removed,
            papers=papers,
            appearances=appearances,
            rebuilt=rebuilt,
            warnings=tuple(run.warnings),
        )

    def _mirror(
        self, ix: whoosh_index.Index, run: _Run, *, incremental: bool, entries: int
    ) -> None:
        """Bring the catalog (``papercli.catalog``) to the last commit.

        The catalog only spares lookups the Whoosh import: a failure here
        costs a warning and leaves it stale (so unused), never the commit.
        """
        from papercli import catalog

        try:
            with ix.searcher() as searcher:
                segments = {
                    reader.segment().segment_id(): reader
                    for reader, _ in searcher.reader().leaf_readers()
                    if isinstance(reader, SegmentReader)
                }
                catalog.mirror(
                    self.path,
                    list(segments),
                    lambda sid: _live_entries(segments[sid]),
                    incremental=incremental,
                    dropped_sources=run.deleted_sources,
                    entries=entries,
                )
        except Exception as exc:
            run.warnings.append(
                f"the catalog of quick lookups was not updated ({type(exc).__name__}: {exc}); "
                "show, top and list read the index instead until the next run"
            )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Whoosh's write lock, held from before the index is opened until after it commits.

        The lock is an ``flock`` on ``papers_WRITELOCK``: the kernel drops it
        when its holder dies, so a run killed outright leaves no stale lock,
        whatever file it leaves behind. Writers are then opened with
        Whoosh's own locking off, since this one covers them.
        """
        wait = lock_wait()
        lock = FileLock(str(self.path / f"{INDEX_NAME}_WRITELOCK"))
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            acquired = try_for(lock.acquire, timeout=wait, delay=0.1)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        if not acquired:
            raise IndexBusy(
                f"index is busy: another `papers index` is writing {self.path} and did not "
                f"finish within {wait:g} s; try again when it is done "
                "(PAPERS_LOCK_WAIT=SECONDS waits longer)"
            )
        try:
            yield
        finally:
            lock.release()

    def _rebuildable(self) -> whoosh_index.Index:
        """The index to rebuild in place, or a fresh one when it cannot even be read.

        A readable index keeps its contents until the rebuild commits, so an
        interrupted rebuild loses nothing; a damaged one has nothing to keep.
        """
        try:
            ix = self._open()
            ix.searcher().close()
        except Exception:  # IndexDamaged or whatever Whoosh raises on damage
            return self._create()
        return ix

    def _index_file(
        self,
        writer: IndexWriter,
        searcher: Searcher,
        run: _Run,
        path: Path,
        record: dict[str, Any] | None,
    ) -> None:
        source = str(path)
        run.seen.add(source)
        old = json.loads(record["data"]) if record else None
        forced = run.forced.isoformat() if run.forced else None
        try:
            info = path.stat()
        except OSError as exc:
            run.failed += 1
            run.warnings.append(f"{source}: {exc.strerror}; skipped")
            return
        if old and old["size"] == info.st_size and old["mtime_ns"] == info.st_mtime_ns:
            if old.get("date") == forced or forced is None:
                run.unchanged += 1
                return
        try:
            raw = path.read_bytes()
        except OSError as exc:
            run.failed += 1
            run.warnings.append(f"{source}: {exc.strerror}; skipped")
            return
        import hashlib

        digest_hash = hashlib.sha256(raw).hexdigest()
        new_record = {
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
            "sha256": digest_hash,
            "date": forced if forced else (old.get("date") if old else None),
        }
        if old and old["sha256"] == digest_hash and (forced is None or old.get("date") == forced):
            run.unchanged += 1
            self._put_file(writer, source, new_record)
            return
        from papercli.parse import decode, parse_digest

        try:
            text = decode(raw, source)
        except UnreadableFile as exc:
            run.failed += 1
            run.warnings.append(f"{exc}; skipped")
            return
        day = run.forced or (
            dt.date.fromisoformat(new_record["date"]) if new_record["date"] else None
        )
        try:
            digest = parse_digest(text, source, day)
        except Exception as exc:  # a parser bug costs this file, not the whole run
            run.failed += 1
            run.warnings.append(f"{source}: could not be parsed ({type(exc).__name__}); skipped")
            return
        run.files_read += 1
        run.warnings.extend(f"{source}: {w}" for w in digest.warnings)
        if digest.style is None:
            run.warnings.append(f"{source}: not in any digest style; skipped")
        if old:
            self._drop_source(writer, searcher, run, source)
        for number, paper in enumerate(digest.papers):
            self._add_entry(writer, run, paper, f"{source}#{number}")
        self._put_file(writer, source, new_record)

    def _put_file(self, writer: IndexWriter, source: str, record: dict[str, Any]) -> None:
        writer.update_document(
            kind="file", key=f"file:{source}", source=source, data=json.dumps(record)
        )

    def _drop_source(self, writer: IndexWriter, searcher: Searcher, run: _Run, source: str) -> None:
        # One term, then the kind from the stored fields: intersecting with
        # ``kind:entry`` would walk every entry's posting, seconds at 300k.
        for docnum in searcher.document_numbers(source=source):
            doc = searcher.stored_fields(docnum)
            if doc["kind"] == "entry":
                run.touched_keys.add(doc["title_key"])
                writer.delete_document(docnum)
        run.deleted_sources.add(source)

    def _add_entry(self, writer: IndexWriter, run: _Run, paper: Paper, key: str) -> None:
        from papercli.parse.ids import title_key  # the indexing path's: searches never need it

        tkey = title_key(paper.title)
        is_arxiv = not _is_local_id(paper.id)
        if tkey and not run.fresh:  # a fresh index has no older entries to relink
            run.touched_keys.add(tkey)
        if is_arxiv:
            if tkey and paper.id < run.arxiv_by_key.get(tkey, "~"):
                run.arxiv_by_key[tkey] = paper.id
            writer.add_document(**_entry_doc(paper, key, paper.id))
        else:
            run.pending.append((key, paper))

    def _relink(self, writer: IndexWriter, searcher: Searcher, run: _Run) -> None:
        """Point entries without an arXiv id at the arXiv paper of the same title.

        The run's title book-keeping is dropped once used: the commit, the
        run's peak of memory, need not hold it (tens of MB at 300k entries).
        """
        targets: dict[str, str | None] = {}
        for tkey in run.touched_keys:
            arxiv_ids = {run.arxiv_by_key[tkey]} if tkey in run.arxiv_by_key else set()
            others: list[dict[str, Any]] = []
            if not run.fresh:
                for doc in searcher.documents(title_key=tkey):  # only entries have one
                    if doc["source"] in run.deleted_sources:
                        continue
                    if doc["arxiv"]:
                        arxiv_ids.add(_own_id(doc))
                    else:
                        others.append(doc)
            target = min(arxiv_ids) if arxiv_ids else None
            targets[tkey] = target
            for doc in others:
                wanted = target or _own_id(doc)
                if doc["paper_id"] != wanted:
                    paper = Paper.from_dict(json.loads(doc["data"]))
                    writer.update_document(**_entry_doc(paper, doc["key"], wanted))
        from papercli.parse.ids import title_key

        for key, paper in run.pending:
            tkey = title_key(paper.title)
            wanted = (targets[tkey] if tkey in targets else run.arxiv_by_key.get(tkey)) or paper.id
            writer.add_document(**_entry_doc(paper, key, wanted))
        run.pending.clear()
        run.arxiv_by_key.clear()
        run.touched_keys.clear()

    # -- reading -------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """Papers and appearances, from the columns of the live entries."""
        with self._searcher() as searcher:
            docs = _entry_docs(searcher)
            return len(set(_values(searcher, "paper_id", docs))), len(docs)

    def paper(self, ref: str) -> Paper:
        """One paper by id, URL or ``arXiv:`` form, with every appearance."""
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
        """Papers with an appearance matching the filters, newest or most voted first.

        Every filter is on a field only entries have, so ``kind:entry`` is
        needed only without one (intersecting with it costs a pass over
        every entry).
        """
        return self._ranked(_filters(filters), sort, limit)

    def search(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        *,
        author: str | None = None,
        sort: str = "relevance",
        limit: int | None = 20,
    ) -> SearchResult:
        """Papers matching the query, one per paper, scored by its best appearance.

        The query only ever matches text fields (or ``kind:entry`` itself), which
        the per-file records lack, so it needs no ``kind`` filter of its own.
        ``total`` counts the matching papers exactly.
        """
        from papercli.search import Snippets, build_query, matches, suggest

        query = build_query(text)
        scored = Q.And([query, build_query(f"authors:({author})")]) if author else query
        conditions = _filters(replace(filters, start=None, end=None, min_votes=None))
        with self._searcher() as searcher:
            allowed = _allowed(searcher, conditions) if conditions else None
            found = matches(searcher, scored, allowed)
            if filters.start or filters.end or filters.min_votes is not None:
                found = _within(searcher, found, filters)
            ranked, total = _per_paper(searcher, found, sort, limit)
            snippets = Snippets(query, searcher.schema)
            best = []
            for paper, docnum in ranked:
                entry = json.loads(searcher.stored_fields(docnum)["data"])
                best.append((paper, found[docnum], snippets.of(entry)))
            papers = {p.id: p for p in _papers_for(searcher, [pid for pid, _, _ in best])}
            suggestion = None if best else suggest(searcher, text)
        hits = tuple(Hit(papers[pid], score, snip) for pid, score, snip in best if pid in papers)
        return SearchResult(hits=hits, total=max(total, len(hits)), suggestion=suggestion)

    def related(self, ref: str, limit: int | None = 10) -> list[Hit]:
        """Papers most like ``ref`` by the key terms of its title and summaries, itself excluded."""
        from papercli.search import related_query

        paper = self.paper(ref)
        text = "\n".join([paper.title, *(a.summary for a in paper.appearances)])
        with self._searcher() as searcher:
            query = related_query(searcher, text, own=len(paper.appearances))
            if query is None:
                return []
            others = Q.AndNot(query, Q.Term("paper_id", paper.id))
            results = searcher.search(others, collapse="paper_id", limit=limit or None)
            best = [(hit["paper_id"], hit.score or 0.0) for hit in results]
            papers = {p.id: p for p in _papers_for(searcher, [pid for pid, _ in best])}
        return [Hit(papers[pid], score, "") for pid, score in best if pid in papers]

    def top(self, start: dt.date | None, end: dt.date | None, limit: int | None) -> list[Paper]:
        return self.papers(Filters(start=start, end=end), sort="votes", limit=limit)

    def _ranked(self, conditions: list[Q.Query], sort: str, limit: int | None) -> list[Paper]:
        """Papers of the entries matching every condition (all entries without one),
        each placed by its best entry.

        Entries sort by votes then date (or date then votes), ties in index
        order; a paper takes the place of its first entry. Sorted here from
        the columns rather than by Whoosh's collapsing collector, which drops
        displaced entries from a list one at a time: quadratic, tens of
        seconds for ``list`` over 100k entries.
        """
        with self._searcher() as searcher:
            docs = sorted(_allowed(searcher, conditions)) if conditions else _entry_docs(searcher)
            ranked, _ = _per_paper(searcher, dict.fromkeys(docs, 0.0), sort, limit)
            return _papers_for(searcher, [paper for paper, _ in ranked])

    def dates(self) -> dict[str, int]:
        """Digest days and how many appearances each holds."""
        with self._searcher() as searcher:
            counted = Counter(_values(searcher, "date", _entry_docs(searcher)))
        return {day: count for day, count in sorted(counted.items()) if day}

    def latest_date(self) -> dt.date | None:
        """The last digest day."""
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

    def stats(self) -> Stats:
        with self._searcher() as searcher:
            docs = _entry_docs(searcher)
            formats = {f: _count(searcher, Q.Term("format", f)) for f in FORMATS}
            counted = Counter(_values(searcher, "date", docs))
            dates = {day: count for day, count in sorted(counted.items()) if day}
            papers = len(set(_values(searcher, "paper_id", docs)))
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
                entry = json.loads(doc["data"])
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
                if votes is not None and (best.get(pid) is None or votes > best[pid]):
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

    def paper_ids(self, prefix: str = "", limit: int = 100) -> list[tuple[str, str]]:
        """Ids starting with ``prefix``, with their titles: fast enough for shell completion."""
        found: list[tuple[str, str]] = []
        with self._searcher() as searcher:
            for term in searcher.reader().expand_prefix("paper_id", prefix):
                pid = term.decode("utf-8") if isinstance(term, bytes) else term
                doc = searcher.document(paper_id=pid, kind="entry")
                if doc:
                    found.append((pid, json.loads(doc["data"])["title"]))
                    if len(found) >= limit:
                        break
        return found

    def all_papers(self) -> Iterator[Paper]:
        """Every paper, in id order; streams rather than loading the archive."""
        with self._searcher() as searcher:
            ids = sorted({d["paper_id"] for d in searcher.documents(kind="entry")})
            for start in range(0, len(ids), 500):
                yield from _papers_for(searcher, ids[start : start + 500])


def _tally(groups: dict[str, set[str]]) -> dict[str, int]:
    """Papers per label, labels differing only in case merged under their first spelling."""
    merged: dict[str, tuple[str, set[str]]] = {}
    for label, ids in groups.items():
        name = " ".join(label.split())
        if name:
            merged.setdefault(name.casefold(), (name, set()))[1].update(ids)
    ranked = sorted(merged.values(), key=lambda item: (-len(item[1]), item[0]))
    return {name: len(ids) for name, ids in ranked}


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_UNWRITABLE = _FULL | {errno.EACCES, errno.EPERM, errno.EROFS}


def lock_wait() -> float:
    """Seconds a run waits for another run's lock: $PAPERS_LOCK_WAIT, else ``LOCK_WAIT``."""
    text = os.environ.get("PAPERS_LOCK_WAIT", "").strip()
    if not text:
        return LOCK_WAIT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not (math.isfinite(seconds) and seconds >= 0):
        raise UsageError(f"PAPERS_LOCK_WAIT must be a number of seconds, not {text!r}")
    return seconds


def _cancel(writer: IndexWriter) -> None:
    """Drop an unfinished run's writes without hiding the error that stopped it.

    After a failure (or a Ctrl-C) inside ``commit`` the writer may be half
    closed and ``cancel`` itself raise; the original exception matters more.
    """
    try:
        writer.cancel()
    except Exception:
        pass


def _per_paper(
    searcher: Searcher, found: dict[int, float], sort: str, limit: int | None
) -> tuple[list[tuple[str, int]], int]:
    """Each matching paper once with its best entry, best first; and how many papers matched.

    Best is the highest score, or the most votes then the newest date (or
    the reverse); ties keep index order. ``found`` is already filtered; for
    listings its scores are all 0.
    """
    import heapq

    docs = sorted(found)
    papers = _values(searcher, "paper_id", docs)
    keys: list[Any]
    if sort == "relevance":
        keys = [found[doc] for doc in docs]
    else:
        days = [d or "" for d in _values(searcher, "date", docs)]
        votes = [-1 if v is None else v for v in _values(searcher, "votes", docs)]
        pairs = zip(votes, days, strict=True) if sort == "votes" else zip(days, votes, strict=True)
        keys = list(pairs)
    best: dict[str, tuple[Any, int]] = {}
    for doc, paper, key in zip(docs, papers, keys, strict=True):
        held = best.get(paper)
        if held is None or key > held[0]:
            best[paper] = (key, doc)
    ranked = heapq.nlargest(limit or len(best), best.items(), key=lambda pb: (pb[1][0], -pb[1][1]))
    return [(paper, doc) for paper, (_, doc) in ranked], len(best)


def _within(searcher: Searcher, found: dict[int, float], filters: Filters) -> dict[int, float]:
    """The matches dated within the filters' range with at least their votes, read from
    the columns of just those entries: cheaper than the postings of every day in the
    range or Whoosh's numeric range, which cover the whole archive."""
    start, end, min_votes = filters.start, filters.end, filters.min_votes
    docs = sorted(found)
    keep = [True] * len(docs)
    if start or end:
        low, high = (start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()
        days = _values(searcher, "date", docs)
        keep = [k and bool(d) and low <= d <= high for k, d in zip(keep, days, strict=True)]
    if min_votes is not None:
        votes = _values(searcher, "votes", docs)
        keep = [k and v is not None and v >= min_votes for k, v in zip(keep, votes, strict=True)]
    return {doc: found[doc] for doc, kept in zip(docs, keep, strict=True) if kept}


def _allowed(searcher: Searcher, conditions: list[Q.Query]) -> set[int]:
    """The entries matching every filter.

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


def _live_entries(reader: SegmentReader) -> Iterator[tuple[int, dict[str, Any]]]:
    """A segment's live entry documents: number inside the segment, stored fields."""
    for docnum in reader.all_doc_ids():
        doc = reader.stored_fields(docnum)
        if doc["kind"] == "entry":
            yield docnum, doc


def _entry_docs(searcher: Searcher) -> list[int]:
    return list(searcher.docs_for_query(Q.Term("kind", "entry")))


def _count(searcher: Searcher, query: Q.Query) -> int:
    return sum(1 for _ in searcher.docs_for_query(query))


def _values(searcher: Searcher, name: str, docs: list[int]) -> list[Any]:
    """The column values of ``name`` for ``docs`` (ascending document numbers).

    Read segment by segment, because Whoosh's multi-segment column reader
    misplaces the documents of a segment that lacks the column (a segment
    whose entries all have no date has no date column): those read as None.
    For more than a few documents a column is read whole (see ``_sliced``).
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


def _sliced(reader: SegmentReader, name: str, docs: list[int]) -> list[Any]:
    """A variable-length column's values for ``docs`` from one read of the whole column.

    Whoosh reads such a column with a seek and a read per document, which for
    the paper ids of every match was the larger part of a broad search. This
    slices the column's bytes by its own offsets and lengths instead: private
    attributes of whoosh's ``VarBytesColumn`` reader (whoosh-reloaded is pinned).
    """
    raw = reader.column_reader(name, translate=False)
    offsets, lengths = raw._offsets, raw._lengths
    data = raw._dbfile.get(raw._basepos, offsets[-1] + lengths[-1] if lengths else 0)
    decode = reader.schema[name].from_column_value
    return [decode(data[offsets[doc] : offsets[doc] + lengths[doc]]) for doc in docs]


def _is_local_id(paper_id: str) -> bool:
    return paper_id.startswith(("deeplearn-", "link-", "title-"))


def _entry_doc(paper: Paper, key: str, paper_id: str) -> dict[str, Any]:
    from papercli.parse.ids import title_key

    appearance = paper.appearances[0]
    doc: dict[str, Any] = {
        "kind": "entry",
        "key": key,
        "paper_id": paper_id,
        "arxiv": not _is_local_id(paper.id),
        "title_key": title_key(paper.title),
        "source": appearance.source,
        "format": appearance.format,
        "votes": appearance.votes if appearance.votes is not None else -1,
        "title": paper.title,
        "authors": ", ".join(paper.authors),
        "body": "\n".join(
            [appearance.summary, ", ".join(appearance.fields), appearance.category or ""]
        ),
        "fields": ",".join(appearance.fields),
        "data": json.dumps(paper.to_dict(), ensure_ascii=False),
    }
    if paper.id != paper_id:  # only a relinked entry needs its own id as a term (see _own_id)
        doc["own_id"] = paper.id
    if appearance.date:
        doc["date"] = appearance.date.isoformat()
    if appearance.category:
        doc["category"] = appearance.category
        doc["category_id"] = appearance.category.lower()
    return doc


def _own_id(doc: dict[str, Any]) -> str:
    """An entry's own id: stored only where it differs from ``paper_id``, since a
    term for every entry's id twice over cost Whoosh's term table ~35 MB at 300k."""
    return doc.get("own_id") or doc["paper_id"]


def _filters(filters: Filters) -> list[Q.Query]:
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
    return out


def _papers_for(searcher: Searcher, ids: Iterable[str]) -> list[Paper]:
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
            docs[stored["paper_id"]].append(json.loads(stored["data"]))
    return [assemble(pid, found) for pid, found in docs.items() if found]


def _closest(searcher: Searcher, wanted: str) -> list[str]:
    import difflib

    ids = [t.decode("utf-8") for t in searcher.lexicon("paper_id")]
    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    papers = _papers_for(searcher, near)
    return [f"{p.id} {p.title}" for p in papers]
