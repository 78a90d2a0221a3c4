"""Optional user settings from ``config.toml``, and where each effective value came from.

The file is optional and every key in it is: without it ``papers`` behaves
exactly as documented. Its place is the user config directory
(platformdirs), or ``$PAPERS_CONFIG`` so that tests and scripts never read
the reader's own file. Unknown keys are refused rather than ignored, because
a misspelt setting that silently does nothing is worse than an error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from papercli.errors import UsageError

CONFIG_ENV = "PAPERS_CONFIG"
GLOSSARY_ENV = "PAPERS_GLOSSARY"
DEFAULT_LIMITS = {"search": 20, "top": 10, "list": 50}
COLOURS = ("auto", "always", "never")
KEYS = ("index", "limits", "glossary", "colour")


@dataclass(frozen=True)
class Config:
    """The settings a config file gives; ``origins`` says which came from the file."""

    path: Path
    found: bool
    index: Path | None = None
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    glossary: Path | None = None
    colour: str = "auto"
    origins: frozenset[str] = frozenset()

    def origin(self, key: str) -> str:
        return f"config file {self.path}" if key in self.origins else "default"

    def limit(self, command: str) -> int:
        return self.limits[command]


def config_path() -> Path:
    """``$PAPERS_CONFIG``, else ``config.toml`` in the user config directory."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("papers") / "config.toml"


def load() -> Config:
    """The effective file settings; a broken file is a one-line usage error."""
    path = config_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Config(path=path, found=False)
    return _read(path, stamp)


def glossary_setting() -> tuple[Path, str]:
    """The reader's own glossary file and why: ``$PAPERS_GLOSSARY``, else ``glossary`` in
    config.toml, else ``glossary.tsv`` in the user config directory."""
    env = os.environ.get(GLOSSARY_ENV)
    if env:
        return Path(env).expanduser(), f"{GLOSSARY_ENV} environment variable"
    settings = load()
    if settings.glossary:
        return settings.glossary, settings.origin("glossary")
    from platformdirs import user_config_path

    return user_config_path("papers") / "glossary.tsv", "default"


def colour_mode() -> str:
    """``auto``, ``always`` or ``never``; never raises, since errors are printed in colour too."""
    try:
        return load().colour
    except UsageError:
        return "auto"


@lru_cache(maxsize=4)
def _read(path: Path, stamp: int) -> Config:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"the config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise UsageError(
            f"the config file {path} has unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})"
        )
    base = path.parent
    return Config(
        path=path,
        found=True,
        index=_path(data, "index", base, path),
        limits=_limits(data.get("limits", {}), path),
        glossary=_path(data, "glossary", base, path),
        colour=_colour(data.get("colour", "auto"), path),
        origins=frozenset(data) | {f"limits.{name}" for name in data.get("limits", {})},
    )


def _path(data: dict[str, Any], key: str, base: Path, source: Path) -> Path | None:
    """A path setting; relative paths are relative to the config file, ``~`` expanded."""
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{key} in the config file {source} must be a non-empty path string")
    return base / Path(value).expanduser()


def _limits(value: Any, source: Path) -> dict[str, int]:
    if not isinstance(value, dict):
        raise UsageError(f"limits in the config file {source} must be a table, e.g. [limits]")
    limits = dict(DEFAULT_LIMITS)
    for command, number in value.items():
        if command not in DEFAULT_LIMITS:
            raise UsageError(
                f"limits.{command} in the config file {source} is unknown "
                f"(known: {', '.join(DEFAULT_LIMITS)})"
            )
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise UsageError(
                f"limits.{command} in the config file {source} must be a whole number >= 0"
            )
        limits[command] = number
    return limits


def _colour(value: Any, source: Path) -> str:
    if value not in COLOURS:
        raise UsageError(
            f"colour in the config file {source} must be one of {', '.join(COLOURS)}, not {value!r}"
        )
    return value
