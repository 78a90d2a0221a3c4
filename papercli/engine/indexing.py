"""One ``papers index`` run: walk, parse, relink, write, commit, mirror into the catalog.

Every run has one writer and one commit, under the folder's write lock: an
interrupted or failed run cancels its writer and leaves the index exactly as
the last commit had it. Files are recognised by size and mtime, then by
content hash, so a second run parses only what changed; a parser bug costs
its file, never the run.

Entries without an arXiv id point ``paper_id`` at the arXiv paper of the same
normalised title when the index has one (``_relink``); only the titles this
run touched are looked at again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh import query as Q
from whoosh.reading import SegmentReader
from whoosh.writing import CLEAR

from papercli import catalog
from papercli.engine.ahead import Job, Read, read_all
from papercli.engine.analysis import Terms
from papercli.engine.columns import values
from papercli.engine.folder import IndexFolder
from papercli.engine.layout import META_FILE, meta_damaged, record_roots, roots, segment_files
from papercli.engine.pool import TermWriter
from papercli.engine.schema import entry_doc, file_doc, is_local_id, own_id, report_doc
from papercli.errors import IndexDamaged
from papercli.files import discover, require, under
from papercli.model import Paper
from papercli.parse.ids import title_key
from papercli.reading import IndexReport

POOL_MB = 64  # postings held before spilling a sorted run: bounds memory, not speed

Progress = Callable[[int, int, str], None]


@dataclass
class _Run:
    """Book-keeping of one index run, kept until its commit."""

    roots: tuple[Path, ...]
    forced: dt.date | None
    fresh: bool
    dated: dict[str, str] = field(default_factory=dict)  # a rebuild's earlier --date, per file
    seen: set[str] = field(default_factory=set)
    deleted_sources: set[str] = field(default_factory=set)
    touched_keys: set[str] = field(default_factory=set)
    arxiv_by_key: dict[str, str] = field(default_factory=dict)  # the least arXiv id per title
    pending: list[tuple[str, Paper]] = field(default_factory=list)  # key, paper
    moves: dict[str, str] = field(default_factory=dict)  # paper ids relinking changed
    gone: dict[str, dict[str, Any]] = field(default_factory=dict)  # records whose file vanished
    arrived: dict[str, str] = field(default_factory=dict)  # content hash -> a file new here
    dated_gone: dict[int, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    relocated: dict[str, str] = field(default_factory=dict)  # vanished file -> its new place
    dropped: set[str] = field(default_factory=set)  # papers of entries deleted (or rebuilt)
    files_read: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


def index(
    folder: IndexFolder,
    paths: list[Path],
    *,
    date: dt.date | None = None,
    rebuild: bool = False,
    optimize: bool = False,
    progress: Progress | None = None,
    workers: bool = False,
) -> IndexReport:
    """Bring the index up to date with ``paths`` in one commit; ``workers``: read, parse and
    analyse in worker processes when the run is big enough (``papercli.engine.ahead``).

    The write lock is held for the whole run, so a second run waits for it
    (at most ``lock_wait()`` seconds) instead of interleaving; readers keep
    seeing the last commit until this one lands. A rebuild's commit holds its
    new segment alone: once it is written, Whoosh deletes the old segments, so
    a rebuilt index is no bigger than a fresh one (and an interrupted rebuild
    leaves the old commit whole). ``optimize`` merges every segment into one.
    """
    require(paths)
    update = partial(
        _update,
        folder,
        paths,
        date=date,
        rebuild=rebuild,
        optimize=optimize,
        progress=progress,
        workers=workers,
    )
    with folder.locked():
        try:
            with folder.guarded(writing=True):
                return update()
        except IndexDamaged:
            if not rebuild:
                raise
        # Damage that opening did not show (a truncated postings file) surfaced while
        # rewriting: the old index cannot be kept, so the rebuild starts from nothing.
        with folder.guarded(writing=True):
            return update(fresh=True)


def upgrade(folder: IndexFolder) -> str | None:
    """Rebuild an index written by an older version from the files it recorded."""
    if not folder.exists() or folder.current():
        return None
    folder.refuse_newer()
    return index(folder, []).rebuilt


def counts(searcher: Any) -> tuple[int, int]:
    """Papers and appearances, from the columns of the live entries."""
    ids, appearances = _paper_ids(searcher)
    return len(ids), appearances


def _paper_ids(searcher: Any) -> tuple[set[str], int]:
    """The ids of the live entries' papers, and how many entries there are."""
    docs = list(searcher.docs_for_query(Q.Term("kind", "entry")))
    return set(values(searcher, "paper_id", docs)), len(docs)


def _update(
    folder: IndexFolder,
    paths: list[Path],
    *,
    date: dt.date | None,
    rebuild: bool,
    optimize: bool,
    progress: Progress | None,
    workers: bool,
    fresh: bool = False,
) -> IndexReport:
    rebuilt = None
    asked = {Path(os.path.realpath(p)) for p in paths}  # the roots to remember, not the upgrade's
    if folder.exists() and not rebuild:
        folder.refuse_newer()
    if folder.exists() and not folder.current():
        paths = [*paths, *(Path(p) for p in folder.recorded_files() if Path(p).exists())]
        rebuilt = (
            f"{META_FILE} was damaged; rebuilt the index from the files it holds (the "
            "folders earlier runs were given are forgotten: give them again to `papers index`)"
            if meta_damaged(folder.path)
            else "the index was written by another version of papers; rebuilt it"
        )
        ix = folder.create()
    elif not folder.exists():
        ix = folder.create()
    elif fresh:
        ix = folder.create()
    else:
        ix = folder.rebuildable() if rebuild else folder.open()
    mirrored = not rebuild and rebuilt is None and catalog.is_current(folder.path)
    found = discover(paths)
    writer = TermWriter(ix, POOL_MB, _lk=False, compound=False)
    try:
        run = _Run(roots=found.roots, forced=date, fresh=rebuild or ix.doc_count() == 0)
        run.warnings.extend(found.warnings)
        with ix.searcher() as searcher:
            step = _Step(writer, searcher, run)
            if rebuild:
                known, run.dated = {}, _earlier_dates(folder, searcher)
                run.dropped = _paper_ids(searcher)[0] if ix.doc_count() else set()
            else:
                known = {d["source"]: d for d in searcher.documents(kind="file")}
                run.gone = _gone(known, found.files, run.roots)
                for source, record in run.gone.items():
                    if record.get("date"):
                        run.dated_gone.setdefault(record["size"], []).append((source, record))
            total = len(found.files)
            wanted = [item for path in found.files if (item := step.check(path, known))]
            done = total - len(wanted)
            reads = read_all([i.job for i in wanted], workers=workers, notices=run.warnings)
            with closing(reads):
                for item, read in zip(wanted, reads, strict=True):
                    done += 1
                    if progress:
                        progress(done, total, item.job.source)
                    step.apply(item, read)
            for source in sorted(set(known) - run.seen):
                gone = run.gone.get(source)
                new = run.arrived.get(gone["sha256"]) if gone else None
                if new or under(source, run.roots):
                    step.drop_source(source)
                    writer.delete_by_term("key", f"file:{source}")
                    run.removed += 1
                if new:
                    run.relocated[source] = new
            step.relink()
        changed = bool(rebuild or writer.doc_count() or run.removed or run.deleted_sources)
        if progress and (changed or optimize):
            progress(len(found.files), len(found.files), "saving the index")
        if rebuild:
            writer.commit(mergetype=CLEAR)
        elif changed or optimize:
            writer.commit(optimize=optimize)
        else:
            _cancel(folder, writer)  # nothing to write: no new generation, no segment merging
    except BaseException:
        _cancel(folder, writer)
        raise
    run.warnings.extend(_relocations(run.relocated))
    try:
        record_roots(
            folder.path,
            [r for r in found.roots if r in asked],
            replace=rebuild,
            forget=_emptied(folder.path, known, run) if run.relocated else (),
        )
    except OSError as exc:
        run.warnings.append(f"the folders of this run were not recorded ({exc.strerror or exc})")
    with ix.searcher() as searcher:
        live, appearances = _paper_ids(searcher)
        moved = {old: new for old, new in sorted(run.moves.items()) if old not in live}
    left = tuple(sorted(run.dropped - live - set(moved)))
    if changed or optimize or not mirrored:
        if progress:
            progress(len(found.files), len(found.files), "updating the catalog")
        _mirror(folder, ix, run, incremental=mirrored, entries=appearances)
    return IndexReport(
        files_read=run.files_read,
        unchanged=run.unchanged,
        failed=run.failed,
        removed=run.removed,
        papers=len(live),
        appearances=appearances,
        rebuilt=rebuilt,
        warnings=tuple(run.warnings),
        moved=moved,
        left=left,
        size=folder.size(),
    )


def _gone(
    known: dict[str, dict[str, Any]], files: Iterable[Path], roots: tuple[Path, ...]
) -> dict[str, dict[str, Any]]:
    """The records, outside this run's roots, of files that no longer exist: a folder moved
    or renamed, whose files this run may be reading at their new place. Each record with
    its hash and date, which a file new to the index with the same content takes over."""
    reading = {str(path) for path in files}
    return {
        source: json.loads(doc["data"])
        for source, doc in known.items()
        if source not in reading and not os.path.exists(source) and not under(source, roots)
    }


def _same_content(path: Path, candidates: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The record of the vanished file ``path`` (a file new to the index, of the size of
    each of ``candidates``, vanished files with a date to hand on) is a copy of, if any:
    of two copies, the one of the same name."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return {}
    same = [(Path(source).name == path.name, record) for source, record in candidates]
    matches = [pair for pair in same if pair[1]["sha256"] == digest]
    return max(matches, key=lambda pair: pair[0])[1] if matches else {}


def _relocations(relocated: dict[str, str]) -> list[str]:
    """One line per folder files moved out of and folder they were found in."""
    by_folder = Counter(
        (str(Path(old).parent), str(Path(new).parent)) for old, new in relocated.items()
    )
    return [
        f"{n} {'file' if n == 1 else 'files'} moved from {old} to {new} (the same content): "
        "indexed at the new place only"
        for (old, new), n in sorted(by_folder.items())
    ]


def _emptied(path: Path, known: dict[str, dict[str, Any]], run: _Run) -> list[Path]:
    """Recorded roots that no longer exist and whose every file moved: refreshing them
    would only warn that they are gone."""
    left = [source for source in known if source not in run.relocated]
    return [
        root
        for root in roots(path)
        if not root.exists() and not any(under(source, (root,)) for source in left)
    ]


def _earlier_dates(folder: IndexFolder, searcher: Any) -> dict[str, str]:
    """The days ``papers index --date`` gave files before, which a rebuild keeps (it reads
    every file again, but the reader's word on a file's date still holds). A damaged
    index being rebuilt has none to give."""
    try:
        with folder.guarded():
            records = [json.loads(d["data"]) | d for d in searcher.documents(kind="file")]
    except IndexDamaged:
        return {}
    return {r["source"]: r["date"] for r in records if r.get("date")}


@dataclass(frozen=True)
class _ToRead:
    """A file of the run to be read, and the record the index will keep of it."""

    job: Job
    record: dict[str, Any]  # its hash (and translations) are known once it is read
    replaces: bool  # the index holds an earlier reading of the file


class _Step:
    """What a run does to one file, and the relinking at its end, through its one writer."""

    def __init__(self, writer: TermWriter, searcher: Any, run: _Run) -> None:
        self.writer = writer
        self.searcher = searcher
        self.run = run

    def check(self, path: Path, known: dict[str, dict[str, Any]]) -> _ToRead | None:
        """What is to be read of ``path`` (with the record to write for it), or None when
        its size and mtime say it is unchanged or it cannot be looked at."""
        run = self.run
        source = str(path)
        run.seen.add(source)
        record = known.get(source)
        old = json.loads(record["data"]) if record else None
        forced = run.forced.isoformat() if run.forced else None
        try:
            info = path.stat()
        except OSError as exc:
            run.failed += 1
            run.warnings.append(f"{source}: {exc.strerror}; skipped")
            return None
        if old and old["size"] == info.st_size and old["mtime_ns"] == info.st_mtime_ns:
            if old.get("date") == forced or forced is None:
                run.unchanged += 1
                return None
        candidates = run.dated_gone.get(info.st_size) if not (old or forced) else None
        moved_from = _same_content(path, candidates) if candidates else {}
        new_record: dict[str, Any] = {
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
            "sha256": "",
            "date": forced
            or (old.get("date") if old else run.dated.get(source) or moved_from.get("date")),
            "pairs": old.get("pairs", []) if old else [],
        }
        same_date = old is not None and (forced is None or old.get("date") == forced)
        day = run.forced or (
            dt.date.fromisoformat(new_record["date"]) if new_record["date"] else None
        )
        unchanged_if = old["sha256"] if old and same_date else None
        job = Job(source, info.st_size, day, unchanged_if, self.writer.options)
        return _ToRead(job, new_record, old is not None)

    def apply(self, item: _ToRead, read: Read) -> None:
        """Write what reading a file gave: its entries and reports, and its record."""
        run = self.run
        source = item.job.source
        if read.problem is not None:
            run.failed += 1
            run.warnings.append(read.problem)
            return
        new_record = {**item.record, "sha256": read.sha256}
        if not item.replaces:  # a file new to the index may be one that vanished elsewhere
            run.arrived.setdefault(read.sha256, source)
        if read.unchanged:
            run.unchanged += 1
            self.writer.update_document(**file_doc(source, new_record))
            return
        digest = read.digest
        assert digest is not None
        run.files_read += 1
        new_record["pairs"] = list(read.pairs)
        run.warnings.extend(f"{source}: {w}" for w in digest.warnings)
        if digest.style is None:
            run.warnings.append(f"{source}: not in any digest style; skipped")
        elif not digest.papers:
            run.warnings.append(f"{source}: a {digest.style} digest with no paper in it")
        if item.replaces:
            self.drop_source(source)
        for number, (report, terms) in enumerate(zip(digest.reports, read.reports, strict=True)):
            self.writer.add_analysed(terms, **report_doc(report, f"report:{source}#{number}"))
        for number, (paper, terms) in enumerate(zip(digest.papers, read.entries, strict=True)):
            self._add_entry(paper, f"{source}#{number}", terms)
        self.writer.update_document(**file_doc(source, new_record))

    def drop_source(self, source: str) -> None:
        # One term, then the kind from the stored fields: intersecting with
        # ``kind:entry`` would walk every entry's posting, seconds at 300k.
        for docnum in self.searcher.document_numbers(source=source):
            doc = self.searcher.stored_fields(docnum)
            if doc["kind"] == "entry":
                self.run.touched_keys.add(doc["title_key"])
                self.run.dropped.add(doc["paper_id"])
                self.writer.delete_document(docnum)
            elif doc["kind"] == "report":
                self.writer.delete_document(docnum)
        self.run.deleted_sources.add(source)

    def _add_entry(self, paper: Paper, key: str, terms: dict[str, Terms]) -> None:
        run = self.run
        tkey = title_key(paper.title)
        if tkey and not run.fresh:  # a fresh index has no older entries to relink
            run.touched_keys.add(tkey)
        if not is_local_id(paper.id):
            if tkey and paper.id < run.arxiv_by_key.get(tkey, "~"):
                run.arxiv_by_key[tkey] = paper.id
            self.writer.add_analysed(terms, **entry_doc(paper, key, paper.id))
        else:  # analysed again when relinked: held terms would escape the pool's bound
            run.pending.append((key, paper))

    def relink(self) -> None:
        """Point entries without an arXiv id at the arXiv paper of the same title.

        The run's title book-keeping is dropped once used: the commit, the
        run's peak of memory, need not hold it (tens of MB at 300k entries).
        """
        run = self.run
        targets: dict[str, str | None] = {}
        for tkey in run.touched_keys:
            arxiv_ids = {run.arxiv_by_key[tkey]} if tkey in run.arxiv_by_key else set()
            others: list[dict[str, Any]] = []
            if not run.fresh:
                for doc in self.searcher.documents(title_key=tkey):  # only entries have one
                    if doc["source"] in run.deleted_sources:
                        continue
                    if doc["arxiv"]:
                        arxiv_ids.add(own_id(doc))
                    else:
                        others.append(doc)
            target = min(arxiv_ids) if arxiv_ids else None
            targets[tkey] = target
            for doc in others:
                wanted = target or own_id(doc)
                if doc["paper_id"] != wanted:
                    paper = Paper.from_dict(json.loads(doc["data"]))
                    self.writer.update_document(**entry_doc(paper, doc["key"], wanted))
                    run.moves[doc["paper_id"]] = wanted
        for key, paper in run.pending:
            tkey = title_key(paper.title)
            wanted = (targets[tkey] if tkey in targets else run.arxiv_by_key.get(tkey)) or paper.id
            self.writer.add_document(**entry_doc(paper, key, wanted))
        run.pending.clear()
        run.arxiv_by_key.clear()
        run.touched_keys.clear()


def _mirror(folder: IndexFolder, ix: Any, run: _Run, *, incremental: bool, entries: int) -> None:
    """Bring the catalog (``papercli.catalog``) to the last commit.

    The catalog only spares lookups the Whoosh import: a failure here costs a
    warning and leaves it stale (so unused), never the commit.
    """
    try:
        with ix.searcher() as searcher:
            segments = {
                reader.segment().segment_id(): reader
                for reader, _ in searcher.reader().leaf_readers()
                if isinstance(reader, SegmentReader)
            }
            catalog.mirror(
                folder.path,
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


def _live_entries(reader: SegmentReader) -> Iterator[tuple[int, dict[str, Any]]]:
    """A segment's live entry and report documents: number inside the segment, stored
    fields."""
    for docnum in reader.all_doc_ids():
        doc = reader.stored_fields(docnum)
        if doc["kind"] in ("entry", "report"):
            yield docnum, doc


def _cancel(folder: IndexFolder, writer: TermWriter) -> None:
    """Drop a run's writes, and the files of the segment it began, without hiding
    the error that stopped it.

    Whoosh leaves a cancelled segment's files for the next commit to clear;
    until then ``papers doctor`` would rightly call them strays, so they go
    now, while the lock is held, unless a table of contents lists them. After
    a failure (or a Ctrl-C) inside ``commit`` the writer may be half closed
    and ``cancel`` itself raise; the original exception matters more.
    """
    try:
        writer.cancel()
    except Exception:
        pass
    segment = writer.newsegment.segment_id()
    try:
        if segment not in folder.segment_ids():
            for name in segment_files(os.listdir(folder.path), [segment]):
                (folder.path / name).unlink(missing_ok=True)
    except Exception:
        pass  # only tidying: what stays, the next commit or papers doctor --fix clears
