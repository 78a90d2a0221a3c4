"""Property tests of the parser: any text, and mutated real fixtures.

For any input ``parse_digest`` returns (never raises), every paper has a
non-empty id and title and at least one appearance of the digest's style,
and parsing the same text twice gives the same digest. The ``ci`` profile
keeps this quick; ``HYPOTHESIS_PROFILE=long`` runs the soak.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from papercli.model import Digest
from papercli.parse import parse_digest
from tests.conftest import EXAMPLES, FIXTURES
from tests.robustness.helpers import fuzz_settings

CORPUS = sorted([*FIXTURES.glob("*/*.md"), *EXAMPLES.rglob("*.md")], key=lambda p: p.as_posix())
TEXTS = [p.read_text("utf-8") for p in CORPUS]

PIECES = [
    "## Daily Papers (2024-02-06)",
    "## Daily Papers (2024-02-30)",
    "### [A Title (with) [brackets] $x^2$](https://arxiv.org/abs/2402.00001v2)",
    "### [Cut](https://arxiv.org/abs/2402.",
    "### [](https://arxiv.org/abs/2402.00002)",
    "### No Link Here",
    "![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2402.00003.png)",
    "[Watch Video](https://cdn.example/v.mp4)",
    '<div><video controls src="https://cdn.example/v.mp4"></video></div>',
    "Vote: 12",
    "Vote: -",
    "Vote: lots",
    "Authors: A, B",
    "- **What's New**: 새로운 방법",
    "- ***What’s New***: 불균형 **별표",
    "# Daily Artificial Intelligence Insights : Papers![Graph](paper_2024-11-15.png)",
    "## 🚀 LLM",
    "## 종합 요약 보고서",
    "**요약:**",
    "**출처:**",
    " - Source Title (http://arxiv.org/abs/2411.00001v1)",
    " - Source (https://deeplearn.org/arxiv/5/x_(y))",
    " - Unclosed (https://deeplearn.org/arxiv/6",
    "## 제목: 간단한 요약 제목",
    "## 제목:",
    "### 논문 3: Numbered",
    "**요약**: 요약 내용",
    "**쉬운설명**:",
    "**관련분야**: 언어 모델, 비전",
    "**추천수**: 7",
    "**추천수**:",
    "**중요도**: 9점",
    "[PDF 다운로드](https://arxiv.org/pdf/2402.00004.pdf)",
    "https://huggingface.co/papers/2402.00005",
    "---",
    "***",
    "",
    "   ",
    "\t-\t",
    "[[[((( ***",
    "\x1b[31m\r\x00\u2028\ufeff",
]


def check(text: str, source: str = "/archive/2024-02-06.md") -> Digest:
    digest = parse_digest(text, source)
    for paper in digest.papers:
        assert paper.id.strip(), paper
        assert paper.title.strip(), paper
        assert paper.appearances, paper
        assert all(a.format == digest.style for a in paper.appearances), paper
    assert parse_digest(text, source) == digest
    return digest


@fuzz_settings()
@given(st.text(max_size=3000))
def test_fuzz_any_text(text: str) -> None:
    check(text)


markdown_lines = st.one_of(
    st.sampled_from(PIECES),
    st.text(alphabet=st.sampled_from("#[]()*-_:`$!<>|/\\ \t가나abc0123.\n"), max_size=80),
    st.text(max_size=40),
)


@fuzz_settings()
@given(st.lists(markdown_lines, max_size=60), st.sampled_from(["\n", "\r\n", "\r"]))
def test_fuzz_digest_shaped_text(lines: list[str], newline: str) -> None:
    check(newline.join(lines))


mutation = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(PIECES)),
    st.tuples(st.just("splice"), st.integers(0, 10_000), st.integers(0, len(TEXTS) - 1)),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
)


def mutate(text: str, steps: list[tuple]) -> str:
    lines = text.split("\n")
    for step in steps:
        kind, where = step[0], step[1]
        i = where % len(lines) if isinstance(where, int) and lines else 0
        if kind == "drop" and lines:
            del lines[i]
        elif kind == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif kind == "swap" and lines:
            j = step[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            lines.insert(i, step[2])
        elif kind == "splice":
            other = TEXTS[step[2]].split("\n")
            lines[i:i] = other[: len(other) // 2]
        elif kind == "truncate":
            joined = "\n".join(lines)
            lines = joined[: int(len(joined) * where)].split("\n")
    return "\n".join(lines)


@fuzz_settings()
@given(st.integers(0, len(TEXTS) - 1), st.lists(mutation, min_size=1, max_size=8))
def test_fuzz_mutated_fixtures(which: int, steps: list[tuple]) -> None:
    check(mutate(TEXTS[which], steps), str(Path("/archive") / CORPUS[which].name))


@fuzz_settings()
@given(st.integers(0, len(TEXTS) - 1), st.floats(0, 1))
def test_fuzz_truncated_fixtures_keep_a_prefix_of_the_papers(which: int, fraction: float) -> None:
    """Cutting a file short never invents papers that the whole file does not hold."""
    text = TEXTS[which]
    whole = {p.id for p in check(text).papers}
    cut = check(text[: int(len(text) * fraction)])
    invented = {p.id for p in cut.papers} - whole
    assert all(pid.startswith(("link-", "title-", "deeplearn-")) for pid in invented), invented


def test_arxiv_id_cut_short_is_not_an_arxiv_id() -> None:
    """Found by the fuzzer: ``2503.0000`` (a cut-off 2503.00001) is no arXiv id."""
    text = (FIXTURES / "insights" / "no_date.md").read_text("utf-8")
    cut = text[: text.index("2503.0000") + len("2503.0000")]
    assert [p.id for p in check(cut).papers] != ["2503.0000"]


def test_every_fixture_parses_cleanly() -> None:
    assert len(CORPUS) >= 40
    for text in TEXTS:
        check(text)
