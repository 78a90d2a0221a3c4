"""Hostile parser inputs: 100,000-character lines and 50 MB archives.

Shared by the parser tests, which check what comes out of them, and by
``bench/parse_stress.py``, which times them; so it imports nothing of pytest.
"""

from __future__ import annotations

LONG = 100_000
HOSTILE_LINES = {
    "stars": "*a " * (LONG // 3),
    "underscores": "__a " * (LONG // 4),
    "brackets": "[a " * (LONG // 3),
    "angles": "<a " * (LONG // 3),
    "images": "![" * (LONG // 2),
    "parens": "(http" * (LONG // 5),
    "headings": "## " * (LONG // 3),
    "dollars": "$" * LONG,
    "hangul": "가" * LONG,
}
SIMPLE_LINES = {
    "stars": "**요약**: " + "*a " * 33_000,
    "images": "**요약**: " + "![" * 50_000,
    "long-title": "## 제목: " + "가" * 100_000,
    "long-fields": "**관련분야**: " + "a, " * 33_000,
    "long-url": "![](" + "https://arxiv.org/pdf/" * 5_000,
}


def daily_around(line: str) -> str:
    """``line`` in every part of a Daily Papers entry, then as a heading of its own."""
    return (
        "## Daily Papers (2024-01-01)\n\n"
        f"### [{line}](https://arxiv.org/abs/2401.00001)\n\n"
        f"{line}\n\nVote: {line}\n\nAuthors: {line}\n\n- {line}\n{line}\n"
        f"### {line}\n"
    )


def insights_around(line: str) -> str:
    """``line`` in the header, two categories, a report and a source of an insights digest."""
    return (
        f"# Daily Artificial Intelligence Insights {line}\n## {line}\n**요약:** {line}\n"
        f"{line}\n## {line}\n**출처:** {line}\n - {line} (https://x.org/{line})\n"
    )


def notes_around(line: str) -> str:
    """``line`` in a paper-notes digest's header, entry heading, link line, summary,
    fence and inner title, then as a table row and a list item."""
    return (
        f"# 📰 Hugging Face Daily Papers {line}\n\n## 2505.00001 {line}\n"
        f"🔗 https://huggingface.co/papers/2505.00001 {line}\n\n**Summary**: {line}\n"
        f"```markdown\n# 논문 요약: {line}\n{line}\n```\n{line}\n| {line} |\n1. {line}\n"
    )


def simple_after(line: str) -> str:
    """A simple-summary entry titled ``Long``, then ``line``."""
    return "## 제목: Long\n\n**쉬운설명**: x\n\n**추천수**: 1\n\n" + line


DAILY_ENTRY = (
    "### [Paper number {n} on **sparse** routing](https://arxiv.org/abs/2501.{n:05d})\n\n"
    "![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.{n:05d}.png)\n\n"
    "Vote: {n}\n\nAuthors: Hana Kim, Minho Lee, Ada Park\n\n"
    "- **What's New**: " + "희소 라우터를 제안하고 계산량을 줄입니다. " * 8 + "\n"
    "- **Technical Details**: " + "토큰마다 두 전문가를 고릅니다. " * 8 + "\n\n"
)
INSIGHTS_CATEGORY = (
    "## 🚀 Category {n}\n\n**요약:**\n\n"
    + "### 소제목\n"
    + "대형 언어 모델 연구가 **활발**합니다. " * 20
    + "\n\n**출처:**\n\n"
    + " - A Paper Title (Part {n}) (http://arxiv.org/abs/2411.{n:05d}v1)\n"
    + " - Another Title (https://deeplearn.org/arxiv/{n}/another-(title))\n\n"
)
SIMPLE_ENTRY = (
    "![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.{n:05d}.png)\n\n"
    "## 제목: Paper number {n} on sparse routing\n\n"
    "**요약**: " + "희소 라우터를 제안하고 계산량을 줄입니다. " * 8 + "\n\n"
    "**쉬운설명**: " + "전문가 두 명만 골라서 일을 나눠요. " * 4 + "\n\n"
    "**관련분야**: 언어 모델, 학습 효율\n\n**추천수**: {n}\n\n"
    "**PDF 다운로드 링크**: [PDF 다운로드](https://arxiv.org/pdf/2409.{n:05d})\n\n---\n\n"
)
NOTES_ENTRY = (
    "## 2505.{n:05d}\n🔗 https://huggingface.co/papers/2505.{n:05d}\n👍 {n}\n\n**Summary**:\n"
    "```markdown\n# 논문 요약: Paper number {n} on quiet <think> tokens\n\n"
    "**1. 핵심 동기와 문제 정의**\n" + "모델이 모를 때 멈추는 법을 배웁니다. " * 8 + "\n\n"
    "**2. 제안 방법**\n- " + "침묵 토큰에 보상을 줍니다. " * 8 + "\n```\n\n"
)
NOTES_SECTION = (
    "## Meeting {n}\n\n"
    + "We went through the [roadmap](https://example.org/roadmap/{n}) and the *open* items. " * 6
    + "\n\n- 다음 회의 전에 초안을 공유합니다.\n- Follow up on item {n}.\n\n"
)


def daily_archive(megabytes: int) -> tuple[str, int]:
    """A Daily Papers digest of distinct entries, and how many it holds."""
    return _archive("## Daily Papers (2025-01-10)\n\n", DAILY_ENTRY, megabytes)


def insights_archive(megabytes: int) -> tuple[str, int]:
    """An insights digest of categories with two sources each, and how many categories."""
    return _archive(
        "# Daily Artificial Intelligence Insights : Papers\n\n", INSIGHTS_CATEGORY, megabytes
    )


def simple_archive(megabytes: int) -> tuple[str, int]:
    """A simple-summary digest of distinct entries, and how many it holds."""
    return _archive("", SIMPLE_ENTRY, megabytes)


def paper_notes_archive(megabytes: int) -> tuple[str, int]:
    """A paper-notes digest of fenced entries, and how many it holds."""
    return _archive("# 📰 Hugging Face Daily Papers – 2025-05-12\n\n", NOTES_ENTRY, megabytes)


def notes_file(megabytes: int) -> tuple[str, int]:
    """Meeting notes with links, emphasis and bullets: markdown that is no digest."""
    return _archive("# Notes\n\n", NOTES_SECTION, megabytes)


def _archive(header: str, part: str, megabytes: int) -> tuple[str, int]:
    """``header`` and copies of ``part`` numbered from 0, about ``megabytes`` MB of
    UTF-8; at most 99,999 copies, as five-digit arXiv numbers allow."""
    size = len(part.format(n=10_000).encode("utf-8"))
    count = min(megabytes * 1_000_000 // size, 99_999)
    return header + "".join(part.format(n=n) for n in range(count)), count
