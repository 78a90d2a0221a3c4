"""``papers import``: an export's tags and notes back into an index, by id, else by title,
else kept under their own id; a file that is no export is refused before any write."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from papercli.tags import UserStore, user_store_path
from tests.helpers import as_json, run, write
from tests.merging import ARXIV, DL, NOTE, OTHER, write_daily, write_insights
from tests.robustness.helpers import daily_archive, one_error_line

pytestmark = pytest.mark.usefixtures("read_path")


def reader_data() -> dict[str, tuple[list[str], str | None]]:
    """Every paper with tags or a note, as an export shows them."""
    papers = as_json("list", "--limit", "0")
    return {p["id"]: (p["tags"], p["note"]) for p in papers if p["tags"] or p["note"]}


def start_over(index: Path) -> None:
    shutil.rmtree(index)
    for path in index.parent.glob(user_store_path(index).name + "*"):
        path.unlink()


def test_round_trip_into_a_fresh_index(tmp_path: Path, index_dir: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 4)
    write_insights(folder)
    write_daily(folder)
    run("index", str(folder))
    run("tag", "2401.00000", "to-read", "rl")
    run("tag", "2401.00007", "to-read")
    run("note", "2401.00007", "두 번째 메모")
    run("tag", DL, "radar")
    run("note", OTHER, NOTE)
    kept = reader_data()
    assert set(kept) == {"2401.00000", "2401.00007", ARXIV, OTHER}
    exported = tmp_path / "mine.jsonl"
    run("export", "--format", "jsonl", "-o", str(exported))

    start_over(index_dir)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    for number, path in enumerate(sorted(folder.iterdir(), reverse=True)):
        shutil.copyfile(path, moved / f"{number}-{path.name}")
    run("index", str(moved))
    assert reader_data() == {}
    result = run("import", str(exported))
    assert result.stdout == f"{exported}: restored 4, merged 0, unmatched 0.\n"
    assert result.stderr == ""
    assert reader_data() == kept
    again = run("import", str(exported), "--json")
    assert json.loads(again.stdout) == {"restored": 0, "merged": 4, "unmatched": 0}
    assert reader_data() == kept


def test_a_paper_whose_id_changed_is_found_by_its_title(tmp_path: Path, index_dir: Path) -> None:
    """Exported while only its insights report (a deeplearn id) was indexed; imported
    into an index that has it from a Daily Papers digest (its arXiv id)."""
    run("index", str(write_insights(tmp_path / "insights").parent))
    run("tag", DL, "radar")
    run("note", DL, NOTE)
    exported = tmp_path / "mine.jsonl"
    run("export", "--format", "jsonl", "-o", str(exported))
    start_over(index_dir)
    run("index", str(write_daily(tmp_path / "daily").parent))
    assert (
        run("import", str(exported)).stdout == f"{exported}: restored 1, merged 0, unmatched 0.\n"
    )
    assert reader_data() == {ARXIV: (["radar"], NOTE)}
    assert run("tag", DL, "more").stdout == f"{ARXIV}: tags more, radar\n"


def test_data_no_paper_matches_is_kept_under_its_own_id(tmp_path: Path, index_dir: Path) -> None:
    insights = write_insights(tmp_path / "insights")
    run("index", str(insights.parent))
    run("note", OTHER, NOTE)
    exported = tmp_path / "mine.json"
    run("export", "--format", "json", "-o", str(exported))
    start_over(index_dir)
    run("index", str(write_daily(tmp_path / "daily").parent))
    result = run("import", str(exported))
    assert result.stdout == f"{exported}: restored 0, merged 0, unmatched 1.\n"
    assert result.stderr == (
        "1 paper matched none in the index by id or title: their tags and notes are kept "
        "under their own ids (`papers doctor` lists them).\n"
    )
    assert UserStore.beside(index_dir).note(OTHER) == NOTE
    run("index", str(insights.parent))
    assert reader_data()[OTHER] == ([], NOTE)


def test_records_with_times_and_a_citation_key_are_restored_whole(
    tmp_path: Path, index_dir: Path
) -> None:
    run("index", str(write_daily(tmp_path / "daily").parent))
    line = {
        "id": ARXIV,
        "title": "whatever",
        "tags": [{"name": "Radar", "added": "2024-01-02T00:00:00+00:00"}, "rl"],
        "note": NOTE,
        "citation_key": "kim2024sparse",
    }
    source = write(tmp_path / "records.jsonl", json.dumps(line, ensure_ascii=False) + "\n\n")
    run("import", str(source))
    (record,) = UserStore.beside(index_dir).dump()
    assert (record["tags"][0], record["note"], record["citation_key"]) == (
        {"name": "radar", "added": "2024-01-02T00:00:00+00:00"},
        NOTE,
        "kim2024sparse",
    )
    assert run("export", "--format", "bibtex").stdout.startswith("@misc{kim2024sparse,\n")


BAD = {
    "not JSON": ("{oops\n", "line 1: Expecting property name enclosed in double quotes"),
    "not a paper": ('{"id": "2411.99901", "tags": ["a"]}\n[1]\n', "line 2: not a paper object"),
    "no id": ('{"tags": ["a"]}\n', "line 1: a paper without an id"),
    "bad tags": ('[{"id": "2411.99901", "tags": "radar"}]', "paper 1: tags are not a list"),
    "not a list": ('{"id": "2411.99901"', "Expecting ',' delimiter"),
    "bad note": ('{"id": "2411.99901", "note": 5}\n', "line 1: note is not text"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_file_that_is_no_export_is_one_line_and_exit_2(
    case: str, tmp_path: Path, index_dir: Path
) -> None:
    run("index", str(write_daily(tmp_path / "daily").parent))
    text, problem = BAD[case]
    source = write(tmp_path / "bad.jsonl", text)
    line = one_error_line(run("import", str(source), code=2))
    assert line.startswith(f"Error: {source} is not a papers export: ")
    assert problem in line
    assert not user_store_path(index_dir).exists()


def test_a_missing_or_binary_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run("index", str(write_daily(tmp_path / "daily").parent))
    missing = tmp_path / "nope.jsonl"
    line = one_error_line(run("import", str(missing), code=2))
    assert line == f"Error: cannot read {missing}: No such file or directory"
    binary = write(tmp_path / "x.jsonl", b"\xff\xfe\x00garbage")
    line = one_error_line(run("import", str(binary), code=2))
    assert line == f"Error: {binary} is not a papers export: not UTF-8 text"


def test_a_bad_tag_name_stops_the_import_before_any_write(tmp_path: Path, index_dir: Path) -> None:
    run("index", str(write_daily(tmp_path / "daily").parent))
    good = {"id": ARXIV, "tags": ["fine"]}
    bad = {"id": "2411.99902", "tags": ["two words"]}
    source = write(tmp_path / "x.jsonl", f"{json.dumps(good)}\n{json.dumps(bad)}\n")
    assert "a tag is one word" in one_error_line(run("import", str(source), code=2))
    assert reader_data() == {}


def test_papers_without_tags_or_notes_bring_nothing(tmp_path: Path, index_dir: Path) -> None:
    run("index", str(write_daily(tmp_path / "daily").parent))
    lines = [json.dumps({"id": ARXIV, "tags": [], "note": None, "title": "x"})]
    lines.append(json.dumps({"id": "2411.00001", "tags": [], "note": "  "}))
    source = write(tmp_path / "x.jsonl", "\n".join(lines))
    assert run("import", str(source)).stdout == f"{source}: restored 0, merged 0, unmatched 0.\n"
    assert list(UserStore.beside(index_dir).dump()) == []
