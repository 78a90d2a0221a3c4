"""``--date``, ``--from`` and ``--to`` in every form a reader writes, in Korean or English."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from papercli.dates import date_range, parse_when
from papercli.errors import BadDate
from tests.helpers import as_json, copy_examples, run

TODAY = dt.date(2025, 3, 5)  # a Wednesday
D = dt.date
HINT = "(try 2024-02-06, 2024-02, today, 2024년 2월 6일 or 지난주)"


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("2024-02-06", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024/02/06", D(2024, 2, 6), D(2024, 2, 6)),
        ("Feb 6 2024", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024. 2. 6.", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2024/12", D(2024, 12, 1), D(2024, 12, 31)),
        ("Sep 2024", D(2024, 9, 1), D(2024, 9, 30)),
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("today", TODAY, TODAY),
        (" Today ", TODAY, TODAY),
        ("yesterday", D(2025, 3, 4), D(2025, 3, 4)),
        ("the day before yesterday", D(2025, 3, 3), D(2025, 3, 3)),
        ("this week", D(2025, 3, 3), D(2025, 3, 9)),
        ("last week", D(2025, 2, 24), D(2025, 3, 2)),
        ("last  week", D(2025, 2, 24), D(2025, 3, 2)),
        ("this month", D(2025, 3, 1), D(2025, 3, 31)),
        ("last month", D(2025, 2, 1), D(2025, 2, 28)),
        ("this year", D(2025, 1, 1), D(2025, 12, 31)),
        ("last year", D(2024, 1, 1), D(2024, 12, 31)),
        ("3 days ago", D(2025, 3, 2), D(2025, 3, 2)),
        ("1 day ago", D(2025, 3, 4), D(2025, 3, 4)),
        ("2 weeks ago", D(2025, 2, 19), D(2025, 2, 19)),
        ("2024년 2월 6일", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024년2월6일", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024년 02월 06일", D(2024, 2, 6), D(2024, 2, 6)),
        ("24년 2월 6일", D(2024, 2, 6), D(2024, 2, 6)),
        ("2024년 2월", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023년 2월", D(2023, 2, 1), D(2023, 2, 28)),
        ("2024년", D(2024, 1, 1), D(2024, 12, 31)),
        ("오늘", TODAY, TODAY),
        ("어제", D(2025, 3, 4), D(2025, 3, 4)),
        ("그제", D(2025, 3, 3), D(2025, 3, 3)),
        ("그저께", D(2025, 3, 3), D(2025, 3, 3)),
        ("이번 주", D(2025, 3, 3), D(2025, 3, 9)),
        ("이번주", D(2025, 3, 3), D(2025, 3, 9)),
        ("금주", D(2025, 3, 3), D(2025, 3, 9)),
        ("지난주", D(2025, 2, 24), D(2025, 3, 2)),
        ("지난 주", D(2025, 2, 24), D(2025, 3, 2)),
        ("저번 주", D(2025, 2, 24), D(2025, 3, 2)),
        ("이번 달", D(2025, 3, 1), D(2025, 3, 31)),
        ("이번달", D(2025, 3, 1), D(2025, 3, 31)),
        ("지난달", D(2025, 2, 1), D(2025, 2, 28)),
        ("지난 달", D(2025, 2, 1), D(2025, 2, 28)),
        ("저번 달", D(2025, 2, 1), D(2025, 2, 28)),
        ("올해", D(2025, 1, 1), D(2025, 12, 31)),
        ("금년", D(2025, 1, 1), D(2025, 12, 31)),
        ("작년", D(2024, 1, 1), D(2024, 12, 31)),
        ("지난해", D(2024, 1, 1), D(2024, 12, 31)),
        ("3일 전", D(2025, 3, 2), D(2025, 3, 2)),
        ("3일전", D(2025, 3, 2), D(2025, 3, 2)),
        ("0일 전", TODAY, TODAY),
        ("2주 전", D(2025, 2, 19), D(2025, 2, 19)),
    ],
)
def test_forms(spec: str, start: dt.date, end: dt.date) -> None:
    assert parse_when(spec, TODAY) == (start, end)


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("2월 6일", D(2025, 2, 6), D(2025, 2, 6)),
        ("2월6일", D(2025, 2, 6), D(2025, 2, 6)),
        ("Feb 6", D(2025, 2, 6), D(2025, 2, 6)),
        ("3월 5일", TODAY, TODAY),
        ("3월 6일", D(2024, 3, 6), D(2024, 3, 6)),
        ("12월 25일", D(2024, 12, 25), D(2024, 12, 25)),
        ("Dec 25", D(2024, 12, 25), D(2024, 12, 25)),
        ("2월 29일", D(2024, 2, 29), D(2024, 2, 29)),
        ("2월", D(2025, 2, 1), D(2025, 2, 28)),
        ("3월", D(2025, 3, 1), D(2025, 3, 31)),
        ("4월", D(2024, 4, 1), D(2024, 4, 30)),
        ("April", D(2024, 4, 1), D(2024, 4, 30)),
    ],
)
def test_without_a_year_the_latest_up_to_today(spec: str, start: dt.date, end: dt.date) -> None:
    assert parse_when(spec, TODAY) == (start, end)


def test_month_day_is_the_latest_with_a_digest() -> None:
    today = D(2025, 3, 1)
    both = [D(2024, 2, 6), D(2025, 2, 6), D(2025, 2, 7)]
    assert parse_when("2월 6일", today, lambda: both) == (D(2025, 2, 6), D(2025, 2, 6))
    only_2024 = [D(2024, 2, 6), D(2025, 2, 7)]
    assert parse_when("2월 6일", today, lambda: only_2024) == (D(2024, 2, 6), D(2024, 2, 6))
    assert parse_when("Feb 6", today, lambda: only_2024) == (D(2024, 2, 6), D(2024, 2, 6))
    assert parse_when("2월 8일", today, lambda: only_2024) == (D(2025, 2, 8), D(2025, 2, 8))
    assert parse_when("2월 6일", today, lambda: []) == (D(2025, 2, 6), D(2025, 2, 6))


def test_month_is_the_latest_with_a_digest() -> None:
    days = [D(2023, 4, 2), D(2023, 4, 9), D(2025, 2, 7)]
    assert parse_when("4월", TODAY, lambda: days) == (D(2023, 4, 1), D(2023, 4, 30))
    assert parse_when("2월", TODAY, lambda: days) == (D(2025, 2, 1), D(2025, 2, 28))
    assert parse_when("1월", TODAY, lambda: days) == (D(2025, 1, 1), D(2025, 1, 31))


def test_a_digest_day_after_today_is_never_chosen() -> None:
    ahead = [D(2024, 3, 20), D(2025, 3, 20)]
    assert parse_when("3월 20일", TODAY, lambda: ahead) == (D(2024, 3, 20), D(2024, 3, 20))
    assert parse_when("3월 20일", TODAY, lambda: [D(2025, 3, 20)]) == (
        D(2024, 3, 20),
        D(2024, 3, 20),
    )


def test_known_days_are_asked_only_for_a_day_without_a_year() -> None:
    asked: list[str] = []

    def known() -> Iterable[dt.date]:
        asked.append("asked")
        return [D(2024, 2, 6)]

    for spec in ("2024년 2월 6일", "지난주", "2024-02", "Feb 6 2024", "3 days ago"):
        parse_when(spec, TODAY, known)
    assert asked == []
    parse_when("2월 6일", TODAY, known)
    assert asked == ["asked"]


@pytest.mark.parametrize(
    "spec",
    [
        "2024년 2월 30일",
        "2023년 2월 29일",
        "2월 30일",
        "13월",
        "2024년 13월",
        "0월 1일",
        "2024-02-30",
        "2024-13-45",
        "fooday",
        "0000",
        "2024년 6일",
        "6",
        "monday",
        "5pm",
        "lastweek",
        "3 days",
        "3일 후",
        "",
    ],
)
def test_impossible_or_unreadable(spec: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(spec, TODAY)
    assert str(caught.value) == f"cannot read {spec!r} as a date {HINT}"


@pytest.mark.parametrize(
    "spec", ["내일", "모레", "다음 주", "다음달", "내년", "tomorrow", "next week"]
)
def test_future_words_are_refused(spec: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_when(spec, TODAY)
    assert str(caught.value) == (
        f"{spec!r} is still to come: digests cover days gone by (try 오늘 or today)"
    )


def test_ranges_take_the_first_and_last_day() -> None:
    assert date_range(None, "지난주", "지난주", TODAY) == (D(2025, 2, 24), D(2025, 3, 2))
    assert date_range(None, "2024년 2월", None, TODAY) == (D(2024, 2, 1), None)
    assert date_range(None, None, "작년", TODAY) == (None, D(2024, 12, 31))
    assert date_range("이번 달", None, None, TODAY) == (D(2025, 3, 1), D(2025, 3, 31))
    assert date_range(None, "2월 6일", "오늘", TODAY, lambda: [D(2024, 2, 6)]) == (
        D(2024, 2, 6),
        TODAY,
    )
    assert date_range(None, None, None, TODAY) == (None, None)


def test_range_errors() -> None:
    with pytest.raises(BadDate, match="^--from 오늘 is after --to 지난주$"):
        date_range(None, "오늘", "지난주", TODAY)
    with pytest.raises(BadDate, match="^give either --date or --from/--to, not both$"):
        date_range("오늘", "어제", None, TODAY)


def test_default_today_is_the_real_one() -> None:
    today = dt.date.today()
    assert parse_when("오늘") == (today, today)


def test_words_need_no_dateutil() -> None:
    code = (
        "import sys; from papercli.dates import parse_when\n"
        "for spec in ('오늘', '지난주', '2024년 2월 6일', '2월 6일', '2024-02', '3일 전'):\n"
        "    parse_when(spec)\n"
        "print('dateutil' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_cli_reads_korean_dates(tmp_path: Path) -> None:
    run("index", str(copy_examples(tmp_path)))
    ids = [p["id"] for p in as_json("top", "--date", "2024년 9월 20일")]
    assert ids == ["2409.12917", "2409.12960", "2409.13001"]
    assert as_json("list", "--from", "2024년 9월 22일") == as_json("list", "--from", "2024-09-22")
    assert len(as_json("list", "--date", "2024년 9월", "--limit", "0")) == 6
    result = run("top", "--date", "2024년 2월 30일", code=2)
    assert result.stderr == f"Error: cannot read '2024년 2월 30일' as a date {HINT}\n"
