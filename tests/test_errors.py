"""Errors that tell the truth: damage on disk says so, a bug in papers says it is a bug.

The engine reaches into private parts of one Whoosh release; when that code
fails, the index is blamed only if reading its files back through Whoosh's
public API fails too (see tests/robustness/test_damaged_index.py for real
damage). A broken method is an internal error, never advice to rebuild.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from papercli import __version__
from papercli.engine import WRITTEN_FOR, check_version
from papercli.errors import EngineMismatch
from tests.helpers import as_json, copy_examples, run


def internal_error(stderr: str, kind: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"Error: internal error in papers {__version__} ({kind}: "), lines
    assert lines[0].endswith("); please report it (PAPERS_DEBUG=1 shows the traceback)")
    assert "rebuild" not in lines[0]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = copy_examples(tmp_path)
    run("index", str(folder))
    return folder


def test_a_broken_private_path_of_search_is_an_internal_error(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(*args: object, **kwargs: object) -> bytes:
        raise AttributeError("'SegmentReader' object has no attribute '_perdoc'")

    monkeypatch.setattr("papercli.engine.postings.field_lengths", lost)
    internal_error(run("search", "diffusion", code=1).stderr, "AttributeError")


def test_a_whoosh_method_gone_is_an_internal_error(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting a private method of Whoosh's matcher breaks the code, not the index."""
    monkeypatch.delattr("whoosh.codec.whoosh3.W3LeafMatcher._read_ids")
    internal_error(run("search", "diffusion", code=1).stderr, "AttributeError")


def test_a_writer_method_gone_is_an_internal_error_and_the_index_is_kept(
    archive: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = as_json("list", "--limit", "0")
    (archive / "more.md").write_text(
        "## Daily Papers (2024-09-23)\n\n### [A New Paper](https://arxiv.org/abs/2409.19999)\n\n"
        "Vote: 2\n\n- 새로운 논문입니다.\n",
        "utf-8",
    )
    with monkeypatch.context() as patched:
        patched.delattr("whoosh.codec.whoosh3.W3PostingsWriter._mini_values")
        internal_error(run("index", str(archive), code=1).stderr, "AttributeError")
        internal_error(run("index", "--rebuild", str(archive), code=1).stderr, "AttributeError")
    assert as_json("list", "--limit", "0") == before
    assert as_json("index", str(archive))["files_read"] == 1


def test_papers_debug_shows_the_traceback(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr("whoosh.codec.whoosh3.W3LeafMatcher._read_ids")
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    with pytest.raises(AttributeError):
        run("search", "diffusion", code=None)


def test_the_whoosh_release_is_checked() -> None:
    check_version(WRITTEN_FOR)
    with pytest.raises(EngineMismatch) as found:
        check_version((2, 7, 6))
    assert str(found.value) == (
        "papers needs whoosh-reloaded 2.7.5, but 2.7.6 is installed; reinstall papers "
        "(`pip install --force-reinstall papercli`) or `pip install whoosh-reloaded==2.7.5`"
    )


def test_another_whoosh_release_stops_a_search_in_one_line(archive: Path) -> None:
    code = (
        "import sys, whoosh\n"
        "whoosh.__version__ = (2, 7, 6)\n"
        "from papercli.cli import main\n"
        "sys.argv = ['papers', *sys.argv[1:]]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "search", "diffusion"],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: papers needs whoosh-reloaded 2.7.5, but 2.7.6 is installed; reinstall papers "
        "(`pip install --force-reinstall papercli`) or `pip install whoosh-reloaded==2.7.5`"
    ]
