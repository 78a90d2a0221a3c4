"""Everything the terminal sees; the only package that imports rich.

Digest text is untrusted: it reaches the screen only as ``rich.text.Text``
(never parsed as markup), with escape sequences and control characters
removed, and only http(s) URLs become clickable links.

The views live in modules by what they show (``terminal``: consoles and
cleaning; ``facts``: how a paper's facts are worded; ``lists``, ``search``,
``detail``, ``stats``, ``maintenance``); this module names them all, so that
callers write ``render.paper_table`` without knowing which one holds it. Each
imports only rich's core at load time (what the single module imported before),
tables, panels and progress bars on first use.
"""

from __future__ import annotations

from papercli.model import placing
from papercli.render.detail import paper_detail, report_panel, user_data
from papercli.render.facts import (
    FORMAT_LABELS,
    appearance_meta,
    byte_size,
    plural,
    shown_title,
)
from papercli.render.lists import oneline, paper_table
from papercli.render.maintenance import (
    doctor_report,
    expansions,
    import_report,
    index_report,
    progress,
    settings,
)
from papercli.render.search import (
    FILTER_OPTIONS,
    explanation,
    indirect,
    search_hits,
    search_notice,
    snippet_text,
)
from papercli.render.stats import stats, stats_charts
from papercli.render.terminal import (
    clean,
    clean_keep_hits,
    error,
    message,
    notice,
    paged,
    print_json,
    safe_url,
    stderr,
    stdout,
    warning,
)

__all__ = [
    "FILTER_OPTIONS",
    "FORMAT_LABELS",
    "appearance_meta",
    "byte_size",
    "clean",
    "clean_keep_hits",
    "doctor_report",
    "error",
    "expansions",
    "explanation",
    "import_report",
    "index_report",
    "indirect",
    "message",
    "notice",
    "oneline",
    "paged",
    "paper_detail",
    "paper_table",
    "placing",
    "plural",
    "print_json",
    "progress",
    "report_panel",
    "safe_url",
    "search_hits",
    "search_notice",
    "settings",
    "shown_title",
    "snippet_text",
    "stats",
    "stats_charts",
    "stderr",
    "stdout",
    "user_data",
    "warning",
]
