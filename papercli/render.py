"""Everything the terminal sees; the only module that imports rich.

Digest text is untrusted: it reaches the screen only as ``rich.text.Text``
(never parsed as markup), with escape sequences and control characters
removed, and only http(s) URLs become clickable links.
"""

from __future__ import annotations

import calendar
import datetime as dt
import errno
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, cast

from rich.console import Console, Group
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from papercli.model import NO_FILTERS, Appearance, Filters, Paper, Report

if TYPE_CHECKING:
    from rich.table import Table

    from papercli.reading import Expansion, Explanation, SearchResult


_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated or not
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+", re.I)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMAT_LABELS = {
    "daily_papers": "Daily Papers",
    "category_insights": "Insights",
    "simple_summary": "Summary",
    "paper_notes": "Notes",
}


def appearance_meta(appearance: Appearance) -> list[str]:
    """Where and when a paper appeared, in words: its day, style, votes and category."""
    meta = [
        appearance.date.isoformat() if appearance.date else "undated",
        FORMAT_LABELS.get(appearance.format, appearance.format),
    ]
    if appearance.votes is not None:
        meta.append(f"votes {appearance.votes}")
    if appearance.category:
        meta.append(clean(appearance.category))
    return meta


def clean(text: str | None) -> str:
    """Untrusted text with terminal escapes and control characters removed."""
    return _ESCAPES.sub("", text or "")


def safe_url(url: str | None) -> str | None:
    """The URL if it may be a clickable link (http or https only)."""
    if url and _SAFE_URL.fullmatch(url.strip()):
        return url.strip()
    return None


def stdout() -> Console:
    """The console for results: on a pipe, its lines without the trailing spaces rich
    pads table cells with (a terminal shows no difference, a file or ``diff`` does)."""
    file = None if sys.stdout.isatty() else cast("IO[str]", _Trimmed(sys.stdout))
    return _Console(file=file, highlight=False, emoji=False, **_colour())


class _Console(Console):
    """A console that lets a closed pipe be the CLI's business: rich's own handling
    exits with status 1, but a reader closing the pipe (``| head``) is no failure."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "the reader closed the pipe")


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$")


class _Trimmed(io.TextIOBase):
    """A text file writing each complete line to ``file`` without trailing blanks (before
    any closing colour codes); a line still open is written as it is when flushed."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.open_line = ""

    def write(self, text: str) -> int:
        *lines, self.open_line = (self.open_line + text).split("\n")
        if lines:
            self.file.write("".join(_TRAILING.sub(r"\1", line) + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.open_line:
            self.file.write(self.open_line)
            self.open_line = ""
        self.file.flush()

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def stderr() -> Console:
    return _Console(stderr=True, highlight=False, emoji=False, soft_wrap=True, **_colour())


def _colour() -> dict[str, Any]:
    """Console options for config.toml's ``colour``; ``auto`` leaves rich to detect
    a terminal and honour ``NO_COLOR``. ``always`` colours pipes too, but does not
    make them a terminal (no progress bar, no pager)."""
    from papercli.config import colour_mode

    mode = colour_mode()
    if mode == "always":
        return {"color_system": "standard"}
    if mode == "never":
        return {"color_system": None}
    return {}


def print_json(data: Any) -> None:
    """JSON alone on stdout, so that scripts and jq can rely on it.

    Korean stays readable (no ``ensure_ascii``), but DEL, C1 controls, line
    separators and bidi overrides are escaped like C0 ones, so that JSON
    printed straight to a terminal is as inert as the tables.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def error(console: Console, message: str) -> None:
    console.print(Text.assemble(("Error: ", "bold red"), clean(message)))


def warning(console: Console, message: str) -> None:
    console.print(Text.assemble(("Warning: ", "yellow"), clean(message)))


def notice(console: Console, message: str) -> None:
    console.print(Text(clean(message), style="dim"))


@contextmanager
def progress(console: Console, enabled: bool = True) -> Iterator[Any]:
    """A progress bar on a terminal; no callback otherwise. A spinner keeps turning and
    the text says what the run does (the file it reads, ``saving the index``), so that
    the last steps, when the bar is full, are not taken for a hang."""
    if not (enabled and console.is_terminal):
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("Indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim", markup=False),
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
        f"{report['papers']} papers, {report['appearances']} appearances; "
        f"index {byte_size(report['size'])}."
    )


def byte_size(count: int) -> str:
    """Bytes as a reader reads them: ``812 bytes``, ``9.6 KB``, ``9.6 MB``, ``1.2 GB``
    (units of 1000, as the benchmark's sizes on disk)."""
    if count < 1000:
        return plural(count, "byte")
    amount, unit = count / 1000, "KB"
    for larger in ("MB", "GB"):
        if round(amount, 1) < 1000:
            break
        amount, unit = amount / 1000, larger
    return f"{amount:.1f} {unit}"


FILTER_OPTIONS = {
    "date": "--from/--to",
    "category": "--category",
    "format": "--format",
    "min_votes": "--min-votes",
    "ids": "tag:",
    "author": "--author",
}


def search_notice(query: str, result: SearchResult) -> str | None:
    """What a search must tell besides its hits: a correction it ran instead, a
    correction that found nothing either, or the filters that left nothing."""
    if result.corrected:
        if result.unmatched == (query,):
            lead = f"No papers match {query!r}"
        else:
            words = ", ".join(repr(w) for w in result.unmatched)
            lead = f"{words} {'match' if len(result.unmatched) > 1 else 'matches'} nothing"
        return f"{lead}; showing {plural(result.total, 'paper')} for {result.corrected!r}."
    if result.hits:
        return None
    message = f"No papers match {query!r}"
    if result.unfiltered:
        options = ", ".join(FILTER_OPTIONS[name] for name in result.blocking)
        message += (
            f" with {options}; {plural(result.unfiltered, 'paper')} "
            f"{'matches' if result.unfiltered == 1 else 'match'} without "
            f"{'it' if len(result.blocking) == 1 else 'them'}"
        )
    message += "."
    if result.suggestion:
        message += f" Did you mean: {result.suggestion}?"
    return message


def plural(count: int, noun: str) -> str:
    """``1 paper``, ``2,547 papers``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def snippet_text(snippet: str) -> Text:
    """A snippet whose matched words are wrapped in HIT markers, highlighted."""
    from papercli.reading import HIT_END, HIT_START

    text = Text()
    for number, part in enumerate(re.split(f"[{HIT_START}{HIT_END}]", clean_keep_hits(snippet))):
        text.append(part, style="bold yellow" if number % 2 else None)
    return text


def clean_keep_hits(text: str) -> str:
    return _ESCAPES.sub("", text)


def placing(paper: Paper, filters: Filters = NO_FILTERS, sort: str = "date") -> Appearance | None:
    """The appearance a row shows the votes and date of, so that a row never pairs one
    digest's votes with another's date: of the appearances matching the filters, the
    newest (``sort`` date: what placed the paper in a list by date), else the most
    voted (by votes, as ``top`` ranks; by relevance or likeness, the one that tells
    most about the paper). None for a paper without appearances."""
    matching = [a for a in paper.appearances if _matches(a, filters)] or list(paper.appearances)
    if not matching:
        return None

    def votes(a: Appearance) -> int:
        return -1 if a.votes is None else a.votes

    def day(a: Appearance) -> dt.date:
        return a.date or dt.date.min

    if sort == "date":
        return max(matching, key=lambda a: (day(a), votes(a)))
    return max(matching, key=lambda a: (votes(a), day(a)))


def _matches(appearance: Appearance, filters: Filters) -> bool:
    """The appearance-level filters, as the readers apply them."""
    if filters.start or filters.end:
        if appearance.date is None:
            return False
        if (filters.start and appearance.date < filters.start) or (
            filters.end and appearance.date > filters.end
        ):
            return False
    if filters.category and (appearance.category or "").lower() != filters.category.lower():
        return False
    if filters.format and appearance.format != filters.format:
        return False
    votes = -1 if appearance.votes is None else appearance.votes
    return filters.min_votes is None or votes >= filters.min_votes


def _votes(appearance: Appearance | None) -> str:
    return "" if appearance is None or appearance.votes is None else str(appearance.votes)


def _date(appearance: Appearance | None) -> str:
    return appearance.date.isoformat() if appearance and appearance.date else "—"


def _category(paper: Paper) -> str:
    names = dict.fromkeys(a.category for a in paper.appearances if a.category)
    return ", ".join(names)


def shown_title(title: str) -> str:
    """A title as a reader sees it: LaTeX made readable (``LLM$\\times$MapReduce`` is
    LLM×MapReduce); the stored title, as written, is what exports give."""
    from papercli.parse.latex import readable_title

    return clean(readable_title(title))


def _title(paper: Paper) -> Text:
    title = Text(shown_title(paper.title), style="bold")
    link = safe_url(paper.url)
    if link:
        title.stylize(Style(link=link))
    return title


def paper_table(
    console: Console,
    papers: Sequence[Paper],
    *,
    title: str | None = None,
    filters: Filters = NO_FILTERS,
    sort: str = "date",
) -> None:
    """Papers as a table: votes and date first, so a day's best stand out. Both come
    from the appearance that placed the paper (``placing``); the categories are those
    of its appearances in the filters' dates."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, expand=False, title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Votes", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("ID", no_wrap=True, style="cyan")
    table.add_column("Title", overflow="fold")
    for number, paper in enumerate(papers, 1):
        shown = placing(paper, filters, sort)
        cell = _title(paper)
        category = _category(paper.within(filters.start, filters.end))
        if category:
            cell.append(f"\n{clean(category)}", style="dim")
        table.add_row(str(number), _votes(shown), _date(shown), Text(clean(paper.id)), cell)
    console.print(table)


def search_hits(
    console: Console,
    papers: Sequence[Paper],
    snippets: Sequence[str],
    *,
    title: str,
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    why: Sequence[Explanation | None] = (),
) -> None:
    """Search results as short cards: title, facts, and the matched words in context.
    The date and votes are one appearance's (``placing``); with ``why``, each card
    says which spellings matched in which fields (``--explain``).

    Printed as one group: each ``print`` call measures the console anew.
    """
    cards: list[Any] = [Text(clean(title), style="bold")]
    reasons = list(why) or [None] * len(papers)
    for number, (paper, snippet, reason) in enumerate(
        zip(papers, snippets, reasons, strict=True), 1
    ):
        shown = placing(paper, filters, sort)
        cards.append(Text())
        cards.append(Text(f"{number:>2}. ", style="dim").append_text(_title(paper)))
        facts = [clean(paper.id), _date(shown)]
        if shown and shown.votes is not None:
            facts.append(f"{shown.votes} votes")
        if _category(paper):
            facts.append(clean(_category(paper)))
        cards.append(Padding(Text(" · ".join(facts), style="cyan"), (0, 0, 0, 4), expand=False))
        if snippet:
            cards.append(
                Padding(snippet_text(" ".join(snippet.split())), (0, 0, 0, 4), expand=False)
            )
        if reason is not None:
            cards.append(Padding(explanation(reason), (0, 0, 0, 4), expand=False))
    console.print(Group(*cards))


def explanation(reason: Explanation) -> Text:
    """``why:`` what matched where, by which spelling, and what the paper lacks."""
    text = Text("why: ", style="dim")
    found = [
        f"{m.field} '{m.term}'" + ("" if m.origin == "typed" else f" ({m.origin} of '{m.asked}')")
        for m in reason.matched
    ]
    text.append(clean("; ".join(found) or "no word of the query itself"))
    if reason.via:
        text.append(f" · via {reason.via}", style="magenta")
    if reason.missing:
        text.append(" · lacks " + clean(", ".join(repr(w) for w in reason.missing)), style="dim")
    return text


def oneline(
    console: Console, papers: Sequence[Paper], *, filters: Filters = NO_FILTERS, sort: str = "date"
) -> None:
    """One line per paper: id, date, votes (one appearance's, ``placing``) and title. On a
    terminal the title is cut to the width (in cells, so Korean lines up); on a pipe
    lines are whole, for grep and fzf."""
    rows = [(clean(p.id), placing(p, filters, sort), p) for p in papers]
    id_width = max((len(pid) for pid, _, _ in rows), default=0)
    vote_width = max((len(_votes(shown)) for _, shown, _ in rows), default=0)
    lines = []
    for pid, shown, paper in rows:
        line = Text(pid.ljust(id_width), style="cyan")
        line.append(f"  {_date(shown):<10}  ")
        if vote_width:
            line.append(_votes(shown).rjust(vote_width) + "  ")
        line.append(clean(paper.title), style="bold")
        lines.append(line)
    fit = console.is_terminal
    for line in lines:
        if fit:
            console.print(line, no_wrap=True, overflow="ellipsis")
        else:
            console.print(line, soft_wrap=True)


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


def stats(console: Console, data: dict[str, Any], location_reason: str) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Index", Text(f"{clean(data['index'])} ({location_reason})"))
    table.add_row("Papers", str(data["papers"]))
    table.add_row("Appearances", str(data["appearances"]))
    table.add_row("Files", str(data["files"]))
    for name, count in data["formats"].items():
        table.add_row(f"  {FORMAT_LABELS.get(name, name)}", str(count))
    table.add_row("First date", data["first_date"] or "—")
    table.add_row("Last date", data["last_date"] or "—")
    table.add_row("Size", byte_size(data["size"]))
    console.print(table)


def message(console: Console, text: str) -> None:
    console.print(Text(clean(text)))


def paged(console: Console, draw: Callable[[Console], None], *, enabled: bool = True) -> None:
    """Draw, through the pager when the output is taller than a real terminal screen.

    Never when piped: the check is on the output file itself, not on the
    console's idea of a terminal, which ``colour = "always"`` forces on.
    """
    isatty = getattr(console.file, "isatty", None)
    if not (enabled and console.is_terminal and isatty and isatty()):
        draw(console)
        return
    with console.capture() as capture:
        draw(console)
    if capture.get().count("\n") <= console.height:
        draw(console)
        return
    os.environ.setdefault("LESS", "-R")
    with console.pager(styles=True, links=True):
        draw(console)


def user_data(console: Console, paper_id: str, tags: Sequence[str], note: str | None) -> None:
    """One line per kind of the reader's own data about a paper."""
    line = Text(clean(paper_id), style="cyan")
    line.append(": tags " + (clean(", ".join(tags)) if tags else "(none)"))
    console.print(line)
    if note is not None:
        console.print(Text("note: " + clean(note), style="italic"))


def stats_charts(
    console: Console, data: dict[str, Any], *, months: int | None = 12, calendar_months: int = 3
) -> None:
    """The charts of ``papers stats``: per month (the last ``months``, None for all, in
    rows that fit the console), a calendar of the last ``calendar_months``, categories
    (past the top 12 grouped as one row), fields, authors, votes and tags, each sized to
    the console (readable at 80 columns)."""
    from rich.table import Table

    from papercli import charts

    span = charts.month_span(data["months"], months)
    if span:
        _section(console, "Papers per month")
        cell = max(4, max(len(str(n)) for _, n in span))
        top = max(n for _, n in span)
        for number, row in enumerate(charts.month_rows(span, (console.width + 1) // (cell + 1))):
            if number:
                console.print()
            _month_row(console, row, cell, top)
    shown = charts.calendar_months(data["days"], calendar_months)
    if shown:
        _section(console, "Digest days (papers per day under the date)")
        for start in range(0, len(shown), 3):
            grid = Table.grid(padding=(0, 3))
            side = shown[start : start + 3]
            tall = charts.digest_weeks(side, data["days"])
            calendars = [_month_calendar(y, m, data["days"], tall) for y, m in side]
            for _ in calendars:
                grid.add_column()
            grid.add_row(*calendars)
            console.print(grid)
    for title, counts in (
        ("Categories (insights)", charts.grouped_categories(data["categories"])),
        ("관련분야 fields", data["fields"]),
        ("Top authors", data["authors"]),
        ("Best votes per paper", data["votes"]),
        ("Tags", data["tags"]),
    ):
        if any(counts.values()):
            _section(console, title)
            console.print(_bars(console, counts))


def _month_row(console: Console, row: list[tuple[str, int]], cell: int, top: int) -> None:
    """One row of the month chart: columns on the scale of the whole chart (``top``), a
    rule, month names, and the year under the row's first month and each January."""
    from papercli import charts

    names, years = charts.month_labels([key for key, _ in row])
    for line in charts.column_rows([n for _, n in row], height=6, cell=cell, top=top):
        console.print(Text(line, style="green"), no_wrap=True, crop=False)
    console.print(Text(" ".join("─" * cell for _ in row), style="dim"), no_wrap=True)
    console.print(" ".join(n.center(cell) for n in names).rstrip(), no_wrap=True)
    console.print(Text(" ".join(y.center(cell) for y in years).rstrip(), style="dim"))


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))


def _bars(console: Console, counts: dict[str, int]) -> Table:
    """Labels, counts and horizontal bars; long labels are cut, wide characters aligned."""
    from rich.cells import cell_len
    from rich.table import Table

    from papercli import charts

    label_width = min(28, max(cell_len(clean(label)) for label in counts))
    number_width = max(len(str(n)) for n in counts.values())
    bar_width = max(10, min(48, console.width - label_width - number_width - 6))
    top = max(counts.values())
    table = Table.grid(padding=(0, 1))
    table.add_column(width=label_width, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", width=number_width)
    table.add_column(no_wrap=True)
    for label, count in counts.items():
        table.add_row(
            Text(clean(label)), str(count), Text(charts.hbar(count, top, bar_width), style="cyan")
        )
    return table


def _month_calendar(year: int, month: int, days: dict[str, int], tall: set[int]) -> Table:
    """One month, Monday first: digest days bold with their paper count beneath; the
    weeks in ``tall`` get a count line in every month shown side by side, so rows align."""
    from rich.table import Table

    from papercli import charts

    table = Table(
        title=f"{calendar.month_name[month]} {year}",
        box=None,
        padding=0,
        show_edge=False,
        header_style="dim",
    )
    for name in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
        table.add_column(name, justify="right", width=3, no_wrap=True)
    for number, week in enumerate(charts.month_weeks(year, month)):
        counts = [days.get(day.isoformat()) if day else None for day in week]
        cells = []
        for day, count in zip(week, counts, strict=True):
            cell = Text(str(day.day) if day else "", style="bold green" if count else "dim")
            if number in tall:
                cell.append("\n" + (str(count) if count else ""), style="green")
            cells.append(cell)
        table.add_row(*cells)
    return table


def settings(console: Console, rows: Sequence[tuple[str, Any, str]]) -> None:
    """``papers config``: each setting's effective value, and beneath it where it came from."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value, origin in rows:
        cell = Text(clean(str(value)))
        cell.append("\n" + clean(origin), style="dim")
        table.add_row(Text(name), cell)
    console.print(table)


def expansions(console: Console, term: str, found: Sequence[Expansion]) -> None:
    """``papers glossary TERM``: each spelling the term also finds, and where it comes from."""
    from rich.table import Table

    if not found:
        message(
            console, f"{term!r} finds only itself: no glossary spelling, no learned translation."
        )
        return
    console.print(Text(f"{clean(term)!r} also finds:", style="bold"))
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for each in found:
        if each.origin == "learned":
            how = (
                f"learned from the archive: seen {plural(each.times, 'time')} "
                f"in {plural(each.files, 'file')}"
            )
            if each.unused:
                how += f" ({clean(each.unused)})"
        elif each.origin == "other forms":
            how = "another form of the Korean predicate"
        elif each.origin == "packaged":
            how = "glossary (packaged)"
        else:
            how = f"glossary ({each.origin})"
        table.add_row(Text("  " + clean(each.spelling)), Text(how, style="dim"))
    console.print(table)


def doctor_report(console: Console, found: dict[str, Any], fixed: dict[str, Any] | None) -> None:
    """``papers doctor``: what ``--fix`` did, each problem left with how to solve it,
    then a closing line."""
    if fixed is not None:
        for text in fixed["warnings"]:
            warning(console, text)
        for moved in fixed["reattached"]:
            why = "same title" if moved["matched_by"] == "title" else "an id it had"
            message(
                console,
                f"Re-attached the tags and note of {moved['from']} to {moved['to']} ({why}).",
            )
        if fixed["deleted"]:
            names = ", ".join(fixed["deleted"])
            message(console, f"Deleted {plural(len(fixed['deleted']), 'file')}: {names}.")
        if fixed["catalog_rebuilt"]:
            message(console, "Rebuilt the catalog of quick lookups.")
    message(
        console,
        f"Index {found['index']}: {plural(found['papers'], 'paper')}; "
        f"tag store {found['tag_store']}.",
    )
    if found["lock"] == "held":
        notice(
            console,
            "An index run is writing now, so its folder's files were not checked; "
            "run `papers doctor` again when it ends.",
        )
    if found["catalog"] != "current":
        message(
            console,
            f"Problem: the catalog of quick lookups is {found['catalog']}, so show, top and "
            "list read the index instead (slower); `papers doctor --fix` rebuilds it.",
        )
    for names, noun, what in (
        (found["leftover_files"], "index file", "no commit uses"),
        (found["temporary_files"], "temporary file", "of an interrupted index run"),
    ):
        if names:
            message(
                console,
                f"Problem: {plural(len(names), noun)} {what}: {', '.join(names)}; "
                f"`papers doctor --fix` deletes {'it' if len(names) == 1 else 'them'}.",
            )
    orphans = found["orphans"]
    if orphans:
        message(
            console,
            f"Problem: tags or notes of {plural(len(orphans), 'paper')} are kept under ids "
            "no paper in the index has:",
        )
    for orphan in orphans:
        _orphan(console, orphan)
    problems = found["problems"]
    if not problems:
        message(console, "No problems found.")
        return
    if fixed is not None:
        message(console, f"{plural(problems, 'problem')} left.")
        return
    stuck = sum(1 for orphan in orphans if orphan["match"] is None)
    repairable = problems - stuck
    lead = f"{plural(problems, 'problem')}; "
    if repairable:
        message(console, lead + f"`papers doctor --fix` repairs {repairable} of them.")
    else:
        message(console, lead + "--fix cannot repair them: see the hints above.")


def _orphan(console: Console, orphan: dict[str, Any]) -> None:
    held = []
    if orphan["tags"]:
        held.append("tags " + ", ".join(orphan["tags"]))
    if orphan["note"]:
        held.append("a note")
    if orphan["citation_key"]:
        held.append(f"citation key {orphan['citation_key']}")
    title = orphan["title"] or "(title unknown)"
    line = Text("  ")
    line.append(clean(orphan["id"]), style="cyan")
    line.append(f"  {clean(title)}  ({clean('; '.join(held))})")
    console.print(line)
    pid = orphan["id"]
    if orphan["match"] is not None:
        why = "the same title" if orphan["matched_by"] == "title" else "an id it had"
        hint = f"is {orphan['match']} ({why}): `papers doctor --fix` moves them there"
    elif orphan["candidates"]:
        hint = (
            f"several papers have this title ({', '.join(orphan['candidates'])}): tag the "
            f"right one yourself, then `papers untag {pid} TAG` and `papers note {pid} --clear`"
        )
    else:
        hint = (
            "is not in the index: index its digest again and run `papers doctor --fix`, "
            f"or drop them with `papers untag {pid} TAG` and `papers note {pid} --clear`"
        )
    console.print(Text(f"    its paper {clean(hint)}", style="dim"))


def import_report(out: Console, err: Console, source: str, report: dict[str, int]) -> None:
    """``papers import``: the counts, and where the data no paper matched went."""
    message(
        out,
        f"{source}: restored {report['restored']:,}, merged {report['merged']:,}, "
        f"unmatched {report['unmatched']:,}.",
    )
    if report["unmatched"]:
        notice(
            err,
            f"{plural(report['unmatched'], 'paper')} matched none in the index by id or "
            "title: their tags and notes are kept under their own ids (`papers doctor` "
            "lists them).",
        )
