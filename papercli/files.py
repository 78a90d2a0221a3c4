"""Which files an ``index`` run reads: walked once, each file once.

Symlink loops, unreadable folders, file names that are not UTF-8 and a file
named twice (directly and inside a folder) are facts of real archives; they
become warnings here so the run goes on. Every file is identified by its
resolved path, so no route to it (a link, a second root) can index it twice.
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


def require(paths: list[Path]) -> None:
    """Every path is there (a broken link is, for ``discover`` to warn about): checked
    before a run touches the index, so a mistyped path leaves nothing behind."""
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise PathNotFound(f"no such file or directory: {missing[0]}")


def discover(paths: list[Path]) -> Found:
    require(paths)
    seen: dict[Path, None] = {}
    roots: dict[Path, None] = {}
    walked: set[tuple[int, int]] = set()
    warnings: list[str] = []
    for path in paths:
        real = _resolve(path, warnings)
        if real is None or real in roots:
            continue
        roots[real] = None
        if real.is_dir():
            _walk(real, seen, walked, warnings)
        elif real.is_file():
            seen[real] = None
        else:
            warnings.append(f"{shown(path)}: not a regular file; skipped")
    return Found(tuple(seen), tuple(roots), tuple(warnings))


def shown(path: str | Path) -> str:
    """A path fit to print, even when its name is not valid UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _resolve(path: Path, warnings: list[str]) -> Path | None:
    """The real path of a file worth reading, or None with a warning.

    Whoosh stores text, so a name that is not UTF-8 (an archive unpacked
    with CP949 file names) could not be recorded; asking for a rename beats
    failing the whole run.
    """
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        warnings.append(f"{shown(path)}: broken link or symlink loop; skipped")
        return None
    try:
        str(real).encode("utf-8")
    except UnicodeEncodeError:
        warnings.append(f"{shown(path)}: file name is not valid UTF-8; rename it to index it")
        return None
    return real


def _walk(
    root: Path, seen: dict[Path, None], walked: set[tuple[int, int]], warnings: list[str]
) -> None:
    def on_error(exc: OSError) -> None:
        warnings.append(f"{shown(exc.filename)}: {exc.strerror or exc}; skipped")

    for current, dirs, names in os.walk(root, onerror=on_error, followlinks=True):
        try:
            info = os.stat(current)
        except OSError as exc:
            on_error(exc)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in walked:
            if _is_loop(current):
                warnings.append(f"{shown(current)}: symlink loop; skipped")
            dirs[:] = []
            continue
        walked.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            real = _resolve(Path(current, name), warnings)
            if real is not None and real.is_file():
                seen.setdefault(real, None)


def _is_loop(folder: str) -> bool:
    """True when a folder reached again is its own ancestor, not a second link."""
    target = Path(os.path.realpath(folder))
    parent = Path(os.path.realpath(os.path.dirname(folder)))
    return parent == target or target in parent.parents


def under(path: str, roots: tuple[Path, ...]) -> bool:
    """True when a recorded file lies in one of this run's roots. Both are resolved,
    normalised paths, so comparing their text is comparing their parts, and a run over
    a 10k-file index asks this of every file (``Path.parents`` took 30 µs a file)."""
    for root in roots:
        text = str(root)
        if path == text or path.startswith(text if text.endswith(os.sep) else text + os.sep):
            return True
    return False
