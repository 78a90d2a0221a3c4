"""Facts as every view words them: counts (``plural``, ``byte_size``), a paper's title
and link, and the appearance a row shows (``placing``) with its day, style and votes.

Separate so that the lists, the search cards, ``show`` and the run reports word the
same fact the same way; the browser borrows ``appearance_meta`` too.
"""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from rich.text import Text

from papercli.model import NO_FILTERS, Appearance, Filters, Paper
from papercli.render.terminal import clean, safe_url

FORMAT_LABELS = {
    "daily_papers": "Daily Papers",
    "category_insights": "Insights",
    "simple_summary": "Summary",
    "paper_notes": "Paper notes",
}


def appearance_meta(appearance: Appearance) -> list[str]:
    """Where and when a paper appeared, in words: its day, style, votes and category."""
    meta = [
        appearance.date.isoformat() if appearance.date else "undated",
        FORMAT_LABELS.get(appearance.format, appearance.format),
    ]
    if appearance.votes is not None:
        meta.append(f"votes {appearance.votes}")
    if appearance.category:
        meta.append(clean(appearance.category))
    return meta


def plural(count: int, noun: str) -> str:
    """``1 paper``, ``2,547 papers``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def byte_size(count: int) -> str:
    """Bytes as a reader reads them: ``812 bytes``, ``9.6 KB``, ``9.6 MB``, ``1.2 GB``
    (units of 1000, as the benchmark's sizes on disk)."""
    if count < 1000:
        return plural(count, "byte")
    amount, unit = count / 1000, "KB"
    for larger in ("MB", "GB"):
        if round(amount, 1) < 1000:
            break
        amount, unit = amount / 1000, larger
    return f"{amount:.1f} {unit}"


def shown_title(title: str) -> str:
    """A title as a reader sees it: LaTeX made readable (``LLM$\\times$MapReduce`` is
    LLM×MapReduce); the stored title, as written, is what exports give."""
    from papercli.parse.latex import readable_title

    return clean(readable_title(title))


def linked_title(paper: Paper) -> Text:
    title = Text(shown_title(paper.title), style="bold")
    link = safe_url(paper.url)
    if link:
        title.stylize(Style(link=link))
    return title


def placing(paper: Paper, filters: Filters = NO_FILTERS, sort: str = "date") -> Appearance | None:
    """The appearance a row shows the votes and date of, so that a row never pairs one
    digest's votes with another's date: of the appearances matching the filters, the
    newest (``sort`` date: what placed the paper in a list by date), else the most
    voted (by votes, as ``top`` ranks; by relevance or likeness, the one that tells
    most about the paper). None for a paper without appearances."""
    matching = [a for a in paper.appearances if _matches(a, filters)] or list(paper.appearances)
    if not matching:
        return None

    def votes(a: Appearance) -> int:
        return -1 if a.votes is None else a.votes

    def day(a: Appearance) -> dt.date:
        return a.date or dt.date.min

    if sort == "date":
        return max(matching, key=lambda a: (day(a), votes(a)))
    return max(matching, key=lambda a: (votes(a), day(a)))


def _matches(appearance: Appearance, filters: Filters) -> bool:
    """The appearance-level filters, as the readers apply them."""
    if filters.start or filters.end:
        if appearance.date is None:
            return False
        if (filters.start and appearance.date < filters.start) or (
            filters.end and appearance.date > filters.end
        ):
            return False
    if filters.category and (appearance.category or "").lower() != filters.category.lower():
        return False
    if filters.format and appearance.format != filters.format:
        return False
    votes = -1 if appearance.votes is None else appearance.votes
    return filters.min_votes is None or votes >= filters.min_votes


def shown_votes(appearance: Appearance | None) -> str:
    return "" if appearance is None or appearance.votes is None else str(appearance.votes)


def shown_date(appearance: Appearance | None) -> str:
    return appearance.date.isoformat() if appearance and appearance.date else "—"


def category_names(paper: Paper) -> str:
    names = dict.fromkeys(a.category for a in paper.appearances if a.category)
    return ", ".join(names)
