"""The browser's backend without a screen: what it asks the library and what it answers."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from papercli.archive import Archive
from papercli.browse import text
from papercli.browse.backend import (
    Backend,
    Criteria,
    Detail,
    Report,
    _reports,
    parse_criteria,
)
from papercli.errors import BadDate, PaperNotFound, UsageError
from papercli.model import Appearance, Paper, ReportRef
from papercli.model import Report as ModelReport
from papercli.reading import SearchResult
from papercli.tags import UserStore


@pytest.fixture
def backend(browse_index: Path) -> Backend:
    opened = Backend.at(browse_index)
    opened.open()
    yield opened  # type: ignore[misc]
    opened.close()


def ids(listing: Any) -> list[str]:
    return [p.id for p in listing.papers]


def test_search_normalises_hangul(backend: Backend) -> None:
    composed = backend.search("에이전트")
    decomposed = backend.search(unicodedata.normalize("NFD", " 에이전트 "))
    assert decomposed.query == composed.query == "에이전트"
    assert ids(decomposed) == ids(composed) == ["2503.00102", "2503.00201"]
    assert composed.title == "All 2 papers for '에이전트'"


def test_an_empty_query_is_a_usage_error(backend: Backend) -> None:
    with pytest.raises(UsageError):
        backend.search("  ")


def test_search_within_criteria(backend: Backend, browse_index: Path) -> None:
    UserStore.beside(browse_index).add_tags("2503.00201", ["later"])
    assert ids(backend.search("에이전트", Criteria(tag="later"))) == ["2503.00201"]
    assert ids(backend.search("에이전트", Criteria(min_votes=40))) == ["2503.00201"]
    none = backend.search("에이전트", Criteria(end=dt.date(2025, 3, 2)))
    assert none.papers == ()
    assert none.message == "No papers match '에이전트' (to 2025-03-02)."


def test_the_limit_is_reported(browse_index: Path) -> None:
    backend = Backend(Archive(browse_index, hold=True), search_limit=1)
    listing = backend.search("에이전트")
    assert (len(listing.papers), listing.total, listing.title) == (
        1,
        2,
        "1 of 2 papers for '에이전트'",
    )


def test_day_view(backend: Backend) -> None:
    latest = backend.day(None)
    assert (latest.kind, latest.day, latest.previous, latest.next) == (
        "day",
        dt.date(2025, 3, 5),
        dt.date(2025, 3, 4),
        None,
    )
    middle = backend.day(dt.date(2025, 3, 4), Criteria(min_votes=10))
    assert ids(middle) == ["2503.00201", "2503.00102"]
    assert [p.best_votes for p in middle.papers] == [44, 19]
    assert (middle.previous, middle.next) == (dt.date(2025, 3, 3), dt.date(2025, 3, 5))
    empty = backend.day(dt.date(2025, 3, 4), Criteria(category="Robotics"))
    assert empty.message == "No papers on 2025-03-04 (Tue) (category Robotics)."


def test_without_dated_digests_the_latest_papers(tmp_path: Path) -> None:
    digest = tmp_path / "notes.md"
    digest.write_text(
        "## 제목: 날짜 없는 논문\n\n**요약**: 날짜가 없습니다.\n\n"
        "**PDF 다운로드 링크**: [PDF 다운로드](https://arxiv.org/pdf/2503.00901)\n",
        encoding="utf-8",
    )
    Archive(tmp_path / "index").index([digest])
    listing = Backend.at(tmp_path / "index").day(None)
    assert (listing.kind, listing.title, ids(listing)) == (
        "latest",
        "Latest papers",
        ["2503.00901"],
    )


def test_detail_and_the_readers_data(backend: Backend, browse_index: Path) -> None:
    paper = backend.detail("2503.00102").paper
    assert backend.add_tags(paper, ["Later", "읽기"]) == ("later", "읽기")
    assert backend.set_note(paper, "  다시 볼 것  ") == "다시 볼 것"
    found = backend.detail("https://arxiv.org/abs/2503.00102v2")
    assert (found.tags, found.note) == (("later", "읽기"), "다시 볼 것")
    assert backend.remove_tags(paper, ["later"]) == ("읽기",)
    assert backend.set_note(paper, "") is None
    assert backend.tag_names() == ["읽기"]
    with pytest.raises(PaperNotFound):
        backend.detail("2503.99999")


def test_bibtex_pins_the_key_as_export_does(backend: Backend, browse_index: Path) -> None:
    paper = backend.detail("2503.00201").paper
    entry = backend.bibtex(paper)
    assert entry.startswith("@misc{kim2025harbor,\n")
    assert "  eprint        = {2503.00201},\n" in entry
    assert UserStore.beside(browse_index).citation_keys({paper.id: "x"}) == {
        paper.id: "kim2025harbor"
    }


class Recorder:
    """An archive whose ``search`` records how it was asked."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def user(self) -> Any:
        return SimpleNamespace(tags_for=lambda ids: {})

    def search(self, query: str, filters: Any, *, sort: str, limit: int, thorough: bool = True):
        self.asked.append({"query": query, "thorough": thorough})
        return SearchResult(hits=(), total=0, suggestion="harbor" if thorough else None)


def test_no_suggestion_while_typing() -> None:
    archive = Recorder()
    backend = Backend(archive)  # type: ignore[arg-type]
    typing = backend.search("harbr", thorough=False)
    done = backend.search("harbr", Criteria(tag="x"))
    assert archive.asked == [
        {"query": "harbr", "thorough": False},
        {"query": "harbr tag:x", "thorough": True},
    ]
    assert typing.message == "No papers match 'harbr'."
    assert done.message == "No papers match 'harbr' (tag x). Did you mean: harbor?"


def test_reports_of_a_paper() -> None:
    """Each report the paper's appearances come from, once, with its text."""
    ref = ReportRef("r1", "Agents", dt.date(2025, 3, 5), ("a", "b"))
    appearances = tuple(
        Appearance(dt.date(2025, 3, 5), "category_insights", f"/x/{n}.md", report=ref)
        for n in (1, 2)
    ) + (Appearance(None, "daily_papers", "/x/d.md"),)
    paper = Paper("a", "A", appearances=appearances)
    stored = ModelReport("r1", "Agents", dt.date(2025, 3, 5), "/x/1.md", "보고서 r1", ("a", "b"))

    class Reader:
        def report(self, key: str) -> ModelReport:
            if key != "r1":
                raise PaperNotFound(key)
            return stored

    assert _reports(Reader(), paper) == (Report("Agents", dt.date(2025, 3, 5), 2, "보고서 r1"),)
    gone = Paper("a", "A", appearances=(replace(appearances[0], report=replace(ref, id="r9")),))
    assert _reports(Reader(), gone) == (Report("Agents", dt.date(2025, 3, 5), 2, ""),)


def test_the_detail_shows_reports() -> None:
    paper = Paper(
        "2503.00102",
        "Pebble",
        appearances=(Appearance(dt.date(2025, 3, 5), "category_insights", "/x/i.md"),),
    )
    found = Detail(paper, reports=(Report("Agents", dt.date(2025, 3, 5), 2, "에이전트 보고서"),))
    shown = text.detail(found).plain
    assert shown.endswith(
        "── 2025-03-05 · Insights\n(no summary)\nsource: i.md\n\n"
        "── Report · Agents · 2025-03-05 · 2 papers\n에이전트 보고서"
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (("", "", "", "", ""), Criteria()),
        (
            ("2025년 3월 4일", "2025-03", " LLM ", "To-Read", " 7 "),
            Criteria(dt.date(2025, 3, 4), dt.date(2025, 3, 31), "LLM", "to-read", 7),
        ),
        (("3월 4일", "", "", "", ""), Criteria(start=dt.date(2025, 3, 4))),
    ],
)
def test_parse_criteria(fields: tuple[str, ...], expected: Criteria) -> None:
    assert parse_criteria(*fields, known=[dt.date(2025, 3, 4)]) == expected


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (("2025-03-05", "2025-03-01", "", "", ""), BadDate, "--from 2025-03-05 is after --to"),
        (("", "", "", "two tags", ""), UsageError, "a tag is one word"),
        (("", "", "", "", "-3"), UsageError, "minimum votes cannot be negative"),
    ],
)
def test_parse_criteria_refuses(fields: tuple[str, ...], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        parse_criteria(*fields)


def test_columns_and_fit_count_cells() -> None:
    assert text.fit("한국어 제목입니다", 10).plain == "한국어 제…"
    assert text.fit("한국어 제목입니다", 9).plain == "한국어  …"  # 제 would straddle the edge
    assert text.fit("한국어", 9).plain == "한국어   "
    assert text.fit("12", 5, right=True).plain == "   12"
    assert text.fit("줄\n바꿈\t있음", 12).plain == "줄 바꿈 있음"
    assert text.Columns.fit(78) == text.Columns(title=42, category=8, tags=9)
    assert text.Columns.fit(40) == text.Columns(title=10, category=6, tags=6)
    row = text.row(
        Paper("1", "긴 한국어 제목이 잘리는지 봅니다", ()), ("읽기",), text.Columns.fit(78)
    )
    assert row.cell_length == 78


def test_days_and_papers_come_from_the_catalog(browse_index: Path) -> None:
    """Neither the day view, a paper nor closing opens the Whoosh index (its reader
    module is never loaded) while the catalog mirrors it."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from papercli.browse.backend import Backend\n"
        f"b = Backend.at(Path({str(browse_index)!r})); b.day(None); b.detail('2503.00101')\n"
        "b.close(); print('papercli.engine.reader' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_word_that_found_nothing_beside_others_is_named(backend: Backend) -> None:
    listing = backend.search("protein 에이전트")
    assert ids(listing) == ["2503.00102", "2503.00201"]
    assert listing.message == "'protein' matches nothing here; showing papers for the other words."


def test_a_pasted_page_is_echoed_by_its_first_80_characters(backend: Backend) -> None:
    listing = backend.search("zzqx " * 200)
    assert listing.message == "No papers match '" + "zzqx " * 16 + "…'."
