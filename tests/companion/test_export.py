"""``papers export``: every format, every filter, and formats other tools must read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest

from papercli.engine.reader import EngineReader
from papercli.export import bib_title, citation_key, latex, summary_line
from papercli.model import Appearance, Paper
from tests.helpers import as_json, run, write

TRICKY = Path(__file__).resolve().parent / "tricky.md"


def export(*args: str) -> str:
    return run("export", *args).stdout


def bib_entries(text: str) -> dict:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {e.key: e for e in library.entries}


def test_jsonl_round_trip_equals_the_index(archive: Path, index_dir: Path) -> None:
    run("tag", "2409.12917", "to-read")
    lines = export("--format", "jsonl").splitlines()
    exported = {p.id: p for p in (Paper.from_dict(json.loads(line)) for line in lines)}
    indexed = {p.id: p for p in EngineReader(index_dir).all_papers()}
    assert len(lines) == 6
    assert exported == indexed
    first = json.loads(lines[[json.loads(x)["id"] for x in lines].index("2409.12917")])
    assert (first["tags"], first["note"]) == (["to-read"], None)


def test_json_is_an_array_with_tags_and_notes(archive: Path) -> None:
    run("note", "2409.12960", "색칠")
    papers = json.loads(export())
    assert len(papers) == 6
    lvcd = next(p for p in papers if p["id"] == "2409.12960")
    assert lvcd["note"] == "색칠" and lvcd["tags"] == [] and lvcd["citation_key"] is None
    keys = {"id", "title", "title_source", "authors", "url", "pdf_url", "appearances"}
    assert set(lvcd) == keys | {"tags", "note", "citation_key"}
    assert export("--tag", "nothing") == "[]\n"


def test_bibtex_is_read_by_bibtexparser(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    run("note", "2409.12917", "50% better & {sic}")
    entries = bib_entries(export("--format", "bibtex"))
    assert len(entries) == 6
    kumar = entries["kumar2024training"]
    assert kumar.entry_type == "misc"
    fields = {f.key: f.value for f in kumar.fields}
    assert fields == {
        "title": "Training Language Models to Self-Correct via Reinforcement Learning",
        "author": "Aviral Kumar and Vincent Zhuang and Rishabh Agarwal and Doina Precup",
        "year": "2024",
        "eprint": "2409.12917",
        "archivePrefix": "arXiv",
        "url": "https://arxiv.org/abs/2409.12917",
        "keywords": "rl, to-read",
        "annote": r"50\% better \& \textbraceleft{}sic\textbraceright{}",
    }
    local = next(e for e in entries.values() if "Diffusion Distillation" in e["title"])
    assert "eprint" not in local.fields_dict
    assert local["year"] == "2024"


def test_bibtex_escapes_every_special_character(tmp_path: Path) -> None:
    run("index", str(TRICKY))
    run("tag", "2401.00001", "x&y")
    run("note", "2401.00001", r"see {appendix} \cite{x} % not a comment")
    text = export("--format", "bibtex")
    entries = bib_entries(text)
    assert set(entries) == {"muller2024cost", "lovelace2024sum"}
    cost = entries["muller2024cost"]
    assert cost["title"] == (
        r"Cost \textbraceleft{}Bounds\textbraceright{} for 100\% of $O(n^2)$ "
        r"Queries \& \#Tags\_with\textasciitilde{}Tilde \textbackslash{}LaTeX @home"
    )
    assert cost["author"] == "Jean-Luc Müller and {Tom and Jerry Lab} and Łukasz Kaiser and 김민지"
    for entry in entries.values():
        for field in entry.fields:
            assert field.value.count("{") == field.value.count("}")


def test_latex_escaping_is_one_pass() -> None:
    assert latex("a\\b{c}") == r"a\textbackslash{}b\textbraceleft{}c\textbraceright{}"
    assert latex("  two\n lines ") == "two lines"


MARKUP_DIGEST = """## Daily Papers (2024-03-04)

### [Fold$\\times$Spread: Sums of $\\sigma$-Fields in $O(n^{2})$ Steps](https://arxiv.org/abs/2403.00011)

Vote: 4

Authors: Hana Seo

- **What's New**: 수식이 들어간 제목입니다.

### [$\\textbf{Only-Once}$: \\textbf{Bold} & \\emph{Keen} Tests_of Things](https://arxiv.org/abs/2403.00012)

Vote: 2

Authors: Jun Park

- **What's New**: 굵은 글씨가 들어간 제목입니다.

### [Let's <think> about $5 Budgets in $\\times$ Space](https://arxiv.org/abs/2403.00013)

Vote: 1

Authors: Mina Lee

- **What's New**: 짝이 맞지 않는 달러 기호입니다.
"""


def test_bibtex_titles_keep_their_latex(tmp_path: Path) -> None:
    run("index", str(write(tmp_path / "markup.md", MARKUP_DIGEST)))
    text = export("--format", "bibtex")
    entries = bib_entries(text)
    titles = {entry["eprint"]: entry["title"] for entry in entries.values()}
    assert titles == {
        "2403.00011": r"Fold$\times$Spread: Sums of $\sigma$-Fields in $O(n^{2})$ Steps",
        "2403.00012": r"$\textbf{Only-Once}$: \textbf{Bold} \& \emph{Keen} Tests\_of Things",
        "2403.00013": r"Let's <think> about \$5 Budgets in \$\textbackslash{}times\$ Space",
    }
    stored = {p["id"]: p["title"] for p in json.loads(export())}
    assert titles["2403.00011"] == stored["2403.00011"]
    assert "  title         = {Fold$\\times$Spread: Sums of" in text


@pytest.mark.parametrize(
    ("title", "bib"),
    [
        (r"LLM$\times$MapReduce", r"LLM$\times$MapReduce"),
        (r"M$^{2}$UGen", r"M$^{2}$UGen"),
        (r"\textbf{Only-IF}: Data_Sets", r"\textbf{Only-IF}: Data\_Sets"),
        (r"\textit{A & B} 100%", r"\textit{A \& B} 100\%"),
        (r"Costs \$5 & $\ours$", r"Costs \$5 \& \$\textbackslash{}ours\$"),
        (r"$a % b$ vs $\pi$", r"\$a \% b\$ vs $\pi$"),
        (r"$\textasciitilde$ or $$x$$", r"\$\textbackslash{}textasciitilde\$ or \$\$x\$\$"),
        (r"$x$ then $ alone", r"\$x\$ then \$ alone"),
        (
            r"$\{x$ } and {",
            r"\$\textbackslash{}\textbraceleft{}x\$ \textbraceright{} and \textbraceleft{}",
        ),
        (r"$x}{y$ ok", r"\$x\textbraceright{}\textbraceleft{}y\$ ok"),
        (
            r"\LaTeX \textbf{nested {b}}",
            r"\textbackslash{}LaTeX \textbackslash{}textbf\textbraceleft{}nested "
            r"\textbraceleft{}b\textbraceright{}\textbraceright{}",
        ),
        ("Let's <think>\n about it", "Let's <think> about it"),
    ],
)
def test_bib_title_keeps_only_markup_it_reads(title: str, bib: str) -> None:
    assert bib_title(title) == bib
    assert bib.count("{") == bib.count("}")


def test_citation_keys_are_pinned(archive: Path) -> None:
    first = set(bib_entries(export("--format", "bibtex")))
    assert "kumar2024training" in first
    daily = archive / "daily-papers-2024-09-20.md"
    text = daily.read_text("utf-8").replace("Authors: Aviral Kumar, ", "Authors: ")
    daily.write_text(text, "utf-8")
    run("index", str(archive))
    assert set(bib_entries(export("--format", "bibtex"))) == first


def test_citation_key_collisions_get_letters(tmp_path: Path) -> None:
    from papercli.tags import UserStore

    store = UserStore(tmp_path / "u.sqlite")
    keys = store.citation_keys({"2401.1": "lee2024deep", "2401.2": "lee2024deep"})
    assert keys == {"2401.1": "lee2024deep", "2401.2": "lee2024deepa"}
    more = store.citation_keys({"2401.3": "lee2024deep", "2401.1": "other"})
    assert more == {"2401.3": "lee2024deepb", "2401.1": "lee2024deep"}


@pytest.mark.parametrize(
    ("paper", "key"),
    [
        (Paper("2409.12917", "The Art of Self-Correction", ("Aviral Kumar",)), "kumar2024art"),
        (Paper("2402.01831", "Ünïcode: Naïve Tests", ("José Müller",)), "muller2024unicode"),
        (Paper("cs/9912001", "Old Style", ("A B",)), "b1999old"),
        (Paper("2411.08868", "CamemBERT 2.0", ()), "camembert2024"),
        (Paper("title-abc", "한국어 제목", ("김민지",)), "papertitleabc"),
    ],
)
def test_citation_key_proposals(paper: Paper, key: str) -> None:
    assert citation_key(paper) == key


def test_csv_with_and_without_bom(archive: Path, tmp_path: Path) -> None:
    run("tag", "2409.12917", "to-read")
    target = tmp_path / "papers.csv"
    result = run("export", "--format", "csv", "--bom", "-o", str(target))
    assert result.stdout == ""
    assert result.stderr == f"Exported 6 papers to {target}.\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,title,authors,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 6
    kumar = next(r for r in rows if r["id"] == "2409.12917")
    assert kumar["authors"] == "Aviral Kumar; Vincent Zhuang; Rishabh Agarwal; Doina Precup"
    assert (kumar["votes"], kumar["appearances"], kumar["tags"]) == ("52", "2", "to-read")
    assert kumar["formats"] == "daily_papers; category_insights"
    assert kumar["summary"].startswith("언어 모델이 외부 피드백 없이")
    assert not export("--format", "csv").startswith("\ufeff")
    assert run("export", "--format", "csv", "--bom").stdout.startswith("\ufeffid,")


def test_csv_defuses_formulas(tmp_path: Path) -> None:
    run("index", str(TRICKY))
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["2401.00002"] == "'= SUM(A1:A9) Spreadsheet Formulas in Titles"


def test_markdown_reading_list(archive: Path) -> None:
    """Each item's date and votes are one appearance's: the most voted digest's day."""
    run("tag", "2409.12917", "to-read")
    run("note", "2409.12917", "꼭 읽기")
    text = export("--format", "markdown", "--sort", "votes", "--limit", "2")
    assert text == (
        "# Reading list\n\n"
        "- [Training Language Models to Self-Correct via Reinforcement Learning]"
        "(https://arxiv.org/abs/2409.12917) · `2409.12917` · 2024-09-20 · 52 votes · #to-read\\\n"
        "  언어 모델이 외부 피드백 없이 스스로 답을 고치도록 강화학습으로 훈련하는 방법을 "
        "제안합니다.\n\n"
        "  > 꼭 읽기\n\n"
        "- [LVCD: Reference-based Lineart Video Colorization with Diffusion Models]"
        "(https://arxiv.org/abs/2409.12960) · `2409.12960` · 2024-09-20 · 13 votes\\\n"
        "  참조 프레임을 바탕으로 선화 애니메이션 영상을 채색하는 비디오 확산 모델 "
        "프레임워크입니다.\n"
    )


def test_markdown_shows_a_digest_within_the_dates_asked(archive: Path) -> None:
    text = export("--format", "markdown", "--from", "2024-09-22", "colorization")
    assert "`2409.12960` · 2024-09-22 · 4 votes" in text


def test_markdown_escapes_title_syntax(tmp_path: Path) -> None:
    run("index", str(TRICKY))
    text = export("--format", "markdown")
    assert r"Cost {Bounds} for 100% of \$O(n^2)\$ Queries & \#Tags\_with\~Tilde \\LaTeX" in text


def test_summary_line_skips_labels_bullets_and_headers() -> None:
    def paper(*summaries: tuple[str, str]) -> Paper:
        return Paper(
            "1", "t", appearances=tuple(Appearance(None, f, "s", summary=s) for f, s in summaries)
        )

    report = ("category_insights", "요약 보고서:\n\n1. 주요 주제:\n- 주제 하나")
    own = ("daily_papers", "**What's New**: 새 방법.\nTechnical Details: x")
    assert summary_line(paper(report)) == "주제 하나"
    assert summary_line(paper(report, own)) == "새 방법."
    assert summary_line(paper(("simple_summary", "요약: **굵게** 시작"))) == "**굵게** 시작"
    assert summary_line(paper(("simple_summary", "**요약:** 본문"))) == "본문"
    assert summary_line(paper(("simple_summary", "가" * 400))) == "가" * 299 + "…"


def test_filters_and_query(archive: Path) -> None:
    def exported(*args: str) -> list[str]:
        return sorted(p["id"] for p in json.loads(export(*args)))

    run("tag", "2409.12960", "video")
    assert exported("colorization") == ["2409.12960"]
    assert exported("tag:video") == ["2409.12960"]
    assert exported("--tag", "video", "--tag", "nothing") == []
    assert exported("--date", "2024-09-20") == ["2409.12917", "2409.12960", "2409.13001"]
    assert exported("--from", "2024-09-22") == ["2409.12960", "2409.14100"]
    assert exported("--category", "llm") == ["2409.12917", "2409.14001"]
    assert exported("--style", "simple_summary") == ["2409.12960", "2409.14100"]
    assert exported("colorization", "--style", "simple_summary") == ["2409.12960"]
    assert exported("colorization", "--style", "category_insights") == []
    assert exported("--author", "jing liao") == ["2409.12960"]
    assert exported("model", "--author", "Kumar") == ["2409.12917"]
    assert exported("--min-votes", "13") == ["2409.12917", "2409.12960"]
    assert len(exported("--limit", "2")) == 2
    by_votes = [p["id"] for p in json.loads(export("--sort", "votes", "-n", "3"))]
    assert by_votes == ["2409.12917", "2409.12960", "2409.14100"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "xml"],
            "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'json', 'jsonl', "
            "'csv', 'bibtex', 'markdown'.",
        ),
        (["--bom"], "Error: --bom is only for --format csv"),
        (
            ["--style", "blog"],
            "Error: Invalid value for '--style': 'blog' is not one of 'daily_papers', "
            "'category_insights', 'simple_summary', 'paper_notes'.",
        ),
        (
            ["--sort", "relevance"],
            "Error: --sort relevance needs a QUERY; without one use date or votes",
        ),
        (["--date", "fooday"], "Error: cannot read 'fooday' as a date"),
    ],
)
def test_usage_errors(archive: Path, args: list[str], message: str) -> None:
    """The error is the last line; a choice the option does not offer also shows the usage."""
    assert run("export", *args, code=2).stderr.rstrip("\n").splitlines()[-1].startswith(message)


def test_unwritable_output_is_a_usage_error(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.json"
    assert run("export", "-o", str(target), code=2).stderr.startswith(
        f"Error: cannot write {target}"
    )


def test_export_needs_an_index(index_dir: Path) -> None:
    assert run("export", code=1).stderr.startswith(f"Error: no index at {index_dir}")


def test_show_json_and_export_agree(archive: Path) -> None:
    shown = as_json("show", "2409.12960")
    exported = next(p for p in json.loads(export()) if p["id"] == "2409.12960")
    assert exported == {**shown, "citation_key": None}


def test_markdown_says_one_vote(tmp_path: Path) -> None:
    digest = tmp_path / "d" / "one.md"
    digest.parent.mkdir()
    digest.write_text(
        "## Daily Papers (2025-06-09)\n\n### [Lone Vote](https://arxiv.org/abs/2506.00701)\n"
        "Vote: 1\n\n- 한 표.\n",
        encoding="utf-8",
    )
    run("index", str(digest.parent))
    assert "`2506.00701` · 2025-06-09 · 1 vote\\\n" in export("--format", "markdown")
