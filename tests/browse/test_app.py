"""The browser driven like a reader drives it: real key presses over the fixture index."""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from contextlib import nullcontext
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, OptionList, SelectionList, TextArea

from papercli.browse.app import BrowseApp
from papercli.browse.screens import FilterScreen, HelpScreen, MessageScreen, NoteScreen
from papercli.tags import UserStore
from tests.browse.conftest import drive, main, settle, shown_text, titles

KOREAN_TITLE = "작은 언어 모델로 긴 한국어 문서를 요약하는 방법에 관한 연구"
DAY_0305 = [
    KOREAN_TITLE,
    "한글 자모 단위 토크나이저의 효율성 평가",
    "Pebble Agents That Plan With Tiny Budgets",
    "Harbor: A Benchmark of Ship-Scale Code Repositories",
    "Lantern: Lighting Long Documents for Retrieval",
]
AGENT_HITS = {
    "Pebble Agents That Plan With Tiny Budgets",
    "Harbor: A Benchmark of Ship-Scale Code Repositories",
}


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash", *text)


@drive
async def test_opens_on_the_latest_day(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = main(app).listing
        assert listing.kind == "day"
        assert listing.day == dt.date(2025, 3, 5)
        assert (listing.previous, listing.next) == (dt.date(2025, 3, 4), None)
        assert titles(app) == DAY_0305
        assert shown_text(app, "#status") == (
            "Top papers of 2025-03-05 (Wed) · [ 2025-03-04 · ] none"
        )


@drive
async def test_typing_updates_the_results(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "agent")
        await settle(pilot)
        assert main(app).listing.query == "agent"
        assert set(titles(app)) == AGENT_HITS
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert main(app).listing.kind == "day"
        assert titles(app) == DAY_0305


@drive
async def test_typing_waits_for_the_debounce(make_app) -> None:
    app = make_app(debounce=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(app.shown)
        await type_query(pilot, "harbor")
        await settle(pilot)
        assert [listing.query for listing in app.shown[before:]] == ["harbor"]
        assert titles(app) == ["Harbor: A Benchmark of Ship-Scale Code Repositories"]
        await pilot.press("space")
        await settle(pilot, 0.4)
        assert len(app.shown) == before + 1


@drive
async def test_composed_typed_and_decomposed_pasted_hangul_search_the_same(make_app) -> None:
    """An input method hands the box composed syllables; a paste may bring conjoining
    jamo (NFD). Both are normalised to NFC before searching."""
    app = make_app()
    word = "에이전트"
    decomposed = unicodedata.normalize("NFD", word)
    assert decomposed != word
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, word)
        await settle(pilot)
        typed = titles(app)
        assert main(app).listing.query == word
        box = main(app).query_one("#query", Input)
        box.value = ""
        await settle(pilot)
        box.focus()
        box.post_message(events.Paste(decomposed))
        await settle(pilot)
        assert box.value == decomposed
        assert main(app).listing.query == word
        assert titles(app) == typed
        assert set(typed) == AGENT_HITS | {"Pebble Agents That Plan With Tiny Budgets"}


@drive
async def test_enter_opens_the_paper_and_escape_goes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = main(app)
        assert screen.has_class("narrow", "reading")
        assert screen.detail.paper.id == "2503.00102"
        shown = shown_text(app, "#detail")
        assert shown.startswith("Pebble Agents That Plan With Tiny Budgets\n2503.00102 · 19 votes")
        assert "── 2025-03-04 · Daily Papers · votes 19" in shown
        assert "── 2025-03-05 · Insights · Agents" in shown
        assert "source: daily-2025-03-03.md" in shown
        await pilot.press("escape")
        assert not screen.has_class("reading")
        assert app.focused is screen.query_one("#results", OptionList)


@drive
async def test_the_wide_detail_pane_follows_the_cursor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert not screen.has_class("narrow")
        assert screen.detail.paper.title == KOREAN_TITLE
        await pilot.press("down")
        await settle(pilot)
        assert screen.detail.paper.id == "2503.00302"
        assert shown_text(app, "#detail").startswith("한글 자모 단위 토크나이저의 효율성 평가")


@drive
async def test_tag_and_untag(make_app, browse_index: Path) -> None:
    app = make_app()
    store = UserStore.beside(browse_index)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"to-read 한국어", "enter")
        await settle(pilot)
        paper = "2503.00301"
        assert store.tags(paper) == ("to-read", "한국어")
        assert main(app).listing.tags[paper] == ("to-read", "한국어")
        assert "tags to-read, 한국어" in shown_text(app, "#detail")
        await pilot.press("u")
        await settle(pilot)
        selection = app.screen.query_one(SelectionList)
        assert selection.selected == []
        await pilot.press("space", "enter")
        await settle(pilot)
        assert store.tags(paper) == ("한국어",)
        await pilot.press("u", "enter")
        await settle(pilot)
        assert store.tags(paper) == ()
        assert paper not in main(app).listing.tags
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, type(main(app)))


@drive
async def test_dialogs_start_from_what_another_terminal_wrote(make_app, browse_index: Path) -> None:
    """``papers note`` and ``papers tag`` run elsewhere while the browser is open: the note
    dialog shows that note (an empty one, saved, deleted it), untag offers that tag."""
    app = make_app()
    store = UserStore.beside(browse_index)
    paper = "2503.00301"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store.set_note(paper, "터미널에서 쓴 메모")
        store.add_tags(paper, ["elsewhere"])
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == "터미널에서 쓴 메모"
        await pilot.press("end", *" 덧붙임", "ctrl+s")
        await settle(pilot)
        assert store.note(paper) == "터미널에서 쓴 메모 덧붙임"
        assert main(app).listing.tags[paper] == ("elsewhere",)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")  # the one tag comes ticked
        await settle(pilot)
        assert store.tags(paper) == ()


@drive
async def test_tagging_can_be_cancelled(make_app, browse_index: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"later", "escape")
        await settle(pilot)
        assert UserStore.beside(browse_index).tags("2503.00301") == ()


@drive
async def test_note_inline(make_app, browse_index: Path) -> None:
    app = make_app()
    store = UserStore.beside(browse_index)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"요약 방법을 다시 읽기", "ctrl+s")
        await settle(pilot)
        assert store.note("2503.00301") == "요약 방법을 다시 읽기"
        assert "note 요약 방법을 다시 읽기" in shown_text(app, "#detail")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == "요약 방법을 다시 읽기"
        app.screen.query_one(TextArea).text = "  "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.note("2503.00301") is None


@drive
async def test_note_in_the_editor(
    make_app, browse_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8') + '편집기에서 씀', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    monkeypatch.setattr(BrowseApp, "suspend", lambda self: nullcontext())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert UserStore.beside(browse_index).note("2503.00301") == "편집기에서 씀"


@drive
async def test_an_editor_that_fails_changes_nothing(
    make_app, browse_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "false")
    monkeypatch.setattr(BrowseApp, "suspend", lambda self: nullcontext())
    UserStore.beside(browse_index).set_note("2503.00301", "그대로")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert UserStore.beside(browse_index).note("2503.00301") == "그대로"


@drive
async def test_day_view_steps_through_digest_days(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 4)
        assert titles(app) == [
            "Harbor: A Benchmark of Ship-Scale Code Repositories",
            "Pebble Agents That Plan With Tiny Budgets",
            "Whisper of Mountains: Speech Models on Small Phones",
        ]
        assert [p.best_votes for p in main(app).listing.papers] == [44, 19, 5]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 3)
        assert [p.best_votes for p in main(app).listing.papers] == [31, 12, 7]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 3)
        assert [n.message for n in app._notifications] == ["No earlier digest."]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 4)


@drive
async def test_d_leaves_a_search_for_the_day_last_shown(make_app) -> None:
    app = make_app(day=dt.date(2025, 3, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 3)
        await type_query(pilot, "harbor")
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).listing.kind == "search"
        await pilot.press("d")
        await settle(pilot)
        assert main(app).query_one("#query", Input).value == ""
        assert main(app).listing.day == dt.date(2025, 3, 3)
        await type_query(pilot, "harbor")
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        assert main(app).listing.day == dt.date(2025, 3, 4)


async def fill_filters(pilot, **values: str) -> None:
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FilterScreen)
    for name, value in values.items():
        pilot.app.screen.query_one(f"#filter-{name}", Input).value = value
    await pilot.press("enter")
    await settle(pilot)


@drive
async def test_filters_narrow_the_day_view_and_searches(make_app, browse_index: Path) -> None:
    UserStore.beside(browse_index).add_tags("2503.00201", ["to-read"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await fill_filters(pilot, votes="10")
        assert main(app).criteria.min_votes == 10
        assert titles(app) == [KOREAN_TITLE]
        assert "≥ 10 votes" in shown_text(app, "#status")
        await fill_filters(pilot, votes="", category="agents")
        assert titles(app) == DAY_0305[2:4]
        await fill_filters(pilot, category="", tag="To-Read")
        assert main(app).criteria.tag == "to-read"
        assert titles(app) == ["Harbor: A Benchmark of Ship-Scale Code Repositories"]
        await fill_filters(pilot, tag="", **{"from": "2025년 3월 4일", "to": "2025-03-04"})
        await type_query(pilot, "에이전트")
        await settle(pilot)
        assert set(titles(app)) == AGENT_HITS
        await pilot.press("enter")
        await fill_filters(pilot, **{"from": "2025-03-03", "to": "2025-03-03"})
        assert titles(app) == ["Pebble Agents That Plan With Tiny Budgets"]
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one("#filter-from", Input).value == "2025-03-03"
        await pilot.click("#clear")
        await settle(pilot)
        assert not main(app).criteria.active


@drive
async def test_a_bad_filter_is_explained_in_the_form(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await fill_filters(pilot, **{"from": "내일"})
        assert isinstance(app.screen, FilterScreen)
        error = app.screen.query_one("#filter-error").content
        assert "still to come" in str(error)
        app.screen.query_one("#filter-from", Input).value = ""
        app.screen.query_one("#filter-votes", Input).value = "many"
        await pilot.click("#apply")
        await pilot.pause(0.3)
        await pilot.click("#apply")
        await settle(pilot)
        assert str(app.screen.query_one("#filter-error").content) == (
            "minimum votes must be a whole number, not 'many'"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not main(app).criteria.active


@drive
async def test_sort_cycles_through_the_orders(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "에이전트")
        await pilot.press("enter", "s")
        await settle(pilot)
        assert main(app).sort == "date"
        await pilot.press("s")
        await settle(pilot)
        assert main(app).sort == "votes"
        assert titles(app) == [
            "Harbor: A Benchmark of Ship-Scale Code Repositories",
            "Pebble Agents That Plan With Tiny Budgets",
        ]
        assert shown_text(app, "#status").startswith("All 2 papers for '에이전트' · by votes")


@drive
async def test_open_and_copy(make_app, browse_index: Path, opened: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "o", "p", "y")
        await settle(pilot)
        assert opened == [
            "https://arxiv.org/abs/2503.00102",
            "https://arxiv.org/pdf/2503.00102",
        ]
        assert app.clipboard == "2503.00102"
        await pilot.press("b")
        await settle(pilot)
        assert app.clipboard.startswith("@misc{yoon2025pebble,\n  title         = {Pebble Agents")
        assert UserStore.beside(browse_index).citation_keys({"2503.00102": "other"}) == {
            "2503.00102": "yoon2025pebble"
        }


@drive
async def test_help_lists_the_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert main(app)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
@drive
async def test_q_and_ctrl_c_quit(make_app, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


@drive
async def test_ctrl_c_quits_from_the_search_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "ctrl+c")
        await pilot.pause()
        assert not app.is_running


@drive
async def test_a_library_error_is_shown_not_raised(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "-tag:x")
        await settle(pilot)
        assert shown_text(app, "#status") == (
            "-tag:NAME (papers without a tag) is not supported; use tag:NAME"
        )
        assert app.is_running


@drive
async def test_no_index_says_how_to_make_one(tmp_path: Path) -> None:
    from papercli.browse.backend import Backend

    app = BrowseApp(Backend.at(tmp_path / "nowhere"), debounce=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "run `papers index PATH`" in app.screen.message
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def colours(svg: str) -> set[str]:
    """The text and background colours of a screenshot, less the exporter's own default
    foreground (#c5c8c6, for text the app left uncoloured)."""
    found = {c.lower() for c in re.findall(r"fill: (#[0-9a-fA-F]{6})", svg)}
    return found - {"#c5c8c6"}


def grey(colour: str) -> bool:
    return colour[1:3] == colour[3:5] == colour[5:7]


@pytest.mark.parametrize("no_color", [True, False])
@drive
async def test_no_color_draws_in_greys_only(
    make_app, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.no_color is no_color
        assert titles(app) == DAY_0305
        assert all(grey(c) for c in colours(app.export_screenshot())) is no_color


@drive
async def test_the_mouse_opens_a_paper(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#results", offset=(20, 2))
        await settle(pilot)
        screen = main(app)
        assert screen.has_class("reading")
        assert screen.detail.paper.id == "2503.00102"


@drive
async def test_a_correction_is_run_with_enter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "에이젼트")
        await settle(pilot)
        assert main(app).listing.message == "No papers match '에이젼트'."
        await pilot.press("enter")
        await settle(pilot)
        listing = main(app).listing
        assert listing.message == "No papers match '에이젼트'; showing 2 papers for '에이전트'."
        assert listing.title == "All 2 papers for '에이전트'"


@drive
async def test_an_editor_that_cannot_start_is_reported(
    make_app, browse_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    monkeypatch.setattr(BrowseApp, "suspend", lambda self: nullcontext())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        [notice] = app._notifications
        assert notice.message.startswith("cannot run the editor: [Errno 2]")
        assert UserStore.beside(browse_index).note("2503.00301") is None


@drive
async def test_without_a_terminal_to_lend_the_editor_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        [notice] = app._notifications
        assert notice.message.startswith("cannot run the editor:")
        assert app.is_running
