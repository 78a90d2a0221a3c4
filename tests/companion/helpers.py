"""Running ``papers`` the way a reader does, for the companion tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from papercli.cli import app
from tests.conftest import EXAMPLES

HERE = Path(__file__).resolve().parent
TRICKY = HERE / "tricky.md"
runner = CliRunner()


def run(*args: str, code: int = 0, env: dict[str, str] | None = None) -> Any:
    result = runner.invoke(app, list(args), catch_exceptions=False, env=env)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def as_json(*args: str) -> Any:
    return json.loads(run(*args, "--json").stdout)


def copy_examples(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    shutil.copytree(EXAMPLES, folder)
    return folder
