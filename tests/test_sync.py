"""``papers sync`` over git repositories the tests create: a bare "remote", a clone the
reader indexed, and an author's clone pushing new digests to the remote."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from papercli.engine.layout import META_FILE, SCHEMA_VERSION
from tests.helpers import as_json, run, write
from tests.robustness.helpers import daily, entry

pytestmark = [
    pytest.mark.usefixtures("read_path"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


@pytest.fixture(autouse=True)
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No system or user git configuration reaches the tests (nor papers' own git)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)
    (tmp_path / "home").mkdir()


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test Author", "-c", "user.email=author@example.com", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def digest(day: str, *papers: tuple[str, str, int]) -> str:
    return daily(day, [entry(pid, title, votes) for pid, title, votes in papers])


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare repository with one digest; the author's clone is ``tmp_path / "author"``."""
    bare = tmp_path / "remote.git"
    bare.mkdir()
    git(bare, "init", "-q", "--bare", "-b", "main")
    author = tmp_path / "author"
    git(tmp_path, "clone", "-q", str(bare), str(author))
    git(author, "checkout", "-q", "-b", "main")
    write(author / "2024-09-20.md", digest("2024-09-20", ("2409.00001", "First Paper", 10)))
    commit(author, "first digest")
    git(author, "push", "-q", "-u", "origin", "main")
    return bare


@pytest.fixture
def reader(remote: Path, tmp_path: Path) -> Path:
    """The reader's clone, indexed."""
    clone = tmp_path / "reader"
    git(tmp_path, "clone", "-q", str(remote), str(clone))
    run("index", str(clone))
    return clone


def publish(tmp_path: Path) -> None:
    """The author pushes two new digests (three papers, one of them known) and a fix."""
    author = tmp_path / "author"
    write(
        author / "2024-09-21.md",
        digest("2024-09-21", ("2409.00002", "Second Paper", 5), ("2409.00001", "First Paper", 12)),
    )
    write(author / "2024-09-22.md", digest("2024-09-22", ("2409.00003", "Third Paper", 7)))
    write(author / "2024-09-20.md", digest("2024-09-20", ("2409.00001", "First Paper", 11)))
    commit(author, "two digests and a fix")
    write(author / "README.md", "# 논문 요약 모음\n")
    commit(author, "readme")
    git(author, "push", "-q")


def test_sync_pulls_and_reports_what_is_new(reader: Path, tmp_path: Path) -> None:
    publish(tmp_path)
    result = run("sync")
    assert result.stdout == "2 new digests, 2 new papers; 1 updated, 0 removed.\n"
    assert result.stderr.splitlines()[0] == f"{reader.resolve()} (origin/main): pulled 2 commits."
    assert as_json("show", "2409.00003")["title"] == "Third Paper"
    assert [a["votes"] for a in as_json("show", "2409.00001")["appearances"]] == [11, 12]
    again = run("sync")
    assert again.stdout == "0 new digests, 0 new papers.\n"
    assert again.stderr.splitlines()[0] == f"{reader.resolve()} (origin/main): up to date."


def test_sync_json(reader: Path, tmp_path: Path) -> None:
    publish(tmp_path)
    found = json.loads(run("sync", "--json").stdout)
    assert found["repositories"] == [
        {
            "repository": str(reader.resolve()),
            "outcome": "pulled",
            "upstream": "origin/main",
            "commits": 2,
            "detail": "",
        }
    ]
    assert (found["new_digests"], found["new_papers"]) == (2, 2)
    assert (found["updated_digests"], found["removed_digests"]) == (1, 0)
    assert (found["index"]["files_read"], found["index"]["papers"]) == (4, 3)
    assert found["warnings"] == []


def test_sync_reports_removed_digests(reader: Path, tmp_path: Path) -> None:
    author = tmp_path / "author"
    (author / "2024-09-20.md").unlink()
    write(author / "2024-09-21.md", digest("2024-09-21", ("2409.00002", "Second Paper", 5)))
    commit(author, "moved on")
    git(author, "push", "-q")
    assert run("sync").stdout == "1 new digest, 1 new paper; 0 updated, 1 removed.\n"
    run("show", "2409.00001", code=1)


def test_dirty_work_tree_is_not_pulled_but_indexed(reader: Path, tmp_path: Path) -> None:
    publish(tmp_path)
    write(reader / "2024-09-20.md", digest("2024-09-20", ("2409.00001", "First Paper", 99)))
    result = run("sync")
    assert result.stderr.splitlines()[0] == (
        f"Warning: {reader.resolve()}: uncommitted changes; not pulled"
    )
    assert result.stdout == "0 new digests, 0 new papers; 1 updated, 0 removed.\n"
    assert as_json("show", "2409.00001")["appearances"][0]["votes"] == 99
    assert git(reader, "log", "--oneline").count("\n") == 1


def test_untracked_files_do_not_stop_the_pull(reader: Path, tmp_path: Path) -> None:
    publish(tmp_path)
    write(reader / "my-notes.md", digest("2024-09-23", ("2409.00009", "My Own Find", 1)))
    assert run("sync").stdout == "3 new digests, 3 new papers; 1 updated, 0 removed.\n"


def test_branch_without_upstream_is_not_pulled(tmp_path: Path) -> None:
    local = tmp_path / "local"
    local.mkdir()
    git(local, "init", "-q", "-b", "main")
    write(local / "2024-09-20.md", digest("2024-09-20", ("2409.00001", "First Paper", 10)))
    commit(local, "local only")
    run("index", str(local))
    write(local / "2024-09-21.md", digest("2024-09-21", ("2409.00002", "Second Paper", 5)))
    result = run("sync")
    assert result.stderr.splitlines()[0] == (
        f"Warning: {local.resolve()}: the branch has no upstream (or no branch is checked "
        "out); not pulled"
    )
    assert result.stdout == "1 new digest, 1 new paper.\n"


def test_diverged_history_fails_the_pull_and_goes_on(reader: Path, tmp_path: Path) -> None:
    publish(tmp_path)
    write(reader / "2024-09-25.md", digest("2024-09-25", ("2409.00005", "Reader's Own", 2)))
    commit(reader, "my own digest")
    result = run("sync")
    warning = result.stderr.splitlines()[0]
    assert warning.startswith(f"Warning: {reader.resolve()}: git pull --ff-only failed (")
    assert "fast-forward" in warning.lower()
    assert result.stdout == "1 new digest, 1 new paper.\n"


def test_roots_of_one_repository_pull_it_once(remote: Path, tmp_path: Path) -> None:
    author = tmp_path / "author"
    write(author / "2024" / "2024-09-19.md", digest("2024-09-19", ("2409.00000", "Zeroth", 3)))
    commit(author, "a folder")
    git(author, "push", "-q")
    clone = tmp_path / "reader"
    git(tmp_path, "clone", "-q", str(remote), str(clone))
    run("index", str(clone / "2024"))
    run("index", str(clone / "2024-09-20.md"))
    publish(tmp_path)
    found = json.loads(run("sync", "--json").stdout)
    assert [(r["repository"], r["outcome"]) for r in found["repositories"]] == [
        (str(clone.resolve()), "pulled")
    ]
    assert (found["new_digests"], found["updated_digests"]) == (
        0,
        1,
    )  # the new ones are not under the roots


def test_plain_folders_are_indexed_without_git(reader: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    write(plain / "2024-09-23.md", digest("2024-09-23", ("2409.00004", "Plain Paper", 1)))
    run("index", str(plain))
    write(plain / "2024-09-24.md", digest("2024-09-24", ("2409.00006", "Later Plain", 1)))
    found = json.loads(run("sync", "--json").stdout)
    assert [r["repository"] for r in found["repositories"]] == [str(reader.resolve())]
    assert (found["new_digests"], found["warnings"]) == (1, [])


def test_no_git_is_a_clear_error(reader: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = run("sync", code=1)
    assert result.stderr == (
        "Error: git is not installed (or not on PATH): `papers sync` pulls with git; "
        "`papers index` refreshes without pulling\n"
    )


def test_sync_without_an_index_is_the_missing_index_error(index_dir: Path) -> None:
    result = run("sync", code=1)
    assert result.stderr == (
        f"Error: no index at {index_dir}; run `papers index PATH` to build one\n"
    )
    assert result.stderr == run("search", "x", code=1).stderr
    assert run("sync", "--json", code=1).stderr == result.stderr
    assert run("index", code=2).stderr == (
        "Error: give at least one file or folder, e.g. `papers index digests/`\n"
    )


def test_sync_of_an_index_without_recorded_roots_says_to_index_once(
    reader: Path, index_dir: Path
) -> None:
    (index_dir / META_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")
    result = run("sync", code=2)
    assert result.stderr == (
        f"Error: the index at {index_dir} records no files or folders to sync (it was built "
        "before papers recorded them); run `papers index PATH` once, then `papers sync`\n"
    )


def test_sync_when_every_root_is_gone_is_a_usage_error(reader: Path, tmp_path: Path) -> None:
    reader.rename(tmp_path / "moved")
    result = run("sync", code=2)
    assert result.stderr == (
        "Error: none of the files and folders this index was built from exists any more "
        f"({reader.resolve()}); index them where they are now with `papers index PATH...` "
        "(or start over from there with `--rebuild`)\n"
    )
