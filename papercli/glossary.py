"""The bilingual glossary: AI terms in English and Korean, with their spellings.

A concept is one line of tab-separated spellings (``diffusion	확산	디퓨전``).
Spellings are compared by their analysis key (Hangul spaceless, English
stemmed), so ``Large Language Models`` finds the line holding ``large
language model``. The packaged file can be extended by the reader's own
file: ``$PAPERS_GLOSSARY`` when set, else ``glossary`` in config.toml, else
``glossary.tsv`` in the user config directory (``~/.config/papers/glossary.tsv``
on Linux).

Every search consults the glossary, so it is read lazily: only the lines
sharing a few characters with the query are analysed.

A reader's file that cannot be used (missing, a folder, not UTF-8 text) leaves
the packaged glossary alone, and is never silently ignored: ``papers config``
says so, and ``warning`` gives the line a search prints on stderr. A missing
file at the default place is no warning, as most readers never make one.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from papercli.engine.words import key, units

NOT_FOUND = "not found"
UNREADABLE = "not a readable text file"


@dataclass(frozen=True)
class UserFile:
    """The reader's own glossary file: where it is, which setting named it (``default``
    when none did), its lines, and why it cannot be used (``NOT_FOUND``, ``UNREADABLE``)."""

    path: Path
    origin: str
    lines: tuple[str, ...] = ()
    problem: str | None = None


def user_file() -> UserFile:
    """The reader's glossary file as it is now (see ``config.glossary_setting``)."""
    from papercli.config import glossary_setting

    path, origin = glossary_setting()
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a folder, or a pipe reading would wait on
            return UserFile(path, origin, problem=UNREADABLE)
        text = path.read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return UserFile(path, origin, problem=NOT_FOUND)
    except (OSError, UnicodeDecodeError):
        return UserFile(path, origin, problem=UNREADABLE)
    if "\x00" in text:  # binary that happens to decode
        return UserFile(path, origin, problem=UNREADABLE)
    return UserFile(path, origin, _lines(text))


def setting() -> tuple[str, str]:
    """The glossary row of ``papers config``: the file, and where the setting came from,
    with why the file cannot be used as the config file's row says ``not found``."""
    found = user_file()
    return str(found.path), found.origin + (f"; {found.problem}" if found.problem else "")


def warning() -> str | None:
    """The warning for a search when the reader's file cannot be used, None when it can
    or when it is simply absent from the default place."""
    found = user_file()
    if found.problem is None or (found.origin == "default" and found.problem == NOT_FOUND):
        return None
    return (
        f"your glossary {found.path} ({found.origin}) is {found.problem}; "
        "the packaged glossary alone is used"
    )


@cache
def _packaged() -> tuple[str, ...]:
    return _lines((Path(__file__).parent / "data" / "glossary.tsv").read_text("utf-8"))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def _needles(text: str) -> set[str]:
    """Short pieces of the query that any glossary line it could match must contain."""
    return {u.text[:2] if u.east else u.text[:3] for word in text.split() for u in units(word)}


@dataclass(frozen=True)
class Glossary:
    """Spellings by key; a key in several concepts gets the union of their spellings."""

    spellings: dict[tuple[str, ...], frozenset[str]]

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.spellings), default=0)

    def synonyms(self, text: str) -> tuple[str, ...]:
        """The other spellings of the concepts ``text`` names, in a stable order."""
        own = key(text)
        return tuple(sorted(s for s in self.spellings.get(own, ()) if key(s) != own))

    def __contains__(self, text: str) -> bool:
        return key(text) in self.spellings

    def words(self) -> list[str]:
        """Every spelling, e.g. to suggest a correction for a misspelt query."""
        return sorted({s for forms in self.spellings.values() for s in forms})


def _build(lines: Iterable[str]) -> Glossary:
    spellings: dict[tuple[str, ...], set[str]] = {}
    for line in lines:
        forms = [f.strip() for f in line.split("\t") if f.strip()]
        for form in forms:
            found = key(form)
            if found:
                spellings.setdefault(found, set()).update(forms)
    return Glossary({k: frozenset(v) for k, v in spellings.items()})


def load(query: str | None = None) -> Glossary:
    """The glossary lines that could match ``query`` (all lines when it is None)."""
    lines = _packaged() + user_file().lines
    if query is not None:
        needles = _needles(query)
        if not needles:
            return Glossary({})
        lines = tuple(
            line for line in lines if any(n in line.lower().replace(" ", "") for n in needles)
        )
    return _build(lines)


def origins(text: str) -> list[tuple[str, str]]:
    """The other spellings of the concepts ``text`` names, each with the file that gives
    it: ``packaged`` (papers' own glossary) or the reader's glossary file."""
    wanted = key(text)
    user = user_file()
    found: dict[str, str] = {}
    for lines, origin in ((_packaged(), "packaged"), (user.lines, str(user.path))):
        for line in lines:
            forms = [f.strip() for f in line.split("\t") if f.strip()]
            if any(key(form) == wanted for form in forms):
                for form in forms:
                    if key(form) != wanted:
                        found.setdefault(form, origin)
    return sorted(found.items())
