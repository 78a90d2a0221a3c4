"""How output reaches the terminal: the consoles, JSON on stdout, one-line messages,
the pager, and the cleaning every piece of digest text goes through first.

Separate from the views because every view and the CLI's error handling need it,
and because this is where untrusted text is made inert: escape sequences and
control characters removed, only http(s) URLs made clickable.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import sys
from collections.abc import Callable
from typing import IO, Any, cast

from rich.console import Console
from rich.text import Text

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated or not
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+", re.I)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Untrusted text with terminal escapes and control characters removed."""
    return _ESCAPES.sub("", text or "")


def clean_keep_hits(text: str) -> str:
    return _ESCAPES.sub("", text)


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
