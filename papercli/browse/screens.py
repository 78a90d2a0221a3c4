"""The browser's modal screens: help, tagging, untagging, the note, filters, no index.

Each asks one thing and hands the answer back through ``dismiss`` (None when
cancelled with Escape), so the main screen decides what to do with it and runs
the library call in a worker. The filter form checks what it can (dates as
``--from``/``--to`` read them, a whole number of votes) before closing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, SelectionList, Static, TextArea

from papercli.browse.backend import Criteria, parse_criteria
from papercli.errors import PapersError
from papercli.render import clean

KEYS: tuple[tuple[str, str], ...] = (
    ("/", "search; the results follow as you type"),
    ("↑ ↓ PgUp PgDn", "move in the list"),
    ("Enter, click", "open the paper (beside the list when wide)"),
    ("Esc", "back: paper → list → search box"),
    ("d", "day view: a day's top papers (or empty the search)"),
    ("[  ]", "the previous / next day with a digest"),
    ("f", "filters: dates, category, tag, minimum votes"),
    ("s", "sort search results: relevance, date, votes"),
    ("t  u", "tag / untag the paper"),
    ("n", "edit the note here (Ctrl+S saves, Esc cancels)"),
    ("e", "edit the note in $EDITOR"),
    ("o  p", "open the abstract page / the PDF"),
    ("y  b", "copy the id / a BibTeX entry (OSC 52)"),
    ("?", "this help"),
    ("q  Ctrl+C", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Every key, in one table; any of Escape, ``?`` or ``q`` closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in KEYS)
        lines = [Content.styled("Keys of papers browse", "bold"), Content("")]
        lines += [
            Content.assemble((key.ljust(width), "bold $text-accent"), "  ", what)
            for key, what in KEYS
        ]
        lines.append(Content.styled("The mouse clicks rows, keys in the footer and links.", "dim"))
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(Content("\n").join(lines))
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class TagScreen(ModalScreen[list[str] | None]):
    """Tags to add, separated by spaces or commas; known tags are suggested."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, tags: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = tags
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(clean(self.paper_title), "bold"), classes="heading")
            now = ", ".join(self.tags) if self.tags else "(none)"
            yield Label(Content(f"Tags now: {clean(now)}"))
            yield Input(
                placeholder="to-read, moe (Enter adds, Esc cancels)",
                suggester=SuggestFromList(self.known, case_sensitive=False),
                id="tag-input",
            )
            yield Label("", id="tag-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        names = [n for n in event.value.replace(",", " ").split() if n]
        if not names:
            self.query_one("#tag-error", Label).update("Type a tag, or Esc to cancel.")
            return
        self.dismiss(names)

    def action_cancel(self) -> None:
        self.dismiss(None)


class UntagScreen(ModalScreen[list[str] | None]):
    """The paper's tags to tick for removal (all ticked when there is only one)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "remove", "Remove", priority=True),
    ]

    def __init__(self, title: str, tags: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(clean(self.paper_title), "bold"), classes="heading")
            yield Label("Space ticks a tag, Enter removes the ticked ones, Esc cancels.")
            yield SelectionList[str](
                *((Content(clean(t)), t, len(self.tags) == 1) for t in self.tags), id="untag"
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).highlighted = 0

    def action_remove(self) -> None:
        chosen = self.query_one(SelectionList).selected
        self.dismiss([str(name) for name in chosen] or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """The note in a text area: Ctrl+S saves (an empty note deletes it), Esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str | None) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(Content.styled(clean(self.paper_title), "bold"), classes="heading")
            yield Label("Ctrl+S saves (empty deletes the note), Esc cancels.")
            yield TextArea(self.note, id="note-text", soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterScreen(ModalScreen[Criteria | None]):
    """The filter form: From, To, Category, Tag, Min votes. Apply checks them; Clear
    removes every filter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, criteria: Criteria, days: Sequence[dt.date]) -> None:
        super().__init__()
        self.criteria = criteria
        self.days = days

    def compose(self) -> ComposeResult:
        c = self.criteria
        fields = (
            ("From", "from", c.start.isoformat() if c.start else "", "2024-09-01, 지난주, 9월"),
            ("To", "to", c.end.isoformat() if c.end else "", "2024-09-30, today"),
            ("Category", "category", c.category or "", "LLM, Robotics"),
            ("Tag", "tag", c.tag or "", "to-read"),
            ("Min votes", "votes", "" if c.min_votes is None else str(c.min_votes), "10"),
        )
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Label(Content.styled("Filters", "bold"), classes="heading")
            with Grid(id="filter-grid"):
                for label, name, value, hint in fields:
                    yield Label(label)
                    yield Input(value, placeholder=hint, id=f"filter-{name}")
            yield Label("", id="filter-error", classes="error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def _value(self, name: str) -> str:
        return self.query_one(f"#filter-{name}", Input).value

    def apply(self) -> None:
        try:
            criteria = parse_criteria(
                self._value("from"),
                self._value("to"),
                self._value("category"),
                self._value("tag"),
                self._value("votes"),
                self.days,
            )
        except PapersError as exc:
            self.query_one("#filter-error", Label).update(Content(clean(str(exc))))
            return
        self.dismiss(criteria)

    def on_input_submitted(self) -> None:
        self.apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.apply()
        elif event.button.id == "clear":
            self.dismiss(Criteria())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageScreen(Screen[None]):
    """A whole screen saying why there is nothing to browse (no index yet, or one this
    papers cannot read) in the library's words, which say what to run; ``q`` quits."""

    BINDINGS = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="message", classes="dialog"):
            yield Static(Content.styled(clean(self.message), "bold"))
            yield Static(
                Content(
                    "\nThen run papers browse again (with --index DIR if the index lives "
                    "elsewhere). q quits."
                )
            )
        yield Footer()
