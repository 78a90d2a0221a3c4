"""``papers related`` and the search command's did-you-mean, through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import run
from tests.search.conftest import CORPUS


def test_related_json_and_table() -> None:
    run("index", str(CORPUS))
    found = json.loads(run("related", "2501.00004", "--json", "--limit", "3").stdout)
    assert [p["id"] for p in found][0] == "2501.00005"
    assert len(found) <= 3
    assert all(p["score"] > 0 and "appearances" in p for p in found)
    out = run("related", "2501.00004").stdout
    assert "Papers like 2501.00004" in out
    assert "Four-Bit Weights for Laptops" in out


def test_related_unknown_paper_exits_1() -> None:
    run("index", str(CORPUS))
    result = run("related", "2501.99999", code=1)
    assert result.stderr.startswith("Error: no paper '2501.99999' in the index")


def test_search_runs_the_correction_and_says_so() -> None:
    run("index", str(CORPUS))
    out = run("search", "halucination").stdout.splitlines()
    assert out[0] == "No papers match 'halucination'; showing 1 paper for 'hallucination'."
    assert out[1] == "1 of 1 paper for 'hallucination'"
    result = run("search", "halucination", "--json")
    assert result.stderr.strip() == out[0]
    assert [p["id"] for p in json.loads(result.stdout)] == ["2501.00012"]
    exported = run("export", "halucination")
    assert exported.stderr == out[0] + "\n"  # an export owns up to the correction too
    assert [p["id"] for p in json.loads(exported.stdout)] == ["2501.00012"]


def test_search_names_the_filter_that_left_nothing() -> None:
    run("index", str(CORPUS))
    out = run("search", "토크나이저", "--category", "robotics").stdout.strip()
    assert out == ("No papers match '토크나이저' with --category; 1 paper matches without it.")


def test_search_highlights_korean_in_the_terminal(index_dir: Path) -> None:
    run("index", str(CORPUS))
    out = run("search", "양자화").stdout
    assert "2 of 2 papers for '양자화'" in out
    assert "4비트 양자화로" in out
    (index_dir.parent / "config.toml").write_text('colour = "always"\n', "utf-8")
    coloured = run("search", "양자화", env={"NO_COLOR": None}).stdout
    marked = re.findall("\x1b\\[1;33m(.*?)\x1b\\[0m", coloured)
    assert set(marked) == {"양자화", "quantization"}, marked  # whole words, glossary spellings too


def test_search_names_a_word_that_found_nothing_beside_others() -> None:
    run("index", str(CORPUS))
    out = run("search", "protein 토크나이저").stdout.splitlines()
    assert out[0] == "'protein' matches nothing here; showing papers for the other words."
    result = run("search", "protein 토크나이저", "--json")
    assert result.stderr.strip() == out[0]
