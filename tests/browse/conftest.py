"""A small Korean/English index for the browser tests, and a way to wait for the app.

The digests in ``digests/`` are written for these tests: three days of Daily
Papers, Korean summaries with wide Korean titles, and a category-insights file.
The index is built once per session and copied for each test, so every test
starts with an empty tag store beside its own copy.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from papercli.archive import Archive
from papercli.browse.app import BrowseApp, BrowseScreen
from papercli.browse.backend import Backend

DIGESTS = Path(__file__).resolve().parent / "digests"


def drive(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """An async test run to completion in its own event loop (no pytest plugin needed);
    fixtures are passed through, as ``functools.wraps`` keeps the signature."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browse") / "index"
    Archive(folder).index([DIGESTS])
    return folder


@pytest.fixture
def browse_index(built_index: Path, index_dir: Path) -> Path:
    """A fresh copy of the fixture index at the test's own ``$PAPERS_INDEX``."""
    shutil.copytree(built_index, index_dir)
    return index_dir


@pytest.fixture
def opened() -> list[str]:
    """URLs the app asked to open, instead of starting a web browser."""
    return []


@pytest.fixture
def make_app(browse_index: Path, opened: list[str]) -> Iterator[type]:
    """``make_app(**options)``: the app over the fixture index, without debounce unless
    asked, opening URLs into ``opened``."""
    made: list[BrowseApp] = []

    def make(**options: object) -> BrowseApp:
        options.setdefault("debounce", 0)
        app = BrowseApp(
            Backend.at(browse_index),
            opener=lambda url: opened.append(url) or True,
            **options,  # type: ignore[arg-type]
        )
        made.append(app)
        return app

    yield make  # type: ignore[misc]
    for app in made:
        app.backend.close()


def busy(app: BrowseApp) -> bool:
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


async def settle(pilot: Pilot, wait: float = 0.0) -> None:
    """Wait until the app is idle: debounce timers run out, workers done, and their
    answers drawn (drawing one may start another, e.g. the detail of the first row)."""
    if wait:
        await pilot.pause(wait)
    for _ in range(500):
        if busy(pilot.app) or _timer_pending(pilot.app):
            await pilot.pause(0.01)
            continue
        await pilot.pause()
        if not busy(pilot.app) and not _timer_pending(pilot.app):
            return
    raise AssertionError("the browser never settled")


def _timer_pending(app: BrowseApp) -> bool:
    screen = app.screen
    return isinstance(screen, BrowseScreen) and screen.timer is not None


def main(app: BrowseApp) -> BrowseScreen:
    screen = app.screen
    assert isinstance(screen, BrowseScreen), screen
    return screen


def shown_text(app: BrowseApp, selector: str) -> str:
    """The plain text a Static of the main screen shows."""
    content = main(app).query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


def titles(app: BrowseApp) -> list[str]:
    """Titles of the papers in the result list, top to bottom."""
    listing = main(app).listing
    assert listing is not None
    return [p.title for p in listing.papers]
