"""Everything the terminal sees; the only module that imports rich.

Digest text is untrusted: it reaches the screen only as ``rich.text.Text``
(never parsed as markup), with escape sequences and control characters
removed, and only http(s) URLs become clickable links.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from papercli.model import Paper

HIT_START, HIT_END = "\ue000", "\ue001"
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated or not
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
FORMAT_LABELS = {
    "daily_papers": "Daily Papers",
    "category_insights": "Insights",
    "simple_summary": "Summary",
}


def clean(text: str | None) -> str:
    """Untrusted text with terminal escapes and control characters removed."""
    return _ESCAPES.sub("", text or "")


def safe_url(url: str | None) -> str | None:
    """The URL if it may be a clickable link (http or https only)."""
    if url and _SAFE_URL.fullmatch(url.strip()):
        return url.strip()
    return None


def stdout() -> Console:
    return Console(highlight=False, emoji=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON alone on stdout, so that scripts and jq can rely on it."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def error(console: Console, message: str) -> None:
    console.print(Text.assemble(("Error: ", "bold red"), clean(message)))


def warning(console: Console, message: str) -> None:
    console.print(Text.assemble(("Warning: ", "yellow"), clean(message)))


def notice(console: Console, message: str) -> None:
    console.print(Text(clean(message), style="dim"))


@contextmanager
def progress(console: Console, enabled: bool = True) -> Iterator[Any]:
    """A progress bar on a terminal; no callback otherwise."""
    if not (enabled and console.is_terminal):
        yield None
        return
    bar = Progress(
        TextColumn("Indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=console,
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=clean(path)[-40:])

        yield update


def index_report(console: Console, report: dict[str, Any]) -> None:
    for message in report["warnings"]:
        warning(console, message)
    if report.get("rebuilt"):
        notice(console, report["rebuilt"])
    console.print(
        f"Indexed: {report['files_read']} files read, {report['unchanged']} unchanged, "
        f"{report['failed']} failed, {report['removed']} removed; "
        f"{report['papers']} papers, {report['appearances']} appearances."
    )


def snippet_text(snippet: str) -> Text:
    """A snippet whose matched words are wrapped in HIT markers, highlighted."""
    text = Text()
    for number, part in enumerate(re.split(f"[{HIT_START}{HIT_END}]", clean_keep_hits(snippet))):
        text.append(part, style="bold yellow" if number % 2 else None)
    return text


def clean_keep_hits(text: str) -> str:
    return _ESCAPES.sub("", text)


def _votes(paper: Paper) -> str:
    votes = paper.best_votes
    return "" if votes is None else str(votes)


def _date(paper: Paper) -> str:
    day = paper.last_date
    return day.isoformat() if day else "—"


def _category(paper: Paper) -> str:
    names = dict.fromkeys(a.category for a in paper.appearances if a.category)
    return ", ".join(names)


def _title(paper: Paper) -> Text:
    title = Text(clean(paper.title), style="bold")
    link = safe_url(paper.url)
    if link:
        title.stylize(f"link {link}")
    return title


def paper_table(console: Console, papers: Sequence[Paper], *, title: str | None = None) -> None:
    """Papers as a table: votes and date first, so a day's best stand out."""
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=False, title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Votes", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("ID", no_wrap=True, style="cyan")
    table.add_column("Title", overflow="fold")
    for number, paper in enumerate(papers, 1):
        cell = _title(paper)
        category = _category(paper)
        if category:
            cell.append(f"\n{clean(category)}", style="dim")
        table.add_row(str(number), _votes(paper), _date(paper), clean(paper.id), cell)
    console.print(table)


def search_hits(
    console: Console, papers: Sequence[Paper], snippets: Sequence[str], *, title: str
) -> None:
    """Search results as short cards: title, facts, and the matched words in context."""
    console.print(Text(clean(title), style="bold"))
    for number, (paper, snippet) in enumerate(zip(papers, snippets, strict=True), 1):
        console.print()
        console.print(Text(f"{number:>2}. ", style="dim").append_text(_title(paper)))
        facts = [clean(paper.id), _date(paper)]
        if paper.best_votes is not None:
            facts.append(f"{paper.best_votes} votes")
        if _category(paper):
            facts.append(clean(_category(paper)))
        console.print(Padding(Text(" · ".join(facts), style="cyan"), (0, 0, 0, 4), expand=False))
        if snippet:
            console.print(Padding(snippet_text(" ".join(snippet.split())), (0, 0, 0, 4), expand=False))


def paper_detail(console: Console, paper: Paper) -> None:
    head = Text()
    head.append(clean(paper.title) + "\n", style="bold")
    head.append(clean(paper.id), style="cyan")
    if paper.authors:
        head.append("\n" + clean(", ".join(paper.authors)), style="italic")
    for label, url in (("abs", paper.url), ("pdf", paper.pdf_url)):
        if url:
            head.append(f"\n{label}: ")
            head.append(clean(url), style=f"link {safe_url(url)}" if safe_url(url) else "")
    console.print(Panel(head, box=box.ROUNDED, expand=True))
    for appearance in paper.appearances:
        meta = [
            appearance.date.isoformat() if appearance.date else "undated",
            FORMAT_LABELS.get(appearance.format, appearance.format),
        ]
        if appearance.votes is not None:
            meta.append(f"votes {appearance.votes}")
        if appearance.category:
            meta.append(clean(appearance.category))
        body = Text(clean(appearance.summary) or "(no summary)")
        if appearance.fields:
            body.append("\n\n관련분야: " + clean(", ".join(appearance.fields)), style="dim")
        for url in appearance.media:
            body.append("\nmedia: " + clean(url), style="dim")
        console.print(
            Panel(
                body,
                title=" · ".join(meta),
                title_align="left",
                subtitle=clean(appearance.source),
                subtitle_align="right",
                box=box.ROUNDED,
            )
        )


def stats(console: Console, data: dict[str, Any], location_reason: str) -> None:
    table = Table(box=box.SIMPLE, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Index", f"{clean(data['index'])} ({location_reason})")
    table.add_row("Papers", str(data["papers"]))
    table.add_row("Appearances", str(data["appearances"]))
    table.add_row("Files", str(data["files"]))
    for name, count in data["formats"].items():
        table.add_row(f"  {FORMAT_LABELS.get(name, name)}", str(count))
    table.add_row("First date", data["first_date"] or "—")
    table.add_row("Last date", data["last_date"] or "—")
    console.print(table)


def message(console: Console, text: str) -> None:
    console.print(Text(clean(text)))
