"""Text helpers every parser shares: real HTML only, composed Hangul, readable LaTeX."""

from __future__ import annotations

import unicodedata

import pytest

from papercli.parse import daily, ids, parse_digest
from papercli.parse.latex import readable_title
from papercli.parse.text import HTML_TAGS, normalize_newlines, plain, starts_with_html


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "LLM$\\times$MapReduce: Simplified Long-Sequence",
            "LLM×MapReduce: Simplified Long-Sequence",
        ),
        (
            "$\\textbf{Only-IF}$:Revealing the Decisive Effect",
            "Only-IF:Revealing the Decisive Effect",
        ),
        ("M$^{2}$UGen: Music Understanding", "M²UGen: Music Understanding"),
        ("Scaling $^2$ Laws", "Scaling ² Laws"),
        ("CO$_2$ Emissions of $\\pi_0$", "CO₂ Emissions of π₀"),
        ("$\\sigma$-GPTs and $\\alpha$-$\\beta$ Pruning", "σ-GPTs and α-β Pruning"),
        ("$\\Delta$-Nets, $\\omega$ and $\\Omega$", "Δ-Nets, ω and Ω"),
        (
            "\\textbf{Bold}, \\textit{Italic}, \\emph{Emph} and \\texttt{Mono}",
            "Bold, Italic, Emph and Mono",
        ),
        ("$\\mathrm{Re}$-Rank in $\\mathbb{R}^n$", "Re-Rank in ℝⁿ"),
        ("O($n \\log n$) Attention", "O(n log n) Attention"),
        ("$\\frac{1}{2}$-Bit Models", "1/2-Bit Models"),
        ("SELF-$\\ours$ and $x^{\\dagger}$", "SELF-ours and x†"),
        ("$\\{0,1\\}$ Codes", "{0,1} Codes"),
        ("R\\&D for \\$5", "R&D for $5"),
        ("A $5 Model", "A $5 Model"),
        ("Unknown \\macro Outside Math", "Unknown \\macro Outside Math"),
        ("Let's <think> about LLM Reasoning", "Let's <think> about LLM Reasoning"),
        ("", ""),
    ],
)
def test_readable_title(raw: str, shown: str) -> None:
    assert readable_title(raw) == shown


def test_readable_title_stays_linear_on_hostile_math() -> None:
    for hostile in ("$" * 100_000, "$^{" * 30_000, "$\\" * 50_000, "\\textbf{" * 20_000):
        readable_title(hostile)


def test_titles_differing_only_by_markup_share_a_key() -> None:
    pairs = [
        ("LLM$\\times$MapReduce", "LLM×MapReduce"),
        ("M$^{2}$UGen", "M2UGen"),
        ("$\\textbf{Only-IF}$:Revealing", "Only-IF: Revealing"),
        ("PanGu-$\\pi$", "PanGu-π"),
    ]
    for marked, plain_title in pairs:
        assert ids.title_key(marked) == ids.title_key(plain_title)
        assert ids.stable_id(None, marked) == ids.stable_id(None, plain_title)
    assert ids.title_key("$\\sigma$-GPT") != ids.title_key("GPT")


@pytest.mark.parametrize(
    "kept",
    [
        "Let's <think> about LLM Reasoning",
        "<search> and </search> tokens",
        "<tool_call> then <|endoftext|>",
        "<answer>42</answer>",
        "a <b-tree> index",
        "x < y > z",
    ],
)
def test_angle_brackets_that_are_not_html_are_text(kept: str) -> None:
    assert plain(kept) == kept
    assert not starts_with_html(kept)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('<div><video controls src="v.mp4" muted="false"></video></div>', ""),
        ("Line<br>break<br/>and<BR />more", "Linebreakandmore"),
        ('<img src="a.png" alt="x"> after', "after"),
        ("<p>para</p> <span class='x'>s</span>", "para s"),
        ('<a href="https://x.org">link</a>', "link"),
        ("<details><summary>More</summary>body</details>", "Morebody"),
        ("H<sub>2</sub>O and x<sup>2</sup>", "H2O and x2"),
        ("<!-- hidden --> shown", "shown"),
    ],
)
def test_real_html_is_stripped(raw: str, clean: str) -> None:
    assert plain(raw) == clean


def test_the_html_tag_list_holds_what_the_issue_names() -> None:
    named = "div video source img br p span a details summary sup sub".split()
    assert set(named) <= set(HTML_TAGS)


def test_daily_summaries_keep_lines_that_open_with_a_token() -> None:
    text = (
        "## Daily Papers (2025-03-01)\n\n"
        "### [Let's <think> about LLM Reasoning](https://arxiv.org/abs/2503.00001)\n\n"
        "<div><video src='https://x.org/v.mp4'></video></div>\n\n"
        "<search> 토큰과 </search> 토큰으로 검색을 호출합니다.\n"
        "- <answer> 태그 안에 답을 씁니다.\n"
    )
    (paper,) = daily.parse(text, "d.md").papers
    assert paper.title == "Let's <think> about LLM Reasoning"
    assert paper.appearances[0].summary == (
        "<search> 토큰과 </search> 토큰으로 검색을 호출합니다.\n<answer> 태그 안에 답을 씁니다."
    )
    assert paper.appearances[0].media == ("https://x.org/v.mp4",)


def test_decomposed_hangul_is_composed() -> None:
    composed = "## 제목: 한국어 논문"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize_newlines(decomposed) == composed
    text = "## Daily Papers (2025-03-01)\n\n### [T](https://arxiv.org/abs/2503.00001)\n\n- 요약입니다.\n"
    digest = parse_digest(unicodedata.normalize("NFD", text), "nfd.md")
    assert digest.papers[0].appearances[0].summary == "요약입니다."
