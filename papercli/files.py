"""Which files an ``index`` run reads: walked once, each file once.

Symlink loops, unreadable folders and a file named twice (directly and
inside a folder) are facts of real archives; they become warnings here so
the run goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from papercli.errors import PathNotFound

SUFFIXES = (".md", ".txt", ".markdown")


@dataclass(frozen=True)
class Found:
    """Files to read, the roots they were found under, and complaints."""

    files: tuple[Path, ...]
    roots: tuple[Path, ...]
    warnings: tuple[str, ...]


def discover(paths: list[Path]) -> Found:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise PathNotFound(f"no such file or directory: {missing[0]}")
    seen: dict[Path, None] = {}
    roots: dict[Path, None] = {}
    warnings: list[str] = []
    for path in paths:
        real = path.resolve()
        roots[real] = None
        if real.is_dir():
            _walk(real, seen, warnings)
        elif real.is_file():
            seen[real] = None
        else:
            warnings.append(f"{path}: not a regular file; skipped")
    return Found(tuple(seen), tuple(roots), tuple(warnings))


def _walk(root: Path, seen: dict[Path, None], warnings: list[str]) -> None:
    visited: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        warnings.append(f"{exc.filename}: {exc.strerror or exc}; skipped")

    for current, dirs, names in os.walk(root, onerror=on_error, followlinks=True):
        try:
            info = os.stat(current)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in visited:
            warnings.append(f"{current}: symlink loop; skipped")
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(current, name)
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                warnings.append(f"{path}: broken link; skipped")
                continue
            if real.is_file():
                seen.setdefault(real, None)


def under(path: str, roots: tuple[Path, ...]) -> bool:
    """True when a recorded file lies in one of this run's roots."""
    candidate = Path(path)
    return any(candidate == root or root in candidate.parents for root in roots)
