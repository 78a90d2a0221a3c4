"""The fixed choices papers offers, each defined once.

Each is a ``Literal`` type, which typer turns into a choice option (checked
by click, listed in ``--help``), and a tuple of its values for the library.
The CLI builds its options from this module on every start, so it imports
nothing beyond ``typing``.
"""

from typing import Literal, get_args

Style = Literal["daily_papers", "category_insights", "simple_summary", "paper_notes"]
"""Digest styles, as ``format`` in the JSON and ``--format``/``--style`` on the command line."""
SearchSort = Literal["relevance", "votes", "date"]
ListSort = Literal["date", "votes"]
ExportFormat = Literal["json", "jsonl", "csv", "bibtex", "markdown"]

STYLES: tuple[str, ...] = get_args(Style)
SORTS_SEARCH: tuple[str, ...] = get_args(SearchSort)
SORTS_LIST: tuple[str, ...] = get_args(ListSort)
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
