"""What the index folder holds and what its files are called.

Whoosh names a commit's table of contents ``_papers_<generation>.toc`` and its
segments' files ``papers_<segment id>.<ext>``; beside them papers keeps
``papers-meta.json`` (the index schema version, and the roots: the files and
folders index runs were given, so that ``papers index`` and ``papers sync``
without a path know what to refresh) and the catalog. Reading these names
needs no Whoosh beyond its top module, so the commands that answer from the
catalog (``show``, ``top``, ``list``) check them without the Whoosh import.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from papercli.files import SUFFIXES

SCHEMA_VERSION = 5
META_FILE = "papers-meta.json"
INDEX_NAME = "papers"
LOCK_FILE = f"{INDEX_NAME}_WRITELOCK"

_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")
_SEGMENT_FILE = re.compile(rf"^{INDEX_NAME}_[0-9a-z]{{16}}\.(?:trm|pst|seg|vps|(?:[\w.]*\.)?col)$")


def latest_toc(names: Iterable[str]) -> str | None:
    """The table of contents Whoosh opens: the one of the highest generation."""
    found = [(int(m.group(1)), name) for name in names if (m := _TOC.match(name))]
    return max(found)[1] if found else None


def toc_name(generation: int) -> str:
    """The table of contents of a commit's generation."""
    return f"_{INDEX_NAME}_{generation}.toc"


def has_index(path: Path) -> bool:
    """True when an index is there, even one too damaged to open: it has a table of
    contents or segment files (one whose table of contents was lost is damaged, not
    absent), or its folder cannot even be listed."""
    try:
        names = os.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return latest_toc(names) is not None or has_segment_files(names)


def has_segment_files(names: Iterable[str]) -> bool:
    """True when ``names`` include a segment's file (``papers_<id>.<ext>``; the lock
    file, ``papers_WRITELOCK``, has no extension)."""
    return any(_SEGMENT_FILE.match(name) for name in names)


def _meta(path: Path) -> dict[str, Any]:
    """The meta file's object; empty when it is missing or unreadable."""
    found = _loaded(path)
    return found if isinstance(found, dict) else {}


def _loaded(path: Path) -> Any:
    """The meta file's JSON value; None when it is missing or unreadable."""
    try:
        return json.loads((path / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    """Replace the meta file whole: a reader never sees it half written, which would
    read as an index of another version and be rebuilt."""
    fd, temporary = tempfile.mkstemp(prefix=".papers-meta-", suffix=".tmp", dir=path)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # as a plain write would, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(meta, file, ensure_ascii=False)
        os.replace(temporary, path / META_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def meta_damaged(path: Path) -> bool:
    """True when the meta file is there but holds no JSON object (truncated, overwritten):
    what it recorded, the schema and the roots, is lost."""
    return (path / META_FILE).exists() and not isinstance(_loaded(path), dict)


def schema_version(path: Path) -> int | None:
    """The index schema version recorded in the folder, None when unreadable."""
    found = _meta(path).get("schema")
    return found if isinstance(found, int) else None


def write_schema_version(path: Path) -> None:
    """Record this version's schema, keeping the roots: a rebuild reads the same files."""
    _write_meta(path, {**_meta(path), "schema": SCHEMA_VERSION})


def roots(path: Path) -> list[Path]:
    """The files and folders index runs were given (resolved), oldest first; none when
    the meta file has no roots (an index from before papers recorded them)."""
    found = _meta(path).get("roots")
    if not isinstance(found, list):
        return []
    return [Path(root) for root in found if isinstance(root, str) and root]


def record_roots(
    path: Path, given: Iterable[Path], *, replace: bool = False, forget: Iterable[Path] = ()
) -> None:
    """Add a run's roots to those recorded (``replace``: the run started the index over,
    so its roots are all it holds now; ``forget``: roots gone whose files all moved). A
    root that walking a recorded folder would reach anyway is not kept beside it, so a
    digest indexed file by file each morning into an indexed folder adds nothing; one the
    walk would skip (a hidden folder, an unusual suffix) is kept, or refreshing the folder
    would drop its papers."""
    gone = set(forget)
    kept: list[Path] = [] if replace else [root for root in roots(path) if root not in gone]
    for root in given:
        if any(_reached(root, old) for old in kept):
            continue
        kept = [old for old in kept if not _reached(old, root)] + [root]
    meta = _meta(path)
    listed = [str(root) for root in kept]
    if listed != meta.get("roots", []):
        _write_meta(path, {**meta, "schema": meta.get("schema", SCHEMA_VERSION), "roots": listed})


def _reached(root: Path, folder: Path) -> bool:
    """True when walking ``folder`` (as ``papercli.files`` walks) reaches ``root``."""
    if root == folder:
        return True
    if folder not in root.parents:
        return False
    inside = root.relative_to(folder).parts
    if any(part.startswith(".") for part in inside):
        return False
    return root.is_dir() or root.name.lower().endswith(SUFFIXES)


def segment_files(names: Iterable[str], segment_ids: Iterable[str]) -> list[str]:
    """The files of these segments (ids as Whoosh's ``segment_id()``, ``papers_<id>``)
    among ``names``, sorted."""
    ids = set(segment_ids)
    return sorted(n for n in names if n.split(".", 1)[0] in ids)


def segment_needs(
    segment_id: str, *, compound: bool, lengths: Iterable[str], columns: Iterable[str]
) -> list[str]:
    """The files Whoosh's codec writes for a segment, which reading it needs.

    A compound segment is one ``.seg`` file. Otherwise the terms (``.trm``), their
    postings (``.pst``) and the stored fields (``._stored.col``) are always written;
    a field's lengths (``._<field>_len.col``) only when a document had a length in
    it (``lengths``: the fields whose total length the table of contents records as
    positive), and a sortable field's values (``.<field>.col``) only when a document
    had a value (``columns``: those with terms in the segment, as every value is
    also indexed). Whoosh reads a column it cannot find as absent, so a lost column
    file would silently read as entries without dates, ids or votes; term vectors
    (``.vps``) are not listed, since papers' schema has none.
    """
    if compound:
        return [f"{segment_id}.seg"]
    names = [f"{segment_id}.trm", f"{segment_id}.pst", f"{segment_id}._stored.col"]
    names += [f"{segment_id}._{field}_len.col" for field in lengths]
    names += [f"{segment_id}.{field}.col" for field in columns]
    return names
