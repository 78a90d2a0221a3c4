"""What a style parser hands back before the digest is dated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from papercli.model import Paper, Report


@dataclass(frozen=True)
class StyleResult:
    """Papers (one appearance each), the date the text itself states, warnings, and
    the reports (category insights) that papers' appearances point to, undated.

    An appearance's ``date`` is set only when a header right above it gives
    one (files that repeat ``## Daily Papers (date)``); the rest are dated by
    ``parse_digest`` from ``date``, the path or ``--date``.
    """

    papers: list[Paper] = field(default_factory=list)
    date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
