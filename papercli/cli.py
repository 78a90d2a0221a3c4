"""The ``papers`` command: wiring from the command line to the library and to ``render``.

This is the only module that knows exit codes: a ``PapersError`` from the
library becomes ``Error: ...`` on stderr with its own code, and anything else
is a bug of papers, reported as an internal error (the traceback with
``PAPERS_DEBUG=1``). Everything a command decides (which read path, what a
``tag:`` term or an id means, how filters combine) lives in the library
(``papercli.archive``); heavy modules are imported inside the commands that
use them, so ``papers --help`` stays quick.
"""

import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from papercli import __version__
from papercli.choices import ExportFormat, ListSort, SearchSort, Style
from papercli.errors import PapersError, UsageError


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that writers are cancelled on the way out."""


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PapersError as exc:
            if os.environ.get("PAPERS_DEBUG") and exc.__cause__ is not None:
                raise
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; the index keeps its last completed commit", 130)
        except Terminated:
            _fail("terminated; the index keeps its last completed commit", 143)
        except OSError as exc:
            if os.environ.get("PAPERS_DEBUG") or isinstance(exc, BrokenPipeError):
                raise
            where = f": {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or exc}{where} (set PAPERS_DEBUG=1 for details)", 1)
        except Exception as exc:
            if os.environ.get("PAPERS_DEBUG") or _framework(exc):
                raise
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            _fail(
                f"internal error in papers {__version__} ({detail}); please report it "
                "(PAPERS_DEBUG=1 shows the traceback)",
                1,
            )


def _framework(exc: Exception) -> bool:
    """typer's own exceptions (usage errors, exit, abort) go to typer, which reports them."""
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def _fail(message: str, code: int) -> None:
    from papercli import render

    render.error(render.stderr(), message)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="papers",
    help="Archive and search Korean AI-paper digests.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index",
        help="Index directory (default: $PAPERS_INDEX, config.toml, ./index, user data).",
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
AuthorOpt = Annotated[
    str | None,
    typer.Option(
        "--author",
        help="Only papers by this author: each word a word of an author's name.",
        show_default=False,
    ),
]
MinVotesOpt = Annotated[
    int | None,
    typer.Option("--min-votes", help="At least this many votes.", show_default=False),
]


def _archive(index: str | None) -> Any:
    """The archive at the index ``--index`` (or the default) names; notices go to stderr."""
    from papercli.archive import Archive
    from papercli.location import resolve_location

    return Archive(resolve_location(index).path, notify=_notice)


def _notice(message: str) -> None:
    from papercli import render

    render.notice(render.stderr(), message)


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Paper ids (with titles) from the index; no index or any trouble gives nothing."""
    try:
        return _archive(ctx.params.get("index")).reader(upgrade=False).paper_ids(incomplete, 50)
    except Exception:
        return []


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The reader's tag names, most used first."""
    try:
        counts = _archive(ctx.params.get("index")).user().tag_counts(incomplete.casefold())
    except Exception:
        return []
    return [(name, f"{count} papers") for name, count in counts.items()]


def _complete_query(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``tag:NAME`` inside a query."""
    if not incomplete.lower().startswith("tag:"):
        return []
    return [(f"tag:{name}", help) for name, help in _complete_tags(ctx, incomplete[4:])]


IdArg = Annotated[
    str,
    typer.Argument(help="arXiv id, URL or deeplearn-N id.", autocompletion=_complete_ids),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only papers with this tag (repeat: all of them).",
        autocompletion=_complete_tags,
        show_default=False,
    ),
]


def _limit(value: int | None, command: str | None = None) -> int | None:
    """``--limit``, else the command's limit in config.toml; 0 means no limit."""
    if value is None and command:
        from papercli.config import load

        value = load().limit(command)
    if value is None or value < 0:
        raise UsageError("--limit cannot be negative")
    return value or None


def _filters(
    date: str | None = None,
    start: str | None = None,
    end: str | None = None,
    **fields: Any,
) -> Any:
    """The model's ``Filters`` from command-line options (dates as the reader wrote them)."""
    from papercli.dates import date_range
    from papercli.model import Filters

    low, high = date_range(date, start, end)
    return Filters(start=low, end=high, **fields)


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

    archive = _archive(index)
    day = parse_when(date)[0] if date else None
    targets = list(paths or [])
    if not targets and rebuild:
        targets = archive.recorded_files()
    if not targets:
        raise UsageError("give at least one file or folder, e.g. `papers index digests/`")
    err = render.stderr()
    with render.progress(err, enabled=not as_json) as update:
        report = archive.index(targets, date=day, rebuild=rebuild, progress=update)
    if as_json:
        render.print_json(report.to_dict())
    else:
        render.index_report(err, report.to_dict())


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "a phrase", OR, -word, title:, author:, tag:.',
            autocompletion=_complete_query,
        ),
    ],
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help="Most results [default: 20, or limits.search in config.toml].",
            show_default=False,
        ),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    author: AuthorOpt = None,
    min_votes: MinVotesOpt = None,
    sort: Annotated[SearchSort, typer.Option("--sort", help="Order.")] = "relevance",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Find papers by title, authors, summary, fields and category."""
    from papercli import render

    filters = _filters(None, start, end, category=category, min_votes=min_votes, author=author)
    result = _archive(index).search(query, filters, limit=_limit(limit, "search"), sort=sort)
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
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help="How many [default: 10, or limits.top in config.toml].",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """The most voted papers of a day, month or range (default: the latest digest day)."""
    from papercli import render
    from papercli.dates import date_range
    from papercli.reading import top as top_papers

    reader = _archive(index).reader()
    low, high = date_range(date, start, end)
    if not (date or start or end):
        low = high = reader.latest_date()
    papers = top_papers(reader, low, high, _limit(limit, "top"))
    if as_json:
        render.print_json([p.to_dict() for p in papers])
        return
    out = render.stdout()
    if not papers:
        render.message(out, _no_digest(reader, low, high))
        return
    render.paper_table(out, papers, title=f"Top papers{_span(low, high)}", span=(low, high))


@app.command()
def show(
    paper: IdArg,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page, even on a terminal.")
    ] = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Everything about one paper: links, authors, your tags and note, every digest entry.

    Output taller than the terminal goes through the pager ($PAGER, else less).
    """
    from papercli import render

    archive = _archive(index)
    found = archive.reader().paper(paper)
    if as_json:
        render.print_json(found.to_dict())
        return
    user = archive.user()
    tags, note = user.tags(found.id), user.note(found.id)
    render.paged(
        render.stdout(),
        lambda out: render.paper_detail(out, found, tags=tags, note=note),
        enabled=not no_pager,
    )


@app.command()
def related(
    paper: IdArg,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many papers.")] = 10,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Papers most like this one, by the key terms of its title and summaries."""
    from papercli import render

    hits = _archive(index).engine().related(paper, limit=_limit(limit))
    if as_json:
        render.print_json([{**h.paper.to_dict(), "score": round(h.score, 4)} for h in hits])
        return
    out = render.stdout()
    if not hits:
        render.message(out, f"No papers like {paper!r} in the index.")
        return
    render.paper_table(out, [h.paper for h in hits], title=f"Papers like {paper}")


@app.command("list")
def list_(
    date: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    format: Annotated[
        Style | None,
        typer.Option("--format", "-f", help="Digest style.", show_default=False),
    ] = None,
    tag: TagOpt = None,
    sort: Annotated[ListSort, typer.Option("--sort", help="Order.")] = "date",
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help="How many; 0 for all [default: 50, or limits.list in config.toml].",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """A table of papers, newest first, filtered by date, category, format or tag."""
    from papercli import render

    filters = _filters(date, start, end, category=category, format=format)
    papers = _archive(index).select(
        "", filters, tags=tag or [], sort=sort, limit=_limit(limit, "list")
    )
    if as_json:
        render.print_json([p.to_dict() for p in papers])
    elif papers:
        span = (filters.start, filters.end)
        render.paper_table(render.stdout(), papers, title=f"{len(papers)} papers", span=span)
    else:
        render.message(render.stdout(), "No papers match these filters.")


@app.command()
def stats(
    months: Annotated[
        int, typer.Option("--months", help="Months in the digest calendar (0 hides it).")
    ] = 3,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """What the index holds and where it lives, drawn: papers per month, a calendar of
    digest days, categories, fields, authors, votes and your tags."""
    from papercli import render
    from papercli.charts import chart_numbers
    from papercli.location import resolve_location

    if not 0 <= months <= 24:
        raise UsageError("--months must be between 0 and 24")
    location = resolve_location(index)
    archive = _archive(index)
    engine = archive.engine(upgrade=False)
    numbers = engine.stats().to_dict()
    numbers.update(chart_numbers(engine.aggregates(), archive.user().tag_counts()))
    if as_json:
        render.print_json(numbers)
    else:
        out = render.stdout()
        render.stats(out, numbers, location.reason)
        render.stats_charts(out, numbers, months=months)


@app.command()
def export(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Only papers matching this search (tag:NAME too).",
            autocompletion=_complete_query,
            show_default=False,
        ),
    ] = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Format.")] = "json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE, not stdout.", show_default=False),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="CSV only: start with a UTF-8 BOM, for spreadsheets.")
    ] = False,
    date: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    style: Annotated[
        Style | None, typer.Option("--style", help="Digest style.", show_default=False)
    ] = None,
    author: AuthorOpt = None,
    min_votes: MinVotesOpt = None,
    tag: TagOpt = None,
    sort: Annotated[
        SearchSort | None,
        typer.Option(
            "--sort",
            help="Order; relevance needs a QUERY [default: relevance with a QUERY, else date].",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many; 0 for all.")] = 0,
    index: IndexOpt = None,
) -> None:
    """Export papers, with your tags and notes, as JSON, JSON Lines, CSV, BibTeX or Markdown.

    With no filter, everything. BibTeX citation keys are pinned the first time a
    paper is exported, so a paper keeps its key in every later export.
    """
    from papercli import render
    from papercli.export import Entry, citation_key
    from papercli.export import export as write

    if sort == "relevance" and not query:
        raise UsageError("--sort relevance needs a QUERY; without one use date or votes")
    if bom and format != "csv":
        raise UsageError("--bom is only for --format csv")
    filters = _filters(
        date, start, end, category=category, format=style, min_votes=min_votes, author=author
    )
    archive = _archive(index)
    papers = archive.select(query or "", filters, tags=tag or [], sort=sort, limit=_limit(limit))
    user = archive.user()
    ids = [p.id for p in papers]
    tags, notes = user.tags_for(ids), user.notes_for(ids)
    entries = [Entry(p, tags.get(p.id, ()), notes.get(p.id)) for p in papers]
    keys = user.citation_keys({p.id: citation_key(p) for p in papers}) if format == "bibtex" else {}
    chunks = write(format, entries, keys)
    if output is None:
        if bom:
            sys.stdout.write("\ufeff")
        sys.stdout.writelines(chunks)
        sys.stdout.flush()
        return
    try:
        with output.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
            file.writelines(chunks)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    render.notice(render.stderr(), f"Exported {len(entries)} papers to {output}.")


@app.command("open")
def open_(
    paper: IdArg,
    pdf: Annotated[bool, typer.Option("--pdf", help="The PDF, not the abstract page.")] = False,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the URL instead of opening a browser.")
    ] = False,
    index: IndexOpt = None,
) -> None:
    """Open a paper's abstract page (or PDF) in the web browser."""
    from papercli import render

    found = _archive(index).reader().paper(paper)
    url = render.safe_url(found.pdf_url if pdf else found.url or found.pdf_url)
    if not url:
        raise PapersError(f"{found.id} has no {'PDF' if pdf else 'web'} link in the index")
    if print_only:
        sys.stdout.write(url + "\n")
        return
    import webbrowser

    if not webbrowser.open(url):
        raise PapersError(f"no web browser could be started; the link is {url}")
    render.message(render.stdout(), f"Opened {url}")


@app.command()
def tag(
    paper: IdArg,
    names: Annotated[
        list[str],
        typer.Argument(help="One or more tags, e.g. to-read.", autocompletion=_complete_tags),
    ],
    index: IndexOpt = None,
) -> None:
    """Tag a paper. Tags are yours: kept beside the index, never lost by a rebuild."""
    from papercli import render

    archive = _archive(index)
    found = archive.reader().paper(paper)
    render.user_data(render.stdout(), found.id, archive.user().add_tags(found.id, names), None)


@app.command()
def untag(
    paper: IdArg,
    names: Annotated[
        list[str], typer.Argument(help="Tags to remove.", autocompletion=_complete_tags)
    ],
    index: IndexOpt = None,
) -> None:
    """Remove tags from a paper."""
    from papercli import render

    archive = _archive(index)
    pid = archive.resolve(paper)
    render.user_data(render.stdout(), pid, archive.user().remove_tags(pid, names), None)


@app.command()
def note(
    paper: IdArg,
    text: Annotated[
        str | None,
        typer.Argument(help="The note; replaces the paper's old one.", show_default=False),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Delete the paper's note.")] = False,
    index: IndexOpt = None,
) -> None:
    """Write a note on a paper; without TEXT, print its note."""
    from papercli import render

    if text is not None and clear:
        raise UsageError("give a note or --clear, not both")
    if text is not None and not text.strip():
        raise UsageError("the note is empty; use --clear to delete a note")
    archive = _archive(index)
    user = archive.user()
    if text is None and not clear:
        pid = archive.resolve(paper)
        written = user.note(pid)
        render.message(render.stdout(), written if written else f"{pid} has no note.")
        return
    pid = archive.reader().paper(paper).id if text else archive.resolve(paper)
    user.set_note(pid, text)
    render.message(render.stdout(), f"{pid}: note {'saved' if text else 'deleted'}.")


@app.command("config")
def config_(as_json: JsonOpt = False, index: IndexOpt = None) -> None:
    """The effective settings and where each came from (config.toml is optional)."""
    from papercli import render
    from papercli.config import CONFIG_ENV, glossary_setting, load
    from papercli.location import resolve_location
    from papercli.tags import user_store_path

    settings = load()
    location = resolve_location(index)
    where = f"${CONFIG_ENV}" if os.environ.get(CONFIG_ENV) else "user config directory"
    colour = (settings.colour, settings.origin("colour"))
    if os.environ.get("NO_COLOR"):
        colour = ("never", "NO_COLOR environment variable")
    rows: list[tuple[str, Any, str]] = [
        ("config_file", str(settings.path), where + ("" if settings.found else "; not found")),
        ("index", str(location.path), location.reason),
        ("tag_store", str(user_store_path(location.path)), "beside the index"),
        *(
            (f"limits.{name}", number, settings.origin(f"limits.{name}"))
            for name, number in settings.limits.items()
        ),
        ("glossary", *_strings(glossary_setting())),
        ("colour", *colour),
    ]
    if as_json:
        render.print_json({name: {"value": value, "from": origin} for name, value, origin in rows})
    else:
        render.settings(render.stdout(), rows)


@app.command()
def browse(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Start with this search (empty: the day view).",
            autocompletion=_complete_query,
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Day the day view opens on [default: the latest digest day].",
            show_default=False,
        ),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            "-t",
            help="Only papers with this tag.",
            autocompletion=_complete_tags,
            show_default=False,
        ),
    ] = None,
    min_votes: MinVotesOpt = None,
    index: IndexOpt = None,
) -> None:
    """Browse the archive full-screen: search as you type, read, tag and annotate papers,
    page through the days. Press ? inside for the keys."""
    from papercli.browse.backend import Backend, parse_criteria
    from papercli.dates import parse_when
    from papercli.location import resolve_location

    day = parse_when(date)[0] if date else None
    votes = "" if min_votes is None else str(min_votes)
    criteria = parse_criteria(start or "", end or "", category or "", tag or "", votes)
    from papercli.browse.app import BrowseApp

    BrowseApp(
        Backend.at(resolve_location(index).path), query=query or "", day=day, criteria=criteria
    ).run()


def _strings(pair: tuple[Any, Any]) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def _span(low: Any, high: Any) -> str:
    if low and high:
        return f" of {low}" if low == high else f" from {low} to {high}"
    if low:
        return f" since {low}"
    if high:
        return f" until {high}"
    return ""


def _no_digest(reader: Any, low: Any, high: Any) -> str:
    if not low and not high:
        return "The index holds no papers yet; run `papers index PATH`."
    before, after = reader.nearest_dates(low or high)
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
