"""Fixture and seed readers shared by the parser tests."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from papercli.model import Digest
from papercli.parse import parse_digest
from papercli.parse.result import StyleResult
from tests.conftest import FIXTURES, SEEDS


def fixture(style: str, name: str) -> str:
    return (FIXTURES / style / name).read_text(encoding="utf-8")


def fixture_digest(style: str, name: str, source: str | None = None) -> Digest:
    """A fixture through the dispatcher, as ``papers index`` reads it."""
    return parse_digest(fixture(style, name), source or f"fixtures/{style}/{name}")


def seed(prefix: str) -> str:
    """The real seed digest numbered ``prefix``; the test is skipped without it."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} is not present in {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def squashed(text: str) -> str:
    """``text`` without whitespace: long lines are cleaned in pieces joined by a space,
    so a huge title or summary is compared by its characters, not its spacing."""
    return "".join(text.split())


def parse_anything(style: ModuleType, text: str) -> StyleResult:
    """``style``'s detect and parse over any text: no exception, and every paper it
    finds has an id, a title and its one appearance."""
    style.detect(text)
    result = style.parse(text, "fuzz.md")
    for paper in result.papers:
        assert paper.id and paper.title and len(paper.appearances) == 1
    return result


def parse_fifty_megabytes(
    style: ModuleType, build: Callable[[int], tuple[str, int]]
) -> tuple[StyleResult, int]:
    """A 50 MB archive from ``build``, detected and parsed by ``style`` without a
    warning; with the number of parts ``build`` put in."""
    text, count = build(50)
    assert len(text.encode("utf-8")) > 49_000_000
    assert style.detect(text)
    result = style.parse(text, "big.md")
    assert result.warnings == []
    return result, count
