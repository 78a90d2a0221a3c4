"""``papers stats`` draws: the charts' numbers, their shapes, and an 80-column screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.cells import cell_len

from papercli import charts
from tests.helpers import as_json, run

VOTE_BUCKETS = ["0", "1-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200+"]


def stats_text(*args: str) -> list[str]:
    return run("stats", *args, env={"COLUMNS": "80"}).stdout.splitlines()


def section(lines: list[str], title: str) -> list[str]:
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_stats_json_adds_tags(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    run("tag", "2409.12960", "to-read")
    assert as_json("stats")["tags"] == {"to-read": 2, "rl": 1}


def test_every_chart_fits_80_columns(archive: Path) -> None:
    run("tag", "2409.12917", "to-read")
    lines = stats_text()
    for title in (
        "Papers per month",
        "Digest days (papers per day under the date)",
        "Categories (insights)",
        "관련분야 fields",
        "Top authors",
        "Best votes per paper",
        "Tags",
    ):
        assert title in lines
    assert max(cell_len(line.rstrip()) for line in lines) <= 80


def test_month_chart_has_a_column_per_month(archive: Path) -> None:
    lines = section(stats_text(), "Papers per month")
    assert lines == [
        "   6",
        *["████"] * 6,
        "────",
        "Sep",
        "2024",
    ]


def test_calendar_shows_digest_days_and_counts(archive: Path) -> None:
    lines = section(stats_text(), "Digest days (papers per day under the date)")
    assert lines[0].split() == ["September", "2024"]
    week = lines.index(" 16 17 18 19 20 21 22")
    assert lines[week + 1] == "              3  3  2"
    assert lines[week + 2] == " 23 24 25 26 27 28 29"


def test_calendar_option(archive: Path) -> None:
    july = archive / "daily-2024-07-03.md"
    july.write_text(
        "## Daily Papers (2024-07-03)\n\n"
        "### [A July Paper](https://arxiv.org/abs/2407.00001)\n\nVote: 1\n\n- 요약\n",
        "utf-8",
    )
    run("index", str(archive))
    title = "Digest days (papers per day under the date)"
    assert section(stats_text(), title)[0].split() == [
        "July",
        "2024",
        "August",
        "2024",
        "September",
        "2024",
    ]
    assert section(stats_text("--calendar", "1"), title)[0].split() == ["September", "2024"]
    assert title not in stats_text("--calendar", "0")
    months = section(stats_text(), "Papers per month")
    assert months[-2:] == ["Jul  Aug  Sep", "2024"]
    result = run("stats", "--calendar", "25", code=2)
    assert result.stderr == "Error: --calendar must be between 0 and 24\n"


def month_digests(folder: Path, first: dt.date, count: int) -> None:
    """One digest on the 3rd of ``count`` months from ``first``, the n-th with n papers."""
    for number in range(count):
        year, month = divmod(first.month - 1 + number, 12)
        day = dt.date(first.year + year, month + 1, 3)
        papers = "".join(
            f"### [Month Paper {number}-{k}](https://arxiv.org/abs/{day:%y%m}.{k:05d})\n\n"
            "Vote: 1\n\n- 요약\n\n"
            for k in range(number % 3 + 1)
        )
        (folder / f"{day}.md").write_text(f"## Daily Papers ({day})\n\n{papers}", "utf-8")


def month_block(lines: list[str]) -> list[str]:
    """The month chart, all its rows (its rows are separated by blank lines)."""
    start = lines.index("Papers per month") + 1
    end = lines.index("Digest days (papers per day under the date)")
    return lines[start:end]


def test_months_option_sets_the_month_chart_span(tmp_path: Path) -> None:
    folder = tmp_path / "months"
    folder.mkdir()
    month_digests(folder, dt.date(2022, 11, 1), 20)
    run("index", str(folder))
    assert section(stats_text(), "Papers per month")[-2:] == [
        "Jul  Aug  Sep  Oct  Nov  Dec  Jan  Feb  Mar  Apr  May  Jun",
        "2023                          2024",
    ]
    assert section(stats_text("--months", "3"), "Papers per month")[-2:] == [
        "Apr  May  Jun",
        "2024",
    ]
    rows = [line for line in month_block(stats_text("--all")) if line.startswith(("Jan", "Nov"))]
    assert rows == [
        "Nov  Dec",
        "Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec",
        "Jan  Feb  Mar  Apr  May  Jun",
    ]
    assert max(cell_len(line) for line in stats_text("--all")) <= 80
    assert as_json("stats")["months"]["2022-11"] == 1


def test_rows_of_months_share_one_scale(tmp_path: Path) -> None:
    folder = tmp_path / "months"
    folder.mkdir()
    month_digests(folder, dt.date(2022, 11, 1), 20)
    run("index", str(folder))
    block = month_block(stats_text("--all"))
    assert block[: block.index("")] == [
        "        2",
        "     ████",
        "   1 ████",
        "████ ████",
        "████ ████",
        "──── ────",
        "Nov  Dec",
        "2022",
    ]
    assert block[block.index("") + 1] == "   3              3              3              3"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--months", "3", "--all"], "give --months N or --all, not both"),
        (["--months", "0"], "--months must be at least 1 (--all shows every month)"),
    ],
)
def test_month_options_are_checked(archive: Path, options: list[str], message: str) -> None:
    assert run("stats", *options, code=2).stderr == f"Error: {message}\n"


def test_categories_past_the_top_12_are_grouped(tmp_path: Path) -> None:
    sections = "".join(
        f"## 분야 {number:02d}\n\n**요약:**\n\n분야 {number}의 연구를 정리했습니다.\n\n**출처:**\n\n"
        + "".join(
            f" - Paper {number}-{k} (https://arxiv.org/abs/2405.{number:03d}{k:02d})\n"
            for k in range(20 - number)
        )
        + "\n"
        for number in range(15)
    )
    digest = tmp_path / "insights-2024-05-02.md"
    digest.write_text("# Daily Artificial Intelligence Insights : Papers\n\n" + sections, "utf-8")
    run("index", str(digest))
    assert len(as_json("stats")["categories"]) == 15
    rows = section(stats_text(), "Categories (insights)")
    assert len(rows) == 13
    assert rows[0].split()[:3] == ["분야", "00", "20"]
    assert rows[11].split()[:3] == ["분야", "11", "9"]
    assert rows[12].split()[:4] == ["others", "(3", "categories)", "21"]


def test_korean_labels_line_up(archive: Path) -> None:
    rows = section(stats_text(), "관련분야 fields")
    assert len(rows) == 6
    bars = {cell_len(row[: row.index("█")]) for row in rows}
    assert len(bars) == 1
    assert rows[0].startswith("대형 언어 모델")


def test_votes_chart(archive: Path) -> None:
    rows = section(stats_text(), "Best votes per paper")
    assert [row.split()[0] for row in rows] == [*VOTE_BUCKETS, "no"]
    assert rows[2].split()[1] == "2" and rows[-1].split()[2] == "2"


def test_empty_index_draws_no_charts(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("# Daily Artificial Intelligence Insights : Papers\n", "utf-8")
    run("index", str(empty))
    lines = stats_text()
    assert "Papers per month" not in lines
    assert as_json("stats")["months"] == {}


def test_hbar_eighths() -> None:
    assert charts.hbar(4, 4, 10) == "█" * 10
    assert charts.hbar(1, 4, 10) == "██▌"
    assert charts.hbar(1, 1000, 10) == "▏"
    assert charts.hbar(0, 4, 10) == ""


def test_column_rows() -> None:
    assert charts.column_rows([2, 0, 1], height=2, cell=2) == [
        " 2",
        "██     1",
        "██    ██",
    ]
    assert charts.column_rows([0, 0], height=3, cell=2) == []


def test_month_span_fills_gaps_across_years() -> None:
    span = charts.month_span({"2023-11": 2, "2024-02": 5}, 12)
    assert span == [("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 5)]
    assert charts.month_labels([k for k, _ in span]) == (
        ["Nov", "Dec", "Jan", "Feb"],
        ["2023", "", "2024", ""],
    )
    assert charts.month_span({"2023-11": 2, "2024-02": 5}, 2) == [("2024-01", 0), ("2024-02", 5)]


def test_month_weeks_start_on_monday() -> None:
    weeks = charts.month_weeks(2024, 9)
    assert weeks[0] == [None] * 6 + [dt.date(2024, 9, 1)]
    assert weeks[-1][0] == dt.date(2024, 9, 30)


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        (
            {0: 1, 4: 2, 5: 1, 250: 1, None: 3},
            {"0": 1, "1-4": 2, "5-9": 1, "200+": 1, "no votes": 3},
        ),
        ({}, {}),
    ],
)
def test_vote_buckets(votes: dict, expected: dict) -> None:
    buckets = charts.vote_buckets(votes)
    assert list(buckets) == [*VOTE_BUCKETS, "no votes"]
    assert {k: v for k, v in buckets.items() if v} == expected
