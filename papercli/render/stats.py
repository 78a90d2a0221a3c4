"""``papers stats``: the table of counts and the charts (papers per month, a calendar
of digest days, bars of categories, fields, authors, votes and tags).

Separate because the charts are the largest view and the only one laid out on a
grid; ``papercli.charts`` computes their shapes, this module colours and places them.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from papercli.render.facts import FORMAT_LABELS, byte_size
from papercli.render.terminal import clean

if TYPE_CHECKING:
    from rich.table import Table


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
