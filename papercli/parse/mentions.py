"""Which parts of a category report are about which of its sources.

A report is split into units: paragraphs, and within a paragraph its list
items (a line opening with ``-``, ``*``, ``•``, ``1.`` or ``①`` starts one; other
lines continue the unit before). A unit names a source when it holds

* the source's title, or the part of it before the first colon (``SpiDR`` of
  ``SpiDR: A Reconfigurable …``) when that part is at least three characters and
  no other source shares it; compared after ``readable_title``, NFKC, case
  folding and with punctuation as spaces, on word boundaries, so Korean
  particles glued to a name (``SpiDR는``) do not hide it;
* a quoted Korean rendering of the title (``'수동 레이더를 통한 …'``): a quoted
  string of at least three words with Hangul, given to the source whose title
  alone shares a Latin word of three or more letters with it
  (``'TIPS: 위협 행위자 …'``); when the report quotes exactly as many such
  renderings as it has sources, the rest are given in order;
* an order word (``첫 번째 논문``, ``두 번째 연구``, ``셋째 논문``, ``논문 2``,
  ``3번 논문``) when the report's order words number its sources exactly
  1..n, so the order is clear.

A unit that only names a source (a label line such as ``- 'Title':``) takes
the units after it, until one names another source or is a section line
(one line ending in ``:`` or opening with a number). A source with no unit
gets no text of its own. Everything is bounded by the report's length times
its number of sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from papercli.parse.latex import readable_title
from papercli.parse.text import HANGUL

_ITEM = re.compile(r"(?:[-*+•·]|\d{1,3}[.)]|[①-⑳])[ ]")
_SECTION_LINE = re.compile(r"\d{1,3}[.)][ ]|.{0,120}:$")
_NON_WORD = re.compile(r"[\W_]+")
_SCRIPT_EDGE = re.compile(r"([a-z0-9])(?=[가-힣])|([가-힣])(?=[a-z0-9])")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")
_QUOTED = re.compile(
    r"(?<![A-Za-z0-9])'([^'\n]{4,200})'|\"([^\"\n]{4,200})\"|“([^”\n]{4,200})”"
    r"|‘([^’\n]{4,200})’|「([^」\n]{4,200})」|『([^』\n]{4,200})』"
)
_ORDINAL_WORDS = {
    "첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
    "열": 10, "둘": 2, "셋": 3, "넷": 4,
}  # fmt: skip
_NOUNS = ("논문", "연구", "페이퍼", "작업")
_PAPER_NOUN = "(?:" + "|".join(_NOUNS) + ")"
_QUOTE_MARKS = "'\"“‘「『"
_BEFORE_NOUN = re.compile(
    r"(?:(첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열)[ ]?번[ ]?째|(첫|둘|셋|넷|다섯)째"
    r"|(?<!\d)(\d{1,2})[ ]?번(?:[ ]?째)?)[ ]?$"
)
_NOUN_NUMBER = re.compile(_PAPER_NOUN + r"[ ]?\d")
_AFTER_NOUN = re.compile(r"[ ]?(\d{1,2})(?![\d.,])")
_BEFORE_REACH = 8
_STOPWORDS = frozenset(
    "the and for with from into via using towards toward are can its our their how what "
    "when why large language model models llm llms learning neural network networks data "
    "based new deep".split()
)
_LABEL_REST = 12
_MIN_WORDS = 3


@dataclass
class _Unit:
    paragraph: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def own_texts(report: str, titles: list[str]) -> list[str]:
    """Per source title, in order, the text of ``report`` about it ("" for none)."""
    if len(titles) == 1:
        return [report]
    names = _names(titles)
    named = _mentioned(report, names)
    owners = _renderings(report, titles)
    ordered = _ordered(report)
    if not (named or owners or ordered):
        return [""] * len(titles)
    units = list(_units(report))
    keys = [_key(unit.text) for unit in units] if named else [""] * len(units)
    found = [{i for i, own in enumerate(names) if any(n in key for n in own)} for key in keys]
    if owners:
        for index, unit in enumerate(units):
            found[index].update(owners[quote] for quote in _quotes(unit.text) if quote in owners)
    if ordered:
        for index, sources in enumerate(_ordinals(units, len(titles))):
            found[index] |= sources
    _carry_labels(units, keys, names, found)
    return [
        _joined(u for u, hit in zip(units, found, strict=True) if i in hit)
        for i in range(len(titles))
    ]


def _mentioned(report: str, names: list[list[str]]) -> bool:
    """Whether any name is in the report; its longest word is looked for first, which
    spares folding a long report that names nothing."""
    folded = unicodedata.normalize("NFKC", report).casefold()
    words = [max(name.split(), key=len) for own in names for name in own if name.strip()]
    if not any(word in folded for word in words):
        return False
    whole = _key(report)
    return any(name in whole for own in names for name in own)


def _units(report: str) -> Iterator[_Unit]:
    paragraph = 0
    current: _Unit | None = None
    for line in report.split("\n"):
        if not line.strip():
            if current is not None:
                yield current
                current = None
            paragraph += 1
        elif current is None or _ITEM.match(line):
            if current is not None:
                yield current
            current = _Unit(paragraph, [line])
        else:
            current.lines.append(line)
    if current is not None:
        yield current


def _key(text: str) -> str:
    """``text`` as space-separated folded words, with a space at each end."""
    folded = unicodedata.normalize("NFKC", readable_title(text)).casefold()
    spaced = _SCRIPT_EDGE.sub(r"\1\2 ", _NON_WORD.sub(" ", folded)).strip()
    return f" {spaced} "


def _names(titles: list[str]) -> list[list[str]]:
    """Per title, the keys that name it: the whole title and a short name no other shares."""
    shorts = [_key(title.split(":", 1)[0]) if ":" in title else "" for title in titles]
    names: list[list[str]] = []
    for title, short in zip(titles, shorts, strict=True):
        own = [key] if len(key := _key(title)) > 2 else []
        if len(short.strip()) >= 3 and shorts.count(short) == 1 and short not in own:
            own.append(short)
        names.append(own)
    return names


def _order_numbers(text: str) -> set[int]:
    """The 1-based numbers of the order words in ``text``: each noun (논문, 연구, …) is
    found, then an ordinal looked for just before it (``두 번째 논문``) or a number
    just after it (``논문 2``), so the cost is that of ``str.find``."""
    numbers: set[int] = set()
    for noun in _NOUNS:
        at = text.find(noun)
        while at >= 0:
            before = _BEFORE_NOUN.search(text, max(0, at - _BEFORE_REACH), at)
            after = _AFTER_NOUN.match(text, at + len(noun))
            if before:
                word = before.group(1) or before.group(2)
                numbers.add(_ORDINAL_WORDS[word] if word else int(before.group(3)))
            elif after:
                numbers.add(int(after.group(1)))
            at = text.find(noun, at + len(noun))
    return numbers


def _ordered(report: str) -> bool:
    """Whether the report has an order word; the cheap signs of one are looked for first."""
    hinted = "째" in report or "번" in report or _NOUN_NUMBER.search(report) is not None
    return hinted and bool(_order_numbers(report))


def _quotes(text: str) -> Iterator[str]:
    """The quoted strings in ``text`` that could render a title in Korean."""
    for match in _QUOTED.finditer(text):
        quote = next(group for group in match.groups() if group is not None).strip()
        if HANGUL.search(quote) and len(quote.split()) >= _MIN_WORDS:
            yield quote


def _renderings(report: str, titles: list[str]) -> dict[str, int]:
    """Quoted Korean renderings of the titles, each with its source's index."""
    if not any(mark in report for mark in _QUOTE_MARKS):
        return {}
    quotes = list(dict.fromkeys(_quotes(report)))
    if not quotes:
        return {}
    words = [_title_words(title) for title in titles]
    owners: list[int | None] = []
    for quote in quotes:
        shared = {w.casefold() for w in _LATIN_WORD.findall(quote)}
        hits = [i for i, own in enumerate(words) if own & shared]
        owners.append(hits[0] if len(hits) == 1 and _distinct(hits[0], shared, words) else None)
    if len(quotes) == len(titles):
        taken = {owner for owner in owners if owner is not None}
        owners = [
            owner if owner is not None else (i if i not in taken else None)
            for i, owner in enumerate(owners)
        ]
    return {quote: owner for owner, quote in zip(owners, quotes, strict=True) if owner is not None}


def _title_words(title: str) -> set[str]:
    return {w.casefold() for w in _LATIN_WORD.findall(title)} - _STOPWORDS


def _distinct(owner: int, shared: set[str], words: list[set[str]]) -> bool:
    """The words a quote shares with its owner's title are in no other title."""
    others = set().union(*(own for i, own in enumerate(words) if i != owner))
    return bool((words[owner] & shared) - others)


def _ordinals(units: list[_Unit], count: int) -> list[set[int]]:
    """Per unit, the sources its order words point to; all empty unless they are 1..count."""
    per_unit = [{number - 1 for number in _order_numbers(unit.text)} for unit in units]
    if set().union(*per_unit) != set(range(count)):
        return [set() for _ in units]
    return per_unit


def _carry_labels(
    units: list[_Unit], keys: list[str], names: list[list[str]], found: list[set[int]]
) -> None:
    """A unit that is only a label naming one source takes the units after it."""
    carried: set[int] = set()
    for index, unit in enumerate(units):
        if found[index]:
            carried = found[index] if _label_only(unit, keys[index], names, found[index]) else set()
        elif carried and _section_line(unit):
            carried = set()
        elif carried:
            found[index] = set(carried)


def _label_only(unit: _Unit, key: str, names: list[list[str]], sources: set[int]) -> bool:
    """One line that names a source by title and says little else."""
    if len(unit.lines) != 1:
        return False
    rest = key
    for source in sources:
        for name in names[source]:
            rest = rest.replace(name, " ")
    return rest != key and len(rest.replace(" ", "")) < _LABEL_REST


def _section_line(unit: _Unit) -> bool:
    return len(unit.lines) == 1 and bool(_SECTION_LINE.match(unit.lines[0].strip()))


def _joined(units: Iterator[_Unit]) -> str:
    out: list[str] = []
    last: int | None = None
    for unit in units:
        if last is not None:
            out.append("\n\n" if unit.paragraph != last else "\n")
        out.append(unit.text)
        last = unit.paragraph
    return "".join(out)
