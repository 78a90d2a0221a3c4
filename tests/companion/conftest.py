from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_examples, run


@pytest.fixture(autouse=True)
def both_read_paths(read_path: str) -> str:
    """Every companion test runs with the catalog and again without it."""
    return read_path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The repository's example digests, indexed: 6 papers, 8 appearances."""
    folder = copy_examples(tmp_path)
    run("index", str(folder))
    return folder
