from __future__ import annotations

from pathlib import Path

import pytest

from papercli.archive import Archive
from papercli.engine.reader import EngineReader

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="package")
def store(tmp_path_factory: pytest.TempPathFactory) -> EngineReader:
    """The search corpus indexed once: 12 papers, one of them in two digests."""
    found = EngineReader(tmp_path_factory.mktemp("search") / "index")
    Archive(found.path).index([CORPUS])
    return found


@pytest.fixture(autouse=True)
def no_user_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reader's own glossary file would change results; point at an empty one (a
    missing file the reader named is warned about)."""
    path = tmp_path / "glossary.tsv"
    path.write_text("", "utf-8")
    monkeypatch.setenv("PAPERS_GLOSSARY", str(path))
    return path
