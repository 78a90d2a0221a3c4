"""The tag store file: format 3, WAL, a backup before migrating an older file."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from papercli.tags import UserStore
from papercli.userdata import db as userdb
from papercli.userdata.db import UserDataError


def pragma(path: Path, name: str) -> object:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


def tables(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [row[0] for row in rows]


def test_the_fixture_is_format_1_in_rollback_mode(v1_path: Path) -> None:
    assert (pragma(v1_path, "user_version"), pragma(v1_path, "journal_mode")) == (1, "delete")


def test_a_format_1_store_is_backed_up_byte_for_byte_then_migrated(
    tmp_path: Path, v1_path: Path, v1_bytes: bytes
) -> None:
    path = v1_path
    store = UserStore(path)
    assert store.tags("2403.01001") == ("radar",)
    assert (tmp_path / "index.user.sqlite.v1.bak").read_bytes() == v1_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.user.sqlite",
        "index.user.sqlite.v1.bak",
    ]
    assert pragma(path, "user_version") == 3
    assert pragma(path, "journal_mode") == "wal"
    assert tables(path) == ["aliases", "citekeys", "notes", "parts", "tags", "titles"]
    assert store.note("2403.01001") == "라우팅 손실 확인"
    proposals = {"2403.01001": "x", "2403.01002": "y", "2403.01003": "z"}
    assert store.citation_keys(proposals) == {
        "2403.01001": "han2024sparse",
        "2403.01002": "kim2024denoising",
        "2403.01003": "robot2024",
    }
    assert [r["citation_key_pinned"] for r in store.dump()] == [None, None, None]


def test_a_second_open_neither_migrates_nor_backs_up_again(tmp_path: Path, v1_path: Path) -> None:
    path = v1_path
    UserStore(path).add_tags("2403.01001", ["again"])
    UserStore(path).add_tags("2403.01002", ["more"])
    assert sorted(p.name for p in tmp_path.glob("*.bak")) == ["index.user.sqlite.v1.bak"]


def test_an_earlier_backup_is_never_overwritten(
    tmp_path: Path, v1_path: Path, v1_bytes: bytes
) -> None:
    path = v1_path
    (tmp_path / "index.user.sqlite.v1.bak").write_bytes(b"an earlier backup")
    UserStore(path).tags("2403.01001")
    assert (tmp_path / "index.user.sqlite.v1.bak").read_bytes() == b"an earlier backup"
    assert (tmp_path / "index.user.sqlite.v1.2.bak").read_bytes() == v1_bytes


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, v1_path: Path, v1_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = v1_path
    monkeypatch.setattr(userdb, "_SCHEMA", (*userdb._SCHEMA, "CREATE TABLE broken ("))
    with pytest.raises(UserDataError, match=r"^the tag store .* cannot be used: "):
        UserStore(path).tags("2403.01001")
    assert path.read_bytes() == v1_bytes
    monkeypatch.undo()
    assert UserStore(path).tags("2403.01001") == ("radar",)
    assert pragma(path, "user_version") == 3
    assert (tmp_path / "index.user.sqlite.v1.2.bak").read_bytes() == v1_bytes


def test_a_store_from_a_newer_papers_is_refused_untouched(tmp_path: Path, v1_path: Path) -> None:
    path = v1_path
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 4")
    before = path.read_bytes()
    with pytest.raises(UserDataError, match="written by a newer version of papers .format 4."):
        UserStore(path).add_tags("2403.01001", ["x"])
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_a_new_store_is_format_3_in_wal_mode_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "u.sqlite"
    UserStore(path).add_tags("a", ["x"])
    assert (pragma(path, "user_version"), pragma(path, "journal_mode")) == (3, "wal")
    assert sorted(p.name for p in path.parent.iterdir()) == ["u.sqlite"]


def test_reading_never_creates_the_store(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    assert store.tags("a") == ()
    assert store.tags_for(["a"]) == {}
    assert store.note("a") is None
    assert store.tagged(["x"]) == set()
    assert store.tag_counts() == {}
    assert store.resolve("a") == "a"
    assert store.ids_for("a") == {"a"}
    assert list(store.dump()) == []
    assert store.orphans([]) == []
    store.move({"a": "b"})
    assert list(tmp_path.iterdir()) == []


def test_a_writer_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "u.sqlite"
    store = UserStore(path)
    store.add_tags("a", ["x"])
    done: list[tuple[str, ...]] = []
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        writer = threading.Thread(target=lambda: done.append(store.add_tags("a", ["y"])))
        writer.start()
        time.sleep(0.5)
        assert done == []
        assert store.tags("a") == ("x",)  # WAL: reading goes on meanwhile
        other.execute("COMMIT")
        writer.join(timeout=10)
    assert done == [("x", "y")]
