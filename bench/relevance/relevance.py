"""Relevance benchmark: does ``papers search`` find what a bilingual reader means?

The corpus is the digests in ``corpus/`` (written for this repository) plus
the real samples in ``../shared/seeds`` when present. The queries are in
``queries.tsv``, each with its class: ``ko`` (Korean), ``en`` (English) or
``cross`` (a concept whose papers are written up in the other language).

Relevance is judged mechanically, by the rule a reader grepping would accept:
a Korean query is relevant to a paper whose text (title, summaries, 관련분야,
category) contains it once all spaces are ignored; an English query to a
paper whose Latin words contain the query's words in order, compared by
Porter stem (``models`` = ``model``). A query that is a glossary spelling is
also relevant to papers containing any other spelling of that concept,
whatever its class. Gains for nDCG@10 are 2 for a paper whose title matches
and 1 for one matching elsewhere; precision of an empty result is 1.

Both the real ``papers`` index and Whoosh's default analyzer
(``StandardAnalyzer`` over the same fields, queried with Whoosh's own
parser, words ANDed) are built over the same corpus and printed side by
side. The run fails (exit 1) when ``papers`` misses a target: recall >= 0.98
and precision >= 0.95 for Korean and English queries, recall >= 0.9 for
cross-language ones, and a title match above every summary-only match in
>= 95% of the queries that have both.

Usage: ``python bench/relevance/relevance.py [--seeds DIR | --no-seeds] [-v]``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
QUERIES = HERE / "queries.tsv"
SEEDS = HERE.parents[2] / "shared" / "seeds"
CLASSES = {"ko": "Korean", "en": "English", "cross": "cross-language"}
TARGETS = {"ko": (0.98, 0.95), "en": (0.98, 0.95), "cross": (0.9, 0.0)}
TITLE_FIRST_TARGET = 0.95

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


@dataclass(frozen=True)
class Doc:
    """A paper as the judge sees it: its title and all its searchable text."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float
    ndcg: float
    title_first: bool | None


# -- judging ---------------------------------------------------------------------


def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    word = word.lower()
    return stem(word) if word.isalpha() and len(word) > 2 else word


def _stems(text: str) -> list[str]:
    return [_stem(w) for w in _LATIN.findall(text)]


def _contains(text: str, spelling: str) -> bool:
    """Whether ``text`` contains ``spelling`` by the judging rule of its script."""
    if _HANGUL.search(spelling):
        squeeze = "".join(spelling.lower().split())
        return squeeze in "".join(text.lower().split())
    wanted = _stems(spelling)
    found = _stems(text)
    size = len(wanted)
    return bool(wanted) and any(found[i : i + size] == wanted for i in range(len(found)))


def spellings(query: str) -> list[str]:
    from papercli.glossary import load

    return [query, *load(query).synonyms(query)]


def judge(query: str, docs: Sequence[Doc]) -> tuple[set[str], set[str]]:
    """Relevant paper ids, and those among them whose title matches."""
    forms = spellings(query)
    relevant = {d.id for d in docs if any(_contains(d.text, f) for f in forms)}
    titled = {d.id for d in docs if d.id in relevant and any(_contains(d.title, f) for f in forms)}
    return relevant, titled


def score(ranked: Sequence[str], relevant: set[str], titled: set[str]) -> Score:
    found = [pid for pid in ranked if pid in relevant]
    recall = len(found) / len(relevant)
    precision = len(found) / len(ranked) if ranked else 1.0
    gains = [2 if pid in titled else 1 if pid in relevant else 0 for pid in ranked[:10]]
    ideal = sorted((2 if pid in titled else 1 for pid in relevant), reverse=True)[:10]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    title_first = None
    summary_only = relevant - titled
    if titled and summary_only:
        rank = {pid: i for i, pid in enumerate(ranked)}
        missing = len(ranked)
        worst_title = max(rank.get(pid, missing) for pid in titled)
        best_other = min(rank.get(pid, missing + 1) for pid in summary_only)
        title_first = worst_title < best_other
    return Score(recall, precision, dcg / idcg if idcg else 1.0, title_first)


# -- the two systems ---------------------------------------------------------------


def papers_system(index: Path, sources: Sequence[Path]) -> tuple[Callable[[str], list[str]], list]:
    from papercli.archive import Archive

    archive = Archive(index)
    archive.index(list(sources))
    store = archive.engine()

    def search(text: str) -> list[str]:
        return [hit.paper.id for hit in store.search(text, limit=None).hits]

    return search, list(store.all_papers())


def standard_system(index: Path, papers: Sequence) -> Callable[[str], list[str]]:
    """Whoosh's defaults: StandardAnalyzer fields, its query parser, words ANDed."""
    from whoosh import index as whoosh_index
    from whoosh import qparser
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    schema = Schema(
        paper_id=ID(stored=True, sortable=True),
        title=TEXT(field_boost=3.0),
        authors=TEXT(field_boost=1.5),
        summary=TEXT,
        category=TEXT(field_boost=1.2),
        fields=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=1.5),
    )
    index.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index), schema)
    with ix.writer() as writer:
        for paper in papers:
            for appearance in paper.appearances:
                writer.add_document(
                    paper_id=paper.id,
                    title=paper.title,
                    authors=", ".join(paper.authors),
                    summary=appearance.summary,
                    category=appearance.category or "",
                    fields=",".join(appearance.fields),
                )
    parser = qparser.MultifieldParser(
        ["title", "authors", "summary", "fields", "category"], ix.schema, group=qparser.AndGroup
    )

    def search(text: str) -> list[str]:
        with ix.searcher() as searcher:
            hits = searcher.search(parser.parse(text), limit=None, collapse="paper_id")
            return [hit["paper_id"] for hit in hits]

    return search


# -- the run -----------------------------------------------------------------------


def load_queries(path: Path = QUERIES) -> list[Query]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text = line.split("\t", 1)
            out.append(Query(kind.strip(), text.strip()))
    return out


def _docs(papers: Sequence) -> list[Doc]:
    out = []
    for paper in papers:
        parts = [paper.title]
        for appearance in paper.appearances:
            parts += [appearance.summary, appearance.category or "", " , ".join(appearance.fields)]
        out.append(Doc(paper.id, paper.title, "\n".join(parts)))
    return out


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of real digests")
    parser.add_argument("--no-seeds", action="store_true", help="only the corpus in the repo")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = parser.parse_args(argv)

    sources = [CORPUS]
    if not args.no_seeds and args.seeds.is_dir():
        sources.append(args.seeds)
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        ours, papers = papers_system(Path(tmp) / "papers", sources)
        theirs = standard_system(Path(tmp) / "standard", papers)
        docs = _docs(papers)
        systems = {"standard": theirs, "papers": ours}
        results: dict[str, dict[str, list[Score]]] = {name: {} for name in systems}
        skipped = 0
        for query in queries:
            relevant, titled = judge(query.text, docs)
            if not relevant:
                skipped += 1
                continue
            for name, search in systems.items():
                found = score(search(query.text), relevant, titled)
                results[name].setdefault(query.kind, []).append(found)
                if args.verbose:
                    print(
                        f"{name:9} {query.kind:6} {query.text:28} rel={len(relevant):3} "
                        f"R={found.recall:.2f} P={found.precision:.2f} nDCG={found.ndcg:.2f} "
                        f"title-first={found.title_first}"
                    )
    judged = len(queries) - skipped
    print(
        f"Relevance over {len(papers)} papers from {', '.join(str(s) for s in sources)}; "
        f"{judged} judged queries ({skipped} with no relevant paper skipped)"
    )
    print()
    print("| queries | n | analyzer | recall | precision | nDCG@10 |")
    print("| --- | --: | --- | --: | --: | --: |")
    failures = []
    for kind, label in CLASSES.items():
        for name in systems:
            rows = results[name].get(kind, [])
            recall = _mean([r.recall for r in rows])
            precision = _mean([r.precision for r in rows])
            ndcg = _mean([r.ndcg for r in rows])
            print(
                f"| {label} | {len(rows)} | {name} | {recall:.3f} | {precision:.3f} | {ndcg:.3f} |"
            )
            if name == "papers":
                want_recall, want_precision = TARGETS[kind]
                if not rows or recall < want_recall or precision < want_precision:
                    failures.append(
                        f"{label}: recall {recall:.3f} (target {want_recall}), "
                        f"precision {precision:.3f} (target {want_precision})"
                    )
    print()
    for name in systems:
        verdicts = [r.title_first for rows in results[name].values() for r in rows]
        both = [v for v in verdicts if v is not None]
        share = sum(both) / len(both) if both else 1.0
        print(
            f"{name}: a title match ranks above every summary-only match in "
            f"{sum(both)} of {len(both)} queries that have both ({share:.0%})"
        )
        if name == "papers" and share < TITLE_FIRST_TARGET:
            failures.append(f"title first in {share:.0%} (target {TITLE_FIRST_TARGET:.0%})")
    for failure in failures:
        print(f"BELOW TARGET: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
