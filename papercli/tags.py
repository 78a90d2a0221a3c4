"""The reader's own data: tags, notes and pinned citation keys, in SQLite beside the index.

The Whoosh index can always be rebuilt from the digest files; this cannot,
so it lives in a file of its own next to the index directory
(``<parent>/<index name>.user.sqlite``), never inside it. ``papers index
--rebuild``, deleting the index directory, removing and re-adding digest
files and a new index schema all leave it alone, and rows are keyed by paper
id, so a paper's tags come back as soon as its digest is indexed again.

A paper's id can change (a deeplearn source later seen with its arXiv id):
``move`` carries its data along and leaves an alias behind, and every read
and write by id resolves aliases inside its own transaction, so a write
racing a move lands on the paper's current id, never on an orphan. The file
itself (WAL, migrations, backups) is ``papercli.userdata.db``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from papercli.errors import PapersError, UsageError
from papercli.userdata import parts, rows
from papercli.userdata.db import UserDataError, transaction
from papercli.userdata.names import fold
from papercli.userdata.records import STAGING, Orphan, RestoreReport, checked, read_all, stage

SUFFIX = ".user.sqlite"
_TAG_TERM = re.compile(r"(?<![^\s(])tags?:([^\s()]+)", re.IGNORECASE)
_QUERY_CHARS = '"():*?'
_OPERATORS = frozenset({"and", "or", "not"})


class TagNotFound(PapersError):
    pass


def user_store_path(index: Path) -> Path:
    """``index.user.sqlite`` next to an index directory named ``index``."""
    return index.parent / f"{index.name}{SUFFIX}"


def tag_name(text: str) -> str:
    """A tag as stored and looked up (``fold``): one word, no spaces or commas.

    What any papers could store, so that lookups, ``untag`` and imports still reach a
    tag stored before ``new_tag_name`` refused more."""
    name = fold(text)
    if not name or re.search(r"[\s,]", name) or name.startswith("-"):
        raise UsageError(
            f"a tag is one word without spaces or commas, not starting with '-': {text!r}"
        )
    return name


def new_tag_name(text: str) -> str:
    """A name ``papers tag`` accepts: a ``tag_name`` that ``tag:NAME`` finds in a
    query, so none of the query syntax's own characters and no operator word."""
    name = tag_name(text)
    if any(char in _QUERY_CHARS for char in name) or name in _OPERATORS:
        raise UsageError(
            f"a tag cannot hold any of {' '.join(_QUERY_CHARS)} nor be AND, OR or NOT, "
            f"which a search reads as its own syntax: {text!r}"
        )
    return name


def split_tag_terms(query: str) -> tuple[str, list[str]]:
    """``tag:NAME`` terms taken out of a search query: (the rest, the tag names).

    A tag narrows the search to the papers carrying it, as a filter: one that the
    query's logic would have to invert or join (after ``NOT``, beside ``OR``, inside
    parentheses) is refused rather than read as something else.
    """
    if re.search(r"(?<![^\s(])-tags?:", query, re.IGNORECASE):
        raise UsageError("-tag:NAME (papers without a tag) is not supported; use tag:NAME")
    if re.search(r"(?<![^\s(])tags?:[(\"]", query, re.IGNORECASE):
        raise UsageError("tag:NAME takes one tag name, not a group or a phrase")
    for found in _TAG_TERM.finditer(query):
        before = query[: found.start()].split()
        after = query[found.end() :].split()
        if before and before[-1] == "NOT":
            raise UsageError("NOT tag:NAME (papers without a tag) is not supported; use tag:NAME")
        if (before and before[-1] == "OR") or (after and after[0] == "OR") or _inside(query, found):
            raise UsageError(
                f"{found.group()} narrows the whole search, so it cannot stand beside OR "
                "or inside parentheses; put it beside the other words"
            )
    names = [tag_name(m.group(1)) for m in _TAG_TERM.finditer(query)]
    return " ".join(_TAG_TERM.sub(" ", query).split()), names


def _inside(query: str, found: re.Match[str]) -> bool:
    """Whether ``found`` stands inside parentheses (quoted text aside)."""
    depth, quoted = 0, False
    for char in query[: found.start()]:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")" and depth:
            depth -= 1
    return depth > 0


class UserStore:
    """Tags, notes and citation keys of one index. Each call is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, index: Path) -> UserStore:
        return cls(user_store_path(index))

    # -- ids -----------------------------------------------------------------

    def resolve(self, paper_id: str) -> str:
        """The id the paper's data is kept under now (``paper_id`` when it never moved)."""
        with transaction(self.path, write=False) as db:
            return paper_id if db is None else rows.resolve_one(db, paper_id)

    def ids_for(self, paper_id: str) -> set[str]:
        """Every id that leads to the paper's data: its current id and its old ones."""
        with transaction(self.path, write=False) as db:
            if db is None:
                return {paper_id}
            current = rows.resolve_one(db, paper_id)
            return {current} | rows.aliases_of(db, [current])

    def move(self, moves: Mapping[str, str]) -> None:
        """Carry reader data from old ids to new ones, pair by pair in one transaction.

        Tags become the union (each keeping its earlier time), notes are joined
        (the new id's, a blank line, the old id's; once when equal), the earlier
        pinned citation key is kept and the other freed. The old id then leads to
        the new one, and so does every id that led to the old one; an alias from
        the new id is dropped, that id being live again, so moving data back
        undoes a merge. Does nothing when no store exists: there is nothing to carry.
        """
        pairs = [(old, new) for old, new in moves.items() if old != new]
        if not pairs or not self.path.exists():
            return
        stamp = rows.now()
        with transaction(self.path, write=True) as db:
            assert db is not None
            for old, new in pairs:
                db.execute("DELETE FROM aliases WHERE old_id = ?", (new,))
                merged = parts.of(db, old)
                if new in merged:
                    parts.give_back(db, old, new, merged)
                else:
                    parts.remember(db, old, new)
                rows.merge(db, old, new, stamp)
                rows.point(db, old, new, stamp)

    def orphans(self, live_ids: Collection[str]) -> list[Orphan]:
        """Data kept under ids not in ``live_ids`` (the index's papers), by id."""
        live = set(live_ids)
        return [
            Orphan(
                record["id"],
                tuple(tag["name"] for tag in record["tags"]),
                record["note"],
                record["title"],
                record["citation_key"],
            )
            for record in self.dump()
            if record["id"] not in live
        ]

    def reattach(self, orphan_id: str, new_id: str) -> None:
        """Give an orphan's data to a live paper (``papers doctor --fix``): a ``move``."""
        self.move({orphan_id: new_id})

    # -- tags ----------------------------------------------------------------

    def add_tags(
        self, paper_id: str, names: Iterable[str], title: str | None = None
    ) -> tuple[str, ...]:
        """Add tags (already there is fine); returns the paper's tags afterwards.

        ``title`` is remembered so that the data can find its paper again by
        title should the id vanish from the index.
        """
        wanted = [new_tag_name(name) for name in names]
        stamp = rows.now()
        with transaction(self.path, write=True) as db:
            assert db is not None
            pid = rows.resolve_one(db, paper_id)
            db.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, name, added) VALUES (?, ?, ?)",
                [(pid, name, stamp) for name in wanted],
            )
            rows.remember_title(db, pid, title)
            return rows.tags(db, [pid]).get(pid, ())

    def remove_tags(self, paper_id: str, names: Iterable[str]) -> tuple[str, ...]:
        """Remove tags; a tag the paper does not carry is an error, and nothing is removed."""
        wanted = [tag_name(name) for name in names]
        with transaction(self.path, write=True) as db:
            assert db is not None
            pid = rows.resolve_one(db, paper_id)
            have = rows.tags(db, [pid]).get(pid, ())
            missing = [name for name in wanted if name not in have]
            if missing:
                raise TagNotFound(f"{paper_id} has no tag {missing[0]!r}")
            db.executemany(
                "DELETE FROM tags WHERE paper_id = ? AND name = ?", [(pid, n) for n in wanted]
            )
            rows.forget_title(db, pid)
            return rows.tags(db, [pid]).get(pid, ())

    def tags(self, paper_id: str) -> tuple[str, ...]:
        return self.tags_for([paper_id]).get(paper_id, ())

    def tags_for(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Tags of the papers that have any, keyed by the ids asked (old ids too)."""
        with transaction(self.path, write=False) as db:
            if db is None:
                return {}
            current = rows.resolve(db, ids)
            found = rows.tags(db, current.values())
            return {pid: found[cur] for pid, cur in current.items() if cur in found}

    def tagged(self, names: Iterable[str]) -> set[str]:
        """Ids of the papers carrying every one of ``names``, and the ids they had before."""
        wanted = sorted({tag_name(name) for name in names})
        with transaction(self.path, write=False) as db:
            if db is None or not wanted:
                return set()
            found = {
                row[0]
                for row in db.execute(
                    f"SELECT paper_id FROM tags WHERE name IN ({', '.join('?' * len(wanted))}) "
                    "GROUP BY paper_id HAVING COUNT(*) = ?",
                    [*wanted, len(wanted)],
                )
            }
            return found | rows.aliases_of(db, found)

    def tag_counts(self, prefix: str = "") -> dict[str, int]:
        """Every tag and how many papers carry it, most used first."""
        with transaction(self.path, write=False) as db:
            if db is None:
                return {}
            counts = db.execute(
                "SELECT name, COUNT(*) AS n FROM tags WHERE substr(name, 1, ?) = ? "
                "GROUP BY name ORDER BY n DESC, name",
                (len(fold(prefix)), fold(prefix)),
            )
            return dict(counts.fetchall())

    # -- notes ---------------------------------------------------------------

    def set_note(self, paper_id: str, text: str | None, title: str | None = None) -> bool:
        """Replace the paper's note; None or blank text deletes it. ``title`` as for tags.
        False when there was no note to delete, so the reader is not told one was."""
        with transaction(self.path, write=True) as db:
            assert db is not None
            pid = rows.resolve_one(db, paper_id)
            if text and text.strip():
                db.execute(
                    "INSERT INTO notes (paper_id, text, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, "
                    "updated = excluded.updated",
                    (pid, text.strip(), rows.now()),
                )
                rows.remember_title(db, pid, title)
                return True
            deleted = db.execute("DELETE FROM notes WHERE paper_id = ?", (pid,)).rowcount
            rows.forget_title(db, pid)
            return deleted > 0

    def note(self, paper_id: str) -> str | None:
        return self.notes_for([paper_id]).get(paper_id)

    def notes_for(self, ids: Iterable[str]) -> dict[str, str]:
        """Notes of the papers that have one, keyed by the ids asked (old ids too)."""
        return self._by_id(ids, "SELECT paper_id, text FROM notes")

    def _by_id(self, ids: Iterable[str], query: str) -> dict[str, str]:
        """One value per paper (``query`` selects ``paper_id`` and it), keyed by the ids
        asked, old ids too; nothing for a store not yet written."""
        with transaction(self.path, write=False) as db:
            if db is None:
                return {}
            current = rows.resolve(db, ids)
            found = dict(rows.select(db, query, current.values()))
            return {pid: found[cur] for pid, cur in current.items() if cur in found}

    # -- citation keys -------------------------------------------------------

    def citation_keys(
        self, proposed: dict[str, str], titles: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """Keys for papers, pinned on first use so that a paper's key never changes.

        ``proposed`` maps paper ids to the key each would like; a paper that
        already has a key keeps it, a new one gets its proposal, or the
        proposal with ``a``, ``b``, ... appended when another paper holds it.
        ``titles`` (by id) are remembered as for tags.
        """
        stamp = rows.now()
        with transaction(self.path, write=True) as db:
            assert db is not None
            current = rows.resolve(db, proposed)
            pinned = dict(db.execute("SELECT paper_id, key FROM citekeys").fetchall())
            taken = set(pinned.values())
            fresh: list[tuple[str, str, str]] = []
            for pid in sorted(proposed):
                if current[pid] not in pinned:
                    key = _free(proposed[pid], taken)
                    taken.add(key)
                    pinned[current[pid]] = key
                    fresh.append((current[pid], key, stamp))
            db.executemany("INSERT INTO citekeys (paper_id, key, pinned) VALUES (?, ?, ?)", fresh)
            for pid, title in (titles or {}).items():
                if pid in current:
                    rows.remember_title(db, current[pid], title)
        return {pid: pinned[current[pid]] for pid in proposed}

    def pinned_keys(self, ids: Iterable[str]) -> dict[str, str]:
        """The citation keys pinned so far, keyed by the ids asked (old ids too); pins
        nothing, so that a JSON export carries the keys without writing."""
        return self._by_id(ids, "SELECT paper_id, key FROM citekeys")

    # -- export and import ---------------------------------------------------

    def dump(self) -> Iterator[dict[str, Any]]:
        """Everything, one record per paper id that has data, by id (the fields are in
        ``papercli.userdata.records``); read in one transaction, then handed out."""
        with transaction(self.path, write=False) as db:
            return iter(read_all(db) if db is not None else [])

    def restore(
        self,
        records: Iterable[Mapping[str, Any]],
        resolve: Callable[[dict[str, Any]], str | None],
    ) -> RestoreReport:
        """Bring back ``dump`` records, each onto the live paper ``resolve`` names for it.

        A record merges into data already there as ``move`` merges (importing a file
        twice changes nothing), and the ids it had before lead to it. A record that
        ``resolve`` finds no paper for is kept under its own id, an orphan for
        ``reattach`` to place later. A citation key another paper holds by now stays
        with that paper, and a paper's own pinned key is never replaced. All or nothing:
        a malformed record (a citation key BibTeX cannot read among them) stops the
        import before anything is written. ``resolve`` runs before the write lock is taken.
        """
        wanted = [checked(raw, number) for number, raw in enumerate(records, 1)]
        for record in wanted:
            record["tags"] = [{**tag, "name": tag_name(tag["name"])} for tag in record["tags"]]
        targets = [resolve(dict(record)) for record in wanted]
        counts = {"restored": 0, "merged": 0, "unmatched": 0}
        stamp = rows.now()
        with transaction(self.path, write=True) as db:
            assert db is not None
            for record, target in zip(wanted, targets, strict=True):
                pid = rows.resolve_one(db, target or record["id"])
                had = rows.has_data(db, pid)
                stage(db, record, stamp, pid)
                rows.merge(db, STAGING, pid, stamp)
                for old in [*record["aliases"], record["id"]]:
                    if old != pid and not rows.has_data(db, old) and not rows.is_alias(db, old):
                        rows.point(db, old, pid, stamp)
                counts["unmatched" if target is None else "merged" if had else "restored"] += 1
        return RestoreReport(**counts)


def _free(key: str, taken: set[str]) -> str:
    if key not in taken:
        return key
    for number in range(26 * 27):
        first, second = divmod(number, 26)
        suffix = (chr(96 + first) if first else "") + chr(97 + second)
        if key + suffix not in taken:
            return key + suffix
    raise UserDataError(f"too many papers share the citation key {key!r}")
