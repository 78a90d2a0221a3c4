"""The ``simple_summary`` style: one loosely marked-up block per paper.

These digests are machine-written and their markup drifts from file to file:
the title may be ``## 제목: T``, ``## 제목:`` with ``**T**`` on the next line,
``### 논문 3: T`` or a bare ``### T``; the fields (요약, 쉬운설명, 관련분야,
추천수, PDF 다운로드 링크) may be bold, headings or plain ``name:`` lines with
the value on the same or the following lines. A grammar would break on the
next variant, so the parser works in three forgiving passes:

1. every line is classified once (blank, rule, wrapper heading, label,
   heading, text) by anchored regexes with bounded repeats, so long lines
   and large files stay linear;
2. blocks are cut at title lines, with ``---``/``***`` rules and wrapper
   headings (``### Professional Summary``, ``## 쉬운 요약``) as hard
   boundaries; a thumbnail right above a title moves down to that title;
3. each block is read into an entry and judged: it is a paper when it
   carries simple-style labels and paper evidence (an arXiv id, a PDF link,
   or two of 쉬운설명/관련분야/추천수). Blocks with 중요도/전체링크/출처 and
   no paper link are news, and lists without these labels are products or
   chatter; neither yields papers. Once a file has one such paper, weaker
   blocks (a truncated entry, a repeat with only 쉬운설명) are kept if they
   have a title or an id.

Choices worth knowing:

* A title line without a title (``## 제목:`` followed by the fields) gets
  the placeholder title ``arXiv <id>`` (or the PDF link when the id is not
  an arXiv one) and a warning; the store prefers a real title from another
  appearance. A block with neither id nor title is skipped with a warning;
  one with a title but no link at all is kept under a title id, also with a
  warning, since nothing ties it to a paper page.
* A paper repeated in the same file (a second, simplified pass) is merged
  into its first occurrence: same arXiv id, or, when either lacks one, the
  same ``title_key``. Missing parts are filled in and differing summary
  parts appended, so each paper has one appearance per file.
* A heading deeper than the entry's title, inside a labelled entry and
  before its PDF link, is a subsection: it ends the current field and its
  text is not kept. After the PDF link such a heading starts a new entry.
* Media are the block's images other than the PDF link, author avatars
  (``/avatars/``) and non-http(s) URLs.
* Values are read as other generators write them: a dash may stand for the
  colon (``**요약** - x``), votes may be ``1.2k`` or ``3만`` (a lone ``-`` is no
  count), fields may be ``#hashtags`` or split at ``|`` or a spaced ``/``, and a
  title glossed in Korean keeps its English (``Title (한국어 제목)``). The date is
  a heading's, else a line of a few words above the first entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from papercli.dates import first_date
from papercli.model import Appearance, Paper, placeholder
from papercli.parse.ids import abs_url, arxiv_id, arxiv_id_in, pdf_url, stable_id, title_key
from papercli.parse.result import StyleResult
from papercli.parse.text import (
    block,
    normalize_newlines,
    plain,
    shorten,
    strip_emoji,
    untranslated,
    urls,
)

FORMAT = "simple_summary"

_TITLE = "title"
_SUMMARY = "summary"
_EASY = "easy"
_FIELDS = "fields"
_VOTES = "votes"
_PDF = "pdf"
_AUTHORS = "authors"
_NEWS = "news"

# Order matters where names share a start: PDF's "논문 링크" before the title's "논문".
_NAMES = (
    (_PDF, r"pdf(?:[ ]*(?:다운로드|download))?(?:[ ]*(?:링크|link|url))?|(?:논문|paper)[ ]*링크"),
    (_TITLE, r"논문[ ]*제목|제목|논문[ ]*\d{1,3}|논문|paper[ ]*title|title|paper[ ]*\d{1,3}"),
    (_SUMMARY, r"핵심[ ]*요약|요약|summary"),
    (_EASY, r"쉬운[ ]*설명|쉽게[ ]*설명|easy[ ]*explanation"),
    (
        _FIELDS,
        r"관련[ ]*분야|연구[ ]*분야|분야|키워드|해시[ ]*태그|태그|keywords|"
        r"related[ ]*(?:fields?|areas?|topics?)|fields?|topics?|tags?",
    ),
    (_VOTES, r"추천[ ]*수|추천|좋아요|upvotes?|votes?|likes?"),
    (_AUTHORS, r"저자|authors?"),
    (_NEWS, r"중요도|전체[ ]*링크|출처"),
)
_KINDS = tuple(kind for kind, _ in _NAMES)
# Bare English words other styles write plainly (Daily Papers' "Vote: 52"): labels only
# when marked.
_MARKED_ONLY = frozenset("vote votes like likes field fields topic topics tag tags".split())
_SYMBOL = r"(?:[^\w\s\[\]()!#*_:：,.<>-]{1,4}[ ]*)?"
_LABEL = re.compile(
    r"(?P<head>#{1,6})?[ ]*(?:(?:[-+•]|\*(?!\*)|\d{1,2}[.)])[ ]+)?"
    + _SYMBOL
    + r"(?P<open>\*\*|__)?[ ]*"
    + _SYMBOL
    + r"(?:"
    + "|".join(f"(?P<{kind}>{names})" for kind, names in _NAMES)
    + r")(?![^\W_])[ ]*(?:\([^()\n]{0,40}\)[ ]*)?(?P<tail>.*)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"(#{1,6})[ ]+(.*)")
_RULE = re.compile(r"(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,}")
_WRAPPER = re.compile(
    r"(?:(?:professional|simplified|simple|easy|expert|technical|detailed|short)[ ]+)?"
    r"summar(?:y|ies)"
    r"|(?:(?:쉬운|쉽게[ ]*풀어[ ]*쓴|전문가?|상세|간단한|간략한|기술적)[ ]*)?(?:요약|설명)"
    r"(?:[ ]*(?:편|버전|섹션))?"
    r"|논문의[ ]*간략한[ ]*분석[ ]*및[ ]*요약",
    re.IGNORECASE,
)
_MDLINK = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\([ ]*<?([^)\s>]{1,2000})")
_PDF_LINK_LINE = re.compile(r"!?\[[^\[\]\n]{0,500}pdf", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+(?:,\d{3})*)(?:(\.\d{1,3})?[ ]?([kKmM천만])(?![A-Za-z]))?")
_SCALE = {"k": 1000, "m": 1_000_000, "천": 1000, "만": 10_000}
_NO_VALUE = frozenset({"-", "–", "—", "−", "n/a", "N/A"})
_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])[ ]+")
_SEPARATORS = re.compile(r"[,，、;；]")
_WEAK_SEPARATORS = re.compile(r"[·・|｜]|[ ]/[ ]")
_HASHTAG = re.compile(r"(?<![\w&#])#([^\s#,，、;；]{1,60})")
_NUMBERING = re.compile(r"(?:\d{1,3}[.)]|[①-⑳])[ ]+")
_TRAILING_DATE = re.compile(r"[ ]*[(\[]\d{4}[-./]\d{1,2}[-./]\d{1,2}[)\]][ ]*$")
_DASH = ("-", "–", "—")
_DATE_LINE_WORDS = 6
_HEADING_LINE = re.compile(r"^#{1,6}[ ].*$", re.MULTILINE)
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』"}

_MARKERS = frozenset({_TITLE, _SUMMARY, _EASY, _FIELDS, _VOTES, _PDF})
_PAPER_LABELS = frozenset({_EASY, _FIELDS, _VOTES})
_SHORT = frozenset({_TITLE, _FIELDS, _VOTES, _PDF, _AUTHORS, _NEWS})
_MAX_VOTE_DIGITS = 12

# Line kinds. A heading is a title line until the splitter demotes it to a subheading.
_BLANK = "blank"
_RULED = "rule"
_WRAP = "wrapper"
_LABELLED = "label"
_HEAD = "heading"
_SUB = "subheading"
_TEXT = "text"


class _Line(NamedTuple):
    """One classified line: ``value`` is a label's rest or a heading's text."""

    no: int
    kind: str
    raw: str
    value: str = ""
    label: str = ""
    level: int = 0


@dataclass
class _Block:
    """A block being cut: its lines and what the splitter needs to know."""

    lines: list[_Line] = field(default_factory=list)
    title_level: int | None = None
    titled: bool = False
    body: bool = False
    labelled: bool = False
    has_pdf: bool = False


@dataclass
class _Entry:
    """What one block says about its paper, before judging and merging."""

    line: int
    title: str = ""
    arxiv: str | None = None
    pdf_link: str | None = None
    summary: str = ""
    easy: str = ""
    fields: list[str] = field(default_factory=list)
    votes: int | None = None
    authors: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    strong: bool = False
    weak: bool = False
    warnings: list[str] = field(default_factory=list)

    def absorb(self, other: _Entry) -> None:
        """Take what a later mention of the same paper adds."""
        self.title = self.title or other.title
        self.arxiv = self.arxiv or other.arxiv
        self.pdf_link = self.pdf_link or other.pdf_link
        self.summary = _joined(self.summary, other.summary)
        self.easy = _joined(self.easy, other.easy)
        self.votes = self.votes if self.votes is not None else other.votes
        self.fields = _union(self.fields, other.fields)
        self.authors = self.authors or other.authors
        self.media = _union(self.media, other.media)


@dataclass
class _Scan:
    """A block's raw material: label values, bare title headings, links, own text."""

    values: dict[str, list[str]] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    pdf_links: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)


def detect(text: str) -> bool:
    """True when at least one block reads as a simple-style paper entry."""
    return any(_read(lines).strong for lines in _blocks(_classify(normalize_newlines(text))))


def parse(text: str, source: str) -> StyleResult:
    """Papers with one undated appearance each; never raises, warns instead."""
    text = normalize_newlines(text)
    candidates = _candidates([_read(lines) for lines in _blocks(_classify(text))])
    papers = [_paper(entry, source) for entry in _merged(_identified(candidates))]
    warnings = [warning for entry in candidates for warning in entry.warnings]
    return StyleResult(papers=papers, date=_stated_date(text), warnings=warnings)


# --- pass 1: lines -------------------------------------------------------------------------


def _split_lines(text: str) -> Iterator[str]:
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def _classify(text: str) -> Iterator[_Line]:
    for no, raw in enumerate(_split_lines(text), 1):
        line = raw.strip()
        yield _line(no, line.lstrip("> ") if line.startswith(">") else line)


def _line(no: int, line: str) -> _Line:
    if not line:
        return _Line(no, _BLANK, line)
    if _RULE.fullmatch(line):
        return _Line(no, _RULED, line)
    label = _label(line)
    if label:
        kind, rest, level = label
        return _Line(no, _LABELLED, line, rest, kind, level)
    if _PDF_LINK_LINE.match(line):
        return _Line(no, _LABELLED, line, line, _PDF)
    heading = _HEADING.match(line)
    if heading:
        value = heading.group(2).strip()
        if not value:
            return _Line(no, _BLANK, line)
        if _is_wrapper(value):
            return _Line(no, _WRAP, line, value)
        return _Line(no, _HEAD, line, value, level=len(heading.group(1)))
    return _Line(no, _TEXT, line, line)


def _label(line: str) -> tuple[str, str, int] | None:
    """``(kind, rest of line, heading level)`` for a field label, else None.

    Accepted: a heading (``## 요약:``, ``## 요약``, ``### 제목 - x``), bold
    (``**요약**: x``, ``**요약:** x``, ``**요약** x``, ``**요약** — x``) or plain
    ``요약: x``; plain title labels are not, since prose such as ``제목: ...``
    appears in other styles, nor plain ``Votes:``/``Tags:`` and the like.
    """
    match = _LABEL.match(line)
    if not match:
        return None
    kind = next(k for k in _KINDS if match.group(k) is not None)
    head, opener, rest = match.group("head"), match.group("open"), match.group("tail")
    closed = False
    if opener and rest.startswith(opener):
        rest, closed = rest[2:].lstrip(" "), True
    colon = rest[:1] in (":", "：")
    if colon:
        rest = rest[1:].lstrip(" ")
        if opener and not closed and rest.startswith(opener):
            rest, closed = rest[2:].lstrip(" "), True
    elif (head or closed) and rest[:1] in _DASH and rest[1:2] in (" ", ""):
        rest, colon = rest[1:].lstrip(" "), True
    marked = bool(head or opener)
    if opener and not closed:
        return None
    if not (colon or (marked and (closed or not rest))):
        return None
    if not marked and (kind == _TITLE or match.group(kind).casefold() in _MARKED_ONLY):
        return None
    return kind, rest.strip(), len(head or "")


def _is_wrapper(heading: str) -> bool:
    text = _TRAILING_DATE.sub("", strip_emoji(plain(heading))).rstrip(" :：")
    return bool(_WRAPPER.fullmatch(text))


# --- pass 2: blocks ------------------------------------------------------------------------


def _blocks(lines: Iterable[_Line]) -> Iterator[list[_Line]]:
    """Lines grouped per entry: cut at title lines, rules and wrapper headings."""
    current = _Block()
    for line in lines:
        if line.kind in (_RULED, _WRAP):
            if current.lines:
                yield current.lines
            current = _Block()
            continue
        if _starts_title(line, current):
            if current.title_level is not None and (current.titled or current.body):
                carried = _trailing_images(current.lines)
                if current.lines:
                    yield current.lines
                current = _Block(lines=carried)
            current.title_level = line.level
            current.titled = current.titled or bool(line.value)
        else:
            if line.kind == _HEAD:
                line = line._replace(kind=_SUB)
            if line.kind != _BLANK and not _image_only(line):
                current.body = True
            current.labelled = current.labelled or line.kind == _LABELLED
            current.has_pdf = current.has_pdf or line.label == _PDF
        current.lines.append(line)
    if current.lines:
        yield current.lines


def _starts_title(line: _Line, current: _Block) -> bool:
    """Title labels always; headings unless they are subheadings of a labelled entry.

    A deeper heading after the entry's PDF link (customarily its last field)
    is a title again: a second pass listing the papers under smaller headings.
    """
    if line.kind == _LABELLED:
        return line.label == _TITLE
    if line.kind != _HEAD:
        return False
    deeper = current.title_level is not None and line.level > current.title_level
    return not (current.labelled and deeper and not current.has_pdf)


def _trailing_images(lines: list[_Line]) -> list[_Line]:
    """Pop the images (and blanks) that end a block: they belong to the next title."""
    cut = len(lines)
    while cut and (lines[cut - 1].kind == _BLANK or _image_only(lines[cut - 1])):
        cut -= 1
    tail = lines[cut:]
    if not any(line.kind != _BLANK for line in tail):
        return []
    del lines[cut:]
    return tail


def _image_only(line: _Line) -> bool:
    return line.kind == _TEXT and "![" in line.raw and not plain(line.raw)


# --- pass 3: entries -----------------------------------------------------------------------


def _read(lines: list[_Line]) -> _Entry:
    """One block's entry, with its strength as evidence of being a paper."""
    scan = _Scan()
    current: str | None = None
    filled = False
    for line in lines:
        _collect_links(line.raw, scan.images, scan.pdf_links)
        if line.kind == _HEAD:
            scan.headings.append(line.value)
            current = None
        elif line.kind == _LABELLED:
            current = line.label
            scan.values.setdefault(current, []).append(line.value)
            filled = current in _SHORT and bool(plain(line.value))
        elif line.kind == _SUB or current is None:
            current = None
        elif line.kind == _BLANK:
            if current in _SHORT and filled:
                current = None
            else:
                scan.values[current].append("")
        else:
            scan.values[current].append(line.value)
            filled = filled or (current in _SHORT and bool(plain(line.value)))
        if current != _NEWS:
            scan.own.append(line.raw)
    return _entry(lines[0].no, scan)


def _entry(line: int, scan: _Scan) -> _Entry:
    """Fields in their final shape; links under 출처/전체링크 are sources, not the paper."""
    values = scan.values
    entry = _Entry(line=line)
    entry.title = _title(scan.headings, values.get(_TITLE, []))
    entry.pdf_link = _first_url(values.get(_PDF, [])) or next(iter(scan.pdf_links), None)
    thumbnails = (url for _, url in scan.images)
    entry.arxiv = arxiv_id_in(entry.pdf_link, *thumbnails) or arxiv_id("\n".join(scan.own))
    entry.summary = block(values.get(_SUMMARY, []), plain)
    entry.easy = block(values.get(_EASY, []), plain)
    entry.fields = _items(values.get(_FIELDS, []))
    entry.authors = _items(values.get(_AUTHORS, []))
    entry.votes = _votes(values.get(_VOTES), entry)
    entry.media = _media(scan.images, entry.pdf_link)
    labels = set(values)
    news = _NEWS in labels and not entry.pdf_link and not entry.arxiv
    marked = bool(labels & _MARKERS) and not news
    paper_labels = len(labels & _PAPER_LABELS) >= 2
    entry.strong = marked and bool(entry.arxiv or entry.pdf_link or paper_labels)
    entry.weak = marked and bool(entry.title or entry.arxiv)
    return entry


def _collect_links(raw: str, images: list[tuple[str, str]], pdf_links: list[str]) -> None:
    if "](" not in raw:
        return
    for match in _MDLINK.finditer(raw):
        bang, text, url = match.groups()
        if "pdf" in text.casefold():
            pdf_links.append(url)
        elif bang:
            images.append((text, url))


def _title(headings: list[str], labelled: list[str]) -> str:
    """The first non-empty of the bare headings, then the title label's lines."""
    candidates = [(raw, True) for raw in headings] + [(raw, False) for raw in labelled]
    return next((title for raw, bare in candidates if (title := _clean_title(raw, bare))), "")


def _clean_title(raw: str, bare: bool) -> str:
    text = _TRAILING_DATE.sub("", strip_emoji(_unquoted(plain(raw))))
    numbering = _NUMBERING.match(text) if bare else None
    text = text[numbering.end() :].strip() if numbering else text.strip()
    return _unquoted(untranslated(text))


def _unquoted(text: str) -> str:
    return text[1:-1].strip() if len(text) > 1 and _QUOTES.get(text[0]) == text[-1] else text


def _first_url(lines: list[str]) -> str | None:
    for line in lines:
        found = urls(line)
        if found:
            return found[0]
    return None


def _items(lines: list[str]) -> list[str]:
    """Comma, 、 or ; lists, bullets, ``#hashtag`` lists, or (when nothing else
    separates) lists split at ``·``, ``|`` or a spaced ``/`` (``3D/4D`` stays whole)."""
    joined = "\n".join(lines)
    tags = _hashtags(joined) if "#" in joined else []
    if tags:
        return tags
    splitter = _SEPARATORS if _SEPARATORS.search(joined) else _WEAK_SEPARATORS
    items: dict[str, None] = {}
    for line in lines:
        bullet = _BULLET.match(line)
        for part in splitter.split(line[bullet.end() :] if bullet else line):
            item = plain(part).strip(" .。`")
            if item:
                items[item] = None
    return list(items)


def _hashtags(text: str) -> list[str]:
    """The tags of a value that is only hashtags (``#자연어_처리 #RL``), else none."""
    tags = _HASHTAG.findall(text)
    if not tags or any(char.isalnum() for char in _HASHTAG.sub(" ", text)):
        return []
    return list(dict.fromkeys(tag.rstrip(".。").replace("_", " ") for tag in tags))


def _votes(lines: list[str] | None, entry: _Entry) -> int | None:
    if lines is None:
        return None
    text = " ".join(lines)
    if plain(text) in _NO_VALUE:
        return None
    match = _NUMBER.search(text)
    digits = match.group(1).replace(",", "") if match else ""
    if match and text[: match.start()].endswith(("-", "−", "–")):  # "- 12" is a list item
        entry.warnings.append(f"line {entry.line}: votes cannot be negative: {shorten(text)!r}")
        return None
    if match is None or not digits or len(digits) > _MAX_VOTE_DIGITS:
        if text.strip():
            entry.warnings.append(f"line {entry.line}: votes are not a number: {shorten(text)!r}")
        return None
    fraction, scale = match.group(2) or "", match.group(3)
    return round(float(digits + fraction) * _SCALE[scale.lower()]) if scale else int(digits)


def _media(images: list[tuple[str, str]], pdf_link: str | None) -> list[str]:
    media: dict[str, None] = {}
    for _, url in images:
        if url.startswith(("http://", "https://")) and "/avatars/" not in url and url != pdf_link:
            media[url] = None
    return list(media)


# --- judging, merging, building ------------------------------------------------------------


def _candidates(entries: list[_Entry]) -> list[_Entry]:
    """Entries that read as papers; weak ones only in a file that has a strong one."""
    if not any(entry.strong for entry in entries):
        return []
    return [entry for entry in entries if entry.strong or entry.weak]


def _identified(entries: list[_Entry]) -> list[_Entry]:
    kept = []
    for entry in entries:
        if entry.title or entry.arxiv or entry.pdf_link:
            kept.append(entry)
        else:
            entry.warnings.append(f"line {entry.line}: skipped an entry with neither title nor id")
    return kept


def _merged(entries: list[_Entry]) -> list[_Entry]:
    """Repeats folded into their first occurrence (same arXiv id, else same title)."""
    kept: list[_Entry] = []
    by_id: dict[str, _Entry] = {}
    by_title: dict[str, _Entry] = {}
    for entry in entries:
        target = _earlier(entry, by_id, by_title)
        if target is None:
            kept.append(entry)
            target = entry
        else:
            target.absorb(entry)
        if target.arxiv:
            by_id.setdefault(target.arxiv, target)
        key = title_key(target.title)
        if key:
            by_title.setdefault(key, target)
    return kept


def _earlier(entry: _Entry, by_id: dict[str, _Entry], by_title: dict[str, _Entry]) -> _Entry | None:
    if entry.arxiv and entry.arxiv in by_id:
        return by_id[entry.arxiv]
    candidate = by_title.get(title_key(entry.title)) if entry.title else None
    if candidate is not None and not (candidate.arxiv and entry.arxiv):
        return candidate
    return None


def _paper(entry: _Entry, source: str) -> Paper:
    """The model object, with a warning when the entry lacks a title or any link.

    A missing title becomes ``arXiv <id>`` (or the link); with no link at all
    only a title id is left.
    """
    title = entry.title
    if not title:
        title = placeholder(entry.arxiv) if entry.arxiv else str(entry.pdf_link)
        entry.warnings.append(f"line {entry.line}: entry has no title; using {title!r}")
    if not (entry.arxiv or entry.pdf_link):
        entry.warnings.append(
            f"line {entry.line}: entry {shorten(title)!r} has no link; kept with a title id"
        )
    paper_id = entry.arxiv or stable_id(entry.pdf_link, title)
    appearance = Appearance(
        date=None,
        format=FORMAT,
        source=source,
        votes=entry.votes,
        fields=tuple(entry.fields),
        summary=_summary(entry),
        media=tuple(entry.media),
    )
    return Paper(
        id=paper_id,
        title=title,
        authors=tuple(entry.authors),
        url=abs_url(entry.arxiv) if entry.arxiv else None,
        pdf_url=pdf_url(entry.arxiv) if entry.arxiv else entry.pdf_link,
        appearances=(appearance,),
        title_source="heading" if entry.title else "id",
    )


def _summary(entry: _Entry) -> str:
    parts = []
    if entry.summary:
        parts.append(f"요약: {entry.summary}")
    if entry.easy:
        parts.append(f"쉬운설명: {entry.easy}")
    return "\n\n".join(parts)


def _stated_date(text: str) -> dt.date | None:
    """The first date a heading states, e.g. ``# 논문 요약 (2024-09-17)``, else a line
    of a few words above the first entry (``2024년 5월 20일``, ``**날짜**: May 20,
    2024``); a date in prose or in a thumbnail's file name dates nothing."""
    for match in _HEADING_LINE.finditer(text):
        found = first_date(match.group())
        if found:
            return found
    for raw in _split_lines(text):
        line = raw.strip()
        if _RULE.fullmatch(line) or _label(line):
            return None
        words = plain(line).split()
        if words and len(words) <= _DATE_LINE_WORDS and (found := first_date(" ".join(words))):
            return found
    return None


def _joined(first: str, second: str) -> str:
    if not second or second in first:
        return first
    return f"{first}\n\n{second}" if first else second


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys(first + second))
