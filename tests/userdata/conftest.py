from __future__ import annotations

import shutil
from pathlib import Path

import pytest

V1_STORE = Path(__file__).resolve().parents[1] / "fixtures/upgrade/v3/index.user.sqlite"


@pytest.fixture
def v1_bytes() -> bytes:
    """The tag store papers 1.0.0 wrote (format 1, rollback journal), as it is on disk."""
    return V1_STORE.read_bytes()


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    """A copy of that store to open (and so migrate) in a test."""
    path = tmp_path / "index.user.sqlite"
    shutil.copyfile(V1_STORE, path)
    return path
