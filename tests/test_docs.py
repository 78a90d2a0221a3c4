"""The README documents every command and option the CLI has (as sqlite-utils'
test_docs does): a command without help text or a README section, or an option
without help, fails here rather than surprising a reader."""

from __future__ import annotations

import re

import pytest
import typer.main

from papercli.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text("utf-8")
HEADINGS = [line for line in README.splitlines() if line.startswith("#")]
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"index", "search", "show", "top", "list"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_text(name: str) -> None:
    command = COMMANDS[name]
    assert (command.help or "").strip(), f"`papers {name}` has no help text"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_readme_section(name: str) -> None:
    pattern = re.compile(rf"`papers {re.escape(name)}\b")
    assert any(pattern.search(h) for h in HEADINGS), f"no README heading names `papers {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_has_help_and_is_in_the_readme(name: str) -> None:
    for param in COMMANDS[name].params:
        if param.param_type_name != "option":
            continue
        assert (getattr(param, "help", None) or "").strip(), f"{name} {param.opts} has no help"
        flag = max(param.opts, key=len)
        assert flag in README, f"`papers {name} {flag}` is not in the README"
