"""What the archive's upkeep commands print: the progress bar and counts of an index
or sync run, ``doctor``'s problems and hints, ``import``'s counts, ``config``'s
settings and ``glossary``'s spellings.

Separate from the paper views: these report on the archive and its tools, not on papers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from papercli.render.facts import byte_size, plural
from papercli.render.terminal import clean, message, notice, warning

if TYPE_CHECKING:
    from papercli.reading import Expansion


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
    for text in report["warnings"]:
        warning(console, text)
    if report.get("rebuilt"):
        notice(console, report["rebuilt"])
    console.print(
        f"Indexed: {plural(report['files_read'], 'file')} read, "
        f"{report['unchanged']:,} unchanged, {report['failed']:,} failed, "
        f"{report['removed']:,} removed; {plural(report['papers'], 'paper')}, "
        f"{plural(report['appearances'], 'appearance')}; index {byte_size(report['size'])}."
    )


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
    store_problem = found.get("tag_store_problem")
    if store_problem:
        message(
            console,
            f"Problem: {store_problem}, so its tags and notes were not checked; "
            "run `papers doctor` again once it can be used.",
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
    stuck += bool(store_problem)
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
    """``papers glossary TERM``: each spelling the term also finds, and where it comes from;
    word by word when a search looks for the term's words apart."""
    if not found:
        message(
            console, f"{term!r} finds only itself: no glossary spelling, no learned translation."
        )
        return
    words = list(dict.fromkeys(e.word for e in found))
    if words != [term]:
        console.print(
            Text(f"A search for {clean(term)!r} looks for its words apart.", style="bold")
        )
    for word in words:
        _expansions(console, word, [e for e in found if e.word == word])


def _expansions(console: Console, word: str, found: Sequence[Expansion]) -> None:
    from rich.table import Table

    console.print(Text(f"{clean(word)!r} also finds:", style="bold"))
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
