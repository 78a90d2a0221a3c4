"""Dates as readers write them, and as digests hide them.

Two jobs: turning a user's ``--date`` into an inclusive day range, and
finding a digest's date in text or a path. Both refuse impossible days
(``2024-02-30``) instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re

from papercli.errors import BadDate

_YMD = re.compile(r"(?<!\d)(\d{4})[-/_.](\d{1,2})[-/_.](\d{1,2})(?!\d)")
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")


def real_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def first_date(text: str) -> dt.date | None:
    """The first real ``YYYY-MM-DD`` (or ``/``, ``_``, ``.``) date in a string."""
    for match in _YMD.finditer(text):
        found = real_date(*match.groups())
        if found and 1990 <= found.year <= 2100:
            return found
    return None


def date_in_path(path: str) -> dt.date | None:
    """A digest's date from its path, e.g. ``paper_logs/2024/09/20.md``."""
    return first_date(path.replace("\\", "/"))


def parse_when(spec: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """A day, month, year or ``today``/``yesterday`` as an inclusive range."""
    from dateutil import parser as dateparser
    from dateutil.relativedelta import relativedelta

    today = today or dt.date.today()
    text = spec.strip().lower()
    if text == "today":
        return today, today
    if text == "yesterday":
        day = today - dt.timedelta(days=1)
        return day, day
    if _YEAR.fullmatch(text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = _MONTH.fullmatch(text)
    if month and 1 <= int(month.group(2)) <= 12:
        start = dt.date(int(month.group(1)), int(month.group(2)), 1)
        return start, start + relativedelta(months=1, days=-1)
    try:
        day = dateparser.parse(spec, default=dt.datetime(today.year, 1, 1)).date()
    except (ValueError, OverflowError):
        raise BadDate(
            f"cannot read {spec!r} as a date (try 2024-02-06, 2024-02 or today)"
        ) from None
    return day, day


def date_range(
    date: str | None, start: str | None, end: str | None, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """``--date`` or ``--from``/``--to`` as one inclusive range (None: open)."""
    if date and (start or end):
        raise BadDate("give either --date or --from/--to, not both")
    if date:
        return parse_when(date, today)
    low = parse_when(start, today)[0] if start else None
    high = parse_when(end, today)[1] if end else None
    if low and high and low > high:
        raise BadDate(f"--from {start} is after --to {end}")
    return low, high
