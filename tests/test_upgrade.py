"""An index folder and tag store written by papers 1.0.0 (tests/fixtures/upgrade/v3).

The README promises that an index written by an older papers opens, or is
rebuilt from the files it recorded with a one-line notice, and that the
reader's tags, notes and citation keys survive either way.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from papercli.engine.layout import SCHEMA_VERSION, schema_version
from tests.conftest import FIXTURES
from tests.helpers import as_json, run

FIXTURE = FIXTURES / "upgrade" / "v3"
RECORDED = Path("/tmp/papers-upgrade-v3")  # where papers 1.0.0 read the digests from


@pytest.fixture
def old_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the old index and tag store, with its digests back where it read them."""
    shutil.rmtree(RECORDED, ignore_errors=True)
    shutil.copytree(FIXTURE / "digests", RECORDED / "digests")
    index = tmp_path / "old" / "index"
    shutil.copytree(FIXTURE / "index", index)
    shutil.copy(FIXTURE / "index.user.sqlite", index.parent / "index.user.sqlite")
    monkeypatch.setenv("PAPERS_INDEX", str(index))
    yield index
    shutil.rmtree(RECORDED, ignore_errors=True)


def test_the_old_index_answers_every_command(old_index: Path) -> None:
    assert schema_version(old_index) == 3
    result = run("search", "라우팅", "--json")
    ids = [p["id"] for p in json.loads(result.stdout)]
    assert ids == ["2403.01001"]
    if SCHEMA_VERSION > 3:
        assert result.stderr.strip() == (
            "the index was written by another version of papers; rebuilt it"
        )
        assert schema_version(old_index) == SCHEMA_VERSION
    merged = as_json("show", "2403.01002")
    formats = [a["format"] for a in merged["appearances"]]
    assert formats == ["daily_papers", "simple_summary"]  # the undated appearance last
    assert [p["id"] for p in as_json("list")] == ["2403.01001", "2403.01002", "2403.01003"]


def test_the_readers_data_survives(old_index: Path) -> None:
    assert [p["id"] for p in as_json("list", "--tag", "radar")] == ["2403.01001"]
    assert run("note", "2403.01001").stdout.strip() == "라우팅 손실 확인"
    bibtex = run("export", "--format", "bibtex", "--tag", "radar").stdout
    assert bibtex.startswith("@misc{han2024sparse,")


def test_a_rebuild_keeps_the_papers_of_the_recorded_files(old_index: Path) -> None:
    report = as_json("index", "--rebuild")
    assert (report["files_read"], report["papers"], report["appearances"]) == (2, 3, 4)
    assert [p["id"] for p in as_json("list", "--tag", "radar")] == ["2403.01001"]
