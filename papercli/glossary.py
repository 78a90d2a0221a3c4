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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from papercli.engine.words import key, strip_particle, units, verbal_noun

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
    return {
        piece
        for word in text.split()
        for u in units(word)
        for piece in ([u.text[:2]] if u.east else [u.text[:3], u.terms[0][:3]])
    }


@dataclass(frozen=True)
class Glossary:
    """The concepts (each a set of spellings) by key. Stemming can give two concepts one
    key (``tokenizer`` and ``token`` are both ``token``); a text that spells one of them
    exactly names that one only."""

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

    def named(self, words: Sequence[str]) -> str | None:
        """The spelling a run of words names: the run itself, or the run with its last
        word's particle or verbal ending dropped (``양자화를``, ``양자화하는``, ``스스로
        개선하는``), or its ``-기`` (a tool for it: ``분류기``, ``음성 인식기``); None when
        it names no concept."""
        last = words[-1]
        bare = strip_particle(last)
        tool = bare[:-1] if bare.endswith("기") and len(bare) > 2 else None
        for form in dict.fromkeys([last, bare, verbal_noun(last), tool]):
            text = " ".join([*words[:-1], form]) if form else ""
            if text and text in self:
                return text
        return None

    def words(self) -> list[str]:
        """Every spelling, e.g. to suggest a correction for a misspelt query."""
        return sorted({s for concepts in self.spellings.values() for f in concepts for s in f})


def _closest(text: str, concepts: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """Of the concepts sharing ``text``'s key, the one that spells it exactly (spaces, case
    and a plural ``s`` aside: ``tokenizers`` is ``tokenizer``, not ``token``); all of
    them when none or several do (``optimize`` names ``optimization`` and ``optimizer``)."""
    found = list(concepts)
    plain = _plain(text)
    spelled = {plain, plain.removesuffix("s"), plain.removesuffix("es")}
    exact = [forms for forms in found if spelled & {_plain(f) for f in forms}]
    return exact if len(exact) == 1 else found


def _plain(text: str) -> str:
    return "".join(text.lower().split())


def _build(lines: Iterable[str]) -> Glossary:
    """One concept per line; lines sharing a spelling's exact form are one concept."""
    concepts: dict[tuple[str, ...], list[set[str]]] = {}
    for line in lines:
        forms = _forms(line)
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
    """The other spellings of the concepts ``text`` names (as ``Glossary.synonyms`` finds
    them), each with the file that first gives it: ``packaged`` (papers' own glossary) or
    the reader's glossary file."""
    wanted = key(text)
    user = user_file()
    sources = [(line, "packaged") for line in _packaged()]
    sources += [(line, str(user.path)) for line in user.lines]
    lines = [(line, origin) for line, origin in sources if wanted in map(key, _forms(line))]
    named = _closest(text, _build(line for line, _ in lines).spellings.get(wanted, ()))
    found: dict[str, str] = {}
    for line, origin in lines:
        for form in _forms(line):
            if key(form) != wanted and any(form in forms for forms in named):
                found.setdefault(form, origin)
    return sorted(found.items())


def _forms(line: str) -> list[str]:
    return [form.strip() for form in line.split("\t") if form.strip()]
