"""bench/browse.py: its keystrokes are what a reader types, and ``papers browse``, run
as a real process under a pseudo-terminal, draws its screen and quits on ``q``."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from papercli.browse.backend import normalise
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_browse", REPO / "bench" / "browse.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_keystrokes_are_prefixes_without_space_only_changes() -> None:
    typed = bench.keystrokes()
    asked = [normalise(t) for t in typed]
    assert all(a != b for a, b in zip(asked, asked[1:], strict=False))
    assert {normalise(q) for q in bench.QUERIES} <= set(asked)
    assert typed[:3] == ["t", "tr", "tra"]
    assert "강화학" in typed
    assert "강화학습 " not in typed


@pytest.mark.slow
def test_papers_browse_draws_and_quits_under_a_terminal(browse_index: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    painted, listed, status = bench.first_paint(browse_index, env)
    assert 0 < painted <= listed < 30
    assert status == 0
