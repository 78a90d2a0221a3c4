"""SVG snapshots of the browser (pytest-textual-snapshot) at 80×24 and 120×40, with
Korean titles, tags and notes: the day view, a search's result list, the detail
pane, the help screen, and the day view under ``NO_COLOR``.

Deterministic by construction: fixed digest dates (no "today"), the list focused
(no blinking cursor in the search box), no notification on screen. After a
deliberate change of the look, review and accept the new pictures with
``pytest tests/browse --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.tags import UserStore
from tests.browse.conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def annotated(browse_index: Path) -> Path:
    """The fixture index with a reader's tags and a note on three papers."""
    store = UserStore.beside(browse_index)
    store.add_tags("2503.00301", ["한국어", "to-read"])
    store.add_tags("2503.00201", ["benchmark"])
    store.set_note("2503.00301", "요약 단계를 우리 문서에도 써 볼 것.\nTry it on the wiki dump.")
    return browse_index


def keys(*pressed: str, after: float = 0.0):
    async def run(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot, after)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_day_view(snap_compare, make_app, annotated: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_previous_day(snap_compare, make_app, annotated: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("left_square_bracket"))


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, make_app, annotated: Path, size: tuple[int, int]) -> None:
    typed = ["slash", *"모델 OR agent", "enter"]
    assert snap_compare(make_app(), terminal_size=size, run_before=keys(*typed))


@pytest.mark.parametrize("size", SIZES)
def test_detail_pane(snap_compare, make_app, annotated: Path, size: tuple[int, int]) -> None:
    typed = ["slash", *"한국어 문서", "enter", "enter"]
    assert snap_compare(make_app(), terminal_size=size, run_before=keys(*typed))


def test_help_fits_80x24(snap_compare, make_app, annotated: Path) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=keys("question_mark"))


def test_day_view_no_color(
    snap_compare, make_app, annotated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=keys())
