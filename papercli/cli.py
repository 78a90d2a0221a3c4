"""The ``papers`` command: wiring from the command line to the library and to ``render``.

This is the only module that knows exit codes: a ``PapersError`` from the
library becomes ``Error: ...`` on stderr with its own code, and anything else
is a bug of papers, reported as an internal error (the traceback with
``PAPERS_DEBUG=1``). Everything a command decides (which read path, what a
``tag:`` term or an id means, how filters combine) lives in the library
(``papercli.archive``); heavy modules are imported inside the commands that
use them, so ``papers --help`` stays quick.
"""

import datetime as dt
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from papercli import __version__
from papercli.choices import ExportFormat, ListSort, SearchSort, Style
from papercli.errors import PapersError, UsageError


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that writers are cancelled on the way out."""


TERMINATED = "terminated; the index keeps its last completed commit"


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _reader_left()
            raise typer.Exit(0) from None
        except PapersError as exc:
            if os.environ.get("PAPERS_DEBUG") and exc.__cause__ is not None:
                raise
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; the index keeps its last completed commit", 130)
        except Terminated:
            _fail(TERMINATED, 143)
        except OSError as exc:
            if os.environ.get("PAPERS_DEBUG"):
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

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: Any = None
    ) -> None:
        """Bash's completion, registered here because typer registers its own on every run."""
        from typer._click.shell_completion import add_completion_class

        from papercli.completion import ColonBash

        add_completion_class(ColonBash, ColonBash.name)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def _reader_left() -> None:
    """The reader closed the pipe (``papers show ID | head``): that is the reader's call,
    not a failure. What is still buffered for stdout goes to the null device, so that
    Python's last flush at exit cannot fail on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (a test runner's)
            pass
    os.close(devnull)


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


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"papers {__version__}\n")
        raise typer.Exit()


@app.callback()
def _papers(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version of papers and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Archive and search Korean AI-paper digests."""


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
        "--date",
        "-d",
        help="A day, month or year: 2024-02-06, 2024-02, today, 2월 6일, 지난주.",
        show_default=False,
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="First day of a range (any --date form).", show_default=False),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", help="Last day of a range (any --date form).", show_default=False),
]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="Never page, even on a terminal.")]
OnelineOpt = Annotated[
    bool, typer.Option("--oneline", help="One line per paper: id, date, votes, title.")
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        help="Category (insights section or Daily Papers group), e.g. LLM.",
        show_default=False,
    ),
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
    typer.Option("--min-votes", help="At least this many votes.", show_default=False, min=0),
]


def _archive(index: str | None) -> Any:
    """The archive at the index ``--index`` (or the default) names; notices go to stderr."""
    from papercli.archive import Archive
    from papercli.location import resolve_location

    return Archive(resolve_location(index).path, notify=_notice)


def _notice(message: str) -> None:
    from papercli import render

    render.notice(render.stderr(), message)


def _warn_glossary() -> None:
    """A search says on stderr when the reader's glossary file cannot be used."""
    from papercli import render
    from papercli.glossary import warning

    found = warning()
    if found:
        render.warning(render.stderr(), found)


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


def _one_id(value: str) -> str:
    """A paper reference is one non-empty word: ``""`` or two ids is a usage error."""
    if len(value.split()) != 1:
        from papercli.query import echoed

        raise typer.BadParameter(f"give one paper id, not {echoed(value)}")
    return value


IdArg = Annotated[
    str,
    typer.Argument(
        help="arXiv id, URL or deeplearn-N id.", autocompletion=_complete_ids, callback=_one_id
    ),
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
    archive: Any,
    date: str | None = None,
    start: str | None = None,
    end: str | None = None,
    **fields: Any,
) -> Any:
    """The model's ``Filters`` from command-line options (dates as the reader wrote them)."""
    from papercli.model import Filters

    low, high = _dates(archive, date, start, end)
    return Filters(start=low, end=high, **fields)


def _dates(
    archive: Any, date: str | None, start: str | None, end: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """``--date`` or ``--from``/``--to`` as a range; ``2월 6일`` is the latest 6 February
    with a digest, which only then asks the index for its days. No date asked for, no
    date parsing imported (its patterns cost milliseconds to compile)."""
    if date is None and start is None and end is None:
        return None, None
    from papercli.dates import date_range

    return date_range(date, start, end, known_days=_known_days(archive))


def _known_days(archive: Any) -> Callable[[], list[dt.date]]:
    return lambda: [dt.date.fromisoformat(day) for day in archive.reader().dates()]


@app.command()
def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Digest files or folders (*.md, *.txt); none: every one indexed before.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Date these digests (one day), overriding what they say.",
            show_default=False,
        ),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start the index over.")] = False,
    optimize: Annotated[
        bool,
        typer.Option("--optimize", help="Merge every segment into one: the smallest index."),
    ] = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Read digest files into the index; only new or changed files are parsed.

    With no PATH, the files and folders given to earlier runs are read again (only
    what changed is parsed); with --rebuild and no PATH, the index starts over from them.
    Runs merge small segments as they go; --optimize compacts the whole index.
    """
    from dataclasses import replace

    from papercli import render

    archive = _archive(index)
    day = _one_day(date) if date else None
    targets = list(paths or [])
    warnings: list[str] = []
    if not targets:
        if date:
            raise UsageError("--date dates the digests you name; give their PATH too")
        targets, warnings = _known_targets(archive, with_strays=rebuild)
    err = render.stderr()
    with render.progress(err, enabled=not as_json) as update:
        report = archive.index(
            targets, date=day, rebuild=rebuild, optimize=optimize, progress=update, workers=True
        )
    report = replace(report, warnings=(*warnings, *report.warnings))
    if as_json:
        render.print_json(report.to_dict())
    else:
        render.index_report(err, report.to_dict())


def _one_day(spec: str) -> dt.date:
    """``index --date``: a digest is of one day; a week or a month is refused, not guessed.
    A day without a year is the latest such day up to today, digest or not: the digest
    being dated is not in the index yet."""
    from papercli.dates import parse_when

    low, high = parse_when(spec)
    if low != high:
        raise UsageError(
            f"--date must be one day for index, and {spec!r} is {low} to {high}; "
            "e.g. --date 2024-02-06 or --date '2월 6일'"
        )
    return low


def _known_targets(
    archive: Any, *, with_strays: bool, command: str = "index"
) -> tuple[list[Path], list[str]]:
    """What a run without PATH reads: the roots earlier runs were given that still exist
    (with ``with_strays``, also the files the index read outside them), and a warning
    for each root that is gone."""
    from papercli.engine.layout import roots
    from papercli.sync import nothing_to_refresh, refreshable

    recorded = roots(archive.path)
    indexed = archive.recorded_files() if with_strays else []
    targets, warnings = refreshable(recorded, indexed)
    if not targets:
        raise nothing_to_refresh(archive.path, recorded, command)
    return targets, warnings


@app.command()
def sync(as_json: JsonOpt = False, index: IndexOpt = None) -> None:
    """Pull the digest folders that are git checkouts, then index what changed.

    For each file and folder the index was built from: its git work tree is pulled
    (fast-forward only; not when it has uncommitted changes or no upstream), then
    everything is indexed incrementally, and what is new is reported.
    """
    from papercli import render
    from papercli.census import holdings
    from papercli.sync import changes, pull

    archive = _archive(index)
    targets, warnings = _known_targets(archive, with_strays=False, command="sync")
    err = render.stderr()
    before, files_before = holdings(archive.path, archive.reader()), _files(archive)
    pulls, pull_warnings = pull(targets)
    warnings += pull_warnings
    if not as_json:
        for done in pulls:
            if done.outcome in ("pulled", "current"):
                render.message(err, _pulled(done))
        for message in warnings:
            render.warning(err, message)
    with render.progress(err, enabled=not as_json) as update:
        report = archive.index(targets, progress=update, workers=True)
    after = holdings(archive.path, archive.reader())
    found = changes(before, after, files_before, _files(archive), report.files_read)
    if as_json:
        render.print_json(
            {
                "repositories": [p.to_dict() for p in pulls],
                **found.to_dict(),
                "index": report.to_dict(),
                "warnings": warnings,
            }
        )
        return
    render.index_report(err, report.to_dict())
    line = ", ".join(
        (
            render.plural(found.new_digests, "new digest"),
            render.plural(found.new_papers, "new paper"),
        )
    )
    if found.updated_digests or found.removed_digests:
        line += f"; {found.updated_digests:,} updated, {found.removed_digests:,} removed"
    render.message(render.stdout(), line + ".")


def _files(archive: Any) -> set[str]:
    return {str(path) for path in archive.recorded_files()}


def _pulled(done: Any) -> str:
    from papercli import render

    upstream = f" ({done.upstream})" if done.upstream else ""
    if done.outcome == "current":
        return f"{done.repository}{upstream}: up to date."
    return f"{done.repository}{upstream}: pulled {render.plural(done.commits, 'commit')}."


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
    date: DateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    category: CategoryOpt = None,
    author: AuthorOpt = None,
    min_votes: MinVotesOpt = None,
    sort: Annotated[SearchSort, typer.Option("--sort", help="Order.")] = "relevance",
    oneline: OnelineOpt = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Say why each paper was found: which words matched, and where."
        ),
    ] = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Find papers by title, authors, summary, fields and category.

    Results taller than the terminal go through the pager ($PAGER, else less).
    """
    from papercli import render
    from papercli.query import echoed

    archive = _archive(index)
    filters = _filters(
        archive, date, start, end, category=category, min_votes=min_votes, author=author
    )
    result = archive.search(
        query, filters, limit=_limit(limit, "search"), sort=sort, explain=explain
    )
    _warn_glossary()
    notice = render.search_notice(query, result)
    shown = len(result.hits)
    if as_json or oneline:
        if notice:
            render.notice(render.stderr(), notice)
    if as_json:
        found = _json_papers(archive, [h.paper for h in result.hits])
        for data, hit in zip(found, result.hits, strict=True):
            data.update(score=round(hit.score, 4), via=hit.via)
            if hit.why is not None:
                data["explain"] = hit.why.to_dict()
        render.print_json(found)
        return
    papers = [h.paper for h in result.hits]
    if oneline:
        render.paged(
            render.stdout(),
            lambda out: render.oneline(out, papers, filters=filters, sort=sort),
            enabled=not no_pager,
        )
        if shown < result.total:
            render.notice(render.stderr(), _showing(shown, result.total))
        return
    if not result.hits:
        render.message(render.stdout(), notice or "")
        return
    ran = echoed(result.corrected or query)
    title = f"{shown:,} of {render.plural(result.total, 'paper')} for {ran}"
    if indirect := render.indirect(result):
        title += f" ({indirect})"

    def draw(out: Any) -> None:
        if notice:
            render.message(out, notice)
        render.search_hits(
            out,
            papers,
            [h.snippet for h in result.hits],
            title=title,
            filters=filters,
            sort=sort,
            why=[h.why for h in result.hits] if explain else (),
        )
        if shown < result.total:
            render.message(out, "")
            render.notice(out, _showing(shown, result.total))

    render.paged(render.stdout(), draw, enabled=not no_pager)


def _showing(shown: int, total: int) -> str:
    return f"showing {shown:,} of {total:,} (--limit 0 for all)"


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
    from papercli.model import Filters
    from papercli.reading import top as top_papers

    archive = _archive(index)
    reader = archive.reader()
    low, high = _dates(archive, date, start, end)
    if not (date or start or end):
        low = high = reader.latest_date()
    papers = top_papers(reader, low, high, _limit(limit, "top"))
    if as_json:
        render.print_json(_json_papers(archive, papers))
        return
    out = render.stdout()
    if not papers:
        render.message(out, _no_digest(reader, low, high))
        return
    render.paper_table(
        out,
        papers,
        title=f"Top papers{_span(low, high)}",
        filters=Filters(start=low, end=high),
        sort="votes",
    )


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
    if paper.strip().lower().startswith("report-"):
        _show_report(archive, paper, as_json=as_json, no_pager=no_pager)
        return
    found = archive.paper(paper)
    if as_json:
        render.print_json(_json_papers(archive, [found])[0])
        return
    user = archive.user()
    tags, note = user.tags(found.id), user.note(found.id)
    reports = [archive.report_with_papers(ref) for ref in found.report_ids()]
    render.paged(
        render.stdout(),
        lambda out: render.paper_detail(out, found, tags=tags, note=note, reports=reports),
        enabled=not no_pager,
    )


@app.command()
def report(
    report_id: Annotated[
        str, typer.Argument(help="A report id, e.g. report-1a2b3c4d5e.", show_default=False)
    ],
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page, even on a terminal.")
    ] = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """One category report, written once about several papers, with those papers."""
    _show_report(_archive(index), report_id, as_json=as_json, no_pager=no_pager)


def _show_report(archive: Any, report_id: str, *, as_json: bool, no_pager: bool) -> None:
    from papercli import render

    found, papers = archive.report_with_papers(report_id)
    if as_json:
        render.print_json({**found.to_dict(), "papers": _json_papers(archive, papers)})
        return
    render.paged(
        render.stdout(), lambda out: render.report_panel(out, found, papers), enabled=not no_pager
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

    archive = _archive(index)
    hits = archive.engine().related(paper, limit=_limit(limit))
    if as_json:
        found = _json_papers(archive, [h.paper for h in hits])
        for data, hit in zip(found, hits, strict=True):
            data["score"] = round(hit.score, 4)
        render.print_json(found)
        return
    out = render.stdout()
    if not hits:
        render.message(out, f"No papers like {paper!r} in the index.")
        return
    render.paper_table(out, [h.paper for h in hits], title=f"Papers like {paper}", sort="relevance")


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
    author: AuthorOpt = None,
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
    oneline: OnelineOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """A table of papers, newest first, filtered by date, category, format, tag or author.

    A table taller than the terminal goes through the pager ($PAGER, else less).
    """
    from papercli import render

    archive = _archive(index)
    filters = _filters(archive, date, start, end, category=category, format=format, author=author)
    most = _limit(limit, "list")
    papers = [
        h.paper for h in archive.selection("", filters, tags=tag or [], sort=sort, limit=most).hits
    ]
    if as_json:
        render.print_json(_json_papers(archive, papers))
        return
    if not papers:
        render.message(render.stdout(), "No papers match these filters.")
        return
    total = _total(archive, filters, tag) if most and len(papers) == most else len(papers)
    if oneline:
        render.paged(
            render.stdout(),
            lambda out: render.oneline(out, papers, filters=filters, sort=sort),
            enabled=not no_pager,
        )
        if len(papers) < total:
            render.notice(render.stderr(), _showing(len(papers), total))
        return

    def draw(out: Any) -> None:
        title = render.plural(total, "paper")
        render.paper_table(out, papers, title=title, filters=filters, sort=sort)
        if len(papers) < total:
            render.notice(out, _showing(len(papers), total))

    render.paged(render.stdout(), draw, enabled=not no_pager)


def _total(archive: Any, filters: Any, tags: list[str] | None) -> int:
    """How many papers ``list`` would show without its limit, counted, not assembled."""
    from dataclasses import replace

    from papercli.census import count_papers

    if tags:
        filters = replace(filters, ids=frozenset(archive.user().tagged(tags)))
    return count_papers(archive.path, archive.reader(), filters)


@app.command()
def stats(
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            help="Months in the papers-per-month chart [default: 12].",
            show_default=False,
        ),
    ] = None,
    every_month: Annotated[
        bool,
        typer.Option("--all", help="Every month since the first digest, in rows."),
    ] = False,
    calendar: Annotated[
        int, typer.Option("--calendar", help="Months in the digest calendar (0 hides it).")
    ] = 3,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """What the index holds and where it lives, drawn: papers per month, a calendar of
    digest days, categories, fields, authors, votes and your tags."""
    from papercli import render
    from papercli.charts import chart_numbers
    from papercli.location import resolve_location

    if every_month and months is not None:
        raise UsageError("give --months N or --all, not both")
    if months is not None and months < 1:
        raise UsageError("--months must be at least 1 (--all shows every month)")
    if not 0 <= calendar <= 24:
        raise UsageError("--calendar must be between 0 and 24")
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
        span = None if every_month else months or 12
        render.stats_charts(out, numbers, months=span, calendar_months=calendar)


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
    from papercli.export import export as write
    from papercli.query import echoed

    if sort == "relevance" and not query:
        raise UsageError("--sort relevance needs a QUERY; without one use date or votes")
    if bom and format != "csv":
        raise UsageError("--bom is only for --format csv")
    archive = _archive(index)
    filters = _filters(
        archive,
        date,
        start,
        end,
        category=category,
        format=style,
        min_votes=min_votes,
        author=author,
    )
    found = archive.selection(query or "", filters, tags=tag or [], sort=sort, limit=_limit(limit))
    papers = [hit.paper for hit in found.hits]
    if query:
        _warn_glossary()
        if notice := render.search_notice(query, found):
            render.notice(render.stderr(), notice)
        if indirect := render.indirect(found):
            counted = (
                f"{render.plural(found.total, 'paper')} for {echoed(found.corrected or query)}"
            )
            render.notice(render.stderr(), f"{counted}, {indirect}.")
    entries = archive.entries(papers)
    keys = {}
    if format == "bibtex":
        keys = _citation_keys(archive, papers)
    elif format in ("json", "jsonl"):
        keys = archive.user().pinned_keys(p.id for p in papers)
    chunks = write(format, entries, keys, filters)
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
    render.notice(render.stderr(), f"Exported {render.plural(len(entries), 'paper')} to {output}.")


def _citation_keys(archive: Any, papers: list[Any]) -> dict[str, str]:
    """BibTeX keys, pinned on first export; on a read-only tag store, the keys pinned
    before and the proposed ones for the rest, pinning nothing (an export only reads)."""
    from papercli import render
    from papercli.export import citation_key
    from papercli.userdata.db import ReadOnlyStore

    proposed = {p.id: citation_key(p) for p in papers}
    try:
        return archive.user().citation_keys(proposed, {p.id: p.title for p in papers})
    except ReadOnlyStore:
        pinned = archive.user().pinned_keys(proposed)
    if len(pinned) < len(proposed):
        render.warning(
            render.stderr(),
            "the tag store is read-only, so the citation keys of papers exported for the "
            "first time are not pinned: a later export may give them other keys",
        )
    return {pid: pinned.get(pid, key) for pid, key in proposed.items()}


@app.command()
def glossary(
    term: Annotated[str, typer.Argument(help="A word or phrase, e.g. 희소 or sparse.")],
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """What a search word also finds: glossary spellings, translations learned from the
    archive (with how often they were seen), a Korean predicate's other forms."""
    from papercli import render

    if not term.strip():
        raise UsageError("give a word or phrase, e.g. `papers glossary 희소`")
    found = _archive(index).engine().expansions(term)
    _warn_glossary()
    if as_json:
        render.print_json([e.to_dict() for e in found])
    else:
        render.expansions(render.stdout(), term, found)


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
    found = archive.paper(paper)
    tags = archive.user().add_tags(found.id, names, title=found.title)
    render.user_data(render.stdout(), found.id, tags, None)


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
    pid = archive.held_id(paper)
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
        pid = archive.held_id(paper)
        written = user.note(pid)
        render.message(render.stdout(), written if written else f"{pid} has no note.")
        return
    if text:
        found = archive.paper(paper)
        pid = found.id
        user.set_note(pid, text, title=found.title)
    else:
        pid = archive.held_id(paper)
        if not user.set_note(pid, None):
            render.message(render.stdout(), f"{pid}: no note to clear.")
            return
    render.message(render.stdout(), f"{pid}: note {'saved' if text else 'deleted'}.")


@app.command()
def doctor(
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Re-attach orphans by title and delete what killed runs left."),
    ] = False,
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Check the index folder and your tags and notes; --fix repairs what it can.

    Reports tags and notes kept under ids no paper in the index has (orphans),
    a stale catalog of quick lookups, files a killed index run left and whether
    an index run is writing now. Your tags and notes are never deleted. Exit 0
    when nothing is wrong (after --fix: nothing is left), 1 when problems remain.
    """
    from papercli import render
    from papercli.doctor import check
    from papercli.doctor import fix as repair

    archive = _archive(index)
    repairs = None
    if fix:
        repairs, findings = repair(archive)
    else:
        findings = check(archive)
    if as_json:
        data = findings.to_dict()
        if repairs is not None:
            data["fixed"] = repairs.to_dict()
        render.print_json(data)
    else:
        render.doctor_report(
            render.stdout(), findings.to_dict(), repairs.to_dict() if repairs else None
        )
    if not findings.healthy:
        raise typer.Exit(1)


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A file of `papers export --format jsonl` (or --format json).",
            show_default=False,
        ),
    ],
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Restore tags, notes and citation keys from an export into this index.

    Each paper's data goes to the paper of the same id, else to the one paper of
    the same title; data no paper matches is kept under its own id (`papers
    doctor` lists it) and never dropped. Importing a file twice changes nothing.
    """
    from papercli import render
    from papercli.doctor import restore_file

    report = restore_file(_archive(index), file)
    if as_json:
        render.print_json(report.to_dict())
    else:
        render.import_report(render.stdout(), render.stderr(), str(file), report.to_dict())


@app.command("config")
def config_(as_json: JsonOpt = False, index: IndexOpt = None) -> None:
    """The effective settings and where each came from (config.toml is optional)."""
    from papercli import render
    from papercli.config import CONFIG_ENV, load
    from papercli.glossary import setting
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
        ("glossary", *setting()),
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
    missing = _not_a_terminal()
    if missing:
        raise UsageError(f"papers browse needs a terminal ({missing} is not one)")
    from papercli.browse.backend import Backend, parse_criteria
    from papercli.dates import parse_when
    from papercli.location import resolve_location

    day = parse_when(date)[0] if date else None
    votes = "" if min_votes is None else str(min_votes)
    criteria = parse_criteria(start or "", end or "", category or "", tag or "", votes)
    from papercli.browse.app import BrowseApp

    browser = BrowseApp(
        Backend.at(resolve_location(index).path), query=query or "", day=day, criteria=criteria
    )
    signal.signal(signal.SIGTERM, lambda signum, frame: browser.terminate())
    try:
        if _sigterm_seen:
            raise Terminated()
        browser.run()
    finally:
        signal.signal(signal.SIGTERM, _terminate)
    if browser.terminated:
        raise Terminated()


def _not_a_terminal() -> str | None:
    """The first of stdin, stdout and stderr that is not a terminal, if any: Textual
    reads keys from stdin and draws on stderr, and on a pipe or /dev/null it would spin
    on end-of-file or draw where no one sees (a closed one is ``None``)."""
    for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout), ("stderr", sys.stderr)):
        if stream is None or not stream.isatty():
            return name
    return None


def _json_papers(archive: Any, papers: Any) -> list[dict[str, Any]]:
    """Papers as the JSON schema has them, with the reader's tags and note."""
    return [entry.to_dict() for entry in archive.entries(papers)]


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


_sigterm_seen = False


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM outside ``browse``, which swaps in a handler that never raises: an
    exception raised inside Textual's event loop is swallowed or leaves it half set up.
    The signal is remembered too, for ``browse`` to check before it starts the app:
    Python drops an exception raised in a weakref callback (an import's module lock has
    one), and the browser would then run on."""
    global _sigterm_seen
    _sigterm_seen = True
    raise Terminated()


def main() -> None:
    """The ``papers`` script. A SIGTERM while typer builds the command line, before
    ``_Group.invoke`` can catch it, ends as one during the command does."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Terminated:
        from papercli import render

        render.error(render.stderr(), TERMINATED)
        sys.exit(143)
