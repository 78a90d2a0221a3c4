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
    """The concepts (each a set of spellings) by key. Stemming can give two concepts one
    key (``generation`` and ``generalization`` are both ``gener``); a text then names
    the one whose spelling is closest to it, not both."""

    spellings: dict[tuple[str, ...], tuple[frozenset[str], ...]]

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.spellings), default=0)

    def synonyms(self, text: str) -> tuple[str, ...]:
        """The other spellings of the concepts ``text`` names, in a stable order."""
        own = key(text)
        named = _closest(text, self.spellings.get(own, ()))
        return tuple(sorted({s for forms in named for s in forms if key(s) != own}))

    def __contains__(self, text: str) -> bool:
        return key(text) in self.spellings

    def words(self) -> list[str]:
        """Every spelling, e.g. to suggest a correction for a misspelt query."""
        return sorted({s for concepts in self.spellings.values() for f in concepts for s in f})


def _closest(text: str, concepts: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """Of the concepts sharing ``text``'s key, those with a spelling closest to it, spaces
    and case aside: the longest common start, then the nearest length (``tokenizers``:
    ``tokenizer``, not ``token``)."""
    plain = _plain(text)
    own = key(text)

    def near(forms: frozenset[str]) -> tuple[int, int]:
        return max(
            (_common(plain, f), -abs(len(f) - len(plain)))
            for f in map(_plain, (f for f in forms if key(f) == own))
        )

    found = list(concepts)
    if len(found) < 2:
        return found
    best = max(map(near, found))
    return [forms for forms in found if near(forms) == best]


def _plain(text: str) -> str:
    return "".join(text.lower().split())


def _common(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _build(lines: Iterable[str]) -> Glossary:
    """One concept per line; lines sharing a spelling's exact form are one concept."""
    concepts: dict[tuple[str, ...], list[set[str]]] = {}
    for line in lines:
        forms = [f.strip() for f in line.split("\t") if f.strip()]
        for form in forms:
            found = key(form)
            if not found:
                continue
            same = concepts.setdefault(found, [])
            for concept in same:
                if {_plain(f) for f in concept} & {_plain(f) for f in forms}:
                    concept.update(forms)
                    break
            else:
                same.append(set(forms))
    return Glossary({k: tuple(map(frozenset, v)) for k, v in concepts.items()})


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
    lines = [
        (forms, origin)
        for lines, origin in ((_packaged(), "packaged"), (user.lines, str(user.path)))
        for forms in (tuple(f.strip() for f in line.split("\t") if f.strip()) for line in lines)
        if any(key(form) == wanted for form in forms)
    ]
    named = _closest(text, [frozenset(forms) for forms, _ in lines])
    found: dict[str, str] = {}
    for forms, origin in lines:
        if frozenset(forms) in named:
            for form in forms:
                if key(form) != wanted:
                    found.setdefault(form, origin)
    return sorted(found.items())
