"""``papers browse`` on the command line: its options reach the app, bad ones stop it
before a screen is drawn, and no other command pays for Textual."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from papercli import cli
from papercli.browse.app import BrowseApp
from papercli.browse.backend import Backend, Criteria
from tests.helpers import run


@pytest.fixture
def untaken(monkeypatch: pytest.MonkeyPatch) -> list[BrowseApp]:
    """Apps the command would have run, instead of taking over the terminal."""
    apps: list[BrowseApp] = []
    monkeypatch.setattr(BrowseApp, "run", lambda self, **kw: apps.append(self))
    return apps


@pytest.fixture
def started(untaken: list[BrowseApp], monkeypatch: pytest.MonkeyPatch) -> list[BrowseApp]:
    """As ``untaken``, with CliRunner's streams passing for a terminal."""
    monkeypatch.setattr(cli, "_not_a_terminal", lambda: None)
    return untaken


def test_options_reach_the_app(started: list[BrowseApp], index_dir: Path, tmp_path: Path) -> None:
    run(
        "browse",
        "에이전트",
        "--date",
        "2025-03-04",
        "--from",
        "2025년 3월",
        "--to",
        "2025-03-31",
        "--category",
        "Agents",
        "--tag",
        "To-Read",
        "--min-votes",
        "10",
    )
    [app] = started
    assert app.initial_query == "에이전트"
    assert app.day == dt.date(2025, 3, 4)
    assert app.criteria == Criteria(
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 3, 31),
        category="Agents",
        tag="to-read",
        min_votes=10,
    )
    assert app.backend.archive.path == index_dir
    assert app.backend.archive.hold


def test_index_option(started: list[BrowseApp], tmp_path: Path) -> None:
    run("browse", "--index", str(tmp_path / "elsewhere"))
    assert started[0].backend.archive.path == tmp_path / "elsewhere"
    assert (started[0].initial_query, started[0].day, started[0].criteria) == ("", None, Criteria())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-03-09", "--to", "2025-03-01"], "--from 2025-03-09 is after --to"),
        (["--date", "someday"], "cannot read 'someday' as a date"),
        (["--min-votes", "-1"], "'--min-votes': -1 is not in the range x>=0."),
        (["--tag", "two words"], "a tag is one word"),
    ],
)
def test_bad_options_stop_before_the_screen(
    started: list[BrowseApp], args: list[str], message: str
) -> None:
    result = run("browse", *args, code=2)
    assert message in result.stderr
    assert started == []


def test_refuses_without_a_terminal(
    untaken: list[BrowseApp], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(Backend, "at", opened.append)
    result = run("browse", "에이전트", "--index", str(tmp_path / "index"), code=2)
    assert result.stderr == "Error: papers browse needs a terminal (stdin is not one)\n"
    assert (untaken, opened) == ([], [])


def test_a_swallowed_sigterm_stops_before_the_screen(
    started: list[BrowseApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM raised where Python drops the exception (a weakref callback while Textual
    is imported) still keeps the browser from starting."""
    monkeypatch.setattr(cli, "_sigterm_seen", True)
    result = run("browse", code=143)
    assert result.stderr == f"Error: {cli.TERMINATED}\n"
    assert started == []


def test_help_names_the_options() -> None:
    shown = run("browse", "--help").stdout
    for flag in ("--date", "--from", "--to", "--category", "--tag", "--min-votes", "--index"):
        assert flag in shown


def test_other_commands_do_not_import_textual() -> None:
    code = (
        "import sys, papercli.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('papercli.browse')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
