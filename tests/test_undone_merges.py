"""Undoing a merge of two ids that are not arXiv ids: each paper gets its own data back.

An insights report lists a paper under its deeplearn id, a simple summary under a
link id; a Daily Papers digest gives its arXiv id and both merge into it. Deleting
that digest makes them two papers again, though the index run names only one id
for the arXiv id to move to: neither may be left leading to the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import as_json, run, write

DL, LINK, ARXIV = "deeplearn-600002", "link-59fce57603", "2503.00002"
TITLE = "Marble Caches for Long Context"

pytestmark = pytest.mark.usefixtures("read_path")


def digests(folder: Path) -> Path:
    write(
        folder / "2025-03-01-insights.md",
        "# Daily Artificial Intelligence Insights : Papers"
        "![Category Distribution Graph](paper_2025-03-01.png)\n\n## 🚀 Efficiency\n\n"
        "**요약:**\n\n긴 문맥 캐시 연구가 늘었습니다.\n\n**출처:**\n\n"
        f" - {TITLE} (https://deeplearn.org/arxiv/600002/marble-caches-for-long-context)\n",
    )
    write(
        folder / "2025-03-02-simple.md",
        f"## 제목: {TITLE}\n\n**PDF 다운로드 링크**: [PDF 다운로드](https://example.org/marble.pdf)"
        "\n\n긴 문맥을 위한 캐시 구조를 제안합니다.\n",
    )
    return folder


def add_daily(folder: Path) -> Path:
    return write(
        folder / "2025-03-05-daily.md",
        f"## Daily Papers (2025-03-05)\n\n### [{TITLE}](https://arxiv.org/abs/{ARXIV})\n\n"
        "Vote: 5\n\nAuthors: Jiwoo Han, Mina Lee\n\n- 긴 문맥 캐시를 제안합니다.\n",
    )


def data(pid: str) -> tuple[str, list[str], str | None]:
    shown = as_json("show", pid)
    return shown["id"], shown["tags"], shown["note"]


def test_undoing_a_merge_gives_each_paper_its_own_data(tmp_path: Path) -> None:
    folder = digests(tmp_path / "digests")
    run("index", str(folder))
    run("tag", DL, "dl-tag")
    run("note", DL, "딥런 메모")
    run("tag", LINK, "link-tag")
    run("note", LINK, "링크 메모")
    daily = add_daily(folder)
    assert as_json("index", str(folder))["moved"] == {DL: ARXIV, LINK: ARXIV}
    assert data(ARXIV) == (ARXIV, ["dl-tag", "link-tag"], "딥런 메모\n\n링크 메모")
    run("tag", ARXIV, "merged-tag")

    daily.unlink()
    assert as_json("index", str(folder))["moved"] == {ARXIV: LINK}
    assert data(DL) == (DL, ["dl-tag"], "딥런 메모")
    assert data(LINK) == (LINK, ["link-tag", "merged-tag"], "링크 메모")
    assert data(ARXIV) == data(LINK)
    assert run("tag", DL, "x").stdout == f"{DL}: tags dl-tag, x\n"
    assert data(LINK)[1] == ["link-tag", "merged-tag"]
    assert [p["id"] for p in as_json("list", "--tag", "dl-tag")] == [DL]
    assert [p["id"] for p in as_json("list", "--tag", "merged-tag")] == [LINK]
    assert as_json("stats")["tags"] == {"dl-tag": 1, "link-tag": 1, "merged-tag": 1, "x": 1}
    doctor = run("doctor", "--json", code=None)
    assert '"orphans": []' in doctor.stdout

    add_daily(folder)
    assert as_json("index", str(folder))["moved"] == {DL: ARXIV, LINK: ARXIV}
    assert data(ARXIV) == (
        ARXIV,
        ["dl-tag", "link-tag", "merged-tag", "x"],
        "딥런 메모\n\n링크 메모",
    )
