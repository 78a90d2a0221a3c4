"""Dates as readers write them, and as digests hide them.

Two jobs: turning a user's ``--date`` into an inclusive day range, and
finding a digest's date in text or a path. Both refuse impossible days
(``2024-02-30``, ``2024년 2월 30일``) instead of guessing.

Readers of Korean digests write dates in Korean as often as in English, so
both are read: ``2024년 2월 6일``, ``2024년 2월``, ``2024년``, ``오늘``, ``지난주``,
``3일 전`` as well as ``2024-02-06``, ``last week``, ``3 days ago``. A day or
month without a year (``2월 6일``, ``Feb 6``, ``2월``) means the latest one that
has a digest, else the latest one not after today: never a day to come, which
no digest can describe. For the same reason words for the future (``내일``,
``next week``) are refused with their own message rather than read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from papercli.errors import BadDate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

DayRange = tuple[dt.date, dt.date]

HINT = "try 2024-02-06, 2024-02, today, 2024년 2월 6일 or 지난주"

_YMD = re.compile(r"(?<!\d)(\d{4})[-/_.](\d{1,2})[-/_.](\d{1,2})(?!\d)")
_YMD_KOREAN = re.compile(r"(?<!\d)(\d{4})[ ]*년[ ]*(\d{1,2})[ ]*월[ ]*(\d{1,2})[ ]*일")
_YMD_COMPACT = re.compile(  # never inside a hash or an id: 3f2a20240301bc99
    r"(?<![0-9A-Za-z])(?<!\d\.)((?:19|20)\d\d)(\d\d)(\d\d)(?![0-9A-Za-z])(?!\.\d)"
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = (
    r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?\b"
_MDY_ENGLISH = re.compile(_MONTH_NAME + r"[ ]*" + _ORDINAL + r",?[ ]*(\d{4})\b", re.IGNORECASE)
_DMY_ENGLISH = re.compile(  # a day glued to no word: not the 4 of "GPT-4 March 2024"
    r"(?<![\w-])" + _ORDINAL + r"[ ]*" + _MONTH_NAME + r",?[ ]*(\d{4})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_KOREAN = re.compile(r"(?:(\d{4}|\d{2})년)?(?:(\d{1,2})월(?:(\d{1,2})일)?)?")
_AGO_KOREAN = re.compile(r"(\d+)(일|주)전")
_AGO_ENGLISH = re.compile(r"(\d+) (day|week)s? ago")
_FUTURE = frozenset(
    {"tomorrow", "next week", "next month", "next year"}
    | {"내일", "모레", "내일모레", "다음주", "다음달", "내년"}
)


def real_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def first_date(text: str) -> dt.date | None:
    """The first real date in a string: ``YYYY-MM-DD`` (or ``/``, ``_``, ``.``, none:
    ``20240206``), ``2024년 2월 6일``, ``Feb 6, 2024`` or ``6 February 2024``. A day
    written before its month in digits (``06/02/2024``) is ambiguous and not read."""
    found = _dates(text)
    return found[0] if found else None


def _dates(text: str) -> list[dt.date]:
    """Every real date in ``text`` (see ``first_date``), in the order written."""
    found: list[tuple[int, tuple[str, str, str]]] = []
    for pattern in (_YMD, _YMD_KOREAN, _YMD_COMPACT):
        found.extend(
            (m.start(), (m.group(1), m.group(2), m.group(3))) for m in pattern.finditer(text)
        )
    if re.search(_MONTH_NAME, text, re.IGNORECASE):
        for m in _MDY_ENGLISH.finditer(text):
            found.append((m.start(), (m.group(3), _month_number(m.group(1)), m.group(2))))
        for m in _DMY_ENGLISH.finditer(text):
            found.append((m.start(), (m.group(3), _month_number(m.group(2)), m.group(1))))
    dates = (real_date(*parts) for _, parts in sorted(found))
    return [d for d in dates if d and 1990 <= d.year <= 2100]


def _month_number(name: str) -> str:
    return str(_MONTH_NAMES.index(name[:3].lower()) + 1)


def date_in_path(path: str) -> dt.date | None:
    """A digest's date from its path, e.g. ``paper_logs/2024/09/20.md``: the last one, the
    file's own, where a folder above it (``backup-20230105/``) is dated too."""
    found = _dates(path.replace("\\", "/"))
    return found[-1] if found else None


def parse_when(
    spec: str,
    today: dt.date | None = None,
    known_days: Callable[[], Iterable[dt.date]] | None = None,
) -> DayRange:
    """A day, week, month or year as an inclusive range: ISO forms, what python-dateutil
    reads, Korean forms and words for recent days (list in the module docstring).

    ``known_days`` gives the days that have a digest; it is called only for a day or
    month without a year, to pick the latest such one with a digest."""
    try:
        return _read(spec, today or dt.date.today(), known_days)
    except (ValueError, OverflowError):
        raise BadDate(f"cannot read {spec!r} as a date ({HINT})") from None


def date_range(
    date: str | None,
    start: str | None,
    end: str | None,
    today: dt.date | None = None,
    known_days: Callable[[], Iterable[dt.date]] | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """``--date`` or ``--from``/``--to`` as one inclusive range (None: open). ``--from``
    takes the first day of what it names (``지난주``: its Monday), ``--to`` the last."""
    if date and (start or end):
        raise BadDate("give either --date or --from/--to, not both")
    if date:
        return parse_when(date, today, known_days)
    low = parse_when(start, today, known_days)[0] if start else None
    high = parse_when(end, today, known_days)[1] if end else None
    if low and high and low > high:
        raise BadDate(f"--from {start} is after --to {end}")
    return low, high


def _read(
    spec: str, today: dt.date, known_days: Callable[[], Iterable[dt.date]] | None
) -> DayRange:
    """``parse_when`` without its error message: anything unreadable raises ValueError."""
    text = spec.strip().lower()
    spaced, compact = " ".join(text.split()), "".join(text.split())
    said = _SAID.get(spaced) or _SAID.get(compact)
    if said:
        return said(today)
    if spaced in _FUTURE or compact in _FUTURE:
        raise BadDate(f"{spec!r} is still to come: digests cover days gone by (try 오늘 or today)")
    ago = _AGO_KOREAN.fullmatch(compact) or _AGO_ENGLISH.fullmatch(spaced)
    if ago:
        weeks = ago.group(2) in ("주", "week")
        return _day(today - dt.timedelta(days=int(ago.group(1)) * (7 if weeks else 1)))
    korean = _KOREAN.fullmatch(compact)
    if korean and korean.group(0):
        return _korean(*korean.groups(), today=today, known_days=known_days)
    if _YEAR.fullmatch(text):
        return _year(int(text))
    month = _MONTH.fullmatch(text)
    if month and 1 <= int(month.group(2)) <= 12:
        return _month(int(month.group(1)), int(month.group(2)))
    return _dateutil(spec, today, known_days)


def _korean(
    year: str | None,
    month: str | None,
    day: str | None,
    *,
    today: dt.date,
    known_days: Callable[[], Iterable[dt.date]] | None,
) -> DayRange:
    """``2024년 2월 6일``, ``2024년 2월``, ``2024년`` (``24년``: 2024), ``2월 6일``, ``2월``."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        if month and day:
            return _day(dt.date(full, int(month), int(day)))
        return _month(full, int(month)) if month else _year(full)
    assert month
    if day:
        return _day(_latest_day(int(month), int(day), today, known_days))
    return _month(_latest_month(int(month), today, known_days), int(month))


def _dateutil(
    spec: str, today: dt.date, known_days: Callable[[], Iterable[dt.date]] | None
) -> DayRange:
    """What python-dateutil reads. It fills what the text leaves out from a default, so
    two different defaults tell which parts were given: ``Sep 2024`` is a month, ``Feb 6``
    a day without a year; a day with no month (``6``, ``monday``, ``5pm``) is refused."""
    from dateutil import parser

    one = parser.parse(spec, default=dt.datetime(2000, 1, 1))
    two = parser.parse(spec, default=dt.datetime(2004, 2, 2))
    year, month, day = one.year == two.year, one.month == two.month, one.day == two.day
    if not month:
        raise ValueError(spec)
    if year:
        return _day(one.date()) if day else _month(one.year, one.month)
    if day:
        return _day(_latest_day(one.month, one.day, today, known_days))
    return _month(_latest_month(one.month, today, known_days), one.month)


def _latest_day(
    month: int, day: int, today: dt.date, known_days: Callable[[], Iterable[dt.date]] | None
) -> dt.date:
    """The latest digest day on this month and day, else the latest such day up to today
    (for 29 February, the last leap year's)."""
    if real_date(2000, month, day) is None:
        raise ValueError(f"no day {month}/{day}")
    found = [d for d in _known(known_days) if (d.month, d.day) == (month, day) and d <= today]
    if found:
        return max(found)
    for year in range(today.year, 0, -1):
        candidate = real_date(year, month, day)
        if candidate and candidate <= today:
            return candidate
    raise ValueError(f"no {month}/{day} up to {today}")


def _latest_month(
    month: int, today: dt.date, known_days: Callable[[], Iterable[dt.date]] | None
) -> int:
    """The year of the latest digest month with this number, else of the latest such
    month that has begun."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    years = [d.year for d in _known(known_days) if d.month == month and d <= today]
    if years:
        return max(years)
    return today.year if month <= today.month else today.year - 1


def _known(known_days: Callable[[], Iterable[dt.date]] | None) -> list[dt.date]:
    return list(known_days()) if known_days else []


def _day(day: dt.date) -> DayRange:
    return day, day


def _week(today: dt.date, back: int) -> DayRange:
    """Monday to Sunday, ``back`` weeks before today's."""
    monday = today - dt.timedelta(days=today.weekday() + 7 * back)
    return monday, monday + dt.timedelta(days=6)


def _month(year: int, month: int) -> DayRange:
    start = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


def _months_back(today: dt.date, back: int) -> DayRange:
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return _month(year, month + 1)


def _year(year: int) -> DayRange:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# Words for recent days, weeks, months and years, keyed as typed with single spaces
# (English) or with no spaces at all (Korean writes both 이번 달 and 이번달).
_SAID: dict[str, Callable[[dt.date], DayRange]] = {
    word: when
    for words, when in (
        (("today", "오늘"), _day),
        (("yesterday", "어제"), lambda t: _day(t - dt.timedelta(days=1))),
        (("the day before yesterday", "그제", "그저께"), lambda t: _day(t - dt.timedelta(days=2))),
        (("this week", "이번주", "금주"), lambda t: _week(t, 0)),
        (("last week", "지난주", "저번주"), lambda t: _week(t, 1)),
        (("this month", "이번달"), lambda t: _months_back(t, 0)),
        (("last month", "지난달", "저번달"), lambda t: _months_back(t, 1)),
        (("this year", "올해", "금년"), lambda t: _year(t.year)),
        (("last year", "작년", "지난해"), lambda t: _year(t.year - 1)),
    )
    for word in words
}
