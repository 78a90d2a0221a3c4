"""The model's own small behaviours."""

from __future__ import annotations

import datetime as dt

from papercli.model import Appearance, Paper


def appearance(day: int | None, votes: int | None) -> Appearance:
    date = dt.date(2024, 9, day) if day else None
    return Appearance(date=date, format="daily_papers", source=f"{day}.md", votes=votes)


def test_within_keeps_appearances_in_range() -> None:
    paper = Paper("2409.00001", "T", appearances=(appearance(20, 50), appearance(22, 4)))
    day = paper.within(dt.date(2024, 9, 22), dt.date(2024, 9, 22))
    assert (day.best_votes, day.last_date) == (4, dt.date(2024, 9, 22))
    assert paper.within(None, None) is paper
    assert paper.within(dt.date(2024, 10, 1), None) == paper


def test_round_trip_through_dict() -> None:
    paper = Paper(
        "2409.00001",
        "T",
        authors=("A", "B"),
        url="https://arxiv.org/abs/2409.00001",
        appearances=(appearance(20, 50), appearance(None, None)),
    )
    assert Paper.from_dict(paper.to_dict()) == paper
