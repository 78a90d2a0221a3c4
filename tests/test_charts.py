"""The shapes behind ``papers stats --months N`` / ``--all`` and the grouped categories."""

from __future__ import annotations

from papercli import charts
from papercli.reading import Aggregates

MONTHS = {"2022-11": 3, "2023-02": 1, "2024-01": 7, "2024-02": 5}


def months_between(first: str, last: str) -> list[str]:
    return [key for key, _ in charts.month_span({first: 1, last: 1}, None)]


def test_month_span_all_months_from_the_first_digest() -> None:
    span = charts.month_span(MONTHS, None)
    assert len(span) == 16
    assert span[:5] == [
        ("2022-11", 3),
        ("2022-12", 0),
        ("2023-01", 0),
        ("2023-02", 1),
        ("2023-03", 0),
    ]
    assert span[-3:] == [("2023-12", 0), ("2024-01", 7), ("2024-02", 5)]
    assert sum(n for _, n in span) == 16


def test_month_span_last_n_months() -> None:
    assert charts.month_span(MONTHS, 3) == [("2023-12", 0), ("2024-01", 7), ("2024-02", 5)]
    assert charts.month_span(MONTHS, 1) == [("2024-02", 5)]
    assert charts.month_span(MONTHS, 16) == charts.month_span(MONTHS, None)
    assert charts.month_span(MONTHS, 100) == charts.month_span(MONTHS, None)
    assert charts.month_span(MONTHS, 0) == []
    assert charts.month_span({}, None) == []
    assert charts.month_span({}, 12) == []


def test_month_span_single_month_and_year_ends() -> None:
    assert charts.month_span({"2024-12": 2}, None) == [("2024-12", 2)]
    assert months_between("2023-12", "2024-01") == ["2023-12", "2024-01"]
    assert months_between("2024-01", "2024-12")[-2:] == ["2024-11", "2024-12"]


def test_month_rows_one_row_when_it_fits() -> None:
    span = charts.month_span(MONTHS, 3)
    assert charts.month_rows(span, 16) == [span]
    assert charts.month_rows([], 16) == []


def test_month_rows_a_row_per_year_when_too_long() -> None:
    span = charts.month_span(MONTHS, None)
    rows = charts.month_rows(span, 12)
    assert [[key for key, _ in row][0] for row in rows] == ["2022-11", "2023-01", "2024-01"]
    assert [len(row) for row in rows] == [2, 12, 2]
    assert [pair for row in rows for pair in row] == span


def test_month_rows_cut_a_year_that_does_not_fit() -> None:
    span = charts.month_span({"2024-01": 1, "2024-12": 1}, None)
    rows = charts.month_rows(span, 5)
    assert [len(row) for row in rows] == [5, 5, 2]
    assert [row[0][0] for row in rows] == ["2024-01", "2024-06", "2024-11"]


def test_column_rows_share_a_scale() -> None:
    assert charts.column_rows([1], height=2, cell=2) == [" 1", "██", "██"]
    assert charts.column_rows([1], height=2, cell=2, top=2) == [" 1", "██"]
    assert charts.column_rows([1, 2], height=2, cell=2) == charts.column_rows(
        [1, 2], height=2, cell=2, top=2
    )


def categories(count: int) -> dict[str, int]:
    """``count`` categories, most papers first: 'c01' has ``count`` papers, the last 1."""
    return {f"c{n:02d}": count + 1 - n for n in range(1, count + 1)}


def test_grouped_categories_past_the_top_12() -> None:
    counts = categories(20)
    grouped = charts.grouped_categories(counts)
    assert list(grouped) == [*list(counts)[:12], "others (8 categories)"]
    assert grouped["c01"] == 20 and grouped["c12"] == 9
    assert grouped["others (8 categories)"] == 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1


def test_grouped_categories_keep_a_single_tail_row() -> None:
    assert charts.grouped_categories(categories(12)) == categories(12)
    assert charts.grouped_categories(categories(13)) == categories(13)
    assert list(charts.grouped_categories(categories(14)))[-1] == "others (2 categories)"
    assert charts.grouped_categories({}) == {}
    assert charts.grouped_categories(categories(5), limit=2) == {
        "c01": 5,
        "c02": 4,
        "others (3 categories)": 3 + 2 + 1,
    }


def test_chart_numbers_keep_every_category() -> None:
    aggregates = Aggregates(
        days={"2024-02-06": 40},
        months={"2024-02": 40},
        categories=categories(40),
        fields={f"f{n}": 1 for n in range(20)},
        authors={f"a{n}": 1 for n in range(20)},
        votes={3: 40},
    )
    numbers = charts.chart_numbers(aggregates, {"to-read": 1})
    assert numbers["categories"] == categories(40)
    assert len(numbers["fields"]) == charts.TOP_FIELDS
    assert len(numbers["authors"]) == charts.TOP_AUTHORS
