from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = REPO / "examples"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own index and config, so nothing reads or touches the user's
    (their config.toml, their glossary.tsv in the user config directory)."""
    path = tmp_path / "index"
    monkeypatch.setenv("PAPERS_INDEX", str(path))
    monkeypatch.setenv("PAPERS_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    monkeypatch.delenv("PAPERS_GLOSSARY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("PAPERS_DEBUG", raising=False)
    return path


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(params=["catalog", "index"])
def read_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """CLI tests that use this run twice: lookups answered from the catalog, then with
    the catalog switched off, so both read paths must give the same answers."""
    if request.param == "index":
        monkeypatch.setattr("papercli.catalog.open_fresh", lambda path: None)
    return str(request.param)
