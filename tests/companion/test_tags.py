"""Tags and notes: the reader's own data, which no re-index may lose."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from papercli.catalog import CATALOG_FILE
from papercli.tags import UserStore, split_tag_terms, user_store_path
from tests.helpers import as_json, run


def ids(papers: list[dict]) -> list[str]:
    return sorted(p["id"] for p in papers)


def test_tag_prints_the_papers_tags_and_accepts_any_id_form(archive: Path) -> None:
    assert run("tag", "2409.12917", "to-read", "RL").stdout == "2409.12917: tags rl, to-read\n"
    out = run("tag", "https://arxiv.org/abs/2409.12917v2", "to-read").stdout
    assert out == "2409.12917: tags rl, to-read\n"


def test_tags_live_beside_the_index_not_in_it(archive: Path, index_dir: Path) -> None:
    run("tag", "2409.12917", "to-read")
    assert user_store_path(index_dir) == index_dir.parent / "index.user.sqlite"
    assert user_store_path(index_dir).is_file()
    assert [p.name for p in index_dir.glob("*.sqlite")] == [CATALOG_FILE]  # index data only


def test_reading_never_creates_the_tag_store(archive: Path, index_dir: Path) -> None:
    run("show", "2409.12917")
    run("list", "--tag", "to-read")
    assert not user_store_path(index_dir).exists()


def test_untag(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    assert run("untag", "2409.12917", "RL").stdout == "2409.12917: tags to-read\n"
    assert run("untag", "2409.12917", "to-read").stdout == "2409.12917: tags (none)\n"


def test_untag_a_missing_tag_is_an_error_and_removes_nothing(archive: Path) -> None:
    run("tag", "2409.12917", "to-read")
    result = run("untag", "2409.12917", "to-read", "nope", code=1)
    assert result.stderr == "Error: 2409.12917 has no tag 'nope'\n"
    assert "to-read" in run("show", "2409.12917").stdout


def test_tag_unknown_paper_suggests_like_show(archive: Path) -> None:
    result = run("tag", "2409.12918", "x", code=1)
    assert result.stderr.startswith("Error: no paper '2409.12918' in the index; closest:")


@pytest.mark.parametrize("name", ["two words", "a,b", "", "-x"])
def test_bad_tag_names_are_usage_errors(archive: Path, name: str) -> None:
    result = run("tag", "2409.12917", "--", name, code=2)
    assert result.stderr.startswith("Error: a tag is one word without spaces or commas")


def test_note_set_show_replace_clear(archive: Path) -> None:
    assert run("note", "2409.12917").stdout == "2409.12917 has no note.\n"
    assert run("note", "2409.12917", "보상 설계가 핵심").stdout == "2409.12917: note saved.\n"
    assert run("note", "2409.12917").stdout == "보상 설계가 핵심\n"
    run("note", "2409.12917", "다시 읽기")
    assert run("note", "2409.12917").stdout == "다시 읽기\n"
    assert run("note", "2409.12917", "--clear").stdout == "2409.12917: note deleted.\n"
    assert run("note", "2409.12917").stdout == "2409.12917 has no note.\n"


def test_clearing_a_paper_without_a_note_says_there_was_none(archive: Path) -> None:
    assert run("note", "2409.12917", "--clear").stdout == "2409.12917: no note to clear.\n"
    run("note", "2409.12917", "메모")
    assert run("note", "2409.12917", "--clear").stdout == "2409.12917: note deleted.\n"
    assert run("note", "2409.12917", "--clear").stdout == "2409.12917: no note to clear.\n"


def test_note_usage_errors(archive: Path) -> None:
    assert run("note", "2409.12917", "  ", code=2).stderr.startswith("Error: the note is empty")
    result = run("note", "2409.12917", "x", "--clear", code=2)
    assert result.stderr == "Error: give a note or --clear, not both\n"


def test_show_and_every_json_answer_carry_tags_and_note(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    run("note", "2409.12917", "reward shaping [bold]matters[/bold]")
    out = run("show", "2409.12917").stdout
    assert "tags: rl, to-read" in out
    assert "note: reward shaping [bold]matters[/bold]" in out
    mine = {"tags": ["rl", "to-read"], "note": "reward shaping [bold]matters[/bold]"}
    nothing = {"tags": [], "note": None}
    answers = [
        [as_json("show", "2409.12917")],
        as_json("search", "self-correct"),
        as_json("list"),
        as_json("top", "--date", "2024-09-20"),
        as_json("related", "2409.12960"),
        [json.loads(line) for line in run("export", "--format", "jsonl").stdout.splitlines()],
    ]
    for papers in answers:
        assert papers
        for paper in papers:
            expected = mine if paper["id"] == "2409.12917" else nothing
            assert {k: paper[k] for k in ("tags", "note")} == expected, paper["id"]
    assert any(p["id"] == "2409.12917" for papers in answers[1:] for p in papers)


def test_list_by_tag(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    run("tag", "2409.12960", "to-read")
    assert ids(as_json("list", "--tag", "to-read")) == ["2409.12917", "2409.12960"]
    assert ids(as_json("list", "--tag", "TO-READ", "--tag", "rl")) == ["2409.12917"]
    assert as_json("list", "--tag", "nothing") == []
    assert run("list", "--tag", "nothing").stdout == "No papers match these filters.\n"
    assert ids(as_json("list", "--tag", "to-read", "--date", "2024-09-22")) == ["2409.12960"]


def test_search_tag_terms(archive: Path) -> None:
    run("tag", "2409.12917", "to-read")
    run("tag", "2409.12960", "to-read")
    assert ids(as_json("search", "tag:to-read")) == ["2409.12917", "2409.12960"]
    assert ids(as_json("search", "colorization tag:to-read")) == ["2409.12960"]
    assert as_json("search", "quantized tag:to-read") == []
    assert ids(as_json("search", "tag:to-read", "--min-votes", "50")) == ["2409.12917"]
    assert ids(as_json("search", "tag:to-read", "--author", "kumar")) == ["2409.12917"]
    assert [p["id"] for p in as_json("search", "tag:to-read", "--sort", "votes")] == [
        "2409.12917",
        "2409.12960",
    ]
    out = run("search", "tag:to-read", "--limit", "1").stdout
    assert out.startswith("1 of 2 papers for 'tag:to-read'")


def test_search_excluding_a_tag_is_refused(archive: Path) -> None:
    result = run("search", "model -tag:x", code=2)
    assert result.stderr.startswith("Error: -tag:NAME (papers without a tag) is not supported")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("banana NOT tag:fruit", "Error: NOT tag:NAME (papers without a tag) is not supported"),
        ("quokka OR tag:robot", "Error: tag:robot narrows the whole search, so it cannot"),
        ("tag:robot OR tag:fruit", "Error: tag:robot narrows the whole search, so it cannot"),
        ("(tag:robot)", "Error: tag:robot narrows the whole search, so it cannot"),
        ("model (x OR tag:y)", "Error: tag:y narrows the whole search, so it cannot"),
        ("tag:(fruit)", "Error: tag:NAME takes one tag name, not a group or a phrase"),
        ('tag:"fruit"', "Error: tag:NAME takes one tag name, not a group or a phrase"),
    ],
)
def test_a_tag_the_query_logic_would_invert_or_join_is_refused(
    archive: Path, query: str, message: str
) -> None:
    """A tag is a filter on the whole search: ``NOT``, ``OR`` or parentheses around it
    once kept only the tagged papers, or found nothing; now they say so."""
    run("tag", "2409.12917", "fruit")
    assert run("search", query, code=2).stderr.startswith(message)
    assert run("export", query, code=2).stderr.startswith(message)


def test_split_tag_terms() -> None:
    assert split_tag_terms('tag:A "self correct" tags:b x') == ('"self correct" x', ["a", "b"])
    assert split_tag_terms("hashtag:x") == ("hashtag:x", [])
    assert split_tag_terms("(a OR b) tag:x") == ("(a OR b)", ["x"])  # beside a group: fine
    assert split_tag_terms('"(a" tag:x') == ('"(a"', ["x"])  # a quoted parenthesis


def test_tags_survive_rebuild_schema_upgrade_and_removed_files(
    archive: Path, index_dir: Path
) -> None:
    run("tag", "2409.12917", "keep")
    run("note", "2409.12917", "still here")
    run("index", "--rebuild", str(archive))
    assert ids(as_json("list", "--tag", "keep")) == ["2409.12917"]

    (index_dir / "papers-meta.json").write_text('{"schema": 0}', "utf-8")
    run("index", str(archive))
    assert ids(as_json("list", "--tag", "keep")) == ["2409.12917"]

    shutil.rmtree(index_dir)
    run("index", str(archive))
    assert ids(as_json("list", "--tag", "keep")) == ["2409.12917"]

    daily = archive / "daily-papers-2024-09-20.md"
    insights = archive / "insights-2024-09-21.md"
    parked = archive.parent / "parked"
    parked.mkdir()
    shutil.move(daily, parked / daily.name)
    shutil.move(insights, parked / insights.name)
    run("index", str(archive))
    run("show", "2409.12917", code=1)
    assert as_json("list", "--tag", "keep") == []
    shutil.move(parked / daily.name, daily)
    run("index", str(archive))
    assert ids(as_json("list", "--tag", "keep")) == ["2409.12917"]
    assert run("note", "2409.12917").stdout == "still here\n"


def test_tags_of_a_removed_paper_can_still_be_cleaned_up(archive: Path) -> None:
    run("tag", "2409.13001", "gone")
    run("note", "2409.13001", "bye")
    (archive / "daily-papers-2024-09-20.md").unlink()
    run("index", str(archive))
    assert run("untag", "2409.13001", "gone").stdout == "2409.13001: tags (none)\n"
    assert run("note", "2409.13001", "--clear").stdout == "2409.13001: note deleted.\n"
    run("untag", "2409.13001", "gone", code=1)


def test_indexing_warns_once_when_a_paper_you_tagged_leaves(archive: Path) -> None:
    run("tag", "2409.13001", "gone")
    run("note", "2409.12960", "다른 파일에도 있음")  # its other digest keeps it
    (archive / "daily-papers-2024-09-20.md").unlink()
    report = as_json("index", str(archive))
    assert report["warnings"] == [
        "a paper you tagged or wrote a note on left the index (2409.13001): "
        "the tags and notes are kept, and `papers doctor` shows them"
    ]
    assert as_json("index", str(archive))["warnings"] == []
    assert as_json("index", "--rebuild", str(archive))["warnings"] == []


def test_a_rebuild_without_a_tagged_papers_digest_warns(archive: Path) -> None:
    run("tag", "2409.14100", "keep")
    (archive / "summaries" / "2024-09-22.md").unlink()
    assert run("index", "--rebuild", str(archive)).stderr.startswith(
        "Warning: a paper you tagged or wrote a note on left the index (2409.14100)"
    )


def test_a_store_from_a_newer_papers_is_refused(archive: Path, index_dir: Path) -> None:
    run("tag", "2409.12917", "x")
    with sqlite3.connect(user_store_path(index_dir)) as db:
        db.execute("PRAGMA user_version = 99")
    result = run("show", "2409.12917", code=1)
    assert "written by a newer version of papers" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_damaged_store_is_a_one_line_error(archive: Path, index_dir: Path) -> None:
    user_store_path(index_dir).write_bytes(b"not a database at all" * 100)
    result = run("tag", "2409.12917", "x", code=1)
    assert result.stderr.startswith(f"Error: the tag store {user_store_path(index_dir)}")
    assert len(result.stderr.splitlines()) == 1


def test_tag_counts_and_prefix(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    assert store.tag_counts() == {}
    store.add_tags("a", ["x", "y"])
    store.add_tags("b", ["x"])
    assert store.tag_counts() == {"x": 2, "y": 1}
    assert store.tag_counts("y") == {"y": 1}
    assert store.tagged(["x", "y"]) == {"a"}
