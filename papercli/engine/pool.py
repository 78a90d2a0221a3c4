"""Whoosh's segment writer with its postings kept and written term by term.

Whoosh's writer hands each posting to a pool as a tuple; the pool sorts
every posting (spilling sorted runs to disk past ``limitmb``), merges them
one posting at a time at commit and feeds them one by one to the codec,
which looks up the document's field length for each. At a few hundred
postings per digest entry that was two thirds of a full index run.

Here each term's postings are appended to its own list as they arrive.
Documents are added in number order, so every term's postings are already
sorted; only the terms are sorted, at a spill and at commit. Runs are
merged term by term, and each term goes to the codec's block writer a block
at a time. The segment is the one Whoosh would write, read by the same
readers (and by older versions); memory stays bounded by ``limitmb``, and a
cancelled writer leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import pickle
import zlib
from array import array
from collections.abc import Iterator
from operator import itemgetter, sub
from typing import Any

import papercli.engine.loader  # noqa: F401

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.fields import ID
from whoosh.formats import Existence
from whoosh.system import pack_int, pack_uint
from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from papercli.engine.analysis import KoreanText, Options, Terms, analyse, positions_count

CHUNK = 4096  # postings per pickled piece of a run: one piece of each run is read at a time
TERM_BYTES = 200  # a new term's dict slot, key and list
POSTING_BYTES = 120  # two list slots, a posting's tuple, weight and (often shared) value
POSITIONS_BYTES = 64  # two list slots and encoded positions (a lone one's often shared)
GC_YOUNG = 100_000  # new objects between collections of the youngest generation
RAW_BELOW = 48  # pickled blocks shorter than this are stored uncompressed (zlib would grow them)

# A term's postings as held in memory: document numbers, each followed by the
# (term, frequency, weight, value) tuple ``FieldType.index`` made for it, or,
# in a field of positions (``TermPool.add_positions``), by the encoded positions.
Held = list[Any]
# A term's postings as spilled and written: document numbers, weights, values.
Postings = tuple[array, array, list]
# A term of a run or of the merge: field name, term bytes, postings.
Term = tuple[str, bytes, Postings]

_weight, _value = itemgetter(2), itemgetter(3)
# A spelling word's posting value: one occurrence in the ``Frequency`` format of
# spelling fields (Whoosh's writer passes whatever value its loop last held).
_SPELLED = pack_uint(1)


class TermPool:
    """Postings grouped by field and term, spilled to sorted runs past ``limitmb``.

    Adding a posting is one append of its document number and what the field
    made of it; turning those into weights is left to the spill (or the
    commit), where it is done a term at a time.
    """

    def __init__(self, tempstore: Any, limitmb: int, boosts: dict[str, float]) -> None:
        """``boosts``: the fields held as positions (``KoreanText``), with their boosts."""
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.boosts = boosts
        self.size = 0
        self.fields: dict[str, dict[Any, Held]] = {}
        self.runs: list[str] = []

    def _terms(self, fieldname: str) -> dict[Any, Held]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        return terms

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's writer passes it: (field, term, doc, weight, value)."""
        fieldname, tbytes, docnum, weight, value = item
        self.add_many(fieldname, docnum, [(tbytes, 0, weight, value)])

    def add_many(self, fieldname: str, docnum: int, items: list[tuple]) -> None:
        """A document's postings in one field, as ``FieldType.index`` yields them."""
        if fieldname in self.boosts:  # a rare path: keep one form
            words = [t.decode("utf-8") for t, _, _, _ in items]
            return self.add_positions(fieldname, docnum, words, [v for _, _, _, v in items])
        terms = self._terms(fieldname)
        size = len(items) * POSTING_BYTES
        for item in items:
            held = terms.get(item[0])
            if held is None:
                terms[item[0]] = [docnum, item]
                size += TERM_BYTES
            else:
                held += (docnum, item)
        self._grown(size)

    def add_positions(
        self, fieldname: str, docnum: int, terms: list[str], encoded: list[bytes]
    ) -> None:
        """A document's terms in a field of positions and their encoded positions, as
        ``analyse`` makes them."""
        held_terms = self._terms(fieldname)
        size = len(terms) * POSITIONS_BYTES
        for term, positions in zip(terms, encoded, strict=True):
            held = held_terms.get(term)
            if held is None:
                held_terms[term] = [docnum, positions]
                size += TERM_BYTES
            else:
                held += (docnum, positions)
        self._grown(size)

    def _grown(self, size: int) -> None:
        self.size += size
        if self.size > self.limit:
            self.save()

    def _sorted(self) -> Iterator[Term]:
        """The postings held, in (field, term) order (UTF-8 keeps the order of ``str``)."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            boost = self.boosts.get(fieldname)
            for key in sorted(terms):
                held = terms[key]
                docs = array("I", held[0::2])
                made = held[1::2]
                if boost is None:
                    yield (
                        fieldname,
                        key,
                        (docs, array("f", map(_weight, made)), list(map(_value, made))),
                    )
                    continue
                counts = array("f", map(positions_count, made))
                if boost != 1.0:
                    counts = array("f", [n * boost for n in counts])
                yield fieldname, key.encode("utf-8"), (docs, counts, made)

    def save(self) -> None:
        """Spill the postings held so far as a sorted run of pickled pieces."""
        name = f"{random_name()}.run"
        with self.tempstore.create_file(name).raw_file() as f:
            piece: list[Term] = []
            postings = 0
            for term in self._sorted():
                piece.append(term)
                postings += len(term[2][0])
                if postings >= CHUNK:
                    pickle.dump(piece, f, pickle.HIGHEST_PROTOCOL)
                    piece, postings = [], 0
            if piece:
                pickle.dump(piece, f, pickle.HIGHEST_PROTOCOL)
        self.runs.append(name)
        self.fields = {}
        self.size = 0

    def _read_run(self, name: str) -> Iterator[Term]:
        with self.tempstore.open_file(name).raw_file() as f:
            while True:
                try:
                    piece = pickle.load(f)
                except EOFError:
                    break
                yield from piece
        self.tempstore.delete_file(name)

    def terms(self) -> Iterator[tuple[str, bytes, list[Postings]]]:
        """Every term in (field, term) order with its postings, one part per run, in
        document order (runs hold successive documents; ``heapq.merge`` is stable)."""
        sources = [self._read_run(name) for name in self.runs] + [self._sorted()]
        merged = heapq.merge(*sources, key=lambda term: (term[0], term[1]))
        current: tuple[str, bytes] | None = None
        parts: list[Postings] = []
        for fieldname, tbytes, postings in merged:
            if (fieldname, tbytes) != current:
                if current is not None:
                    yield current[0], current[1], parts
                current, parts = (fieldname, tbytes), []
            parts.append(postings)
        if current is not None:
            yield current[0], current[1], parts

    def cleanup(self) -> None:
        for name in self.runs:
            if self.tempstore.file_exists(name):
                self.tempstore.delete_file(name)
        self.runs = []
        self.fields = {}


class _Tally:
    """A file being written that keeps count of its own position.

    ``tell`` on a buffered file is a system call, and Whoosh asks for the
    position several times per term; everything else goes to the file.
    """

    def __init__(self, file: Any) -> None:
        self._file = file
        self._at = file.tell()

    def write(self, data: Any) -> int:
        written = self._file.write(data)
        self._at += written
        return written

    def tell(self) -> int:
        return self._at

    def seek(self, *args: Any) -> int:
        self._at = self._file.seek(*args)
        return self._at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class _Pairs:
    """One bucket of the term table Whoosh writes at commit: its (hash, position) pairs.

    Whoosh keeps them as a list of tuples, ~130 bytes a term, for every term of
    the segment until the commit ends; at 300k entries (~1.5M terms) that was
    most of the run's peak memory. Two arrays hold the same in 16 bytes.
    """

    __slots__ = ("hashes", "positions")

    def __init__(self) -> None:
        self.hashes = array("Q")
        self.positions = array("Q")

    def append(self, pair: tuple[int, int]) -> None:
        self.hashes.append(pair[0])
        self.positions.append(pair[1])

    def __len__(self) -> int:
        return len(self.hashes)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.hashes, self.positions, strict=True)


class _Blocks(W3PostingsWriter):
    """The codec's postings writer, fed a term's postings a block at a time."""

    _ids: Any  # the block being filled, as Whoosh's writer keeps it

    def add_all(self, parts: list[Postings], lengths: list[int] | None) -> None:
        ids, weights, values = parts[0]
        if len(parts) > 1:
            ids, weights, values = array("I", ids), array("f", weights), list(values)
            for more in parts[1:]:
                ids += more[0]
                weights += more[1]
                values += more[2]
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            block = ids[start : start + limit]
            self._ids = block
            self._weights = weights[start : start + limit]
            self._values = list(filter(None, values[start : start + limit]))
            top = max(self._weights)
            self._maxweight = top if top > 0 else 0
            if lengths is not None:
                known = list(filter(None, map(lengths.__getitem__, block)))
                if known:
                    self._minlength, self._maxlength = min(known), max(known)

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's block layout, with the block data pickled at the highest protocol and
        left uncompressed when short.

        Whoosh pickles the data at protocol 2, which has no opcode for bytes: each
        posting's value went in as a ``codecs.encode`` call on a Latin-1 string,
        twice the size and several times slower to write and to read. Any
        protocol reads back as the same tuple. A block's header says whether its
        data is compressed, so readers take either.
        """
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps(
            (self._mini_ids(), self._mini_weights(), self._mini_values()), pickle.HIGHEST_PROTOCOL
        )
        compression = self._compression if len(data) >= RAW_BELOW else 0
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        info = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                compression,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        postfile.write(pack_int(-size if last else size) + info + data)
        self._blockcount += 1
        self._new_block()

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return (ids[0], *map(sub, ids[1:], ids))

    def _mini_weights(self) -> Any:
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)


def _lengths(reader: Any, fieldname: str) -> list[int] | None:
    """Each document's length in ``fieldname`` as the codec reads it back, or None
    for a field without lengths; what ``doc_field_length`` gives, for all at once."""
    column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return [byte_to_length(b) if b else 0 for b in column]


class TermWriter(SegmentWriter):
    """A ``SegmentWriter`` with a ``TermPool`` and a term-at-a-time segment flush.

    While it is open, the garbage collector's youngest generation is collected
    every ``GC_YOUNG`` new objects instead of every 700: a run makes millions of
    small objects that live until the pool spills, and walking them again and
    again was a fifth of a full index run. The setting is restored when the
    writer commits or is cancelled.
    """

    def __init__(self, ix: Any, limitmb: int, **kwargs: Any) -> None:
        try:
            super().__init__(ix, limitmb=limitmb, **kwargs)
        except BaseException:
            self._discard()
            raise
        self._gc = gc.get_threshold()
        if self._gc[0]:  # 0: automatic collection is off, and stays off
            gc.set_threshold(max(GC_YOUNG, self._gc[0]), *self._gc[1:])
        boosts = {
            name: field.format.field_boost
            for name, field in self.schema.items()
            if isinstance(field, KoreanText) and field.positional
        }
        self.pool = TermPool(self._tempstorage, limitmb, boosts)
        self.options: Options = tuple(
            (name, self.schema[name].pairs, self.schema[name].compounds) for name in boosts
        )
        self._ids = {  # fields whose one term is the value itself
            name
            for name, field in self.schema.items()
            if type(field) is ID
            and type(field.analyzer) is IDTokenizer
            and type(field.format) is Existence
        }
        for structfile in (self.fieldwriter._postfile, self.fieldwriter._tindex.dbfile):
            structfile.file = _Tally(structfile.file)
        self.fieldwriter._tindex.buckets = [_Pairs() for _ in range(256)]
        self._vectors = any(field.vector for _, field in self.schema.items())

    def _discard(self) -> None:
        """Delete what a writer that could not be made had written (a full disk as it
        created its files): its scratch folder, and its new segment's files, which no
        table of contents lists. Only tidying: the error that stopped it matters more."""
        scratch = getattr(self, "_tempstorage", None)
        if scratch is not None:
            with contextlib.suppress(Exception):
                scratch.destroy()
        segment = getattr(self, "newsegment", None)
        if segment is not None:
            with contextlib.suppress(Exception):
                for name in segment.list_files(self.storage):
                    self.storage.delete_file(name)

    def add_document(self, **fields: Any) -> None:
        """``SegmentWriter.add_document``, with a field's postings passed to the pool
        in one call (a ``KoreanText`` field's as positions). Documents with boosts
        (``_boost`` and the like) or term vectors, which ``papers`` does not use,
        take Whoosh's own path, though a field of positions still weighs a posting
        by its count and the field's boost alone."""
        if self._vectors or any(name.startswith("_") for name in fields):
            return super().add_document(**fields)
        return self.add_analysed(analyse(fields, self.options), **fields)

    def add_analysed(self, analysed: dict[str, Terms], **fields: Any) -> None:
        """``add_document`` of ``fields``, whose texts in fields of positions
        ``analyse(fields, self.options)`` made ``analysed`` of (perhaps in another
        process)."""
        if self._vectors or any(name.startswith("_") for name in fields):
            return super().add_document(**fields)
        self._check_state()
        schema, pool, docnum = self.schema, self.pool, self.docnum
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if name in pool.boosts and isinstance(value, str):
                    terms, encoded, length = analysed[name]
                    pool.add_positions(name, docnum, terms, encoded)
                elif name in self._ids and isinstance(value, str):
                    pool.add_many(
                        name, docnum, [(value.encode(), 1, field.format.field_boost, b"")]
                    )
                elif field.indexed:
                    items = list(field.index(value))
                    pool.add_many(name, docnum, items)
                    if field.scorable:
                        length = sum(item[1] for item in items)
                if field.separate_spelling():
                    spelling = field.spelling_fieldname(name)
                    for word in field.spellable_words(value):
                        pool.add((spelling, word.encode("utf-8"), 0, 1, _SPELLED))
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _finish(self) -> None:
        try:
            super()._finish()
        finally:
            gc.set_threshold(*self._gc)

    def cancel(self) -> None:
        """Whoosh's ``cancel``, whose scratch folder goes even when closing the segment
        fails, as it does again on the full disk that stopped the run (the columns
        are flushed to a ``.ctmp`` file there): each failed retry would otherwise
        leave more behind, filling the disk further."""
        try:
            super().cancel()
        finally:
            if not self.is_closed:
                self._finish()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            self._write_terms(reader)
        finally:
            reader.close()
        self.fieldwriter.close()

    def _write_terms(self, reader: Any) -> None:
        fw = self.fieldwriter
        field = None
        lengths: list[int] | None = None
        blocks: _Blocks | None = None
        for fieldname, tbytes, parts in self.pool.terms():
            if fieldname != field:
                if field is not None:
                    fw.finish_field()
                field = fieldname
                fw.start_field(fieldname, self.schema[fieldname])
                blocks = fw._postwriter = _Blocks(
                    fw._postfile,
                    blocklimit=self.codec._blocklimit,
                    compression=self.codec._compression,
                    inlinelimit=self.codec._inlinelimit,
                )
                lengths = _lengths(reader, fieldname)
            assert blocks is not None
            fw.start_term(tbytes)
            blocks.add_all(parts, lengths)
            fw.finish_term()
        if field is not None:
            fw.finish_field()
