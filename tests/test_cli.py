"""The commands as a reader runs them, over the example digests in the repo."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from papercli.render import byte_size
from tests.conftest import EXAMPLES
from tests.helpers import as_json, run

pytestmark = pytest.mark.usefixtures("read_path")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    shutil.copytree(EXAMPLES, folder)
    run("index", str(folder))
    return folder


def test_index_reports_files_papers_and_appearances(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    shutil.copytree(EXAMPLES, folder)
    result = run("index", str(folder))
    size = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file())
    assert result.stderr.strip().splitlines()[-1] == (
        "Indexed: 3 files read, 0 unchanged, 0 failed, 0 removed; 6 papers, 8 appearances; "
        f"index {byte_size(size)}."
    )
    assert result.stdout == ""


def test_second_run_parses_nothing(archive: Path) -> None:
    report = as_json("index", str(archive))
    assert report["files_read"] == 0
    assert report["unchanged"] == 3
    assert (report["papers"], report["appearances"]) == (6, 8)


def test_changed_file_replaces_its_entries(archive: Path) -> None:
    daily = archive / "daily-papers-2024-09-20.md"
    daily.write_text(daily.read_text("utf-8").replace("Vote: 52", "Vote: 60"), "utf-8")
    report = as_json("index", str(archive))
    assert (report["files_read"], report["unchanged"]) == (1, 2)
    assert (report["papers"], report["appearances"]) == (6, 8)
    paper = as_json("show", "2409.12917")
    assert [a["votes"] for a in paper["appearances"] if a["format"] == "daily_papers"] == [60]


def test_deleted_file_drops_its_entries(archive: Path) -> None:
    (archive / "summaries" / "2024-09-22.md").unlink()
    report = as_json("index", str(archive))
    assert report["removed"] == 1
    assert (report["papers"], report["appearances"]) == (5, 6)
    run("show", "2409.14100", code=1)


def test_rebuild_starts_over(archive: Path) -> None:
    report = as_json("index", "--rebuild", str(archive))
    assert (report["files_read"], report["papers"], report["appearances"]) == (3, 6, 8)


def test_rebuild_without_paths_rereads_recorded_files(archive: Path) -> None:
    report = as_json("index", "--rebuild")
    assert (report["files_read"], report["appearances"]) == (3, 8)


def test_index_date_option_overrides(tmp_path: Path) -> None:
    digest = tmp_path / "undated.md"
    shutil.copy(EXAMPLES / "summaries" / "2024-09-22.md", digest)
    run("index", str(digest), "--date", "2024-09-17")
    paper = as_json("show", "2409.14100")
    assert paper["appearances"][0]["date"] == "2024-09-17"


@pytest.mark.parametrize(
    ("rebuild", "day"),
    [
        ([], "2024-09-17"),
        (["PATH"], "2024-09-17"),
        (["PATH", "--date", "2024-09-18"], "2024-09-18"),
    ],
)
def test_a_rebuild_keeps_the_date_a_file_was_given(
    tmp_path: Path, rebuild: list[str], day: str
) -> None:
    """--rebuild reads every file again, but a --date given before still holds (a new
    one replaces it); the file alone would say 2024-09-22."""
    digest = tmp_path / "undated.md"
    shutil.copy(EXAMPLES / "summaries" / "2024-09-22.md", digest)
    run("index", str(digest), "--date", "2024-09-17")
    args = [str(digest) if a == "PATH" else a for a in rebuild]
    assert as_json("index", "--rebuild", *args)["files_read"] == 1
    assert as_json("show", "2409.14100")["appearances"][0]["date"] == day
    run("index", str(digest))
    assert as_json("show", "2409.14100")["appearances"][0]["date"] == day


def test_show_json_merges_appearances_across_styles(archive: Path) -> None:
    paper = as_json("show", "2409.12917")
    assert paper["title"] == "Training Language Models to Self-Correct via Reinforcement Learning"
    assert paper["url"] == "https://arxiv.org/abs/2409.12917"
    assert paper["pdf_url"] == "https://arxiv.org/pdf/2409.12917"
    assert len(paper["authors"]) == 4
    formats = [(a["date"], a["format"], a["votes"], a["category"]) for a in paper["appearances"]]
    assert formats == [
        ("2024-09-20", "daily_papers", 52, None),
        ("2024-09-21", "category_insights", None, "LLM"),
    ]
    assert set(paper) == {
        "id",
        "title",
        "title_source",
        "authors",
        "url",
        "pdf_url",
        "appearances",
        "tags",
        "note",
    }
    assert set(paper["appearances"][0]) == {
        "date",
        "format",
        "source",
        "votes",
        "category",
        "fields",
        "summary",
        "media",
        "report",
    }
    assert paper["appearances"][0]["report"] is None


@pytest.mark.parametrize(
    "ref",
    ["https://arxiv.org/abs/2409.12917v2", "arXiv:2409.12917", "2409.12917v1", "deeplearn-551234"],
)
def test_show_accepts_urls_and_id_forms(archive: Path, ref: str) -> None:
    assert as_json("show", ref)["id"] == "2409.12917"


def test_show_text_lists_every_appearance(archive: Path) -> None:
    out = run("show", "2409.12960").stdout
    assert "LVCD: Reference-based Lineart Video Colorization" in out
    assert "2024-09-20 · Daily Papers · votes 13" in out
    assert "2024-09-22 · Summary · votes 4" in out
    assert "관련분야: 비디오 생성, 확산 모델, 애니메이션" in out


def test_show_unknown_id_suggests_closest(archive: Path) -> None:
    result = run("show", "2409.12918", code=1)
    assert result.stderr.startswith("Error: no paper '2409.12918' in the index; closest: 2409.129")
    assert len(result.stderr.strip().splitlines()) == 1


def test_top_orders_by_votes(archive: Path) -> None:
    papers = as_json("top", "--date", "2024-09-20")
    assert [p["id"] for p in papers] == ["2409.12917", "2409.12960", "2409.13001"]


@pytest.mark.parametrize("spec", ["Sep 20 2024", "2024/09/20", "2024-09"])
def test_top_reads_any_date_form(archive: Path, spec: str) -> None:
    assert as_json("top", "--date", spec, "--limit", "1")[0]["id"] == "2409.12917"


def test_top_without_date_uses_latest_digest(archive: Path) -> None:
    assert [p["id"] for p in as_json("top")] == ["2409.14100", "2409.12960"]


def test_top_empty_day_names_nearest_dates(archive: Path) -> None:
    out = run("top", "--date", "2024-09-25").stdout
    assert out.strip() == "No digest of 2024-09-25. Nearest dates with digests: 2024-09-22."


@pytest.mark.parametrize("spec", ["2024-13-45", "fooday"])
def test_bad_date_is_a_usage_error(archive: Path, spec: str) -> None:
    result = run("top", "--date", spec, code=2)
    assert result.stderr.strip() == (
        f"Error: cannot read '{spec}' as a date "
        "(try 2024-02-06, 2024-02, today, 2024년 2월 6일 or 지난주)"
    )


def test_list_filters_and_limits(archive: Path) -> None:
    assert len(as_json("list", "--limit", "0")) == 6
    assert len(as_json("list", "--limit", "2")) == 2
    simple = as_json("list", "--format", "simple_summary")
    assert sorted(p["id"] for p in simple) == ["2409.12960", "2409.14100"]
    llm = as_json("list", "--category", "llm")
    assert sorted(p["id"] for p in llm) == ["2409.12917", "2409.14001"]
    newest = as_json("list", "--from", "2024-09-21")
    assert newest[0]["id"] in {"2409.14100", "2409.12960"}


def test_list_table(archive: Path) -> None:
    out = run("list", "--date", "2024-09-20").stdout
    assert "Training Language Models to Self-Correct" in out
    assert "Speech Tokenizers" not in out


def test_stats_json(archive: Path, index_dir: Path) -> None:
    stats = as_json("stats")
    assert stats.pop("size") == sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file())
    assert stats == {
        "index": str(index_dir),
        "papers": 6,
        "appearances": 8,
        "files": 3,
        "formats": {
            "daily_papers": 3,
            "category_insights": 3,
            "simple_summary": 2,
            "paper_notes": 0,
        },
        "first_date": "2024-09-20",
        "last_date": "2024-09-22",
        "months": {"2024-09": 6},
        "days": {"2024-09-20": 3, "2024-09-21": 3, "2024-09-22": 2},
        "categories": {"LLM": 2, "Computer Vision": 1},
        "fields": {
            "대형 언어 모델": 1,
            "비디오 생성": 1,
            "애니메이션": 1,
            "오디오 코덱": 1,
            "음성 처리": 1,
            "확산 모델": 1,
        },
        "authors": {
            "Aviral Kumar": 1,
            "Daniel Ortiz": 1,
            "Doina Precup": 1,
            "Jing Liao": 1,
            "Minji Park": 1,
            "Mohan Zhang": 1,
            "Rishabh Agarwal": 1,
            "Vincent Zhuang": 1,
            "Zhitong Huang": 1,
        },
        "votes": {
            "0": 0,
            "1-4": 0,
            "5-9": 2,
            "10-19": 1,
            "20-49": 0,
            "50-99": 1,
            "100-199": 0,
            "200+": 0,
            "no votes": 2,
        },
        "tags": {},
    }


def test_stats_text_names_location(archive: Path) -> None:
    out = run("stats").stdout
    assert "PAPERS_INDEX environment variable" in out


HIGHLIGHT = re.compile("\x1b\\[1;33m(.*?)\x1b\\[0m")


def highlighted(*args: str, config: Path) -> list[str]:
    """The words a search marks, in a run with colour forced on."""
    config.write_text('colour = "always"\n', "utf-8")
    out = run(*args, env={"NO_COLOR": None}).stdout
    return HIGHLIGHT.findall(out)


def test_search_finds_title_and_highlights(archive: Path, index_dir: Path) -> None:
    hits = as_json("search", "colorization")
    assert [h["id"] for h in hits] == ["2409.12960"]
    assert hits[0]["score"] > 0
    assert "LVCD" in run("search", "colorization").stdout
    marked = highlighted("search", "colorization", config=index_dir.parent / "config.toml")
    assert marked == ["채색", "채색"]  # the glossary's Korean spelling, where it stands


def test_search_filters(archive: Path) -> None:
    assert as_json("search", "model", "--min-votes", "50")[0]["id"] == "2409.12917"
    assert as_json("search", "model", "--from", "2024-09-22", "--to", "2024-09-22") != []
    assert as_json("search", "Kumar", "--author", "Kumar")[0]["id"] == "2409.12917"


@pytest.mark.parametrize("command", ["list", "search", "export"])
def test_author_means_words_of_one_name_everywhere(archive: Path, command: str) -> None:
    def found(author: str) -> list[str]:
        if command == "export":
            papers = json.loads(run("export", "--format", "json", "--author", author).stdout)
        else:
            papers = as_json(
                command, *(["model"] if command == "search" else []), "--author", author
            )
        return [p["id"] for p in papers]

    assert found("kumar AVIRAL") == ["2409.12917"]
    assert found("kum") == []


def test_search_no_match_says_so(archive: Path) -> None:
    assert run("search", "zzzyyyxxx").stdout.startswith("No papers match 'zzzyyyxxx'.")


def test_empty_query_is_a_usage_error(archive: Path) -> None:
    result = run("search", "  ", code=2)
    assert result.stderr.startswith("Error: the query is empty")


@pytest.mark.parametrize("query", ["title:(", '"unbalanced quote', "((( model", "model AND"])
def test_invalid_syntax_searches_as_words(archive: Path, query: str) -> None:
    run("search", query)


def test_missing_index_tells_user_to_index(index_dir: Path) -> None:
    for command in (["search", "x"], ["top"], ["show", "2409.12917"], ["list"], ["stats"]):
        result = run(*command, code=1)
        assert result.stderr.strip() == (
            f"Error: no index at {index_dir}; run `papers index PATH` to build one"
        )


def test_an_index_path_that_is_a_file_says_so(tmp_path: Path, index_dir: Path) -> None:
    index_dir.write_text("not an index", encoding="utf-8")
    said = f"Error: {index_dir} is a file, not an index folder; choose a folder with --index DIR"
    for command in (["search", "x"], ["stats"], ["index", str(tmp_path)]):
        assert run(*command, code=1).stderr.strip() == said, command
    assert index_dir.read_text(encoding="utf-8") == "not an index"


def test_missing_path_is_a_usage_error(tmp_path: Path, index_dir: Path) -> None:
    result = run("index", str(tmp_path / "nope"), code=2)
    assert result.stderr.strip() == f"Error: no such file or directory: {tmp_path / 'nope'}"
    assert not index_dir.exists()  # nothing left behind: later commands say "no index"


def test_bad_sort_is_a_usage_error(archive: Path) -> None:
    error = run("list", "--sort", "size", code=2).stderr.splitlines()[-1]
    assert error == "Error: Invalid value for '--sort': 'size' is not one of 'date', 'votes'."


def test_binary_file_is_skipped_and_rest_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    shutil.copytree(EXAMPLES, folder)
    (folder / "scan.md").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe" * 50)
    result = run("index", str(folder))
    assert f"Warning: {folder / 'scan.md'}: not a text file" in result.stderr
    assert "3 files read, 0 unchanged, 1 failed" in result.stderr


def test_unrecognised_file_is_skipped_with_warning(tmp_path: Path) -> None:
    note = tmp_path / "shopping.md"
    note.write_text("# Groceries\n\n- milk\n- eggs\n", "utf-8")
    result = run("index", str(note))
    assert f"Warning: {note}: not in any digest style; skipped" in result.stderr


def test_query_on_old_schema_rebuilds_from_recorded_files(archive: Path, index_dir: Path) -> None:
    (index_dir / "papers-meta.json").write_text('{"schema": 0}', "utf-8")
    result = run("top", "--date", "2024-09-20", "--json")
    assert result.stderr.strip() == "the index was written by another version of papers; rebuilt it"
    assert len(json.loads(result.stdout)) == 3


def test_rebuild_with_a_path_keeps_only_that_path(archive: Path) -> None:
    report = as_json("index", "--rebuild", str(archive / "summaries"))
    assert (report["files_read"], report["papers"], report["appearances"]) == (1, 2, 2)


def test_old_schema_is_rebuilt_with_notice(archive: Path, index_dir: Path) -> None:
    (index_dir / "papers-meta.json").write_text('{"schema": 0}', "utf-8")
    result = run("index", str(archive))
    assert "rebuilt" in result.stderr
    assert as_json("stats")["appearances"] == 8


def test_json_is_alone_on_stdout(archive: Path) -> None:
    for command in (["search", "model"], ["top"], ["list"], ["show", "2409.12960"], ["stats"]):
        json.loads(run(*command, "--json").stdout)


def test_markup_in_digest_text_is_literal(tmp_path: Path) -> None:
    digest = tmp_path / "2024-01-05.md"
    digest.write_text(
        "## Daily Papers (2024-01-05)\n\n"
        "### [Bold [bold red]claims[/bold red] about \x1b[31mcolour](https://arxiv.org/abs/2401.00001)\n\n"
        "Vote: 3\n\n- 요약 [link=file:///etc/passwd]여기[/link]\n",
        "utf-8",
    )
    run("index", str(digest))
    out = run("show", "2401.00001").stdout
    assert "[bold red]claims[/bold red]" in out
    assert "\x1b" not in out
    assert "[link=file:///etc/passwd]" in out


def test_top_table_shows_the_votes_and_date_of_that_day(archive: Path) -> None:
    rows = [line.split() for line in run("top", "--date", "2024-09-22").stdout.splitlines()]
    rows = [row for row in rows if row and row[0].isdigit()]
    assert [row[:4] for row in rows] == [
        ["1", "9", "2024-09-22", "2409.14100"],
        ["2", "4", "2024-09-22", "2409.12960"],
    ]


def test_the_read_path_under_test_is_the_one_named(archive: Path, read_path: str) -> None:
    from papercli.archive import Archive
    from papercli.location import resolve_location

    reader = Archive(resolve_location(None).path).reader()
    expected = "_Fallback" if read_path == "catalog" else "EngineReader"
    assert type(reader).__name__ == expected


@pytest.mark.parametrize("ref", ["", "  ", "2409.12917 2409.12960"])
def test_a_paper_reference_is_one_id(archive: Path, ref: str) -> None:
    error = run("show", ref, code=2).stderr.splitlines()[-1]
    assert error == f"Error: Invalid value for 'paper': give one paper id, not {ref!r}"
