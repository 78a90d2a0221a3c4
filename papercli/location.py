"""Where the index lives and which layout its folder has, without importing Whoosh.

Kept apart from ``store`` so that commands answering from the catalog
(``papers show``, ``top``, ``list``) can find the index folder and check its
version without paying for the Whoosh import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 3
META_FILE = "papers-meta.json"
INDEX_NAME = "papers"

_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")


@dataclass(frozen=True)
class Location:
    path: Path
    reason: str


def resolve_location(option: str | Path | None, cwd: Path | None = None) -> Location:
    """``--index``, else ``$PAPERS_INDEX``, else config.toml, else ``./index`` if present,
    else user data."""
    if option:
        return Location(Path(option).expanduser(), "--index option")
    env = os.environ.get("PAPERS_INDEX")
    if env:
        return Location(Path(env).expanduser(), "PAPERS_INDEX environment variable")
    from papercli.config import load

    settings = load()
    if settings.index:
        return Location(settings.index, f"config file {settings.path}")
    local = (cwd or Path.cwd()) / "index"
    if local.is_dir():
        return Location(local, "./index in the current directory")
    from platformdirs import user_data_path

    return Location(user_data_path("papers") / "index", "user data directory")


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
