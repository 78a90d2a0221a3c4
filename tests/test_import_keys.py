"""Pinned citation keys travel with an export and come back on import, without ever
replacing a key a paper has pinned already; a key BibTeX cannot read is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.export import export
from papercli.model import Entry, Paper
from papercli.tags import UserStore, user_store_path
from papercli.userdata.exported import read_export
from tests.helpers import as_json, run, write
from tests.robustness.helpers import one_error_line

PID = "2503.00101"
TITLE = "Velvet Gradients for Sparse Experts"


def daily(folder: Path, authors: str) -> Path:
    return write(
        folder / "2025-03-10.md",
        f"## Daily Papers (2025-03-10)\n\n### [{TITLE}](https://arxiv.org/abs/{PID})\n\n"
        f"Vote: 7\n\nAuthors: {authors}\n\n- 희소 전문가의 기울기를 다듬습니다.\n",
    )


def bibtex_key() -> str:
    first = run("export", "--format", "bibtex").stdout.splitlines()[0]
    return first.removeprefix("@misc{").removesuffix(",")


def lose_the_store(index: Path) -> None:
    for path in index.parent.glob(user_store_path(index).name + "*"):
        path.unlink()


def test_json_exports_carry_the_pinned_key_and_import_reads_it(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    store.citation_keys({PID: "jiwoo2025velvet"})
    store.move({PID: "2503.00102"})
    paper = Paper(id=PID, title=TITLE)
    keys = store.pinned_keys([PID, "2503.00999"])
    assert keys == {PID: "jiwoo2025velvet"}
    line = "".join(export("jsonl", [Entry(paper)], keys))
    assert json.loads(line)["citation_key"] == "jiwoo2025velvet"
    array = json.loads(
        "".join(export("json", [Entry(paper), Entry(Paper(id="x", title="t"))], keys))
    )
    assert [p["citation_key"] for p in array] == ["jiwoo2025velvet", None]
    source = write(tmp_path / "mine.jsonl", line)
    (record,) = read_export(source, "2025-04-01T00:00:00+00:00").records
    assert (record["citation_key"], record["citation_key_pinned"]) == ("jiwoo2025velvet", None)


def test_a_pinned_key_survives_export_and_import_after_the_authors_change(
    tmp_path: Path, index_dir: Path
) -> None:
    folder = tmp_path / "digests"
    daily(folder, "Jiwoo Han, Mina Lee")
    run("index", str(folder))
    assert bibtex_key() == "han2025velvet"
    daily(folder, "Sora Park, Jiwoo Han")
    run("index", str(folder))
    mine = tmp_path / "mine.jsonl"
    run("export", "--format", "jsonl", "-o", str(mine))
    assert json.loads(mine.read_text("utf-8"))["citation_key"] == "han2025velvet"
    lose_the_store(index_dir)
    assert run("import", str(mine)).stdout == f"{mine}: restored 1, merged 0, unmatched 0.\n"
    assert bibtex_key() == "han2025velvet"


def test_import_never_replaces_a_pinned_key(tmp_path: Path, index_dir: Path) -> None:
    folder = tmp_path / "digests"
    daily(folder, "Jiwoo Han, Mina Lee")
    run("index", str(folder))
    assert bibtex_key() == "han2025velvet"
    (pinned,) = UserStore.beside(index_dir).dump()
    line = {"id": PID, "title": TITLE, "tags": ["mine"], "citation_key": "other2020key"}
    source = write(tmp_path / "records.jsonl", json.dumps(line) + "\n")
    assert run("import", str(source)).stdout == f"{source}: restored 0, merged 1, unmatched 0.\n"
    (record,) = UserStore.beside(index_dir).dump()
    assert (record["citation_key"], record["citation_key_pinned"]) == (
        "han2025velvet",
        pinned["citation_key_pinned"],
    )
    assert bibtex_key() == "han2025velvet"
    assert as_json("show", PID)["tags"] == ["mine"]


def test_an_imported_key_without_a_pin_time_is_pinned_at_the_import(
    tmp_path: Path, index_dir: Path
) -> None:
    run("index", str(daily(tmp_path / "digests", "Jiwoo Han").parent))
    line = {"id": PID, "citation_key": "kept2025velvet"}
    run("import", str(write(tmp_path / "records.jsonl", json.dumps(line) + "\n")))
    (record,) = UserStore.beside(index_dir).dump()
    assert record["citation_key"] == "kept2025velvet"
    assert record["citation_key_pinned"] is not None


@pytest.mark.parametrize("key", ["my key with spaces", "a,b", "x{y}", "", "%c", "ké"])
def test_a_key_bibtex_cannot_read_stops_the_import_before_any_write(
    tmp_path: Path, index_dir: Path, key: str
) -> None:
    run("index", str(daily(tmp_path / "digests", "Jiwoo Han").parent))
    good = {"id": "2503.00999", "note": "먼저 온 메모"}
    bad = {"id": PID, "citation_key": key}
    source = write(tmp_path / "bad.jsonl", f"{json.dumps(good)}\n{json.dumps(bad)}\n")
    line = one_error_line(run("import", str(source), code=2))
    assert line == (
        f"Error: {source} is not a papers export: line 2: citation_key is not a BibTeX key: {key!r}"
    )
    assert not user_store_path(index_dir).exists()
