"""``papers open`` and the pager of ``papers show``."""

from __future__ import annotations

import io
import pydoc
from pathlib import Path

import pytest
from rich.console import Console

from papercli import render
from tests.helpers import run


class Screen(io.StringIO):
    """A terminal as far as ``isatty`` can tell."""

    def isatty(self) -> bool:
        return True


def test_open_print(archive: Path) -> None:
    assert run("open", "2409.12917", "--print").stdout == "https://arxiv.org/abs/2409.12917\n"
    result = run("open", "arXiv:2409.12917", "--pdf", "--print")
    assert result.stdout == "https://arxiv.org/pdf/2409.12917\n"


def test_open_uses_the_browser(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    assert run("open", "2409.12960").stdout == "Opened https://arxiv.org/abs/2409.12960\n"
    run("open", "2409.12960", "--pdf")
    assert opened == ["https://arxiv.org/abs/2409.12960", "https://arxiv.org/pdf/2409.12960"]


def test_open_without_a_browser_gives_the_link(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    result = run("open", "2409.12960", code=1)
    assert result.stderr == (
        "Error: no web browser could be started; the link is https://arxiv.org/abs/2409.12960\n"
    )


def test_open_a_paper_without_pdf(archive: Path) -> None:
    result = run("open", "deeplearn-552001", "--pdf", code=1)
    assert result.stderr.startswith("Error: ")
    assert "has no PDF link in the index" in result.stderr
    assert run("open", "deeplearn-552001", "--print").stdout.startswith("https://")


def test_open_unknown_paper(archive: Path) -> None:
    assert run("open", "2409.99999", "--print", code=1).stderr.startswith("Error: no paper")


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> tuple[Screen, list[str]]:
    """``show`` drawing on a 10-line terminal, with the pager's input recorded."""
    monkeypatch.setenv("LESS", "-R")
    file = Screen()
    monkeypatch.setattr(
        render, "stdout", lambda: Console(file=file, force_terminal=True, width=80, height=10)
    )
    paged: list[str] = []
    monkeypatch.setattr(pydoc, "pager", paged.append)
    return file, paged


def test_tall_show_goes_through_the_pager(archive: Path, screen: tuple[Screen, list[str]]) -> None:
    file, paged = screen
    run("show", "2409.12960")
    assert file.getvalue() == ""
    assert len(paged) == 1
    assert "LVCD: Reference-based Lineart Video Colorization" in paged[0]
    assert "\x1b[" in paged[0]


def test_no_pager_option(archive: Path, screen: tuple[Screen, list[str]]) -> None:
    file, paged = screen
    run("show", "2409.12960", "--no-pager")
    assert paged == []
    assert "LVCD" in file.getvalue()


def test_short_show_is_printed(
    archive: Path, screen: tuple[Screen, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    file, paged = screen
    monkeypatch.setattr(
        render, "stdout", lambda: Console(file=file, force_terminal=True, width=80, height=200)
    )
    run("show", "2409.12960")
    assert paged == []
    assert "LVCD" in file.getvalue()


def test_never_pages_when_piped(
    archive: Path, screen: tuple[Screen, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, paged = screen
    pipe = io.StringIO()
    monkeypatch.setattr(
        render, "stdout", lambda: Console(file=pipe, force_terminal=True, width=80, height=10)
    )
    run("show", "2409.12960")
    assert paged == []
    assert "LVCD" in pipe.getvalue()
