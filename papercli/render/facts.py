"""Facts as every view words them: counts (``plural``, ``byte_size``), a paper's title
and link, and an appearance's day, style and votes (the one a row shows is
``model.placing``).

Separate so that the lists, the search cards, ``show`` and the run reports word the
same fact the same way; the browser borrows ``appearance_meta`` too.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from papercli.model import Appearance, Paper
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


def shown_votes(appearance: Appearance | None) -> str:
    return "" if appearance is None or appearance.votes is None else str(appearance.votes)


def shown_date(appearance: Appearance | None) -> str:
    return appearance.date.isoformat() if appearance and appearance.date else "—"


def category_names(paper: Paper) -> str:
    names = dict.fromkeys(a.category for a in paper.appearances if a.category)
    return ", ".join(names)
