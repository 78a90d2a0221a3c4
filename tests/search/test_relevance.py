"""The relevance benchmark (bench/relevance) runs in CI and fails below its targets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "relevance" / "relevance.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_relevance", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_relevance_meets_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code = load().main([])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "| Korean |" in out.out
    assert "BELOW TARGET" not in out.err


def test_judging_rule() -> None:
    relevance = load()
    docs = [
        relevance.Doc("a", "Diffusion Models", "Diffusion Models\n잡음을 없애는 모델"),
        relevance.Doc("b", "Other", "Other\n강화 학습을 씁니다"),
        relevance.Doc("c", "확산", "확산\n내용"),
    ]
    assert relevance.judge("강화학습", docs) == ({"b"}, set())
    assert relevance.judge("diffusion", docs) == ({"a", "c"}, {"a", "c"})
    assert relevance.judge("models", docs)[0] == {"a"}
    score = relevance.score(["c", "b", "a"], {"a", "c"}, {"a"})
    assert (score.recall, round(score.precision, 2), score.title_first) == (1.0, 0.67, False)
