"""A read-only index folder with a tag store in it: every read answers with the reader's
tags and note, and every write to the store is refused in one line, changing nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from papercli.tags import user_store_path
from tests.robustness.helpers import as_json, daily_archive, one_error_line, run, unprivileged

PID = "2401.00001"


@pytest.fixture
def read_only(open_tmp: Path) -> Path:
    """An index whose folder (the tag store's too) and store nobody may write; as
    ``nobody`` when the tests run as root. The index folder itself stays as it is:
    only the store's folder matters to SQLite."""
    folder = daily_archive(open_tmp / "digests", 2)
    home = open_tmp / "home"
    home.mkdir()
    index = home / "index"
    run("index", str(folder), "--index", str(index))
    run("tag", PID, "to-read", "--index", str(index))
    run("note", PID, "다시 읽을 부분", "--index", str(index))
    for path in (home, *home.rglob("*")):
        path.chmod(0o777 if path.is_dir() else 0o666)
    return index


def writes_nothing(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}


def test_a_read_only_store_answers_every_read(read_only: Path) -> None:
    index, home, store = str(read_only), read_only.parent, user_store_path(read_only)
    store.chmod(0o444)
    home.chmod(0o555)
    try:
        with unprivileged():
            if os.access(home, os.W_OK, effective_ids=True):
                pytest.skip("permissions are not enforced here")
            before = writes_nothing(home)
            shown = as_json("show", PID, "--index", index)
            assert (shown["tags"], shown["note"]) == (["to-read"], "다시 읽을 부분")
            listed = as_json("list", "--tag", "to-read", "--index", index)
            assert [p["id"] for p in listed] == [PID]
            assert run("note", PID, "--index", index).stdout == "다시 읽을 부분\n"
            exported = run("export", "--format", "jsonl", "--index", index).stdout
            assert [json.loads(line)["tags"] for line in exported.splitlines()].count(
                ["to-read"]
            ) == 1
            assert as_json("stats", "--index", index)["tags"] == {"to-read": 1}
            assert [p["tags"] for p in as_json("search", "sparse", "--index", index)].count(
                ["to-read"]
            ) == 1
            assert [
                p["tags"] for p in as_json("top", "--date", "2024-01-01", "--index", index)
            ].count(["to-read"]) == 1
            run("doctor", "--index", index)
            bibtex = run("export", "--format", "bibtex", "--index", index)
            everything = as_json("list", "--limit", "0", "--index", index)
            assert bibtex.stdout.count("@misc{") == len(everything) > 1
            assert bibtex.stderr == (
                "Warning: the tag store is read-only, so the citation keys of papers exported "
                "for the first time are not pinned: a later export may give them other keys\n"
            )
            assert writes_nothing(home) == before
    finally:
        home.chmod(0o777)
        store.chmod(0o666)


def test_a_write_to_a_read_only_store_is_one_line_and_changes_nothing(read_only: Path) -> None:
    index, home, store = str(read_only), read_only.parent, user_store_path(read_only)
    store.chmod(0o444)
    home.chmod(0o555)
    try:
        with unprivileged():
            if os.access(home, os.W_OK, effective_ids=True):
                pytest.skip("permissions are not enforced here")
            before = writes_nothing(home)
            for args in (
                ("tag", PID, "later"),
                ("untag", PID, "to-read"),
                ("note", PID, "새 메모"),
            ):
                line = one_error_line(run(*args, "--index", index, code=1))
                assert line == (
                    f"Error: cannot write the tag store {store}: it or its folder is read-only; "
                    "make them writable or choose another folder with --index DIR"
                )
            assert writes_nothing(home) == before
    finally:
        home.chmod(0o777)
        store.chmod(0o666)
    assert as_json("show", PID, "--index", index)["tags"] == ["to-read"]
