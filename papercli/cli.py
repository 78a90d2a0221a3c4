"""The ``papers`` command: a thin shell over parse, store and render.

This is the only module that knows exit codes: every ``PapersError`` from
the library is turned into ``Error: ...`` on stderr in ``_Group.invoke``.
Heavy modules (Whoosh, rich) are imported inside the commands that use
them, so ``papers --help`` stays quick.
"""

import os
import signal
import sys
from dataclasses import replace
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
            if os.environ.get("PAPERS_DEBUG") and exc.__cause__ is not None:
                raise
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; the index keeps its last completed commit", 130)
        except Terminated:
            _fail("terminated; the index keeps its last completed commit", 143)
        except (BrokenPipeError, typer.Exit):
            raise
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


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Paper ids (with titles) from the index; no index or any trouble gives nothing."""
    try:
        return _reader(ctx.params.get("index"), upgrade=False).paper_ids(incomplete, limit=50)
    except Exception:
        return []


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The reader's tag names, most used first."""
    try:
        counts = _user(ctx.params.get("index")).tag_counts(incomplete.casefold())
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


def _store(index: str | None, upgrade: bool = True) -> Any:
    """The store; an index from another version of papers is rebuilt first."""
    from papercli.location import resolve_location
    from papercli.store import Store

    store = Store(resolve_location(index).path)
    if upgrade:
        notice = store.upgrade()
        if notice:
            from papercli import render

            render.notice(render.stderr(), notice)
    return store


def _reader(index: str | None, upgrade: bool = True) -> Any:
    """The catalog when it mirrors the index's last commit (no Whoosh import), else the store."""
    from papercli.catalog import open_fresh
    from papercli.location import resolve_location

    return open_fresh(resolve_location(index).path) or _store(index, upgrade)


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _user(index: str | None) -> Any:
    """The reader's tags and notes, kept beside the index."""
    from papercli.location import resolve_location
    from papercli.tags import UserStore

    return UserStore.beside(resolve_location(index).path)


def _paper_id(index: str | None, ref: str, user: Any) -> str:
    """The paper's id in the index, or an id only the tag store still knows (its digest
    gone), so that tags and notes of removed papers can still be cleaned up."""
    from papercli.errors import IndexMissing, PaperNotFound
    from papercli.parse.ids import normalize_id

    try:
        return _reader(index).paper(ref).id
    except (PaperNotFound, IndexMissing):
        wanted = normalize_id(ref)
        if user.tags(wanted) or user.note(wanted) is not None:
            return wanted
        raise


def _limit(value: int | None, command: str | None = None) -> int | None:
    """``--limit``, else the command's limit in config.toml; 0 means no limit."""
    if value is None and command:
        from papercli.config import load

        value = load().limit(command)
    if value is None or value < 0:
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
    from papercli.model import Filters
    from papercli.store import Hit, SearchResult
    from papercli.tags import split_tag_terms

    _choice(sort, SORTS_SEARCH, "--sort")
    low, high = date_range(None, start, end)
    text, tags = split_tag_terms(query)
    filters = Filters(start=low, end=high, category=category, min_votes=min_votes)
    if tags and not text:
        found = _select(
            index, query, filters, author=author, sort="votes" if sort == "votes" else "date"
        )
        shown = found[: _limit(limit, "search") or None]
        result = SearchResult(hits=tuple(Hit(p, 0.0, "") for p in shown), total=len(found))
    else:
        if tags:
            filters = replace(filters, ids=frozenset(_user(index).tagged(tags)))
        result = _store(index).search(
            text if tags else query,
            filters,
            limit=_limit(limit, "search"),
            author=author,
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

    store = _reader(index)
    low, high = date_range(date, start, end)
    if not (date or start or end):
        low = high = store.latest_date()
    papers = store.top(low, high, _limit(limit, "top"))
    if as_json:
        render.print_json([p.to_dict() for p in papers])
        return
    out = render.stdout()
    if not papers:
        render.message(out, _no_digest(store, low, high))
        return
    span = _span(low, high)
    render.paper_table(out, papers, title=f"Top papers{span}", span=(low, high))


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

    found = _reader(index).paper(paper)
    if as_json:
        render.print_json(found.to_dict())
        return
    user = _user(index)
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

    hits = _store(index).related(paper, limit=_limit(limit))
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
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="daily_papers, category_insights or simple_summary.",
            show_default=False,
        ),
    ] = None,
    tag: TagOpt = None,
    sort: Annotated[str, typer.Option("--sort", help="date or votes.")] = "date",
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
    from papercli.dates import date_range
    from papercli.model import Filters

    _choice(sort, SORTS_LIST, "--sort")
    if format:
        _choice(format, FORMATS, "--format")
    low, high = date_range(date, start, end)
    ids = frozenset(_user(index).tagged(tag)) if tag else None
    filters = Filters(start=low, end=high, category=category, format=format, ids=ids)
    papers = _reader(index).papers(filters, sort=sort, limit=_limit(limit, "list"))
    if as_json:
        render.print_json([p.to_dict() for p in papers])
    elif papers:
        render.paper_table(render.stdout(), papers, title=f"{len(papers)} papers", span=(low, high))
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
    from papercli.store import Store
    from papercli.tags import UserStore

    if not 0 <= months <= 24:
        raise UsageError("--months must be between 0 and 24")
    location = resolve_location(index)
    store = Store(location.path)
    numbers = store.stats().to_dict()
    numbers.update(chart_numbers(store.aggregates(), UserStore.beside(location.path).tag_counts()))
    if as_json:
        render.print_json(numbers)
    else:
        out = render.stdout()
        render.stats(out, numbers, location.reason)
        render.stats_charts(out, numbers, months=months)


EXPORT_FORMATS = ("json", "jsonl", "csv", "bibtex", "markdown")


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
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, jsonl, csv, bibtex or markdown.")
    ] = "json",
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
        str | None,
        typer.Option(
            "--style",
            help="Digest style: daily_papers, category_insights or simple_summary.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Only papers by this author.", show_default=False)
    ] = None,
    min_votes: Annotated[
        int | None,
        typer.Option("--min-votes", help="At least this many votes.", show_default=False),
    ] = None,
    tag: TagOpt = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            help="date or votes; relevance too with a QUERY [default: relevance with a "
            "QUERY, else date].",
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
    from papercli.dates import date_range
    from papercli.export import Entry, citation_key
    from papercli.export import export as write
    from papercli.model import Filters

    _choice(format, EXPORT_FORMATS, "--format")
    if style:
        _choice(style, FORMATS, "--style")
    if sort:
        _choice(sort, SORTS_SEARCH if query else SORTS_LIST, "--sort")
    if bom and format != "csv":
        raise UsageError("--bom is only for --format csv")
    low, high = date_range(date, start, end)
    filters = Filters(start=low, end=high, category=category, format=style, min_votes=min_votes)
    papers = _select(
        index, query or "", filters, tags=tag or [], author=author, sort=sort, limit=_limit(limit)
    )
    user = _user(index)
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


def _select(
    index: str | None,
    query: str,
    filters: Any,
    *,
    tags: list[str] | None = None,
    author: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
) -> list[Any]:
    """Papers for a query (``tag:NAME`` terms resolved in the tag store) and filters.

    Without query text, the index's own filters; ``--author`` then applies to
    the papers found, before the limit.
    """
    from papercli.tags import split_tag_terms

    store = _store(index)
    text, names = split_tag_terms(query)
    names += tags or []
    if names:
        filters = replace(filters, ids=frozenset(_user(index).tagged(names)))
    if text:
        result = store.search(text, filters, limit=None, author=author, sort=sort or "relevance")
        papers = [hit.paper for hit in result.hits]
    else:
        found = store.papers(filters, sort=sort or "date", limit=None)
        words = (author or "").casefold().split()
        papers = [
            p
            for p in found
            if not words or any(all(w in name.casefold() for w in words) for name in p.authors)
        ]
    return papers[:limit] if limit else papers


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
    from papercli.errors import PapersError

    found = _reader(index).paper(paper)
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

    found = _reader(index).paper(paper)
    render.user_data(render.stdout(), found.id, _user(index).add_tags(found.id, names), None)


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

    user = _user(index)
    pid = _paper_id(index, paper, user)
    render.user_data(render.stdout(), pid, user.remove_tags(pid, names), None)


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

    user = _user(index)
    if text is not None and clear:
        raise UsageError("give a note or --clear, not both")
    if text is not None and not text.strip():
        raise UsageError("the note is empty; use --clear to delete a note")
    if text is None and not clear:
        pid = _paper_id(index, paper, user)
        written = user.note(pid)
        render.message(render.stdout(), written if written else f"{pid} has no note.")
        return
    pid = _reader(index).paper(paper).id if text else _paper_id(index, paper, user)
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
    rows = [
        ("config_file", str(settings.path), where + ("" if settings.found else "; not found")),
        ("index", str(location.path), location.reason),
        ("tag_store", str(user_store_path(location.path)), "beside the index"),
        *(
            (f"limits.{name}", number, settings.origin(f"limits.{name}"))
            for name, number in settings.limits.items()
        ),
        ("glossary", *map(str, glossary_setting())),
        ("colour", *colour),
    ]
    if as_json:
        render.print_json({name: {"value": value, "from": origin} for name, value, origin in rows})
    else:
        render.settings(render.stdout(), rows)


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
