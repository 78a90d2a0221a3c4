"""Where the index lives: ``--index``, the environment, config.toml, ``./index``, user data.

Kept apart from the engine so that every command, including those answering
from the catalog, finds its index folder without loading Whoosh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
