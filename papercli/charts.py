"""The shapes of the ``papers stats`` charts, as plain data and strings.

Pure functions, no terminal: which months and days a chart covers, how the
vote counts fall into buckets, and bars drawn with Unicode block elements
(eighths of a cell, so short bars still differ). ``render`` adds the colour
and the layout.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papercli.reading import Aggregates

EIGHTHS = " ▏▎▍▌▋▊▉█"
LEVELS = " ▁▂▃▄▅▆▇█"
VOTE_BUCKETS = ((0, 0), (1, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, 199), (200, None))
NO_VOTES = "no votes"
TOP_CATEGORIES = 12
TOP_FIELDS = 15
TOP_AUTHORS = 10


def chart_numbers(aggregates: Aggregates, tags: dict[str, int]) -> dict[str, Any]:
    """The ``stats --json`` keys behind the charts: whole series, top labels, vote buckets.
    ``categories`` stays complete, being data; the chart groups its tail with
    ``grouped_categories``, a drawing choice."""
    return {
        "months": aggregates.months,
        "days": aggregates.days,
        "categories": aggregates.categories,
        "fields": top(aggregates.fields, TOP_FIELDS),
        "authors": top(aggregates.authors, TOP_AUTHORS),
        "votes": vote_buckets(aggregates.votes),
        "tags": tags,
    }


def hbar(value: int, maximum: int, width: int) -> str:
    """A horizontal bar of ``value`` out of ``maximum`` in ``width`` cells (at least a sliver)."""
    if value <= 0 or maximum <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def grouped_categories(counts: dict[str, int], limit: int = TOP_CATEGORIES) -> dict[str, int]:
    """The ``limit`` largest categories (``counts`` is ordered most first), and the rest as
    one ``others (N categories)`` row worth the sum of their paper counts: a paper filed
    under two of them counts twice, as it would in their own rows. A tail of a single
    category keeps its own row, which takes no more room."""
    if len(counts) <= limit + 1:
        return dict(counts)
    items = list(counts.items())
    rest = items[limit:]
    return {**dict(items[:limit]), f"others ({len(rest)} categories)": sum(n for _, n in rest)}


def column_rows(values: list[int], height: int, cell: int, top: int | None = None) -> list[str]:
    """A vertical bar chart, top row first: each value a ``cell``-wide column with its
    number just above it; columns are separated by one space. ``top`` (at least the
    largest value) is the full height, so that charts drawn in several rows share a scale;
    by default the largest value."""
    top = max(values, default=0) if top is None else top
    eighths = [round(v / top * height * 8) if top else 0 for v in values]
    eighths = [max(e, 1) if v > 0 else 0 for e, v in zip(eighths, values, strict=True)]
    rows: list[str] = []
    for level in range(height, -1, -1):
        cells = []
        for value, size in zip(values, eighths, strict=True):
            filled = size - level * 8
            if filled >= 8:
                cells.append("█" * cell)
            elif filled > 0:
                cells.append(LEVELS[filled] * cell)
            elif value and -8 < filled <= 0:
                cells.append(str(value).rjust(cell)[-cell:])
            else:
                cells.append(" " * cell)
        rows.append(" ".join(cells).rstrip())
    while rows and not rows[0]:
        rows.pop(0)
    return rows


def month_span(months: dict[str, int], count: int | None) -> list[tuple[str, int]]:
    """Every month from the oldest with papers to the newest (``count`` None), or only the
    last ``count`` of them, never before the oldest; months without papers as 0."""
    if not months:
        return []
    first, last = (int(key[:4]) * 12 + int(key[5:7]) - 1 for key in (min(months), max(months)))
    if count is not None:
        first = max(first, last - count + 1)
    keys = (f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1))
    return [(key, months.get(key, 0)) for key in keys]


def month_rows(span: list[tuple[str, int]], per_row: int) -> list[list[tuple[str, int]]]:
    """The month chart cut to fit ``per_row`` columns: all in one row when it fits, else a
    row per calendar year (a year cut again if even it does not fit), so that a long
    archive reads year under year."""
    if len(span) <= per_row:
        return [span] if span else []
    rows: list[list[tuple[str, int]]] = []
    for key, count in span:
        if not rows or key.endswith("-01") or len(rows[-1]) >= per_row:
            rows.append([])
        rows[-1].append((key, count))
    return rows


def month_labels(keys: list[str]) -> tuple[list[str], list[str]]:
    """Month abbreviations, and the year under the first column and under each January."""
    names, years = [], []
    for number, key in enumerate(keys):
        year, month = key.split("-")
        names.append(calendar.month_abbr[int(month)])
        years.append(year if number == 0 or month == "01" else "")
    return names, years


def calendar_months(days: dict[str, int], count: int) -> list[tuple[int, int]]:
    """(year, month) of the last ``count`` months up to the newest digest day."""
    if not days or count <= 0:
        return []
    keys = [key for key, _ in month_span({d[:7]: 1 for d in days}, count)]
    return [(int(k[:4]), int(k[5:])) for k in keys]


def month_weeks(year: int, month: int) -> list[list[dt.date | None]]:
    """A month as weeks from Monday, with None for the days of other months."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[day if day.month == month else None for day in week] for week in weeks]


def digest_weeks(months: list[tuple[int, int]], days: dict[str, int]) -> set[int]:
    """Week rows (0 = first week) holding a digest day in any of these months."""
    return {
        number
        for year, month in months
        for number, week in enumerate(month_weeks(year, month))
        if any(day and day.isoformat() in days for day in week)
    }


def vote_buckets(votes: dict[int | None, int]) -> dict[str, int]:
    """Papers per range of their best vote count, plus those whose digests give none."""
    buckets: dict[str, int] = {}
    for low, high in VOTE_BUCKETS:
        label = str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"
        buckets[label] = sum(
            n
            for v, n in votes.items()
            if v is not None and v >= low and (high is None or v <= high)
        )
    buckets[NO_VOTES] = votes.get(None, 0)
    return buckets


def top(counts: dict[str, int], limit: int) -> dict[str, int]:
    """The first ``limit`` items of a count dict already ordered most first."""
    return dict(list(counts.items())[:limit])
