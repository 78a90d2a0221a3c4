"""Tag names are one spelling whatever the keyboard gave (decomposed Hangul, full-width
letters), on every write and lookup, and a store an older papers wrote is migrated once."""

from __future__ import annotations

import sqlite3
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest

from papercli.errors import UsageError
from papercli.tags import UserStore, tag_name, user_store_path
from tests.helpers import as_json, run

NFC = "읽기"
NFD = unicodedata.normalize("NFD", NFC)
WIDE = "ＲＬ"  # full-width letters, as some Korean input methods type them

# The tables of format 2, as the previous release created them.
FORMAT_2 = (
    "CREATE TABLE tags (paper_id TEXT NOT NULL, name TEXT NOT NULL, added TEXT NOT NULL,"
    " PRIMARY KEY (paper_id, name))",
    "CREATE INDEX tags_by_name ON tags (name)",
    "CREATE TABLE notes (paper_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated TEXT NOT NULL)",
    "CREATE TABLE citekeys (paper_id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, pinned TEXT)",
    "CREATE TABLE titles (paper_id TEXT PRIMARY KEY, title TEXT NOT NULL)",
    "CREATE TABLE aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL, moved TEXT NOT NULL)",
    "CREATE INDEX aliases_by_new ON aliases (new_id)",
    "PRAGMA journal_mode = WAL",
    "PRAGMA user_version = 2",
)


def test_the_forms_differ_as_bytes() -> None:
    assert (NFD != NFC, len(NFD), len(NFC)) == (True, 5, 2)


def test_a_tag_is_one_name_in_any_unicode_form(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    assert store.add_tags("a", [NFD, WIDE]) == ("rl", NFC)
    assert store.add_tags("a", [NFC, "rl"]) == ("rl", NFC)
    assert store.tag_counts() == {"rl": 1, NFC: 1}
    assert store.tag_counts(unicodedata.normalize("NFD", "읽")) == {NFC: 1}
    assert store.tagged([NFD]) == store.tagged([NFC]) == store.tagged(["ｒｌ"]) == {"a"}
    assert store.remove_tags("a", [NFC, "Rl"]) == ()
    assert tag_name(WIDE) == "rl"


def test_untag_and_lookups_accept_what_tag_was_given(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-01-01.md").write_text(
        "## Daily Papers (2024-01-01)\n\n### [Quiet Ferns for Small Models]"
        "(https://arxiv.org/abs/2401.00042)\n\nVote: 3\n\n- 작은 모델을 위한 방법입니다.\n",
        "utf-8",
    )
    index = str(tmp_path / "index")
    run("index", str(folder), "--index", index)
    assert run("tag", "2401.00042", NFD, "--index", index).stdout == f"2401.00042: tags {NFC}\n"
    assert [p["id"] for p in as_json("list", "--tag", NFC, "--index", index)] == ["2401.00042"]
    assert [p["id"] for p in as_json("search", f"tag:{NFC}", "--index", index)] == ["2401.00042"]
    assert as_json("stats", "--index", index)["tags"] == {NFC: 1}
    result = run("untag", "2401.00042", NFC, "--index", index)
    assert result.stdout == "2401.00042: tags (none)\n"
    refused = run("tag", "2401.00042", "later", "a*", "--index", index, code=2)
    assert refused.stderr == (
        'Error: a tag cannot hold any of " ( ) : * ? nor be AND, OR or NOT, '
        "which a search reads as its own syntax: 'a*'\n"
    )
    assert as_json("show", "2401.00042", "--index", index)["tags"] == []


def old_store(path: Path, tags: list[tuple[str, str, str]]) -> None:
    """A format 2 store holding ``tags`` as an older papers stored them (not folded)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        for statement in FORMAT_2:
            db.execute(statement)
        db.executemany("INSERT INTO tags (paper_id, name, added) VALUES (?, ?, ?)", tags)


def test_a_store_of_the_old_form_is_migrated_once_merging_equal_names(tmp_path: Path) -> None:
    path = user_store_path(tmp_path / "index")
    old_store(
        path,
        [
            ("a", "ｒｌ", "2024-03-01T00:00:00+00:00"),
            ("a", "rl", "2024-05-01T00:00:00+00:00"),
            ("b", "ｒｌ", "2024-04-01T00:00:00+00:00"),
            ("b", NFD, "2024-04-02T00:00:00+00:00"),
            ("c", NFC, "2024-04-03T00:00:00+00:00"),
            ("c", "plain", "2024-04-04T00:00:00+00:00"),
        ],
    )
    before = path.read_bytes()
    store = UserStore(path)
    assert [(r["id"], r["tags"]) for r in store.dump()] == [
        ("a", [{"name": "rl", "added": "2024-03-01T00:00:00+00:00"}]),
        (
            "b",
            [
                {"name": "rl", "added": "2024-04-01T00:00:00+00:00"},
                {"name": NFC, "added": "2024-04-02T00:00:00+00:00"},
            ],
        ),
        (
            "c",
            [
                {"name": "plain", "added": "2024-04-04T00:00:00+00:00"},
                {"name": NFC, "added": "2024-04-03T00:00:00+00:00"},
            ],
        ),
    ]
    assert (tmp_path / "index.user.sqlite.v2.bak").read_bytes() == before
    assert store.tag_counts() == {"rl": 2, NFC: 2, "plain": 1}
    assert store.tagged([WIDE]) == {"a", "b"}
    assert store.remove_tags("b", [WIDE, NFD]) == ()
    UserStore(path).tags("a")
    assert sorted(p.name for p in tmp_path.glob("*.bak")) == ["index.user.sqlite.v2.bak"]


@pytest.mark.parametrize("name", ['"q"', "(p)", "tag:x", "*", "a*", "OR", "and", "Not", "why?"])
def test_a_tag_a_search_could_not_find_is_refused(tmp_path: Path, name: str) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    with pytest.raises(UsageError) as caught:
        store.add_tags("a", ["fine", name])
    assert str(caught.value) == (
        'a tag cannot hold any of " ( ) : * ? nor be AND, OR or NOT, '
        f"which a search reads as its own syntax: {name!r}"
    )
    assert not (tmp_path / "u.sqlite").exists()


def test_a_tag_stored_before_the_stricter_names_can_still_be_found_and_removed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "u.sqlite"
    old_store(
        path, [("a", "a*", "2024-01-01T00:00:00+00:00"), ("a", "or", "2024-01-01T00:00:00+00:00")]
    )
    store = UserStore(path)
    assert store.tagged(["a*"]) == {"a"}
    assert store.remove_tags("a", ["A*", "OR"]) == ()


def test_a_read_only_store_of_the_old_form_reads_as_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not ours to migrate, an older store is migrated in a copy in memory: its tags read
    folded (``ｒｌ``, NFD ``읽기``), and the file is left as it was."""
    path = user_store_path(tmp_path / "index")
    old_store(
        path,
        [
            ("a", "ｒｌ", "2024-03-01T00:00:00+00:00"),
            ("b", NFD, "2024-04-02T00:00:00+00:00"),
            ("c", NFC, "2024-04-03T00:00:00+00:00"),
        ],
    )
    before = path.read_bytes()
    monkeypatch.setattr("papercli.userdata.db._may_write", lambda path: False)
    store = UserStore(path)
    assert store.tagged([NFC]) == {"b", "c"}
    assert store.tagged(["rl"]) == {"a"}
    assert store.tag_counts() == {NFC: 2, "rl": 1}
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
