"""Papers as rows: the table of ``top``, ``list`` and related papers, and the one line
per paper of ``--oneline``.

Separate from the search cards and ``show`` because rows share one rule, the
appearance that placed a paper (``model.placing``), and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from papercli.model import NO_FILTERS, Filters, Paper, placing
from papercli.render.facts import (
    category_names,
    linked_title,
    plural,
    shown_date,
    shown_title,
    shown_votes,
)
from papercli.render.terminal import clean

NARROW = 60  # cells: below, a table's title column would hold a letter or two a line


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

    if console.width < NARROW:
        _stacked(console, papers, title, filters, sort)
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=False, title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Votes", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("ID", no_wrap=True, style="cyan")
    table.add_column("Title", overflow="fold")
    for number, paper in enumerate(papers, 1):
        shown = placing(paper, filters, sort)
        cell = linked_title(paper)
        category = category_names(paper.within(filters.start, filters.end))
        if category:
            cell.append(f"\n{clean(category)}", style="dim")
        table.add_row(
            str(number), shown_votes(shown), shown_date(shown), Text(clean(paper.id)), cell
        )
    console.print(table)


def _stacked(
    console: Console, papers: Sequence[Paper], title: str | None, filters: Filters, sort: str
) -> None:
    """The table's rows on a narrow screen: each title whole, then its id, date, votes and
    categories on a line of their own (as columns, the title would get a letter or two a
    line and the votes an ellipsis)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, paper in enumerate(papers, 1):
        shown = placing(paper, filters, sort)
        votes = shown.votes if shown else None
        facts = [
            clean(paper.id),
            shown_date(shown),
            plural(votes, "vote") if votes is not None else "",
            clean(category_names(paper.within(filters.start, filters.end))),
        ]
        cell = linked_title(paper)
        cell.append("\n" + " · ".join(f for f in facts if f), style="dim")
        grid.add_row(f"{number}.", cell)
    if title:
        console.print(Text(title, style="italic"))
        console.print()
    console.print(grid)


def oneline(
    console: Console, papers: Sequence[Paper], *, filters: Filters = NO_FILTERS, sort: str = "date"
) -> None:
    """One line per paper: id, date, votes (one appearance's, ``placing``; ``—`` for
    none, like the date, so every line has four fields) and the title as shown everywhere. On a
    terminal the title is cut to the width (in cells, so Korean lines up); on a pipe
    lines are whole, for grep and fzf."""
    rows = [(clean(p.id), placing(p, filters, sort), p) for p in papers]
    votes = [shown_votes(shown) or "—" for _, shown, _ in rows]
    id_width = max((len(pid) for pid, _, _ in rows), default=0)
    vote_width = max((len(v) for v in votes), default=0)
    lines = []
    for (pid, shown, paper), vote in zip(rows, votes, strict=True):
        line = Text(pid.ljust(id_width), style="cyan")
        line.append(f"  {shown_date(shown):<10}  {vote.rjust(vote_width)}  ")
        line.append(shown_title(paper.title), style="bold")
        lines.append(line)
    fit = console.is_terminal
    for line in lines:
        if fit:
            console.print(line, no_wrap=True, overflow="ellipsis")
        else:
            console.print(line, soft_wrap=True)
