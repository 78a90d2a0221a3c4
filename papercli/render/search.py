"""Search results: the cards with highlighted snippets, ``--explain``'s ``why:`` line,
and the notices a search owes besides its hits (a correction, blocking filters, papers
found other than through their own words).

Separate because only search has snippets, explanations and corrections to word;
the browser uses ``search_notice`` for its status line and ``indirect`` in its title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.text import Text

from papercli.model import NO_FILTERS, Filters, Paper, placing
from papercli.query import clipped, echoed
from papercli.render.facts import category_names, linked_title, plural, shown_date
from papercli.render.terminal import clean, clean_keep_hits

if TYPE_CHECKING:
    from papercli.reading import Explanation, SearchResult


FILTER_OPTIONS = {
    "date": "--date/--from/--to",
    "category": "--category",
    "format": "--format",
    "min_votes": "--min-votes",
    "ids": "tag:",
    "author": "--author",
}


def search_notice(query: str, result: SearchResult) -> str | None:
    """What a search must tell besides its hits: a correction it ran instead, words
    that found nothing beside others that did, a correction that found nothing
    either, or the filters that left nothing. A query is quoted by its first
    ``ECHOED`` characters (``echoed``): a pasted page must not fill the screen."""
    if result.corrected:
        if result.unmatched == (query,):
            lead = f"No papers match {echoed(query)}"
        else:
            lead = _match_nothing(result.unmatched)
        return f"{lead}; showing {plural(result.total, 'paper')} for {echoed(result.corrected)}."
    if result.hits and result.unmatched:
        return f"{_match_nothing(result.unmatched)} here; showing papers for the other words."
    if result.hits:
        return None
    message = f"No papers match {echoed(query)}"
    if result.unfiltered:
        options = ", ".join(FILTER_OPTIONS[name] for name in result.blocking)
        message += (
            f" with {options}; {plural(result.unfiltered, 'paper')} "
            f"{'matches' if result.unfiltered == 1 else 'match'} without "
            f"{'it' if len(result.blocking) == 1 else 'them'}"
        )
    message += "."
    if result.suggestion:
        message += f" Did you mean: {clipped(result.suggestion)}?"
    return message


def indirect(result: SearchResult) -> str:
    """How many of a search's papers it found other than through their own words (the
    best matches' words, widening): ``""`` when none. Said wherever its papers are
    shown or exported, since such a paper may not hold a word the reader typed."""
    return "; ".join(
        f"{count:,} {how}"
        for count, how in (
            (result.through_feedback, "only through the best matches' words"),
            (result.widened, "widened to titles holding some of its words"),
        )
        if count
    )


NAMED = 5  # of the words that matched nothing, named; the others counted


def _match_nothing(words: tuple[str, ...]) -> str:
    """The words that matched nothing, each once, at most ``NAMED`` of them by name."""
    unique = list(dict.fromkeys(words))
    named = ", ".join(echoed(w) for w in unique[:NAMED])
    if len(unique) > NAMED:
        named += f" and {len(unique) - NAMED:,} more"
    return f"{named} {'match' if len(unique) > 1 else 'matches'} nothing"


def search_hits(
    console: Console,
    papers: Sequence[Paper],
    snippets: Sequence[str],
    *,
    title: str,
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    why: Sequence[Explanation | None] = (),
) -> None:
    """Search results as short cards: title, facts, and the matched words in context.
    The date and votes are one appearance's (``placing``); with ``why``, each card
    says which spellings matched in which fields (``--explain``).

    Printed as one group: each ``print`` call measures the console anew.
    """
    cards: list[Any] = [Text(clean(title), style="bold")]
    reasons = list(why) or [None] * len(papers)
    for number, (paper, snippet, reason) in enumerate(
        zip(papers, snippets, reasons, strict=True), 1
    ):
        shown = placing(paper, filters, sort)
        cards.append(Text())
        lead = Text(f"{number:>2}. ", style="dim")  # a long title wraps under itself
        room = console.width - len(lead)
        lines = linked_title(paper).wrap(console, room) if room >= 10 else [linked_title(paper)]
        for line in lines:
            cards.append(lead + line)
            lead = Text(" " * len(lead))
        facts = [clean(paper.id), shown_date(shown)]
        if shown and shown.votes is not None:
            facts.append(f"{shown.votes} votes")
        if category_names(paper):
            facts.append(clean(category_names(paper)))
        cards.append(Padding(Text(" · ".join(facts), style="cyan"), (0, 0, 0, 4), expand=False))
        if snippet:
            cards.append(
                Padding(snippet_text(" ".join(snippet.split())), (0, 0, 0, 4), expand=False)
            )
        if reason is not None:
            cards.append(Padding(explanation(reason), (0, 0, 0, 4), expand=False))
    console.print(Group(*cards))


def snippet_text(snippet: str) -> Text:
    """A snippet whose matched words are wrapped in HIT markers, highlighted."""
    from papercli.reading import HIT_END, HIT_START

    text = Text()
    for number, part in enumerate(re.split(f"[{HIT_START}{HIT_END}]", clean_keep_hits(snippet))):
        text.append(part, style="bold yellow" if number % 2 else None)
    return text


SPELLINGS = {
    "glossary": "glossary spelling of",
    "learned": "learned translation of",
    "other forms": "another form of",
    "without its particle": "without the particle of",
    "inside a name": "inside a name, for",
    "prefix": "a word starting as",
    "a word": "a word of",
}
"""How ``why:`` names each origin of a spelling (the JSON keeps the origin itself)."""
SHARED = 5  # of the best matches' words a paper holds, the heaviest; the JSON has all


def explanation(reason: Explanation) -> Text:
    """``why:`` what matched where, by which spelling, and what the paper lacks."""
    text = Text("why: ", style="dim")
    found = [
        f"{m.field} '{m.term}'"
        + ("" if m.origin == "typed" else f" ({SPELLINGS.get(m.origin, m.origin)} '{m.asked}')")
        for m in reason.matched
    ]
    text.append(clean("; ".join(found) or "no word of the query itself"))
    if reason.via:
        text.append(f" · via {reason.via}", style="magenta")
    if reason.missing:
        text.append(" · lacks " + clean(", ".join(repr(w) for w in reason.missing)), style="dim")
    if reason.shared:
        words = ", ".join(repr(w) for w in reason.shared[:SHARED])
        more = f" and {len(reason.shared) - SHARED} more" if len(reason.shared) > SHARED else ""
        text.append(f" · shares {clean(words)}{more} with the best matches", style="dim")
    return text
