"""Pass 1 of the paper_notes parser: every line that could start an entry (a heading,
list item, table row or link/id line naming a paper by id), and the file's shape,
the kind and heading level with most starts outside code fences.

Separate because it runs alone for ``detect`` (up to the first start) and sees each
line a bounded number of times; the scanner of pass 2 only consumes its choice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from papercli.parse import ids
from papercli.parse.notes.lines import HEADING, RULE, paper_link_line, table_cells
from papercli.parse.text import HANGUL, fence_marker, toggle

_ITEM = re.compile(r" ?(?:\d{1,3}[.)]|[-*+])[ ]+(.*)")
_TABLE_SEPARATOR = re.compile(r"[ ]*\|?[ ]*:?-{2,}:?[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)*\|?[ ]*$")
_LOOKAHEAD = 3
_SECTION_LINES = 200  # looked down a heading for the link line that names its paper
_BOLD_LINE = re.compile(r" {0,3}(?:\*\*([^*\n]{1,300})\*\*|__([^_\n]{1,300})__)[ ]*")
_BOLD_LABEL = re.compile(  # a bold label over an entry's parts, never a paper's title
    r"[^\w\s]{0,4}[ ]*(?:요약|설명|출처|링크|논문|저자|핵심|결론|참고(?:[ ]*자료)?|내용"
    r"|summary|sources?|links?|papers?|authors?|notes?|references?|tl;?dr|abstract"
    r"|key[ ]+\w+)[ ]*[:：]?",
    re.IGNORECASE,
)
_LONG_WORD = re.compile(r"\b[A-Za-z][\w'-]{3,}")
_TITLED_LINK = re.compile(  # ``Title (https://arxiv.org/abs/ID)``, ``Title — URL``
    r"([^()\[\]<>]{6,300}?[^\s.。!,;:–—-])[ ]*(?:[-–—:|][ ]*)?[(<]?[ ]*"
    r"(https?://(?:www\.)?(?:arxiv\.org|huggingface\.co/papers|hf\.co/papers)\S*?[^\s.,;:)>])"
    r"[ ]*[)>]?"
)
_LATIN_WORDS = re.compile(r"[A-Za-z][\w'-]*[ :-]+[A-Za-z]")  # a paper's English title
_REPEATED = 2  # starts found down a section that make a pattern of the file
_ID_LINE = re.compile(
    r"[^\w\s]{0,6}[ ]*(?:\*\*|__)?[ ]*(?:(?:arxiv|paper|논문)[ ]*(?:id)?[ ]*[:：]?[ ]*)?"
    r"(\d{4}\.\d{4,5}(?:v\d+)?)(?:\*\*|__)?",
    re.IGNORECASE,
)
_ID_LINE_LENGTH = 80
_LIST_INDENT = 2


@dataclass(frozen=True)
class Start:
    """A line that names a paper by id: its shape, heading level and words."""

    index: int
    kind: str  # "heading", "list", "bold", "table" or "line"
    level: int
    arxiv: str
    title: str
    fenced: bool
    strong: bool  # a heading with the id in its own text: never fenced, closes a fence
    weak: bool = False  # named by a link line further down its section (``_linked_below``)


def entry_starts(lines: list[str], limit: int | None = None) -> list[Start]:
    """Every entry start, fenced or not; up to ``limit`` unfenced ones when given."""
    found: list[Start] = []
    unfenced = 0
    fence: str | None = None
    for index, line in enumerate(lines):
        start = _start(lines, index, fence is not None)
        if start is not None and start.strong:
            fence = None
        marker = fence_marker(line)
        if marker:
            fence = toggle(fence, marker)
        elif start is not None:
            found.append(start)
            unfenced += not start.fenced
            if limit is not None and unfenced >= limit:
                break
    return found


def _start(lines: list[str], index: int, fenced: bool) -> Start | None:
    line = lines[index]
    head = line.lstrip(" ")[:1]
    if head == "#":
        return _heading_start(lines, index, fenced)
    if head == "|":
        return _table_start(line, index, fenced)
    bold = _BOLD_LINE.fullmatch(line) if head in ("*", "_") else None
    if bold and (titled := _bold_start(lines, index, bold.group(1) or bold.group(2), fenced)):
        return titled
    indent = len(line) - len(line.lstrip(" "))
    if head and (head.isdigit() or head in "-*+") and indent < _LIST_INDENT:
        item = _ITEM.match(line)
        if item and not RULE.match(line):
            arxiv = ids.arxiv_id_anywhere(item.group(1))
            if arxiv:
                return Start(index, "list", 0, arxiv, item.group(1), fenced, False)
    return _line_start(line, index, fenced)


def _line_start(line: str, index: int, fenced: bool) -> Start | None:
    """A line that is only a link to a paper or only its id (``📄 2505.04921``)."""
    link = paper_link_line(line)
    arxiv = ids.arxiv_id_in(*link) if link else None
    if arxiv is None and len(line) <= _ID_LINE_LENGTH:
        bare = _ID_LINE.fullmatch(line.strip())
        arxiv = ids.arxiv_id_anywhere(bare.group(1)) if bare else None
    if arxiv is None and "://" in line and (titled := _TITLED_LINK.fullmatch(line.strip())):
        arxiv = ids.arxiv_id(titled.group(2)) if _title_cased(titled.group(1)) else None
    return Start(index, "line", 0, arxiv, line, fenced, False) if arxiv else None


def _heading_start(lines: list[str], index: int, fenced: bool) -> Start | None:
    heading = HEADING.match(lines[index])
    if heading is None:
        return None
    level, text = len(heading.group(1)), heading.group(2).strip()
    arxiv = ids.arxiv_id_anywhere(text)
    if arxiv:
        return Start(index, "heading", level, arxiv, text, False, True)
    if not text or fenced:
        return None
    seen = 0
    for below in lines[index + 1 : index + 1 + _LOOKAHEAD]:
        if not below.strip():
            continue
        if HEADING.match(below):
            break
        seen += 1
        link = paper_link_line(below)
        if link is not None:
            arxiv = ids.arxiv_id_in(*link)
            if arxiv:
                return Start(index, "heading", level, arxiv, text, fenced, False)
        if seen >= 2:
            break
    arxiv = _linked_below(lines, index)
    return Start(index, "heading", level, arxiv, text, fenced, False, True) if arxiv else None


def _bold_start(lines: list[str], index: int, text: str, fenced: bool) -> Start | None:
    """A whole-bold line worded as a paper's title (``**1. Title Of The Paper**``) over
    the link line naming its paper, as a heading would be: the title of a digest that
    writes no headings. A bold label (``**Key Results**``, ``**요약:**``) is none."""
    if fenced or _BOLD_LABEL.fullmatch(text.strip()) or text.rstrip().endswith((":", "：")):
        return None
    if "://" in text or ids.arxiv_id_anywhere(text):
        return None  # ``**[Title](…/ID)**`` names its own paper: a line start
    arxiv = _linked_below(lines, index, bold=True)
    return Start(index, "bold", 0, arxiv, lines[index], False, False, True) if arxiv else None


def _linked_below(lines: list[str], index: int, bold: bool = False) -> str | None:
    """The one paper that link lines further down a heading's text name, before the next
    heading (``## Title``, its notes, then ``**출처:** [arXiv](…)``), or the next bold
    line under a ``bold`` one; None when they name none or several (a section of
    related work)."""
    found: set[str] = set()
    for below in lines[index + 1 : index + 1 + _SECTION_LINES]:
        if below.lstrip(" ").startswith("#") and HEADING.match(below):
            break
        if bold and _BOLD_LINE.fullmatch(below):
            break
        link = paper_link_line(below)
        arxiv = ids.arxiv_id_in(*link) if link else None
        if arxiv:
            found.add(arxiv)
    return found.pop() if len(found) == 1 else None


def _table_start(line: str, index: int, fenced: bool) -> Start | None:
    if _TABLE_SEPARATOR.match(line):
        return None
    for cell in table_cells(line):
        arxiv = ids.arxiv_id_anywhere(cell)
        if arxiv:
            return Start(index, "table", 0, arxiv, "", fenced, False)
    return None


def chosen_starts(starts: list[Start], lines: list[str]) -> list[Start]:
    """The starts of the file's shape: the (kind, level) with most unfenced starts.

    Link and id lines are starts only in a file with no other kind, or under headings
    that ``_titles_over_lines`` finds are titles: elsewhere they are the metadata under
    a heading, list item or row.
    """
    unfenced = [s for s in starts if not s.fenced]
    bold = next((s.index for s in unfenced if s.kind == "bold"), None)
    if bold is not None and any(s.kind in ("line", "list") and s.index < bold for s in unfenced):
        # link lines or items open the entries: a bold line under one is a label
        unfenced = [s for s in unfenced if s.kind != "bold"]
    unfenced = _patterned(unfenced)
    if _titles_over_lines(unfenced, lines):
        return [s for s in unfenced if s.kind == "line"]
    counts = Counter((s.kind, s.level) for s in unfenced)
    if any(kind != "line" for kind, _ in counts):
        counts = Counter({key: n for key, n in counts.items() if key[0] != "line"})
    if not counts:
        return []
    priority = {"heading": 0, "list": 1, "bold": 2, "table": 3, "line": 4}
    best = max(counts, key=lambda k: (counts[k], -priority[k[0]], -k[1]))
    chosen: list[Start] = []
    for start in unfenced:
        if (start.kind, start.level) == best or _nested(start, best, chosen):
            chosen.append(start)
    return chosen


def _nested(start: Start, best: tuple[str, int], chosen: list[Start]) -> bool:
    """Whether ``start`` is a heading naming another paper in its own text below the
    file's entry headings (``### [Other](…/ID)`` under ``## Title (arXiv:ID)``): a paper
    of its own, which as the entry's text would be lost."""
    kind, level = best
    return (
        kind == "heading"
        and start.kind == "heading"
        and start.strong
        and start.level > level
        and bool(chosen)
        and start.arxiv != chosen[-1].arxiv
    )


def _patterned(starts: list[Start]) -> list[Start]:
    """``starts`` without the weak ones (a heading or bold line named by a link further
    down its section) that make no pattern: one such heading among starts of another
    kind is a section of the notes (``## Background`` over a link to related work), not
    a paper; at least ``_REPEATED`` of one kind and level are the file's shape. A weak
    start kept takes the link line or item that named it out of the starts (``- 링크:
    URL`` under ``**Title**``): it is that entry's link, not an entry of its own."""
    weak = Counter((s.kind, s.level) for s in starts if s.weak)
    if not weak:
        return starts
    alone = not any(not s.weak and s.kind != "line" for s in starts)
    kept = [s for s in starts if not s.weak or alone or weak[(s.kind, s.level)] >= _REPEATED]
    out: list[Start] = []
    named = None  # the paper of the weak start whose section this is
    for start in kept:
        if start.kind in ("line", "list") and start.arxiv == named:
            continue  # the link line that named the weak start above: its metadata
        if start.weak:
            named = start.arxiv
        elif start.kind not in ("line", "list"):
            named = None
        out.append(start)
    return out


def _title_cased(text: str) -> bool:
    """Words before a link that read as an English title (``Paper Boats Drifting at
    Dawn``), not a sentence (``Builds on the routing idea from``): no Korean, and most
    words of four letters or more capitalised."""
    if HANGUL.search(text) or not _LATIN_WORDS.search(text):
        return False
    long = _LONG_WORD.findall(text)
    capital = sum(1 for word in long if word[0].isupper())
    return bool(long) and capital * 2 > len(long)


def _titles_over_lines(starts: list[Start], lines: list[str]) -> bool:
    """Whether the file opens with one ``#`` heading, named only by the link line below
    it, over link lines of other papers that each have text of their own.

    A file's ``# 제목`` over link-line entries has the shape of such a heading: taken as
    an entry, it would swallow every paper below it. A file of one heading per paper
    has several headings; a paper's own ``# title`` with a "see also" link has no text
    under that link (the file ends, or a heading or another link follows).
    """
    headings = [s for s in starts if s.kind != "line"]
    if len(headings) != 1 or headings[0].kind != "heading" or headings[0].strong:
        return False
    title = headings[0]
    if title.level != 1 or any(s.index < title.index for s in starts):
        return False
    others = [s for s in starts if s.kind == "line" and s.arxiv != title.arxiv]
    return bool(others) and all(_has_text(lines, s.index) for s in others)


def _has_text(lines: list[str], index: int) -> bool:
    """Whether the first non-blank line after ``index`` is text, not a heading or a link."""
    below = next((line for line in lines[index + 1 :] if line.strip()), None)
    return below is not None and not HEADING.match(below) and paper_link_line(below) is None
