"""What the index folder holds and what its files are called.

Whoosh names a commit's table of contents ``_papers_<generation>.toc`` and its
segments' files ``papers_<segment id>.<ext>``; beside them papers keeps
``papers-meta.json`` (the index schema version) and the catalog. Reading these
names needs no Whoosh beyond its top module, so the commands that answer from
the catalog (``show``, ``top``, ``list``) check them without the Whoosh import.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

SCHEMA_VERSION = 4
META_FILE = "papers-meta.json"
INDEX_NAME = "papers"
LOCK_FILE = f"{INDEX_NAME}_WRITELOCK"

_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")


def latest_toc(names: Iterable[str]) -> str | None:
    """The table of contents Whoosh opens: the one of the highest generation."""
    found = [(int(m.group(1)), name) for name in names if (m := _TOC.match(name))]
    return max(found)[1] if found else None


def has_index(path: Path) -> bool:
    """True when an index is there, even one too damaged to open: it has a table of
    contents, or its folder cannot even be listed."""
    try:
        return latest_toc(os.listdir(path)) is not None
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True


def schema_version(path: Path) -> int | None:
    """The index schema version recorded in the folder, None when unreadable."""
    try:
        found = json.loads((path / META_FILE).read_text("utf-8")).get("schema")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, int) else None


def write_schema_version(path: Path) -> None:
    (path / META_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")


def segment_files(names: Iterable[str], segment_ids: Iterable[str]) -> list[str]:
    """The files of these segments (ids as Whoosh's ``segment_id()``, ``papers_<id>``)
    among ``names``, sorted."""
    ids = set(segment_ids)
    return sorted(n for n in names if n.split(".", 1)[0] in ids)
