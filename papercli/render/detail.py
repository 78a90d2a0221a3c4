"""One paper whole, as ``show`` prints it: its facts, each appearance's text, the
category reports it comes from, and the reader's own tags and note.

Separate because these are panels of whole texts, not rows or cards.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.style import Style
from rich.text import Text

from papercli.model import Paper, Report
from papercli.render.facts import appearance_meta, shown_title
from papercli.render.terminal import clean, safe_url


def paper_detail(
    console: Console,
    paper: Paper,
    *,
    tags: Sequence[str] = (),
    note: str | None = None,
    reports: Sequence[tuple[Report, Sequence[Paper]]] = (),
) -> None:
    """A paper whole: its facts, every appearance with its own text, then each category
    report it comes from, once, with the papers the report is about."""
    from rich import box
    from rich.panel import Panel

    head = Text()
    head.append(shown_title(paper.title) + "\n", style="bold")
    head.append(clean(paper.id), style="cyan")
    if paper.authors:
        head.append("\n" + clean(", ".join(paper.authors)), style="italic")
    for label, url in (("abs", paper.url), ("pdf", paper.pdf_url)):
        if url:
            head.append(f"\n{label}: ")
            head.append(clean(url), style=Style(link=safe_url(url)))
    if tags:
        head.append("\ntags: " + clean(", ".join(tags)), style="magenta")
    if note:
        head.append("\nnote: " + clean(note), style="italic")
    console.print(Panel(head, box=box.ROUNDED, expand=True))
    for appearance in paper.appearances:
        meta = appearance_meta(appearance)
        empty = "(no text of its own: see the report below)" if appearance.report else ""
        body = Text(clean(appearance.summary) or empty or "(no summary)")
        if appearance.fields:
            body.append("\n\n관련분야: " + clean(", ".join(appearance.fields)), style="dim")
        for url in appearance.media:
            body.append("\nmedia: " + clean(url), style="dim")
        console.print(
            Panel(
                body,
                title=Text(" · ".join(meta)),
                title_align="left",
                subtitle=Text(clean(appearance.source)),
                subtitle_align="right",
                box=box.ROUNDED,
            )
        )
    own = {a.summary for a in paper.appearances}
    for report, papers in reports:
        report_panel(console, report, papers, current=paper.id, shown=report.text in own)


def report_panel(
    console: Console,
    report: Report,
    papers: Sequence[Paper],
    *,
    current: str | None = None,
    shown: bool = False,
) -> None:
    """A category report and the papers it is about (``current``, the one being shown,
    marked). ``shown``: its text is already on screen (a report about one paper is
    that paper's own text), so only its papers are listed."""
    from rich import box
    from rich.panel import Panel

    meta = ["Report", clean(report.category or "insights")]
    meta.append(report.date.isoformat() if report.date else "undated")
    body = Text() if shown else Text(clean(report.text) or "(empty report)")
    body.append(("" if shown else "\n\n") + "Papers in this report:", style="bold")
    known = {p.id: p for p in papers}
    for pid in report.papers:
        found = known.get(pid)
        line = Text("\n" + ("▸ " if pid == current else "  "))
        line.append(clean(pid), style="cyan")
        if found is not None:
            line.append(" " + shown_title(found.title))
        body.append_text(line)
    console.print(
        Panel(
            body,
            title=Text(" · ".join(meta)),
            title_align="left",
            subtitle=Text(f"{clean(report.id)} · {clean(report.source)}"),
            subtitle_align="right",
            box=box.ROUNDED,
        )
    )


def user_data(console: Console, paper_id: str, tags: Sequence[str], note: str | None) -> None:
    """One line per kind of the reader's own data about a paper."""
    line = Text(clean(paper_id), style="cyan")
    line.append(": tags " + (clean(", ".join(tags)) if tags else "(none)"))
    console.print(line)
    if note is not None:
        console.print(Text("note: " + clean(note), style="italic"))
