"""How papers look in the browser: result rows, their header and the detail pane.

Everything is built as Textual ``Content``: plain text with style spans, never
parsed as markup, and cleaned of terminal escapes first (``render.clean``), as
digest text is untrusted. Widths are counted in cells, not characters: a Hangul
syllable takes two, so fields are cut and padded with ``Content.truncate``,
which measures cells, and the columns of Korean and English rows line up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.style import Style

from papercli.browse.backend import Detail, Listing
from papercli.model import Paper
from papercli.reading import HIT_END, HIT_START
from papercli.render import appearance_meta, clean, safe_url

VOTES, DATE, GAP = 5, 10, 1
HIT_STYLE = "bold reverse"
_SPACES = re.compile(r"[ \t]*\n[ \t]*")


@dataclass(frozen=True)
class Columns:
    """Cell widths of the result list's fields for a list ``width`` cells wide."""

    title: int
    category: int
    tags: int

    @classmethod
    def fit(cls, width: int) -> Columns:
        """The title takes what votes, date, category and tags leave; the last two grow
        a little on wide screens and shrink to 6 cells on narrow ones."""
        category = max(6, min(14, width // 9))
        tags = max(6, min(18, width // 8))
        title = width - VOTES - DATE - category - tags - 4 * GAP
        return cls(max(10, title), category, tags)


def fit(text: str | Content, width: int, *, right: bool = False) -> Content:
    """Exactly ``width`` cells: cut with an ellipsis, or padded."""
    content = text if isinstance(text, Content) else Content(" ".join(clean(text).split()))
    cut = content.truncate(width, ellipsis=True)
    room = width - cut.cell_length
    return cut.pad_left(room) if right else cut.pad_right(room)


def header(columns: Columns) -> Content:
    return _line(
        fit("Votes", VOTES, right=True),
        fit("Date", DATE),
        fit("Title", columns.title),
        fit("Category", columns.category),
        fit("Tags", columns.tags),
    ).stylize("bold")


def row(paper: Paper, tags: Sequence[str], columns: Columns) -> Content:
    """One paper on one line: votes, last date, title, categories, the reader's tags."""
    votes = "" if paper.best_votes is None else str(paper.best_votes)
    day = paper.last_date.isoformat() if paper.last_date else "—"
    return _line(
        fit(votes, VOTES, right=True),
        fit(day, DATE).stylize("$text-muted"),
        fit(paper.title, columns.title).stylize("bold"),
        fit(categories(paper), columns.category).stylize("$text-accent"),
        fit(", ".join(tags), columns.tags).stylize("$text-secondary"),
    )


def _line(*fields: Content) -> Content:
    return Content(" " * GAP).join(fields)


def categories(paper: Paper) -> str:
    return ", ".join(dict.fromkeys(a.category for a in paper.appearances if a.category))


def status(listing: Listing, criteria: str, sort: str) -> Content:
    """The line above the list: what it shows, the filters, and how to move on."""
    parts: list[str | tuple[str, str]] = [(clean(listing.title), "bold")]
    if listing.kind == "search" and sort != "relevance":
        parts.append(f" · by {sort}")
    if criteria:
        parts.append((" · " + clean(criteria), "$text-warning"))
    if listing.kind == "day":
        before = listing.previous.isoformat() if listing.previous else "none"
        after = listing.next.isoformat() if listing.next else "none"
        parts.append((f" · [ {before} · ] {after}", "$text-muted"))
    return Content.assemble(*parts)


def snippet(text: str) -> Content:
    """Matched words (between the library's hit markers) highlighted, lines joined."""
    flat = " ".join(_SPACES.sub(" ", clean(text)).split(" "))
    parts: list[str | tuple[str, str]] = []
    for number, part in enumerate(re.split(f"[{HIT_START}{HIT_END}]", flat)):
        parts.append((part, HIT_STYLE) if number % 2 else part)
    return Content.assemble(*parts)


def detail(found: Detail, hit: str = "") -> Content:
    """The whole paper: title, facts, links, tags, note, the search match, each
    appearance with its summary, and the insight reports it is cited in."""
    paper = found.paper
    lines: list[Content] = [Content.styled(clean(paper.title), "bold")]
    facts = [clean(paper.id)]
    if paper.best_votes is not None:
        facts.append(f"{paper.best_votes} votes")
    if paper.dates:
        facts.append(", ".join(d.isoformat() for d in paper.dates))
    lines.append(Content.styled(" · ".join(facts), "$text-accent"))
    if paper.authors:
        lines.append(Content.styled(clean(", ".join(paper.authors)), "italic"))
    for label, url in (("abs ", paper.url), ("pdf ", paper.pdf_url)):
        link = safe_url(url)
        if link:
            lines.append(
                Content.assemble((label, "bold"), (link, Style(underline=True, link=link)))
            )
    lines.append(
        Content.assemble(
            ("tags ", "bold"),
            (clean(", ".join(found.tags)), "$text-secondary")
            if found.tags
            else ("(none: t adds one)", "$text-muted"),
        )
    )
    if found.note:
        lines.append(Content.assemble(("note ", "bold"), (clean(found.note), "italic")))
    else:
        lines.append(Content.assemble(("note ", "bold"), ("(none: n writes one)", "$text-muted")))
    if hit:
        lines += [Content(""), Content.assemble(("match ", "bold"), snippet(hit))]
    for appearance in paper.appearances:
        meta = appearance_meta(appearance)
        lines += [Content(""), Content.styled("── " + " · ".join(meta), "bold $text-primary")]
        empty = "(no text of its own: see the report below)" if appearance.report else ""
        lines.append(Content(clean(appearance.summary).strip() or empty or "(no summary)"))
        if appearance.fields:
            lines.append(Content.styled("관련분야: " + clean(", ".join(appearance.fields)), "dim"))
        lines.append(Content.styled("source: " + clean(_file_name(appearance.source)), "dim"))
    for report in found.reports:
        meta = ["Report", clean(report.category)]
        if report.date:
            meta.append(report.date.isoformat())
        if report.papers is not None:
            meta.append(f"{report.papers} papers")
        lines += [Content(""), Content.styled("── " + " · ".join(meta), "bold $text-primary")]
        lines.append(Content(clean(report.text).strip() or "(the report's text is not indexed)"))
    return Content("\n").join(lines)


def _file_name(source: str) -> str:
    """The digest's file name: the folders are in ``papers show``, too long for a pane."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]
