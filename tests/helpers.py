"""Running ``papers`` the way a reader does, shared by every test that needs the CLI.

``run`` invokes the real command line in process (typer's CliRunner with
``catch_exceptions=False``, so a bug surfaces as itself) and checks the exit
code exactly; no run may ever print a traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from papercli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run(*args: str, code: int | None = 0, env: dict[str, str | None] | None = None) -> Result:
    """The CLI in process; ``code=None`` accepts any exit code but never a traceback."""
    result = runner.invoke(app, list(args), catch_exceptions=False, env=env)
    if code is not None:
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def as_json(*args: str) -> Any:
    return json.loads(run(*args, "--json").stdout)


def write(path: Path, text: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def copy_examples(tmp_path: Path) -> Path:
    """The repository's example digests, copied to ``tmp_path / "digests"``."""
    folder = tmp_path / "digests"
    shutil.copytree(EXAMPLES, folder)
    return folder
