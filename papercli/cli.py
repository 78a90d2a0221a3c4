"""The ``papers`` command: a thin shell over parse, store and render.

This is the only module that knows exit codes: every ``PapersError`` from
the library is turned into ``Error: ...`` on stderr in ``_Group.invoke``.
Heavy modules (Whoosh, rich) are imported inside the commands that use
them, so ``papers --help`` stays quick.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from papercli.errors import PapersError, UsageError

SORTS_SEARCH = ("relevance", "votes", "date")
SORTS_LIST = ("date", "votes")
FORMATS = ("daily_papers", "category_insights", "simple_summary")


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that writers are cancelled on the way out."""


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PapersError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; the index keeps its last completed commit", 130)
        except Terminated:
            _fail("terminated; the index keeps its last completed commit", 143)
        except (OSError, RuntimeError, ValueError) as exc:
            if os.environ.get("PAPERS_DEBUG"):
                raise
            _fail(f"{type(exc).__name__}: {exc} (set PAPERS_DEBUG=1 for details)", 1)


def _fail(message: str, code: int) -> None:
    from papercli import render

    render.error(render.stderr(), message)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="papers",
    help="Archive and search Korean AI-paper digests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index",
        help="Index directory (default: $PAPERS_INDEX, ./index, user data).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", "-d", help="A day, month or year: 2024-02-06, 2024-02, today.", show_default=False
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day of a range.", show_default=False)
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day of a range.", show_default=False)]
CategoryOpt = Annotated[
    str | None,
    typer.Option("--category", "-c", help="Insights category, e.g. LLM.", show_default=False),
]


def _store(index: str | None, upgrade: bool = True) -> Any:
    """The store; an index from another version of papers is rebuilt first."""
    from papercli.store import Store, resolve_location

    store = Store(resolve_location(index).path)
    if upgrade:
        notice = store.upgrade()
        if notice:
            from papercli import render

            render.notice(render.stderr(), notice)
    return store


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _limit(value: int) -> int | None:
    if value < 0:
        raise UsageError("--limit cannot be negative")
    return value or None


@app.command()
def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Digest files or folders (*.md, *.txt).", show_default=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help="Date these digests, overriding what they say.", show_default=False
        ),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start the index over.")] = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Read digest files into the index; only new or changed files are parsed.

    With --rebuild and no PATH, every file the index has read is read again.
    """
    from papercli import render
    from papercli.dates import parse_when

    store = _store(index, upgrade=False)
    day = parse_when(date)[0] if date else None
    targets = list(paths or [])
    if not targets:
        targets = [Path(p) for p in store.recorded_files()] if rebuild else []
        if not targets:
            raise UsageError("give at least one file or folder, e.g. `papers index digests/`")
    err = render.stderr()
    with render.progress(err, enabled=not as_json) as update:
        report = store.index(targets, date=day, rebuild=rebuild, progress=update)
    if as_json:
        render.print_json(report.to_dict())
    else:
        render.index_report(err, report.to_dict())


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", OR, -word, title:, author:.')],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most results to show.")] = 20,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Only papers by this author.", show_default=False)
    ] = None,
    min_votes: Annotated[
        int | None,
        typer.Option("--min-votes", help="At least this many votes.", show_default=False),
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="relevance, votes or date.")] = "relevance",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Find papers by title, authors, summary, fields and category."""
    from papercli import render
    from papercli.dates import date_range

    _choice(sort, SORTS_SEARCH, "--sort")
    low, high = date_range(None, start, end)
    result = _store(index).search(
        query,
        limit=_limit(limit),
        start=low,
        end=high,
        category=category,
        author=author,
        min_votes=min_votes,
        sort=sort,
    )
    if as_json:
        render.print_json([{**h.paper.to_dict(), "score": round(h.score, 4)} for h in result.hits])
        return
    out = render.stdout()
    if not result.hits:
        message = f"No papers match {query!r}."
        if result.suggestion:
            message += f" Did you mean: {result.suggestion}?"
        render.message(out, message)
        return
    render.search_hits(
        out,
        [h.paper for h in result.hits],
        [h.snippet for h in result.hits],
        title=f"{len(result.hits)} of {result.total} papers for {query!r}",
    )


@app.command()
def top(
    date: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many papers.")] = 10,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """The most voted papers of a day, month or range (default: the latest digest day)."""
    from papercli import render
    from papercli.dates import date_range

    store = _store(index)
    low, high = date_range(date, start, end)
    if not (date or start or end):
        days = store.dates()
        if days:
            low = high = _iso(max(days))
    papers = store.top(low, high, _limit(limit))
    if as_json:
        render.print_json([p.to_dict() for p in papers])
        return
    out = render.stdout()
    if not papers:
        render.message(out, _no_digest(store, low, high))
        return
    span = _span(low, high)
    render.paper_table(out, papers, title=f"Top papers{span}")


@app.command()
def show(
    paper: Annotated[str, typer.Argument(help="arXiv id, URL or deeplearn-N id.")],
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Everything about one paper: links, authors and every digest entry."""
    from papercli import render

    found = _store(index).paper(paper)
    if as_json:
        render.print_json(found.to_dict())
    else:
        render.paper_detail(render.stdout(), found)


@app.command("list")
def list_(
    date: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="daily_papers, category_insights or simple_summary.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="date or votes.")] = "date",
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many; 0 for all.")] = 50,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """A table of papers, newest first, filtered by date, category or format."""
    from papercli import render
    from papercli.dates import date_range

    _choice(sort, SORTS_LIST, "--sort")
    if format:
        _choice(format, FORMATS, "--format")
    low, high = date_range(date, start, end)
    papers = _store(index).papers(
        start=low, end=high, category=category, format=format, sort=sort, limit=_limit(limit)
    )
    if as_json:
        render.print_json([p.to_dict() for p in papers])
    elif papers:
        render.paper_table(render.stdout(), papers, title=f"{len(papers)} papers")
    else:
        render.message(render.stdout(), "No papers match these filters.")


@app.command()
def stats(as_json: JsonOpt = False, index: IndexOpt = None) -> None:
    """What the index holds, and where it lives."""
    from papercli import render
    from papercli.store import Store, resolve_location

    location = resolve_location(index)
    numbers = Store(location.path).stats().to_dict()
    if as_json:
        render.print_json(numbers)
    else:
        render.stats(render.stdout(), numbers, location.reason)


def _iso(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def _span(low: Any, high: Any) -> str:
    if low and high:
        return f" of {low}" if low == high else f" from {low} to {high}"
    if low:
        return f" since {low}"
    if high:
        return f" until {high}"
    return ""


def _no_digest(store: Any, low: Any, high: Any) -> str:
    if not low and not high:
        return "The index holds no papers yet; run `papers index PATH`."
    before, after = store.nearest_dates(low or high)
    nearest = [d.isoformat() for d in (before, after) if d]
    text = f"No digest{_span(low, high)}."
    if nearest:
        text += " Nearest dates with digests: " + ", ".join(nearest) + "."
    return text


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
