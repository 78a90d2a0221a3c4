"""Digests (written for these tests) of one paper seen twice: first by a category insights
report under its deeplearn id, then by a Daily Papers digest under its arXiv id.
Indexing both merges them; removing the daily digest undoes the merge."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write

DL, ARXIV = "deeplearn-543512", "2411.99901"
OTHER = "deeplearn-543600"
TITLE = "Sparse Radar Routing for Tiny Experts"
OTHER_TITLE = "Quiet Baselines Still Matter"
NOTE = "라우터 손실 부분을 다시 읽기"

INSIGHTS = f"""# Daily Artificial Intelligence Insights : Papers![Category Distribution Graph](paper_2024-11-05.png)

## 🚀 Efficiency

**요약:**

작은 전문가 모델의 라우팅을 다룬 연구가 늘었습니다.

**출처:**

 - {TITLE} (https://deeplearn.org/arxiv/543512/sparse-radar-routing)
 - {OTHER_TITLE} (https://deeplearn.org/arxiv/543600/quiet-baselines)
"""


def daily(day: str, papers: list[tuple[str, str]]) -> str:
    entries = [
        f"### [{title}](https://arxiv.org/abs/{pid})\n\nVote: 12\n\n"
        "Authors: Hana Kim, Leo Park\n\n- 작은 전문가를 고르는 새로운 라우터를 제안합니다.\n"
        for pid, title in papers
    ]
    return f"## Daily Papers ({day})\n\n" + "\n".join(entries)


DAILY = daily("2024-11-20", [(ARXIV, TITLE)])


def write_insights(folder: Path) -> Path:
    return write(folder / "2024-11-05-insights.md", INSIGHTS)


def write_daily(folder: Path) -> Path:
    return write(folder / "2024-11-20-daily.md", DAILY)
