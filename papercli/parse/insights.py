"""The ``category_insights`` style: "Daily Artificial Intelligence Insights".

A digest is a header (its date hidden in the graph's file name), then
``## <emoji> Category`` sections, each with a generated ``**요약:**`` report
and a ``**출처:**`` list of ``Title (url)`` sources. Each report becomes one
``Report`` (``StyleResult.reports``), its id ``report-`` and the first 10 hex
digits of a SHA-1 over the category and the report text, so re-indexing or
moving the file keeps it. Every source becomes a paper whose appearance
points to the report (``ReportRef``) and carries as its summary only the text
about that paper: the whole report when it has one source, else the parts
that name the paper (``mentions.own_texts``: its title or short name, a quoted
Korean rendering of it, or 첫 번째/두 번째 논문 … order words when they number
the sources exactly), or no text at all when none does. A report repeated
word for word under one category name is one report with the sources of both.
A category whose report has no text at all gives its sources no report.

Other generators vary the markup, so the reading is by shape, not spelling:
categories may be ``###`` headings (the level of the first heading followed
straight by its marker is the category level), 출처 may be ``**Sources:**``,
``### 참고 자료`` or a plain ``출처:`` line, sources may be numbered, bare links,
``Title — [arXiv](url)`` or joined by ``<br>`` on one line, and the date may be
in the graph's alt text or on a short line above the first category.

The reports contain headings of their own, even ``##`` ones such as
``## 종합 요약 보고서``, so a heading's meaning depends on where it stands:
between a ``**요약:**`` and the ``**출처:**`` that follows it, it is report
text. Combined digests put a news part before the papers; only papers count.
Lines are read once, left to right (the one look-ahead, "which marker comes
next", is computed up front), so huge archives stay linear, and anything
that cannot be understood becomes a warning rather than an exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from papercli.dates import first_date
from papercli.model import Appearance, Paper, Report, ReportRef, placeholder
from papercli.parse import ids
from papercli.parse.mentions import own_texts
from papercli.parse.result import StyleResult
from papercli.parse.text import block, plain, shorten, split_link, strip_emoji, untranslated, urls

FORMAT = "category_insights"

_HEADER = re.compile(
    r"^ {0,3}#{1,3}[ ]*daily[ ]*artificial[ ]*intelligence[ ]*insights", re.IGNORECASE
)
_ANY_HEADER = re.compile(_HEADER.pattern, re.IGNORECASE | re.MULTILINE)
_ANY_SUMMARY = re.compile(r"^[ ]*\*\*[ ]*요약[ ]*:[ ]*\*\*", re.MULTILINE)
_ANY_SOURCES = re.compile(r"^[ ]*\*\*[ ]*출처[ ]*:[ ]*\*\*", re.MULTILINE)
_ANY_CATEGORY = re.compile(r"^ {0,3}#{2,3}[ ]+\S", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]\n]{0,200})\]\(([^)\n]{0,300})\)")
_IMAGE_DATE = re.compile(r"\d{4}[-_.]?\d{2}[-_.]?\d{2}")
_GRAPH_WORD = re.compile(r"graph|chart|distribution|categor|분포|그래프|차트|paper_", re.IGNORECASE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ ]+|$)(.*)$")
_SOURCES_NAME = r"출처|참고[ ]*(?:자료|문헌)|sources?|references?"
_MARKER = re.compile(
    r"^[ ]*\*\*[ ]*(?:(?P<summary>요약|summary)|" + _SOURCES_NAME + r")[ ]*[:：]?[ ]*\*\*"
    r"[ ]*[:：]?[ ]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_PLAIN_SOURCES = re.compile(
    r"^[ ]*(?:(?P<head>#{1,6})[ ]+[^\w\s]{0,4}[ ]*)?(?:" + _SOURCES_NAME + r")[ ]*"
    r"(?P<colon>[:：])?[ ]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_PART_NAME = re.compile(r"(?:.*insights[ ]*:?[ ]*)?(news|papers?|뉴스|논문)[ ]*:?", re.IGNORECASE)
_NEWS_WORD = re.compile(r"\bnews\b|뉴스", re.IGNORECASE)
_PAPER_WORD = re.compile(r"\bpapers?\b|논문", re.IGNORECASE)
_BULLET = re.compile(r"^[ ]*(?:[-*+•]|\d{1,3}[.)])[ ]+")
_BREAK = re.compile(r"<br[ ]*/?>", re.IGNORECASE)
_TRAILING_LINK = re.compile(r"\[([^\[\]\n]*)\]\((https?://[^()\s]+)\)[ ]*\)?[*_ .,;]*$")
_DATE_LINE_WORDS = 6
_DATE_SHAPE = re.compile(r"(?<!\d)\d{4}[-/_.]\d{1,2}[-/_.]\d{1,2}(?!\d)")
_TITLE_EDGE = " -–—:|"
_URL_END = ".,;"


def detect(text: str) -> bool:
    """The digest header, or ``**출처:**`` markers under ``##`` or ``###`` headings with
    ``**요약:**`` markers or the category graph (an image named with a date) above them:
    a generator that leaves out the header may leave out ``**요약:**`` too."""
    if _ANY_HEADER.search(text):
        return True
    if not (_ANY_SOURCES.search(text) and (category := _ANY_CATEGORY.search(text))):
        return False
    return bool(_ANY_SUMMARY.search(text) or _dated_graph(text[: category.start()]))


def _dated_graph(text: str) -> bool:
    """An image in ``text`` named with a date and, in its alt text or file name, as a
    graph (``![Category Distribution Graph](paper_2024-11-15.png)``), not a screenshot."""
    return any(
        _IMAGE_DATE.search(alt + src) and _GRAPH_WORD.search(alt + src)
        for alt, src in _IMAGE.findall(text)
    )


def parse(text: str, source: str) -> StyleResult:
    lines = [line.rstrip() for line in text.split("\n")]
    markers = [_marker(line) for line in lines]
    scanner = _Scanner(source, *_lookahead(lines, markers))
    for index, line in enumerate(lines):
        scanner.feed(index, line, markers[index])
    return scanner.finish()


def _marker(line: str) -> tuple[bool, str] | None:
    """A 요약 or 출처 marker as (whether it is 요약, the rest of its line), else None.

    요약 is only ever bold (``**요약:**``, ``**Summary**``): reports quote a plain
    ``요약:`` as text. 출처 (or 참고 자료, Sources, References) may also be a heading
    of its own (``### 출처``, ``## 📚 Sources``) or a plain ``출처:`` line with nothing
    or a link after it; a plain ``출처: 연구팀 발표`` is report text.
    """
    if "**" in line:
        bold = _MARKER.match(line)
        if bold:
            return bold.group("summary") is not None, bold.group("rest")
    found = _PLAIN_SOURCES.match(line)
    if found is None:
        return None
    rest = found.group("rest")
    if found.group("head"):
        return (False, "") if not rest.strip(" :：") else None
    if found.group("colon") and (not rest or "http" in rest):
        return False, rest
    return None


def _lookahead(
    lines: list[str], markers: list[tuple[bool, str] | None]
) -> tuple[list[str | None], list[bool]]:
    """Per line, whether the next 요약/출처 marker after it is a "summary" or "sources",
    and whether that marker comes before the next heading."""
    kinds: list[str | None] = [None] * len(lines)
    marked = [False] * len(lines)
    upcoming: str | None = None
    first = False
    for index in range(len(lines) - 1, -1, -1):
        kinds[index], marked[index] = upcoming, first
        marker = markers[index]
        if marker:
            upcoming, first = ("summary" if marker[0] else "sources"), True
        elif lines[index].lstrip(" ").startswith("#") and _HEADING.match(lines[index]):
            first = False
    return kinds, marked


@dataclass
class _Category:
    """One category as read so far: its report lines and raw source lines."""

    name: str | None
    state: str = "head"  # "head" (before 요약), "report" or "sources"
    report: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class _Scanner:
    """Parts, categories and warnings, fed one line at a time."""

    def __init__(self, source: str, next_marker: list[str | None], marked: list[bool]) -> None:
        self.source = source
        self.next_marker = next_marker
        self.marked = marked
        self.in_news = False
        self.category_level = 2
        self.category: _Category | None = None
        self.opened = False
        self.date: dt.date | None = None
        self.papers: list[Paper] = []
        self.reports: dict[str, Report] = {}
        self.warnings: list[str] = []

    def feed(self, index: int, line: str, marker: tuple[bool, str] | None) -> None:
        heading = None
        if marker is None and line.lstrip(" ").startswith("#"):
            heading = _HEADING.match(line)
        if heading:
            self._heading(index, len(heading.group(1)), heading.group(2).strip(), line)
        elif self.in_news:
            return
        elif marker:
            self._marker(*marker)
        elif self.category is not None:
            self._text(line)
        elif not self.opened and self.date is None:
            self._preamble_date(line)

    def finish(self) -> StyleResult:
        self._close()
        refs = {report.id: report.ref() for report in self.reports.values()}
        papers = [_referring(paper, refs) for paper in self.papers]
        return StyleResult(
            papers=papers,
            date=self.date,
            warnings=self.warnings,
            reports=list(self.reports.values()),
        )

    def _heading(self, index: int, level: int, text: str, line: str) -> None:
        header = bool(_HEADER.match(line))
        if header:
            self._header_date(line)
        elif self._inside_report(index):
            self._text(line)
            return
        name = strip_emoji(plain(text))
        part = _part(level, name, header)
        if part is not None:
            self._close()
            self.in_news = part == "news"
            self.category_level = max(2, level + 1)
        elif self.in_news:
            return
        elif level > self.category_level and not (self.category is None and self.marked[index]):
            self._text(line)
        else:
            self._close()
            if self.marked[index]:
                self.category_level = level
            self.category = _Category(name or plain(text) or None)
            self.opened = True

    def _header_date(self, line: str) -> None:
        """The header's date; one that looks like a date but is none (``2025-02-30``) warns."""
        found = first_date(line)
        shape = _DATE_SHAPE.search(line) if found is None else None
        if shape:
            self.warnings.append(f"header date {shape.group()!r} is not a valid date; ignored")
        self.date = self.date or found

    def _preamble_date(self, line: str) -> None:
        """A date above the first category: in a graph image (its file name or alt text,
        ``![2024-05-20 분포](graph.png)``) or a line of a few words (``발행일: 2024년 5월 20일``),
        not prose that mentions a date."""
        if "![" in line or len(plain(line).split()) <= _DATE_LINE_WORDS:
            self.date = first_date(line)

    def _inside_report(self, index: int) -> bool:
        """After 요약 and with this report's 출처 still to come: a heading here is text."""
        return (
            self.category is not None
            and self.category.state == "report"
            and self.next_marker[index] == "sources"
        )

    def _marker(self, is_summary: bool, rest: str) -> None:
        category = self.category
        if category is None or (is_summary and category.state == "sources"):
            self._close()
            category = self.category = _Category(category.name if category else None)
            self.opened = True
        if is_summary and category.state == "report":
            category.report.append(rest)
            return
        category.state = "report" if is_summary else "sources"
        if rest:
            self._text(rest)

    def _text(self, line: str) -> None:
        if self.category is None:
            return
        if self.category.state == "sources":
            self.category.sources.extend(_BREAK.split(line) if "<" in line else [line])
        else:
            self.category.report.append(line)

    def _close(self) -> None:
        category, self.category = self.category, None
        if category is None:
            return
        summary = block(category.report, _report_line)
        sources: dict[str, _Source] = {}
        for line in category.sources:
            source = self._source(line, category.name)
            if source is None:
                continue
            if source.id in sources:
                self.warnings.append(
                    f"source {shorten(source.title)!r} listed twice under "
                    f"{category.name!r}; kept once"
                )
                continue
            sources[source.id] = source
        if not sources:
            self.warnings.append(f"category {category.name!r} lists no sources")
            return
        ref = self._report(category.name, summary, tuple(sources)).ref() if summary else None
        found = list(sources.values())
        texts = own_texts(summary, [source.title for source in found])
        for source, text in zip(found, texts, strict=True):
            appearance = Appearance(
                date=None,
                format=FORMAT,
                source=self.source,
                category=category.name,
                summary=text,
                report=ref,
            )
            self.papers.append(
                Paper(
                    id=source.id,
                    title=source.title,
                    url=source.url,
                    pdf_url=source.pdf_url,
                    appearances=(appearance,),
                    title_source=source.title_source,
                )
            )

    def _report(self, category: str | None, text: str, papers: tuple[str, ...]) -> Report:
        """The category's report, merged with an identical one read before."""
        key = f"{category or ''}\n{text}".encode()
        report_id = "report-" + hashlib.sha1(key).hexdigest()[:10]
        earlier = self.reports.get(report_id)
        if earlier is not None:
            papers = tuple(dict.fromkeys(earlier.papers + papers))
        report = Report(
            id=report_id, category=category, date=None, source=self.source, text=text, papers=papers
        )
        self.reports[report_id] = report
        return report

    def _source(self, line: str, category: str | None) -> _Source | None:
        found = _source(line)
        if found is None:
            return None
        raw_title, link = found
        title = untranslated(plain(raw_title).strip(_TITLE_EDGE))
        arxiv = ids.arxiv_id(link)
        if not link:
            self.warnings.append(
                f"source {shorten(title)!r} under {category!r} has no link; kept with a title id"
            )
        if arxiv:
            paper_id, url, pdf = arxiv, ids.abs_url(arxiv), ids.pdf_url(arxiv)
            return _Source(
                paper_id, title or placeholder(paper_id), url, pdf, "heading" if title else "id"
            )
        paper_id = ids.stable_id(link, title)
        return _Source(
            paper_id, title or link or paper_id, link, None, "heading" if title else "id"
        )


class _Source(NamedTuple):
    """One source line read: what its paper will be built from."""

    id: str
    title: str
    url: str | None
    pdf_url: str | None
    title_source: str


def _referring(paper: Paper, refs: dict[str, ReportRef]) -> Paper:
    """``paper`` pointing at its report as finally merged (a repeated report grows)."""
    appearance = paper.appearances[0]
    if appearance.report is None or refs[appearance.report.id] == appearance.report:
        return paper
    return paper.with_appearances((replace(appearance, report=refs[appearance.report.id]),))


def _part(level: int, name: str, header: bool) -> str | None:
    """Which part of a combined digest a heading opens ("news", "papers"), if any."""
    news, papers = _NEWS_WORD.search(name), _PAPER_WORD.search(name)
    if header or (level == 1 and (news or papers)):
        return "news" if news and not papers else "papers"
    part = _PART_NAME.fullmatch(name)
    if part is None:
        return None
    return "news" if _NEWS_WORD.fullmatch(part.group(1)) else "papers"


def _source(line: str) -> tuple[str, str | None] | None:
    """A source line as raw title and URL; None for blank lines and prose."""
    bullet = _BULLET.match(line)
    text = line[bullet.end() :].strip() if bullet else line.strip()
    if not text or text.startswith("#") or not (bullet or "http" in text):
        return None
    link = split_link(text) if text.startswith("[") else None
    if link and link[1]:
        return link
    trailing = _TRAILING_LINK.search(text) if "](" in text else None
    if trailing:
        before = text[: trailing.start()].rstrip(" (")
        title = before if plain(before).strip(_TITLE_EDGE) else trailing.group(1)
        return title, trailing.group(2)
    return _title_and_url(text)


def _title_and_url(text: str) -> tuple[str, str | None]:
    """``Title (url)``: the URL starts at the last ``(http`` and loses one closing ``)``."""
    start = text.rfind("(http")
    if start >= 0:
        url = text[start + 1 :].split()[0].rstrip(_URL_END)
        return text[:start], url[:-1] if url.endswith(")") else url
    found = urls(text)
    if found:
        return text[: text.rfind(found[-1])], found[-1]
    return text, None


def _report_line(line: str) -> str:
    heading = _HEADING.match(line) if line.lstrip(" ").startswith("#") else None
    return plain(heading.group(2) if heading else line)
