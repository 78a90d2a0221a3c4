"""Text analysis for the index: how titles and Korean summaries become terms."""

from __future__ import annotations

from whoosh.analysis import Analyzer, StemmingAnalyzer


def text_analyzer() -> Analyzer:
    return StemmingAnalyzer(minsize=1, stoplist=None)
