"""The ``papers browse`` app: a search box, a result list, a detail pane, a footer.

What the list shows follows from three things the reader sets: the search box
(a query: its hits; empty: the day view), the day of the day view, and the
filters (``Criteria``). Typing waits ``debounce`` seconds for the next key, then
asks the ``Backend`` in a worker thread; a newer question cancels an older one,
whose answer is dropped if it still arrives, so typing never blocks and the
list never shows a stale query. Every library call runs in a worker, and every
``PapersError`` becomes a notification, never a crash.

At 100 columns and more the detail pane sits beside the list and follows the
cursor; below that it takes the list's place when a paper is opened (Enter or
a click) and Escape brings the list back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shlex
import subprocess
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from papercli.browse import text
from papercli.browse.backend import (
    NO_CRITERIA,
    SORTS,
    Backend,
    Criteria,
    Detail,
    Listing,
    normalise,
)
from papercli.browse.screens import (
    FilterScreen,
    HelpScreen,
    MessageScreen,
    NoteScreen,
    TagScreen,
    UntagScreen,
)
from papercli.errors import IndexDamaged, IndexMissing, IndexNewer, PapersError
from papercli.model import Paper

WIDE = 100
DEBOUNCE = 0.15
Opener = Callable[[str], bool]


class BrowseScreen(Screen[None]):
    """The one main screen; its state is the query, the day, the filters and the sort."""

    AUTO_FOCUS = "#results"
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("escape", "back", "Back", show=False),
        Binding("down", "to_list", show=False),
        Binding("d", "day", "Day"),
        Binding("left_square_bracket", "step(-1)", "Prev"),
        Binding("right_square_bracket", "step(1)", "Next"),
        Binding("f", "filters", "Filter"),
        Binding("s", "sort", "Sort", show=False),
        Binding("t", "tag", "Tag"),
        Binding("u", "untag", "Untag", show=False),
        Binding("n", "note", "Note"),
        Binding("e", "edit_note", "$EDITOR", show=False),
        Binding("o", "open('abs')", "Open", show=False),
        Binding("p", "open('pdf')", "PDF", show=False),
        Binding("y", "copy_id", "Copy id", show=False),
        Binding("b", "copy_bibtex", "BibTeX", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self, backend: Backend, query: str, day: dt.date | None, criteria: Criteria
    ) -> None:
        super().__init__()
        self.backend = backend
        self.initial_query = query
        self.typed_query = normalise(query)
        self.day = day
        self.criteria = criteria
        self.sort = "relevance"
        self.listing: Listing | None = None
        self.day_listing: Listing | None = None
        self.detail: Detail | None = None
        self.asked = 0
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Label("Search", id="search-label")
            yield Input(
                self.initial_query,
                placeholder='words, "a phrase", tag:NAME; empty: the day view',
                id="query",
            )
        yield Static("Opening the index…", id="status")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Static("", id="list-header")
                yield OptionList(id="results")
            with VerticalScroll(id="detail-pane"):
                yield Static("", id="detail")
        yield Footer()

    @property
    def app_(self) -> BrowseApp:
        assert isinstance(self.app, BrowseApp)
        return self.app

    def on_mount(self) -> None:
        self.set_class(self.size.width < WIDE, "narrow")
        self.request(now=True)

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "narrow")
        self.call_after_refresh(self.redraw_rows)

    # -- asking --------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one("#query", Input).value

    @on(Input.Changed, "#query")
    def typed(self, event: Input.Changed) -> None:
        """Ask again, unless the key changed only spaces or the form of the Hangul."""
        wanted = normalise(event.value)
        if wanted != self.typed_query:
            self.typed_query = wanted
            self.request()

    @on(Input.Submitted, "#query")
    def submitted(self) -> None:
        self.request(now=True)
        self.action_to_list()

    def request(self, now: bool = False) -> None:
        """Ask for what the state says, after the debounce unless ``now``. Only a question
        asked ``now`` (Enter, a key, a new filter) is thorough, with a did-you-mean, the
        feedback tier and widening: while typing, most prefixes match nothing, and those would cost
        more than the search."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        delay = self.app_.debounce
        if now or delay <= 0:
            self.ask(thorough=now)
        else:
            self.timer = self.set_timer(delay, self.ask)

    def ask(self, thorough: bool = False) -> None:
        """Nothing once SIGTERM came: the app may be taken down before this screen is
        mounted, its widgets gone when ``on_mount`` asks."""
        self.timer = None
        if self.app_.terminated:
            return
        self.asked += 1
        self.fetch(self.asked, self.query_text, self.day, self.criteria, self.sort, thorough)

    @work(thread=True, exclusive=True, group="list")
    def fetch(
        self,
        number: int,
        query: str,
        day: dt.date | None,
        criteria: Criteria,
        sort: str,
        thorough: bool,
    ) -> None:
        try:
            if query.strip():
                listing = self.backend.search(query, criteria, sort, thorough=thorough)
            else:
                listing = self.backend.day(day, criteria)
        except (IndexMissing, IndexNewer, IndexDamaged) as exc:
            self.app.call_from_thread(self.app_.missing, str(exc))
            return
        except PapersError as exc:
            self.app.call_from_thread(self.failed, number, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, number, listing)

    def failed(self, number: int, message: str) -> None:
        if number == self.asked:
            self.query_one("#status", Static).update(Content.styled(message, "$text-error"))

    def show(self, number: int, listing: Listing) -> None:
        """Draw a listing if it answers the latest question."""
        if number != self.asked:
            return
        old = self.listing
        same = old is not None and (old.kind, old.query, old.day) == (
            listing.kind,
            listing.query,
            listing.day,
        )
        kept = self.current() if same else None
        self.listing = listing
        if listing.kind == "day":
            self.day = listing.day
            self.day_listing = listing
        self.query_one("#status", Static).update(
            text.status(listing, self.criteria.describe(), self.sort)
        )
        self.redraw_rows()
        results = self.query_one("#results", OptionList)
        ids = [p.id for p in listing.papers]
        results.highlighted = (
            ids.index(kept.id) if kept and kept.id in ids else (0 if ids else None)
        )
        if not ids:
            self.detail = None
            self.query_one("#detail", Static).update("")
        self.app_.shown.append(listing)

    def redraw_rows(self) -> None:
        """Fit the columns to the list's width and redraw its rows.

        Runs after a resize, when the screen may already have been replaced (no index
        to open), so a missing list is nothing to draw rather than an error."""
        results = next(iter(self.query("#results").results(OptionList)), None)
        if results is None:
            return
        padding = results.get_component_styles("option-list--option").padding.width
        columns = text.Columns.fit(max(results.scrollable_content_region.width - padding, 40))
        self.query_one("#list-header", Static).update(text.header(columns))
        listing = self.listing
        if listing is None:
            return
        highlighted = results.highlighted
        results.clear_options()
        if listing.message and not listing.papers:
            results.add_option(Option(Content(listing.message), disabled=True))
            return
        results.add_options(
            Option(text.row(paper, listing.tags.get(paper.id, ()), columns), id=paper.id)
            for paper in listing.papers
        )
        if highlighted is not None and highlighted < len(listing.papers):
            results.highlighted = highlighted

    # -- one paper -----------------------------------------------------------

    def current(self) -> Paper | None:
        listing = self.listing
        index = self.query_one("#results", OptionList).highlighted
        if listing is None or index is None or index >= len(listing.papers):
            return None
        return listing.papers[index]

    def snippet(self, paper: Paper) -> str:
        listing = self.listing
        if listing is None or paper not in listing.papers:
            return ""
        return listing.snippets[listing.papers.index(paper)]

    @on(OptionList.OptionHighlighted, "#results")
    def highlighted(self) -> None:
        paper = self.current()
        if paper is not None and (self.detail is None or self.detail.paper.id != paper.id):
            self.load(paper)

    @on(OptionList.OptionSelected, "#results")
    def selected(self) -> None:
        paper = self.current()
        if paper is None:
            return
        if self.detail is None or self.detail.paper.id != paper.id:
            self.load(paper)
        self.add_class("reading")
        self.query_one("#detail-pane").focus()

    @work(thread=True, exclusive=True, group="detail")
    def load(self, paper: Paper) -> None:
        try:
            found = self.backend.detail(paper.id)
        except PapersError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_detail, found, paper)

    def show_detail(self, found: Detail, shown: Paper) -> None:
        """Draw the paper, as seen in the listing (a day view's votes) when it still is."""
        if self.current() is not shown:
            return
        self.detail = found
        self.query_one("#detail", Static).update(text.detail(found, self.snippet(shown)))
        self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False)

    def changed(self, paper: Paper, tags: tuple[str, ...] | None, note: str | None) -> None:
        """The reader's data of ``paper`` changed: redraw its row and its detail."""
        listing = self.listing
        if listing is not None and tags is not None:
            if tags:
                listing.tags[paper.id] = tags
            else:
                listing.tags.pop(paper.id, None)
            self.redraw_rows()
        if self.detail is not None and self.detail.paper.id == paper.id:
            self.load(paper)

    # -- actions -------------------------------------------------------------

    def action_search(self) -> None:
        self.remove_class("reading")
        self.query_one("#query", Input).focus()

    def action_to_list(self) -> None:
        self.remove_class("reading")
        self.query_one("#results", OptionList).focus()

    def action_back(self) -> None:
        if self.has_class("reading") or self.focused is self.query_one("#detail-pane"):
            self.action_to_list()
        elif self.focused is self.query_one("#results"):
            self.action_search()
        else:
            self.action_to_list()

    def action_day(self) -> None:
        self.show_day()

    def action_step(self, step: int) -> None:
        """The digest day before or after the one last shown, from a search too."""
        listing = self.day_listing
        if listing is None:
            self.show_day()
            return
        target = listing.previous if step < 0 else listing.next
        if target is None:
            self.app.notify("No earlier digest." if step < 0 else "No later digest.")
            return
        self.day = target
        self.show_day()

    def show_day(self) -> None:
        box = self.query_one("#query", Input)
        if box.value:
            with box.prevent(Input.Changed):
                box.value = ""
            self.typed_query = ""
        self.action_to_list()
        self.request(now=True)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.query_text.strip():
            self.request(now=True)
        else:
            self.app.notify(f"Search results will be sorted by {self.sort}.")

    def action_filters(self) -> None:
        self.ask_filters(self.criteria)

    @work(thread=True, group="dialog")
    def ask_filters(self, criteria: Criteria) -> None:
        """The filter form, with the digest days (read in this thread) for dates
        written without a year."""
        try:
            days = self.backend.dates()
        except PapersError:
            days = []
        self.app.call_from_thread(self.app.push_screen, FilterScreen(criteria, days), self.filtered)

    def filtered(self, criteria: Criteria | None) -> None:
        if criteria is not None:
            self.criteria = criteria
            self.request(now=True)

    def action_tag(self) -> None:
        if (paper := self.current()) is not None:
            self.open_dialog(paper, "add")

    def action_untag(self) -> None:
        if (paper := self.current()) is not None:
            self.open_dialog(paper, "remove")

    def action_note(self) -> None:
        if (paper := self.current()) is not None:
            self.open_dialog(paper, "note")

    @work(thread=True, group="dialog")
    def open_dialog(self, paper: Paper, how: str) -> None:
        """The dialog to add tags, remove them or write the note, with the paper's tags and
        note as the store has them now (read in this thread): ``papers tag`` or ``note`` in
        another terminal may have changed them since the list was drawn, and a note edited
        from that stale copy would overwrite the newer one."""
        try:
            tags, note = self.backend.mine(paper)
            known = self.backend.tag_names() if how == "add" else []
        except PapersError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.changed, paper, tags, note)
        screen: Screen[Any]
        if how == "add":
            screen = TagScreen(paper.title, tags, known)
        elif how == "remove" and not tags:
            self.app.call_from_thread(self.app.notify, f"{paper.id} has no tags.")
            return
        elif how == "remove":
            screen = UntagScreen(paper.title, tags)
        else:
            screen = NoteScreen(paper.title, note)
        self.app.call_from_thread(self.app.push_screen, screen, self.then_write(paper, how))

    def action_edit_note(self) -> None:
        paper = self.current()
        if paper is None:
            return
        try:
            note = self.backend.mine(paper)[1]
        except PapersError as exc:
            self.app.notify(str(exc), severity="error")
            return
        try:
            with self.app.suspend():
                written = edit_in_editor(note or "")
        except (SuspendNotSupported, OSError) as exc:
            self.app.notify(f"cannot run the editor: {exc}", severity="error")
            return
        if written is not None:
            self.write(paper, "note", written)

    def then_write(self, paper: Paper, how: str) -> Callable[[Any], None]:
        """What a dialog calls with its answer: ``write`` it."""

        def answered(value: Any) -> None:
            self.write(paper, how, value)

        return answered

    @work(thread=True, group="write")
    def write(self, paper: Paper, how: str, value: Any) -> None:
        """Store tags or a note (``value`` None: the dialog was cancelled)."""
        if value is None:
            return
        try:
            if how == "add":
                tags = self.backend.add_tags(paper, value)
                message = f"Tagged {paper.id}: {', '.join(tags)}"
                self.app.call_from_thread(self.changed, paper, tags, None)
            elif how == "remove":
                tags = self.backend.remove_tags(paper, value)
                message = f"Untagged {paper.id}: {', '.join(value)}"
                self.app.call_from_thread(self.changed, paper, tags, None)
            else:
                note = self.backend.set_note(paper, value)
                message = f"{paper.id}: note {'saved' if note else 'deleted'}"
                self.app.call_from_thread(self.changed, paper, None, note)
        except PapersError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.app.notify, message)

    def action_open(self, which: str) -> None:
        paper = self.current()
        if paper is None:
            return
        from papercli.render import safe_url

        url = safe_url(paper.pdf_url if which == "pdf" else paper.url or paper.pdf_url)
        if not url:
            self.app.notify(f"{paper.id} has no {'PDF' if which == 'pdf' else 'web'} link.")
            return
        self.launch(url)

    @work(thread=True, group="open")
    def launch(self, url: str) -> None:
        opened = self.app_.opener(url)
        message = f"Opened {url}" if opened else f"No web browser could be started; {url}"
        self.app.call_from_thread(self.app.notify, message)

    def action_copy_id(self) -> None:
        paper = self.current()
        if paper is not None:
            self.app.copy_to_clipboard(paper.id)
            self.app.notify(f"Copied {paper.id}")

    def action_copy_bibtex(self) -> None:
        paper = self.current()
        if paper is not None:
            self.copy_bibtex(paper)

    @work(thread=True, group="write")
    def copy_bibtex(self, paper: Paper) -> None:
        try:
            entry = self.backend.bibtex(paper)
        except PapersError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.app.copy_to_clipboard, entry)
        key = entry.split("{", 1)[1].split(",", 1)[0]
        self.app.call_from_thread(self.app.notify, f"Copied the BibTeX entry {key}")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())


def edit_in_editor(note: str) -> str | None:
    """The note after ``$VISUAL`` / ``$EDITOR`` (else vi) edited it in a temporary file;
    None when the editor failed, so that nothing is overwritten."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="papers-note-") as folder:
        path = Path(folder) / "note.md"
        path.write_text(note, encoding="utf-8")
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if done.returncode != 0:
            return None
        return path.read_text(encoding="utf-8")


class BrowseApp(App[None]):
    """``papers browse``. ``opener`` opens a URL (``webbrowser.open``; tests pass a fake);
    ``shown`` keeps every listing drawn, for tests and the benchmark to wait on."""

    TITLE = "papers browse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, priority=True)]
    CSS = """
    #search-bar { height: 1; background: $boost; }
    #search-label { width: auto; padding: 0 1; text-style: bold; color: $text-accent; }
    #query { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    #query:focus { background: $surface-lighten-1; }
    #status { height: 1; padding: 0 1; background: $panel; }
    #body { height: 1fr; }
    #list-pane { width: 3fr; }
    #list-header { height: 1; padding: 0 1; color: $text-muted; }
    #results { height: 1fr; border: none; padding: 0; scrollbar-gutter: stable; text-wrap: nowrap;
               scrollbar-size-vertical: 1; }
    #results > .option-list--option { padding: 0 1; }
    #detail-pane { width: 2fr; padding: 0 1; border-left: vkey $panel-lighten-2; }
    BrowseScreen.narrow #detail-pane { display: none; border-left: none; }
    BrowseScreen.narrow.reading #detail-pane { display: block; width: 1fr; }
    BrowseScreen.narrow.reading #list-pane { display: none; }
    .dialog { background: $panel; border: round $accent; padding: 0 1; height: auto;
              max-height: 90%; width: 70; max-width: 95%; }
    ModalScreen { align: center middle; }
    MessageScreen { align: center middle; }
    .heading { margin-bottom: 1; }
    .error { color: $text-error; }
    #note-dialog { width: 90; }
    #help { width: 72; }
    #note-text { height: 10; }
    #filter-grid { grid-size: 2; grid-columns: 11 1fr; grid-rows: 1; height: auto;
                   grid-gutter: 1 0; }
    #filter-grid Input { border: none; height: 1; padding: 0 1; }
    #filter-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    #filter-buttons Button { margin-left: 1; }
    #untag { height: auto; max-height: 12; }
    """

    def __init__(
        self,
        backend: Backend,
        *,
        query: str = "",
        day: dt.date | None = None,
        criteria: Criteria = NO_CRITERIA,
        debounce: float = DEBOUNCE,
        opener: Opener = webbrowser.open,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.initial_query = query
        self.day = day
        self.criteria = criteria
        self.debounce = debounce
        self.opener = opener
        self.shown: list[Listing] = []
        self.terminated = False

    def terminate(self) -> None:
        """SIGTERM: leave as ``q`` does, so that Textual restores the terminal. This runs
        in a signal handler, which may interrupt the event loop anywhere, so it only sets
        a flag and wakes the loop; a signal that comes before the loop runs is seen by
        ``on_mount``, and one that comes while the loop shuts down finds nothing to do."""
        self.terminated = True
        try:
            asyncio.get_running_loop().call_soon_threadsafe(self.exit)
        except RuntimeError:
            pass

    def on_mount(self) -> None:
        if self.terminated:
            self.exit()
            return
        self.backend.archive.notify = self.notice
        self.push_screen(BrowseScreen(self.backend, self.initial_query, self.day, self.criteria))

    def notice(self, message: str) -> None:
        """A library notice (an older index rebuilt), heard in a worker thread."""
        self.call_from_thread(self.notify, message, timeout=10)

    def missing(self, message: str) -> None:
        """No index (or one this papers cannot read): say so on a screen of its own."""
        self.switch_screen(MessageScreen(message))

    def on_unmount(self) -> None:
        try:
            self.backend.close()
        except PapersError:
            pass
