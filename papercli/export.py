"""Papers out of the index, for bibliographies, spreadsheets and reading lists.

Every format streams (an iterator of text chunks) so an export of the whole
archive is written as it is produced. Each paper travels with the reader's
tags and note (``Entry``). JSON and JSON Lines give the model's own fields
plus ``tags``, ``note`` and the pinned ``citation_key`` (null when none is
pinned yet), so ``Paper.from_dict`` reads them back unchanged and ``papers
import`` restores all three.
BibTeX values are escaped for LaTeX so that bibtexparser and biber read every
entry, except a title's own LaTeX markup, kept so that it is typeset; CSV
cells that a spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from papercli.model import NO_FILTERS, Entry, Filters, Paper, placing

CSV_COLUMNS = (
    "id",
    "title",
    "authors",
    "url",
    "pdf_url",
    "first_date",
    "last_date",
    "votes",
    "appearances",
    "formats",
    "categories",
    "fields",
    "tags",
    "note",
    "summary",
)
_STOPWORDS = frozenset(
    "a an and are as at by can do does for from how in into is of on or the to toward towards "
    "via what when where why with".split()
)
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_CHARS = re.compile("[" + re.escape("".join(_LATEX)) + "]")
_NEW_ARXIV = re.compile(r"(\d{2})(\d{2})\.\d{4,5}")
_OLD_ARXIV = re.compile(r"[a-z-]+(?:\.[A-Z]{2})?/(\d{2})\d{5}")
_LABEL = re.compile(
    r"^(?:(?:[-*•]|\d+[.)])\s+)*"
    r"(?:\**(?:what.s new|technical details|performance highlights|요약|쉬운\s*설명)"
    r"\**\s*:\**\s*)?",
    re.IGNORECASE,
)
_SUMMARY_ORDER = {"daily_papers": 0, "simple_summary": 1, "category_insights": 2}
_SUMMARY_LINE_MAX = 300


def export(
    format: str,
    entries: Iterable[Entry],
    keys: dict[str, str] | None = None,
    filters: Filters = NO_FILTERS,
) -> Iterator[str]:
    """The chunks of one export; ``keys`` are the citation keys by paper id (for BibTeX,
    pinned now; for JSON, those pinned so far); ``filters`` choose the digest whose date
    and votes a reading-list item shows."""
    if format == "json":
        return _json(entries, keys or {})
    if format == "jsonl":
        return (json.dumps(_record(e, keys or {}), ensure_ascii=False) + "\n" for e in entries)
    if format == "csv":
        return _csv(entries)
    if format == "bibtex":
        return _bibtex(entries, keys or {})
    if format == "markdown":
        return _markdown(entries, filters)
    raise ValueError(f"unknown export format {format!r}")


def _record(entry: Entry, keys: dict[str, str]) -> dict[str, object]:
    """A paper as JSON exports give it: ``Entry.to_dict`` and its pinned citation key."""
    return {**entry.to_dict(), "citation_key": keys.get(entry.paper.id)}


def _json(entries: Iterable[Entry], keys: dict[str, str]) -> Iterator[str]:
    empty = True
    for entry in entries:
        body = json.dumps(_record(entry, keys), ensure_ascii=False, indent=2)
        yield ("[\n" if empty else ",\n") + "\n".join("  " + line for line in body.splitlines())
        empty = False
    yield "[]\n" if empty else "\n]\n"


# -- CSV ----------------------------------------------------------------------


def _csv(entries: Iterable[Entry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([_cell(value) for value in _csv_row(entry)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv_row(entry: Entry) -> list[object]:
    paper = entry.paper
    days = paper.dates
    appearances = paper.appearances
    return [
        paper.id,
        paper.title,
        "; ".join(paper.authors),
        paper.url or "",
        paper.pdf_url or "",
        days[0].isoformat() if days else "",
        days[-1].isoformat() if days else "",
        "" if paper.best_votes is None else paper.best_votes,
        len(appearances),
        "; ".join(dict.fromkeys(a.format for a in appearances)),
        "; ".join(dict.fromkeys(a.category for a in appearances if a.category)),
        "; ".join(dict.fromkeys(f for a in appearances for f in a.fields)),
        "; ".join(entry.tags),
        entry.note or "",
        summary_line(paper),
    ]


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- BibTeX -------------------------------------------------------------------


def citation_key(paper: Paper) -> str:
    """``kumar2024training``: first author's last name, year, first significant title word.

    Only a proposal: ``UserStore.citation_keys`` pins it, so a key once
    exported stays the paper's key even if its title or authors change later.
    """
    names = paper.authors[0].split() if paper.authors else []
    author = _ascii_word(names[-1]) if names else ""
    year = paper_year(paper)
    words = [_ascii_word(w) for w in re.split(r"\W+", paper.title)]
    word = next((w for w in words if w and w not in _STOPWORDS), "")
    if author:
        key = f"{author}{year or ''}{word}"
    else:
        key = f"{word}{year or ''}"
    return key or "paper" + _ascii_word(paper.id)


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of a word, accents dropped (Müller: muller)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def paper_year(paper: Paper) -> int | None:
    """The year in the arXiv id, else the year of the first digest that mentions it."""
    new = _NEW_ARXIV.fullmatch(paper.id)
    old = _OLD_ARXIV.fullmatch(paper.id)
    if new and 1 <= int(new.group(2)) <= 12:
        return 2000 + int(new.group(1))
    if old:
        short = int(old.group(1))
        return (1900 if short >= 91 else 2000) + short
    days = paper.dates
    return days[0].year if days else None


def latex(text: str) -> str:
    """Text safe inside a braced BibTeX value: specials escaped, braces always balanced."""
    return _escape(" ".join(text.split()))


def _escape(text: str) -> str:
    return _LATEX_CHARS.sub(lambda m: _LATEX[m.group(0)], text)


def bib_title(title: str) -> str:
    """A title for BibTeX: its LaTeX markup kept so that it is typeset, the rest escaped.

    The markup kept is what ``readable_title`` reads (``$\\times$``,
    ``\\textbf{X}``, ``\\&``; see ``markup_pieces``), each piece balanced in
    itself; a title whose ``$`` or braces do not pair up is escaped whole.
    """
    from papercli.parse.latex import markup_pieces  # here: only BibTeX needs it

    flat = " ".join(title.split())
    pieces = markup_pieces(flat)
    if pieces is None:
        return _escape(flat)
    return "".join(text if markup else _escape(text) for text, markup in pieces)


def _bib_url(url: str) -> str:
    """URLs are verbatim in biblatex: only what would break the braces is percent-encoded."""
    return quote(url.strip(), safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def _bib_author(name: str) -> str:
    text = latex(name)
    if "," in name or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + text + "}"
    return text


def _bibtex(entries: Iterable[Entry], keys: dict[str, str]) -> Iterator[str]:
    for number, entry in enumerate(entries):
        paper = entry.paper
        fields: list[tuple[str, str]] = [("title", bib_title(paper.title))]
        if paper.authors:
            fields.append(("author", " and ".join(_bib_author(a) for a in paper.authors)))
        year = paper_year(paper)
        if year:
            fields.append(("year", str(year)))
        if _NEW_ARXIV.fullmatch(paper.id) or _OLD_ARXIV.fullmatch(paper.id):
            fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
        if paper.url:
            fields.append(("url", _bib_url(paper.url)))
        if entry.tags:
            fields.append(("keywords", latex(", ".join(entry.tags))))
        if entry.note:
            fields.append(("annote", latex(entry.note)))
        key = keys.get(paper.id) or citation_key(paper)
        body = ",\n".join(f"  {name:<13} = {{{value}}}" for name, value in fields)
        yield ("\n" if number else "") + f"@misc{{{key},\n{body},\n}}\n"


# -- Markdown -----------------------------------------------------------------


def summary_line(paper: Paper) -> str:
    """The first line of substance of a paper's summaries, without bullet or label.

    A paper's own summary is preferred to an insights report, which is about
    its whole category.
    """
    ordered = sorted(paper.appearances, key=lambda a: _SUMMARY_ORDER.get(a.format, 3))
    for appearance in ordered:
        for line in appearance.summary.splitlines():
            text = _LABEL.sub("", line.strip()).strip()
            if text and not text.endswith(":"):
                if len(text) > _SUMMARY_LINE_MAX:
                    text = text[: _SUMMARY_LINE_MAX - 1].rstrip() + "…"
                return text
    return ""


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|$~])", r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str | None:
    if re.match(r"https?://", url, re.IGNORECASE):
        return quote(
            url.strip(), safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "()<>")
        )
    return None


def _markdown(entries: Iterable[Entry], filters: Filters) -> Iterator[str]:
    """A list item per paper: linked title and facts (one digest's date and votes: the
    most voted within the filters, as ``top`` shows), then its first summary line and
    note."""
    yield "# Reading list\n\n"
    for entry in entries:
        paper = entry.paper
        link = _md_url(paper.url or paper.pdf_url or "")
        title = _md(paper.title)
        facts = [f"[{title}]({link})" if link else f"**{title}**", f"`{paper.id}`"]
        shown = placing(paper, filters, sort="votes")
        if shown and shown.date:
            facts.append(shown.date.isoformat())
        if shown and shown.votes is not None:
            facts.append(f"{shown.votes} vote{'' if shown.votes == 1 else 's'}")
        facts += [f"#{_md(tag)}" for tag in entry.tags]
        lines = [" · ".join(facts)]
        summary = summary_line(paper)
        if summary:
            lines.append(_md(summary))
        text = "- " + "\\\n  ".join(lines) + "\n"
        if entry.note:
            text += "\n  > " + _md(entry.note) + "\n\n"
        yield text
