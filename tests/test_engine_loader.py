"""Whoosh loads without the modules it never uses, and nothing it uses is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

UNUSED = ["asyncio", "cached_property", "http.client", "ssl", "urllib.request"]
PROBE = """
import json, sys
from papercli.cli import main
sys.argv = ["papers", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m in {unused} or m == "whoosh.lang.morph_en")
print(json.dumps(loaded))
"""


def probe(*args: str, index: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(unused=set(UNUSED)), *args],
        env={**os.environ, "PAPERS_INDEX": str(index)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_index_and_search_leave_out_whooshs_unused_imports(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert probe("index", str(EXAMPLES), index=index) == []
    assert probe("search", "diffusion", index=index) == []
    assert probe("search", '"language model" -video', index=index) == []


def test_the_stand_ins_do_what_whoosh_needs() -> None:
    code = """
import sys
import papercli.engine.loader
import urllib.request
from whoosh import compat, reading
from whoosh.query import terms
assert sys.modules["urllib.request"] is urllib.request and hasattr(urllib.request, "urlopen")
assert "cached_property" not in sys.modules and "whoosh.lang.morph_en" not in sys.modules
assert compat.urlretrieve("file://" + sys.argv[1])[0] == sys.argv[1]
assert "models" in terms.variations("model")
assert "whoosh.lang.morph_en" in sys.modules
print(type(reading.SegmentReader.__dict__["deleted_docs_set"]).__module__)
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).resolve())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "functools"
