"""The ``paper_notes`` style: free Korean text per paper, keyed by its arXiv id.

Some generators write no fields at all: one entry per paper, marked only by
the paper's arXiv id, then prose. The first one seen writes
``# 📰 Hugging Face Daily Papers – 2025-05-12``, ``## 2505.04921``, a
``🔗 https://huggingface.co/papers/2505.04921`` line and ``**Summary**:``
followed by text that often sits in a ```` ```markdown ```` fence with its own
``# 논문 요약: <title>`` heading. Rather than fit that one generator, an entry
start is any line that names a paper by id, in one of four shapes:

* a heading with the id in it (``## 2505.04921``, ``### [Title](…/papers/ID)``,
  ``## Title (arXiv:ID)``), or a heading whose next lines hold a link line with
  the id (``### Title`` then ``- 논문: https://arxiv.org/abs/ID``);
* a top-level list item with the id (``1. **Title** (arXiv:2501.01234)``), its
  text on the lines after it, indented or not;
* a table row with the id in a cell (``| 1 | Title | 2501.01234 | 요약 |``), its
  text in the column headed 요약/summary/설명 (else its longest Korean cell);
* in a file with none of those, a line that is only a link to the paper
  (``**[Title](https://arxiv.org/abs/ID)**``, ``🔗 https://…/papers/ID``) or only
  its id (``📄 2505.04921``).

The shape (and heading level) with most starts outside code fences is the
file's. Under headings, every other line is the entry's text, headings without
an id too (an unfenced answer's ``## 1. 핵심 동기``; a closing ``## 마치며``
joins the last entry rather than vanish); a level-1 or -2 heading with a date
above the entries' level is a digest header and dates the entries after it.
In lists and link-line files a heading or ``---`` ends the entry.

Text inside code fences is text: fence lines are dropped, nothing is cut at a
fence, and a heading with an id closes a fence left open (a truncated
answer). Link lines, vote lines (``👍 12``, ``Upvotes: 12``, ``추천: 12``),
``Authors:`` lines, images and rules are read as metadata; a leading
``**Summary**:`` label is dropped. The title is, in order, the start line's
own words (a link's label, a bold span, or the heading without its id), a
``# 논문 요약: T``/``제목: T`` line opening the text (or an English ``# T`` or
``**T**`` line; the line stays in the text), then a quoted English title in the
first sentences, or the English one in parentheses after a quoted Korean
rendering (``title_source`` "text"). The first English one of those wins, else
the first at all, else the placeholder ``arXiv <id>`` (``title_source`` "id").
One paper listed twice under one date is one entry with both texts.

Detection needs one entry start and Hangul, and steps aside for the
simple_summary style: a file with its labels (쉬운설명, 관련분야,
PDF 다운로드 링크) or ``## 제목:`` headings is left to it. Lines are looked
at a bounded number of times, so large files stay linear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from papercli.dates import first_date
from papercli.model import Appearance, Paper
from papercli.parse import ids
from papercli.parse.result import StyleResult
from papercli.parse.text import block, plain, strip_emoji, urls

FORMAT = "paper_notes"

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ ]+|(?=\[)|$)(.*)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^`]*)$")
_ITEM = re.compile(r" ?(?:\d{1,3}[.)]|[-*+])[ ]+(.*)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ ]*\1){2,}[ ]*$")
_SIMPLE_LABELS = re.compile(
    r"^[ ]*(?:#{1,6}[ ]*)?(?:[-*+][ ]+)?[^\w\s]{0,4}[ ]*(?:\*\*|__)?[ ]*"
    r"(?:쉬운[ ]*설명|쉽게[ ]*설명|관련[ ]*분야|pdf[ ]*다운로드)"
    r"|^[ ]*#{1,6}[ ]*(?:\*\*)?[ ]*(?:논문[ ]*)?제목[ ]*(?:\*\*)?[ ]*[:：]",
    re.IGNORECASE | re.MULTILINE,
)
_HANGUL = re.compile(r"[가-힣]")
_ID_TEXT = re.compile(
    r"[(\[]?[ ]*(?:arxiv|hf|huggingface)?[ ]*[:：]?[ ]*\d{4}\.\d{4,5}(?:v\d+)?[ ]*[)\]]?", re.I
)
_NUMBERING = re.compile(r"(?:(?:paper|논문)[ ]*)?\d{1,3}[.):][ ]*|(?:paper|논문)[ ]*\d{1,3}$", re.I)
_TITLE_EDGE = " -–—:|·•,;/"
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "「": "」", "『": "』", "《": "》"}
_MDLINK = re.compile(r"!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)|<https?://[^>\s]{1,2000}>")
_LINK_WORDS = 16
_VOTE = re.compile(
    r"(?:👍|⬆️?|🔼|▲|❤️?|⭐️?)[ ]*(?:\*\*)?[ ]*(\d[\d,]{0,11})"
    r"|(?<![\w])(?:upvotes?|votes?|likes?|추천(?:수)?|좋아요)(?:\*\*|__)?[ ]*[:：]?[ ]*"
    r"(?:\*\*|__)?[ ]*(\d[\d,]{0,11})",
    re.IGNORECASE,
)
_VOTE_LINE = re.compile(
    r"[^\w\s]{0,6}[ ]*(?:\*\*|__)?[ ]*(?:" + _VOTE.pattern + r")[ ]*(?:votes?|표|개|명)?",
    re.IGNORECASE,
)
_AUTHORS = re.compile(
    r"[ ]*(?:[-*+][ ]+)?[^\w\s]{0,4}[ ]*(?:\*\*|__)?(?:authors?|저자)(?:\*\*|__)?[ ]*[:：]"
    r"(?:[ ]*(?:\*\*|__))?(.*)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"[ ]*(?:[-*+][ ]+)?[^\w\s*_]{0,4}[ ]*(?:\*\*|__)?[ ]*"
    r"(?P<name>summary|요약|한[ ]?줄[ ]?요약|핵심[ ]?요약|설명|내용|abstract|tl;?dr|description"
    r"|(?P<title>(?:논문[ ]*)?제목|(?:paper[ ]*)?title))"
    r"[ ]*(?:[:：][ ]*(?:\*\*|__)?|(?:\*\*|__)[ ]*[:：]?)[ ]*",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"(?:(?:논문|paper)[ ]*)?(?:요약|정리|리뷰|제목|summary|review|title|notes?)[ ]*[:：\-–—][ ]*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"[ ]*(?:논문[ ]*)?(?:요약|정리|리뷰)(?:[ ]*노트)?[ ]*$")
_GENERIC = re.compile(
    r"(?:(?:논문|paper|핵심|한[ ]?줄|상세|전체)[ ]*)?"
    r"(?:요약|정리|리뷰|개요|소개|summary|overview|review|abstract|notes?|tl;?dr)",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"(?<![A-Za-z0-9])'([^'\n]{6,300})'|\"([^\"\n]{6,300})\"|“([^”\n]{6,300})”"
    r"|‘([^’\n]{6,300})’|「([^」\n]{6,300})」|『([^』\n]{6,300})』|《([^》\n]{6,300})》"
)
_GLOSS = re.compile(r"[\"”'’」』》][ ]?\(([^()\n]{6,300})\)")
_CAPITALISED = re.compile(r"(?<![\w'])[A-Z0-9$\\<][\w$\\{}^<>'’-]*")
_OPENING = 600
_INNER_LINES = 3
_MEDIA = re.compile(
    r"!\[[^\]\n]{0,300}\]\([ ]*(https?://[^)\s]+)"
    r"|<(?:img|video|source)\b[^>]{0,2000}?\bsrc[ ]*=[ ]*[\"']?(https?://[^\"'\s>]+)",
    re.I,
)
_SENTENCE_END = re.compile(r"[다요][.。]?$")
_CELL_BAR = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br[ ]*/?>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(([^()\s]{0,2000})\)")
_BOLD = re.compile(r"(?:\*\*|__)([^*_\n]{2,500}?)(?:\*\*|__)")
_TABLE_SEPARATOR = re.compile(r"[ ]*\|?[ ]*:?-{2,}:?[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)*\|?[ ]*$")
_COLUMNS = {
    "title": re.compile(r"제목|title|논문명|paper[ ]*name|^논문$|^paper$", re.I),
    "text": re.compile(r"요약|summary|설명|내용|description|notes?|코멘트|comment|한[ ]?줄", re.I),
    "votes": re.compile(r"추천|votes?|upvotes?|likes?|좋아요|👍", re.I),
}
_LOOKAHEAD = 3
_ID_LINE = re.compile(
    r"[^\w\s]{0,6}[ ]*(?:\*\*|__)?[ ]*(?:(?:arxiv|paper|논문)[ ]*(?:id)?[ ]*[:：]?[ ]*)?"
    r"(\d{4}\.\d{4,5}(?:v\d+)?)(?:\*\*|__)?",
    re.IGNORECASE,
)
_ID_LINE_LENGTH = 80
_LINK_LABEL = re.compile(
    r"(?:arxiv|pdf|paper|abs|hf|hugging[ ]?face|논문|링크|원문|페이지|link|url|page|code|코드)"
    r"(?:[ ]*(?:링크|link|page|페이지|보기))?",
    re.IGNORECASE,
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")
_LIST_INDENT = 2


def detect(text: str) -> bool:
    """An entry start and Korean text, in a file without the simple style's labels."""
    if not _HANGUL.search(text) or _SIMPLE_LABELS.search(text):
        return False
    return bool(_starts(text.split("\n"), limit=1))


def parse(text: str, source: str) -> StyleResult:
    lines = [line.rstrip() for line in text.split("\n")]
    starts = _starts(lines)
    strong = {s.index for s in starts if s.strong}
    return _Scanner(source, lines, _chosen(starts), strong).run()


# --- pass 1: where entries could start ------------------------------------------------------


@dataclass(frozen=True)
class _Start:
    """A line that names a paper by id: its shape, heading level and words."""

    index: int
    kind: str  # "heading", "list", "table" or "line"
    level: int
    arxiv: str
    title: str
    fenced: bool
    strong: bool  # a heading with the id in its own text: never fenced, closes a fence


def _starts(lines: list[str], limit: int | None = None) -> list[_Start]:
    """Every entry start, fenced or not; up to ``limit`` unfenced ones when given."""
    found: list[_Start] = []
    unfenced = 0
    fence: str | None = None
    for index, line in enumerate(lines):
        start = _start(lines, index, fence is not None)
        if start is not None and start.strong:
            fence = None
        marker = _FENCE.match(line) if "``" in line or "~~" in line else None
        if marker:
            fence = _toggle(fence, marker)
        elif start is not None:
            found.append(start)
            unfenced += not start.fenced
            if limit is not None and unfenced >= limit:
                break
    return found


def _toggle(fence: str | None, marker: re.Match[str]) -> str | None:
    """The open fence after a fence line: opened, closed by a like run, or unchanged."""
    run = marker.group(1)
    if fence is None:
        return run
    if run[0] == fence[0] and len(run) >= len(fence) and not marker.group(2).strip():
        return None
    return fence


def _start(lines: list[str], index: int, fenced: bool) -> _Start | None:
    line = lines[index]
    head = line.lstrip(" ")[:1]
    if head == "#":
        return _heading_start(lines, index, fenced)
    if head == "|":
        return _table_start(line, index, fenced)
    indent = len(line) - len(line.lstrip(" "))
    if head and (head.isdigit() or head in "-*+") and indent < _LIST_INDENT:
        item = _ITEM.match(line)
        if item and not _RULE.match(line):
            arxiv = ids.arxiv_id_anywhere(item.group(1))
            if arxiv:
                return _Start(index, "list", 0, arxiv, item.group(1), fenced, False)
    return _line_start(line, index, fenced)


def _line_start(line: str, index: int, fenced: bool) -> _Start | None:
    """A line that is only a link to a paper or only its id (``📄 2505.04921``)."""
    link = _paper_link_line(line)
    arxiv = ids.arxiv_id_in(*link) if link else None
    if arxiv is None and len(line) <= _ID_LINE_LENGTH:
        bare = _ID_LINE.fullmatch(line.strip())
        arxiv = ids.arxiv_id_anywhere(bare.group(1)) if bare else None
    return _Start(index, "line", 0, arxiv, line, fenced, False) if arxiv else None


def _heading_start(lines: list[str], index: int, fenced: bool) -> _Start | None:
    heading = _HEADING.match(lines[index])
    if heading is None:
        return None
    level, text = len(heading.group(1)), heading.group(2).strip()
    arxiv = ids.arxiv_id_anywhere(text)
    if arxiv:
        return _Start(index, "heading", level, arxiv, text, False, True)
    if not text or fenced:
        return None
    seen = 0
    for below in lines[index + 1 : index + 1 + _LOOKAHEAD]:
        if not below.strip():
            continue
        seen += 1
        link = _paper_link_line(below)
        if link is not None:
            arxiv = ids.arxiv_id_in(*link)
            if arxiv:
                return _Start(index, "heading", level, arxiv, text, fenced, False)
        if seen >= 2 or _HEADING.match(below):
            break
    return None


def _table_start(line: str, index: int, fenced: bool) -> _Start | None:
    if _TABLE_SEPARATOR.match(line):
        return None
    for cell in _cells(line):
        arxiv = ids.arxiv_id_anywhere(cell)
        if arxiv:
            return _Start(index, "table", 0, arxiv, "", fenced, False)
    return None


def _chosen(starts: list[_Start]) -> list[_Start]:
    """The starts of the file's shape: the (kind, level) with most unfenced starts.

    Link and id lines are starts only in a file with no other kind: elsewhere they
    are the metadata under a heading, list item or row.
    """
    counts = Counter((s.kind, s.level) for s in starts if not s.fenced)
    if any(kind != "line" for kind, _ in counts):
        counts = Counter({key: n for key, n in counts.items() if key[0] != "line"})
    if not counts:
        return []
    priority = {"heading": 0, "list": 1, "table": 2, "line": 3}
    best = max(counts, key=lambda k: (counts[k], -priority[k[0]], -k[1]))
    return [s for s in starts if (s.kind, s.level) == best and not s.fenced]


# --- lines ----------------------------------------------------------------------------------


def _paper_link_line(line: str) -> list[str] | None:
    """``_link_line`` for lines that could name a paper (most lines are passed by fast)."""
    lowered = line.lower()
    return _link_line(line) if "arxiv" in lowered or "/papers/" in lowered else None


def _link_line(line: str) -> list[str] | None:
    """The URLs (and ``arXiv:`` ids) of a line that is only links and a short label."""
    stripped = line.strip()
    if not stripped or len(stripped) > 2000:
        return None
    lowered = stripped.lower()
    if "http" not in lowered and "arxiv" not in lowered:
        return None
    found = urls(stripped)
    rest = _MDLINK.sub(" ", stripped)
    for url in found:
        rest = rest.replace(url, " ")
    if not found:
        arxiv = ids.arxiv_id(stripped)
        if arxiv is None:
            return None
        found = [f"arxiv:{arxiv}"]
        rest = _ID_TEXT.sub(" ", rest)
    rest = _VOTE.sub(" ", rest)
    words = sum(1 for ch in rest if ch.isalnum())
    return found if words <= _LINK_WORDS and not _sentence(rest) else None


def _sentence(rest: str) -> bool:
    """Korean prose around a link (a sentence ending in 다/요) is text, not a link line."""
    return bool(_SENTENCE_END.search(rest.strip()))


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BAR.split(body)]


# --- pass 2: entries ------------------------------------------------------------------------


@dataclass
class _Entry:
    start: _Start
    date: dt.date | None
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (line, inside a fence)


@dataclass
class _Built:
    """An entry read into its parts, before papers of one id are merged."""

    arxiv: str
    title: str
    title_source: str
    text: str
    date: dt.date | None
    votes: int | None = None
    authors: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


class _Scanner:
    """Entries and dates, one line at a time, with the chosen starts known up front."""

    def __init__(
        self, source: str, lines: list[str], starts: list[_Start], strong: set[int]
    ) -> None:
        self.source = source
        self.lines = lines
        self.strong = strong
        self.starts = {s.index: s for s in starts}
        self.kind = starts[0].kind if starts else "heading"
        self.level = starts[0].level if starts else 0
        self.date: dt.date | None = None
        self.first_date: dt.date | None = None
        self.entry: _Entry | None = None
        self.built: list[_Built] = []
        self.warnings: list[str] = []
        self.table: list[str] | None = None

    def run(self) -> StyleResult:
        fence: str | None = None
        for index, line in enumerate(self.lines):
            start = self.starts.get(index)
            if index in self.strong:
                fence = None
            marker = _FENCE.match(line) if "``" in line or "~~" in line else None
            if marker:
                fence = _toggle(fence, marker)
                continue
            if fence is not None:
                if self.entry is not None:
                    self.entry.lines.append((line, True))
                continue
            self._line(index, line, start)
        self._close()
        papers = _merged(self.built, self.source)
        return StyleResult(papers=papers, date=self.first_date, warnings=self.warnings)

    def _line(self, index: int, line: str, start: _Start | None) -> None:
        if self.kind == "table" and line.lstrip(" ").startswith("|"):
            self._table_line(line, start)
            return
        self.table = None
        entry = self.entry
        if start is not None and entry is not None and _same_paper(entry, start):
            entry.lines.append((line, False))
            return
        if start is not None:
            self._close()
            self.entry = _Entry(start, self.date)
            return
        heading = _HEADING.match(line) if line.lstrip(" ").startswith("#") else None
        if heading is not None and self._boundary(len(heading.group(1)), heading.group(2)):
            return
        if self.kind in ("list", "line") and _RULE.match(line):
            self._close()
            return
        if self.entry is not None and self.kind != "table":
            self.entry.lines.append((line, False))

    def _boundary(self, level: int, text: str) -> bool:
        """A heading that ends the entry: a dated digest header, or any heading in a list."""
        day = first_date(text) if level <= 2 else None
        header = day is not None and (self.entry is None or level < self.level)
        header = header and not _TITLE_PREFIX.match(strip_emoji(plain(text)))
        if header:
            self._close()
            self.date = day
            self.first_date = self.first_date or day
            return True
        if self.entry is None or self.kind != "heading":
            self._close()
            return True
        return False

    def _table_line(self, line: str, start: _Start | None) -> None:
        if self.table is None:
            self._close()
            self.table = [] if start is not None else [c.casefold() for c in _cells(line)]
        if start is None:
            return
        row = _row(_cells(line), self.table, start)
        self.built.append(_built_from(start, row[0], [row[1]], self.date, row[2]))

    def _close(self) -> None:
        entry, self.entry = self.entry, None
        if entry is None:
            return
        built = _built_from(entry.start, entry.start.title, entry.lines, entry.date, None)
        if not (built.text or built.title_source != "id"):
            self.warnings.append(f"entry {built.arxiv} has neither a title nor any text")
        self.built.append(built)


def _same_paper(entry: _Entry, start: _Start) -> bool:
    """A second link or id line of the paper whose entry has no text yet."""
    return (
        start.kind == "line"
        and entry.start.arxiv == start.arxiv
        and not any(line.strip() for line, _ in entry.lines)
    )


# --- reading one entry ----------------------------------------------------------------------


def _row(
    cells: list[str], header: list[str], start: _Start
) -> tuple[str, tuple[str, bool], int | None]:
    """A table row as (title cell, text cell, votes), by the header's names else by content."""
    columns: dict[str, int] = {}
    for name, pattern in _COLUMNS.items():
        for position, label in enumerate(header):
            if name not in columns and pattern.search(label):
                columns[name] = position

    def cell(name: str) -> str | None:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    rest = [c for c in cells if ids.arxiv_id_anywhere(c) != start.arxiv or _words(c) > 2]
    title = cell("title")
    if title is None:
        title = next((c for c in rest if _mostly_latin(c) and _words(c) >= 2), "")
    text = cell("text")
    if text is None:
        korean = [c for c in rest if c != title and _HANGUL.search(c)]
        text = max(korean, key=len, default="")
    raw_votes = cell("votes")
    votes = _number(raw_votes) if raw_votes else None
    return title, (text, False), votes


def _built_from(
    start: _Start,
    heading: str,
    lines: list[tuple[str, bool]],
    date: dt.date | None,
    votes: int | None,
) -> _Built:
    """One entry's parts: metadata, the text, and the title by the module's order."""
    meta = _Meta(votes=votes)
    named, remainder = _start_parts(heading, start.arxiv)
    body = meta.read([(remainder, False), *lines] if remainder else lines)
    outer = _clean_title(named)
    inner = _inner_title(body)
    text = block(_split_breaks(body), _text_line)
    candidates = [(outer, "heading"), (inner, "heading"), (_quoted_title(text), "text")]
    found = [(t, s) for t, s in candidates if t]
    title, source = next(
        ((t, s) for t, s in found if _mostly_latin(t)), found[0] if found else ("", "id")
    )
    return _Built(
        arxiv=start.arxiv,
        title=title or f"arXiv {start.arxiv}",
        title_source=source if title else "id",
        text=text,
        date=date,
        votes=meta.votes,
        authors=meta.authors,
        media=tuple(dict.fromkeys(meta.media)),
        links=tuple(meta.links),
    )


@dataclass
class _Meta:
    """Metadata read off an entry's unfenced lines; ``read`` returns the text lines."""

    votes: int | None = None
    authors: tuple[str, ...] = ()
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def read(self, lines: list[tuple[str, bool]]) -> list[str]:
        body: list[str] = []
        for line, fenced in lines:
            if _RULE.match(line):
                body.append("")
            elif fenced:
                body.append(line)
            elif not self._metadata(line):
                label = _LABEL.match(line) if not body or not any(b.strip() for b in body) else None
                if label is not None and label.group("title") is None:
                    rest = line[label.end() :]
                    if rest.strip():
                        body.append(rest)
                    continue
                body.append(line)
        return body

    def _metadata(self, line: str) -> bool:
        stripped = line.strip()
        if not stripped:
            return False
        media = (
            [a or b for a, b in _MEDIA.findall(stripped)]
            if ("![" in stripped or "src" in stripped)
            else []
        )
        if media and not plain(stripped):
            self.media.extend(media)
            return True
        if len(stripped) <= 80:
            vote = _VOTE_LINE.fullmatch(stripped.rstrip("*_ "))
            if vote:
                self.votes = (
                    self.votes
                    if self.votes is not None
                    else _number(vote.group(1) or vote.group(2))
                )
                return True
        authors = _AUTHORS.match(stripped) if len(stripped) <= 5000 else None
        if authors and not self.authors:
            names = (plain(name).strip(" .") for name in authors.group(1).split(","))
            self.authors = tuple(n for n in names if n and any(c.isalpha() for c in n))
            return True
        link = _link_line(stripped)
        if link is not None:
            self.links.extend(link)
            vote = _VOTE.search(stripped)
            if vote and self.votes is None:
                self.votes = _number(vote.group(1) or vote.group(2))
            return True
        return False


def _start_parts(raw: str, arxiv: str) -> tuple[str, str]:
    """A start line as its title words and the text after them.

    The title is the label of a link to the paper or a bold span when the line
    has one (``[T](…/papers/ID) — 설명``, ``**T** (arXiv:ID): 설명``), else the line.
    """
    link = next((m for m in _LINK.finditer(raw) if ids.arxiv_id(m.group(2)) == arxiv), None)
    label = strip_emoji(_ID_TEXT.sub("", link.group(1))) if link is not None else ""
    if link is not None and label and not _LINK_LABEL.fullmatch(label):
        title, rest = link.group(1), raw[: link.start()] + " " + raw[link.end() :]
    elif bold := _BOLD.search(raw):
        title, rest = bold.group(1), raw[: bold.start()] + " " + raw[bold.end() :]
    else:
        return raw, ""
    rest = _ID_TEXT.sub(" ", _LINK.sub(r"\1", rest))
    for url in urls(rest):
        rest = rest.replace(url, " ")
    rest = " ".join(rest.split()).strip(_TITLE_EDGE + "()[]")
    return title, rest if sum(ch.isalpha() for ch in rest) >= 2 else ""


def _split_breaks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_BR.split(line) if "<" in line else [line])
    return out


def _text_line(line: str) -> str:
    heading = _HEADING.match(line) if line.lstrip(" ").startswith("#") else None
    return plain(heading.group(2) if heading else line)


def _inner_title(body: list[str]) -> str:
    """A title line among the first lines of the text (which keeps it).

    ``# 논문 요약: T`` and ``제목: T`` name a title in any language; a bare heading
    or whole-bold line only when it is English (``**1. 핵심 동기**`` is a section).
    """
    seen = 0
    for line in body:
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > _INNER_LINES:
            break
        raw = _title_line(stripped)
        if raw is None:
            continue
        explicit = bool(_TITLE_PREFIX.match(strip_emoji(plain(raw)))) or _LABEL.match(stripped)
        title = _clean_title(raw, numbered=False)
        if title and (explicit or _mostly_latin(title)):
            return title
    return ""


def _title_line(line: str) -> str | None:
    heading = _HEADING.match(line)
    if heading:
        return heading.group(2)
    label = _LABEL.match(line)
    if label is not None and label.group("title") is not None:
        return "제목: " + line[label.end() :]
    if line.startswith(("**", "__")) and line.endswith(("**", "__")) and len(line) > 4:
        inner = line[2:-2]
        if "**" not in inner and "__" not in inner:
            return inner
    return None


def _clean_title(raw: str, numbered: bool = True) -> str:
    """Heading words as a title: no id, link URL, numbering, emoji, quotes or labels.

    With ``numbered`` False a numbered line (``1. 핵심 동기``) is a section, no title.
    """
    if not raw:
        return ""
    text = _ID_TEXT.sub(" ", plain(raw))
    for url in urls(text):
        text = text.replace(url, " ")
    text = strip_emoji(" ".join(text.split())).strip(_TITLE_EDGE)
    numbering = _NUMBERING.match(text)
    if numbering:
        if not numbered:
            return ""
        text = text[numbering.end() :].strip(_TITLE_EDGE)
    prefix = _TITLE_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    text = _TITLE_SUFFIX.sub("", text).strip(_TITLE_EDGE)
    text = _unquoted(text.replace("()", "").replace("[]", "").strip(_TITLE_EDGE))
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return ""
    if _GENERIC.fullmatch(text) or _LINK_LABEL.fullmatch(text):
        return ""
    return text


def _unquoted(text: str) -> str:
    if len(text) > 1 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def _quoted_title(text: str) -> str:
    """The first quoted English title in the opening sentences, or the English one in
    parentheses right after a quoted Korean rendering (``"한국어 제목"(English Title)``)."""
    opening = text[:_OPENING]
    found = [
        (m.start(), next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(opening)
    ]
    found += [(m.start(), m.group(1)) for m in _GLOSS.finditer(opening)]
    for _, quote in sorted(found):
        if _title_like(quote.strip()):
            return quote.strip()
    return ""


def _title_like(quote: str) -> bool:
    """Mostly Latin, two words or more, two of them capitalised (or a colon)."""
    words = quote.split()
    if len(words) < 2 or not _mostly_latin(quote) or _HANGUL.search(quote):
        return False
    capitals = len(_CAPITALISED.findall(quote))
    return capitals >= 2 or (":" in quote and capitals >= 1)


def _mostly_latin(text: str) -> bool:
    return len(_LATIN_LETTER.findall(text)) > len(_OTHER_LETTER.findall(text))


def _words(text: str) -> int:
    return len(text.split())


def _number(raw: str) -> int | None:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return int(digits) if digits and len(digits) <= 9 else None


# --- papers ---------------------------------------------------------------------------------


def _merged(built: list[_Built], source: str) -> list[Paper]:
    """One paper per id and date, in first-seen order; a repeat adds its text, fills gaps."""
    by_id: dict[tuple[str, dt.date | None], _Built] = {}
    for entry in built:
        earlier = by_id.get((entry.arxiv, entry.date))
        if earlier is None:
            by_id[(entry.arxiv, entry.date)] = entry
            continue
        if _better(entry, earlier):
            earlier.title, earlier.title_source = entry.title, entry.title_source
        if entry.text and entry.text not in earlier.text:
            earlier.text = f"{earlier.text}\n\n{entry.text}" if earlier.text else entry.text
        earlier.votes = earlier.votes if earlier.votes is not None else entry.votes
        earlier.authors = earlier.authors or entry.authors
        earlier.media = tuple(dict.fromkeys(earlier.media + entry.media))
    return [_paper(entry, source) for entry in by_id.values()]


def _better(entry: _Built, than: _Built) -> bool:
    order = ("heading", "text", "id")
    rank = (order.index(entry.title_source), not _mostly_latin(entry.title))
    return rank < (order.index(than.title_source), not _mostly_latin(than.title))


def _paper(entry: _Built, source: str) -> Paper:
    appearance = Appearance(
        date=entry.date,
        format=FORMAT,
        source=source,
        votes=entry.votes,
        summary=entry.text,
        media=entry.media,
    )
    return Paper(
        id=entry.arxiv,
        title=entry.title,
        authors=entry.authors,
        url=ids.abs_url(entry.arxiv),
        pdf_url=ids.pdf_url(entry.arxiv),
        appearances=(appearance,),
        title_source=entry.title_source,
    )
