"""Category reports as reports (issue 13), through the CLI: a report is kept and
indexed once, its papers found through it rank after those whose own text
matches, and show, report, related and export say which report a paper comes from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from papercli.engine.reader import EngineReader
from tests.conftest import FIXTURES
from tests.helpers import as_json, run

pytestmark = pytest.mark.usefixtures("read_path")

TOOLSMITH, PLANDEX, CRITICS = "2503.00101", "2503.00102", "2503.00103"


@pytest.fixture
def digests(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    shutil.copy(FIXTURES / "insights" / "shared_reports.md", folder)
    run("index", str(folder))
    return folder


def agents_report() -> dict:
    paper = as_json("show", CRITICS)
    return paper["appearances"][0]["report"]


def test_a_paper_without_text_of_its_own_is_found_through_its_report(digests: Path) -> None:
    """전망 is only in the report's closing section, which names no paper."""
    hits = as_json("search", "전망")
    assert {h["id"]: h["via"] for h in hits} == {
        TOOLSMITH: "report",
        PLANDEX: "report",
        CRITICS: "report",
    }
    out = run("search", "전망").stdout
    assert out.count("via report: Agents, 2025-03-09") == 3


def test_own_text_ranks_above_the_report(digests: Path) -> None:
    """PlanDex's own paragraph says 계획; the report's opening section says it for all."""
    hits = as_json("search", "계획")
    assert [(h["id"], h["via"]) for h in hits] == [
        (PLANDEX, None),
        (TOOLSMITH, "report"),
        (CRITICS, "report"),
    ]
    assert hits[1]["score"] < hits[0]["score"]


def test_not_leaves_out_a_paper_whose_own_text_holds_the_word(digests: Path) -> None:
    """The report holds 전망 for all three papers; NOT leaves out the one whose own
    title holds the excluded word, as it would a paper matched on its own text."""
    assert [h["id"] for h in as_json("search", "전망 NOT hierarchical")] == [TOOLSMITH, CRITICS]
    assert [h["id"] for h in as_json("search", "전망 -critics")] == [TOOLSMITH, PLANDEX]


def test_filters_apply_to_papers_found_through_their_report(digests: Path) -> None:
    assert {h["id"] for h in as_json("search", "전망", "--category", "agents")} == {
        TOOLSMITH,
        PLANDEX,
        CRITICS,
    }
    assert as_json("search", "전망", "--category", "vision") == []
    assert as_json("search", "전망", "--from", "2025-03-10") == []


def test_explain_of_a_report_match_names_the_report_field(digests: Path) -> None:
    hit = next(h for h in as_json("search", "전망", "--explain") if h["id"] == CRITICS)
    assert hit["explain"]["via"] == "report"
    assert {(m["field"], m["term"]) for m in hit["explain"]["matched"]} == {("report", "전망")}
    assert "why: report '전망'" in run("search", "전망", "--explain").stdout


def test_show_prints_the_report_once_with_its_papers(digests: Path) -> None:
    out = run("show", CRITICS).stdout
    assert "(no text of its own: see the report below)" in out
    assert out.count("에이전트 연구는 계속 늘어날 것입니다.") == 1
    assert f"▸ {CRITICS} Quiet Critics Make Better Agents" in out
    assert f"  {TOOLSMITH} Toolsmith Agents Learn to Forge Their Own Tools" in out


def test_report_prints_a_report_and_show_accepts_its_id(digests: Path) -> None:
    report = agents_report()
    assert report["category"] == "Agents" and report["date"] == "2025-03-09"
    assert report["papers"] == [TOOLSMITH, PLANDEX, CRITICS]
    shown = as_json("report", report["id"])
    assert (shown["id"], shown["category"]) == (report["id"], "Agents")
    assert "에이전트 연구는 계속 늘어날 것입니다." in shown["text"]
    assert [p["id"] for p in shown["papers"]] == [TOOLSMITH, PLANDEX, CRITICS]
    text = run("report", report["id"]).stdout
    assert run("show", report["id"]).stdout == text
    assert "Papers in this report:" in text and "PlanDex: Hierarchical Planning" in text


def test_an_unknown_report_id_is_one_line_and_exit_1(digests: Path) -> None:
    result = run("report", "report-0000000000", code=1)
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_carries_the_report_of_each_appearance(digests: Path) -> None:
    papers = {p["id"]: p for p in json.loads(run("export", "--format", "json").stdout)}
    assert papers[CRITICS]["appearances"][0]["report"] == agents_report()
    assert papers[CRITICS]["appearances"][0]["summary"] == ""


def test_related_never_counts_the_shared_report(digests: Path) -> None:
    """The two Vision papers share their report and its order words (첫 번째 논문,
    두 번째 논문), and nothing else."""
    assert "2503.00202" not in [h["id"] for h in as_json("related", "2503.00201")]


def test_a_reports_text_is_indexed_once(digests: Path, index_dir: Path) -> None:
    reader = EngineReader(index_dir)
    with reader._searcher() as searcher:
        (doc,) = searcher.document_numbers(kind="report", report_id=agents_report()["id"])
        assert list(searcher.postings("body", "전망").all_ids()) == [doc]
