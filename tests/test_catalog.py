"""The SQLite catalog: the same answers as the Whoosh store, or no answer at all.

Every check compares the catalog with ``Store`` over the same index; a
catalog that is missing, stale, damaged or failed to write must leave the
commands to the store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from papercli import catalog
from papercli.archive import Archive
from papercli.catalog import CATALOG_FILE, Catalog, CatalogUnavailable, open_fresh
from papercli.engine.reader import EngineReader
from papercli.errors import PaperNotFound
from papercli.model import Filters
from papercli.reading import top
from tests.conftest import EXAMPLES, FIXTURES
from tests.helpers import run, write
from tests.robustness.helpers import daily, daily_archive, entry

INSIGHTS = """# Daily Artificial Intelligence Insights : Papers![Category Distribution Graph](paper_2024-03-05.png)

## 🚀 Efficiency

**요약:**

작은 기기를 위한 모델 경량화 연구가 늘었습니다.

**출처:**

 - Sparse Mixtures for Tiny Devices (https://deeplearn.org/arxiv/700001/sparse-mixtures-for-tiny-devices)
 - A Paper Only Insights Knows (https://deeplearn.org/arxiv/700002/a-paper-only-insights-knows)
"""

DAILY = daily(
    "2024-03-04",
    [entry("2403.00011", "Sparse Mixtures for Tiny Devices", votes=12), entry("2403.00012", "B")],
)


def cli(*args: str, code: int = 0) -> tuple[str, str]:
    result = run(*args, code=code)
    return result.stdout, result.stderr


def fresh(index: Path) -> Catalog:
    found = open_fresh(index)
    assert found is not None, "the catalog should mirror the last commit"
    return found


def assert_same(index: Path) -> None:
    """Every lookup the catalog answers gives exactly the store's answer."""
    cat, store = fresh(index), EngineReader(index)
    days = [dt.date.fromisoformat(d) for d in store.dates()]
    assert cat.dates() == store.dates()
    assert cat.latest_date() == store.latest_date()
    for day in {*days, dt.date(2000, 1, 1), dt.date(2100, 1, 1)}:
        assert cat.nearest_dates(day) == store.nearest_dates(day)
    everything = store.papers(limit=None)
    categories = {a.category for p in everything for a in p.appearances if a.category}
    filters: list[dict[str, object]] = [
        {},
        {"format": "category_insights"},
        {"format": "simple_summary"},
        {"min_votes": 0},
        {"min_votes": 10},
        {"ids": frozenset(p.id for p in everything[::2])},
        {"ids": frozenset()},
        *({"category": c.upper()} for c in categories),
    ]
    if days:
        filters += [
            {"start": days[0], "end": days[0]},
            {"start": days[len(days) // 2]},
            {"end": days[len(days) // 2]},
        ]
    for sort in ("date", "votes"):
        for limit in (None, 1, 3):
            for found in filters:
                wanted = Filters(**found)  # type: ignore[arg-type]
                expected = store.papers(wanted, sort=sort, limit=limit)
                assert cat.papers(wanted, sort=sort, limit=limit) == expected, (wanted, sort)
    for day in days[:3]:
        assert top(cat, day, day, 10) == top(store, day, day, 10)
    for paper in everything:
        assert cat.paper(paper.id) == store.paper(paper.id)
    assert cat.paper_ids("", 1000) == store.paper_ids("", 1000)


def own_ids(index: Path) -> set[str]:
    with sqlite3.connect(index / CATALOG_FILE) as db:
        return {own for (own,) in db.execute("SELECT own_id FROM entries")}


def test_examples_and_fixtures_answer_as_the_store(tmp_path: Path, index_dir: Path) -> None:
    store = EngineReader(index_dir)
    Archive(store.path).index([EXAMPLES])
    assert_same(index_dir)
    Archive(store.path).index([FIXTURES])
    assert_same(index_dir)
    for own in own_ids(index_dir):  # aliases: an entry's own id finds its paper
        assert fresh(index_dir).paper(own) == store.paper(own)


def test_relink_change_delete_and_rebuild(tmp_path: Path, index_dir: Path) -> None:
    store = EngineReader(index_dir)
    insights = write(tmp_path / "a" / "insights.md", INSIGHTS)
    Archive(store.path).index([insights])
    assert fresh(index_dir).paper("deeplearn-700001").id == "deeplearn-700001"
    daily_file = write(tmp_path / "b" / "daily.md", DAILY)
    Archive(store.path).index([daily_file])  # relinks the insights entry to the arXiv paper
    merged = fresh(index_dir).paper("deeplearn-700001")
    assert merged.id == "2403.00011" and merged == store.paper("deeplearn-700001")
    assert_same(index_dir)
    write(daily_file, DAILY.replace("Vote: 12", "Vote: 40").replace("### [B]", "### [C]"))
    Archive(store.path).index([daily_file.parent])
    assert fresh(index_dir).paper("2403.00011").best_votes == 40
    assert_same(index_dir)
    daily_file.unlink()
    assert Archive(store.path).index([daily_file.parent]).removed == 1
    assert fresh(index_dir).paper("deeplearn-700001").id == "deeplearn-700001"
    assert_same(index_dir)
    Archive(store.path).index([insights, EXAMPLES], rebuild=True)
    assert_same(index_dir)


def test_many_small_runs_keep_index_order_through_segment_merges(
    tmp_path: Path, index_dir: Path
) -> None:
    """Whoosh merges small segments and reorders the rest; ties still follow its order."""
    folder = tmp_path / "digests"
    store = EngineReader(index_dir)
    for number in range(14):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number % 4)
        votes = [5, 5, None] if number % 2 else [None, 7, 7]
        entries = [
            entry(f"2401.{number * 3 + k:05d}", f"Paper {number}-{k}", votes=v)
            for k, v in enumerate(votes)
        ]
        write(folder / f"{number:02d}.md", daily(day, entries))
        Archive(store.path).index([folder])
        assert_same(index_dir)


def test_a_merge_that_reorders_the_kept_segments_reorders_the_ties(
    tmp_path: Path, index_dir: Path
) -> None:
    """Whoosh lists the segments it keeps after a merge smallest first: 100 before 200."""
    from whoosh.index import open_dir

    folder = tmp_path / "digests"
    store = EngineReader(index_dir)
    first = 0
    for number, size in enumerate([200, 100, 1, 1, 1, 1, 1, 1]):
        entries = [entry(f"2401.{first + k:05d}", f"Paper {first + k}") for k in range(size)]
        first += size
        write(folder / f"{number:02d}.md", daily("2024-01-01", entries))
        Archive(store.path).index([folder])
        for sort in ("date", "votes"):
            expected = store.papers(sort=sort, limit=None)
            assert fresh(index_dir).papers(sort=sort, limit=None) == expected
    with open_dir(str(index_dir), indexname="papers").searcher() as searcher:
        sizes = [reader.doc_count_all() for reader, _ in searcher.reader().leaf_readers()]
    assert sizes[:2] == [101, 201]
    assert_same(index_dir)


def test_incremental_runs_update_the_file_in_place(tmp_path: Path, index_dir: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    store = EngineReader(index_dir)
    Archive(store.path).index([folder])
    inode = (index_dir / CATALOG_FILE).stat().st_ino
    daily_archive(folder, 1, start=5)
    Archive(store.path).index([folder])
    assert (index_dir / CATALOG_FILE).stat().st_ino == inode
    assert_same(index_dir)


def test_a_commit_the_catalog_missed_makes_it_unused(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 2)
    store = EngineReader(index_dir)
    Archive(store.path).index([folder])
    daily_archive(folder, 1, start=5)
    with monkeypatch.context() as patch:
        patch.setattr(catalog, "mirror", lambda *args, **kwargs: None)
        Archive(store.path).index([folder])
    assert open_fresh(index_dir) is None
    assert "2024-01-06" in cli("top")[0]  # the store answers, with the new day
    Archive(store.path).index([folder])  # nothing new to commit, yet the catalog is rebuilt
    assert_same(index_dir)
    assert fresh(index_dir).latest_date() == dt.date(2024, 1, 6)


def test_a_failed_catalog_write_keeps_the_commit(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_archive(tmp_path / "digests", 2)
    store = EngineReader(index_dir)
    Archive(store.path).index([folder])
    daily_archive(folder, 1, start=5)

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(catalog, "_update", full)
        patch.setattr(catalog, "_rebuild", full)
        report = Archive(store.path).index([folder])
    assert report.appearances == 9
    assert any("catalog of quick lookups was not updated" in w for w in report.warnings)
    assert open_fresh(index_dir) is None
    assert store.latest_date() == dt.date(2024, 1, 6)
    Archive(store.path).index([folder])
    assert_same(index_dir)


@pytest.mark.parametrize("damage", ["delete", "garble", "empty", "stamp", "meta"])
def test_a_missing_or_damaged_catalog_falls_back_then_is_rebuilt(
    tmp_path: Path, index_dir: Path, damage: str
) -> None:
    store = EngineReader(index_dir)
    Archive(store.path).index([EXAMPLES])
    file = index_dir / CATALOG_FILE
    expected = cli("list", "--json")
    if damage == "delete":
        file.unlink()
    elif damage == "garble":
        file.write_bytes(bytes(b ^ 0x5A for b in file.read_bytes()))
    elif damage == "empty":
        file.write_bytes(b"")
    elif damage == "stamp":
        with sqlite3.connect(file) as db:
            (stamp,) = db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
            edited = json.loads(stamp)
            edited["toc"] = "_papers_99.toc"
            db.execute("UPDATE meta SET value = ? WHERE name = 'stamp'", (json.dumps(edited),))
    else:  # an index written by another version is the store's to upgrade
        (index_dir / "papers-meta.json").write_text('{"schema": 0}', "utf-8")
    assert open_fresh(index_dir) is None
    assert cli("list", "--json")[0] == expected[0]
    Archive(store.path).index([EXAMPLES])
    assert_same(index_dir)


def test_a_changed_segment_file_makes_the_catalog_unused(index_dir: Path) -> None:
    Archive(index_dir).index([EXAMPLES])
    segment = next(index_dir.glob("papers_*.pst"))
    data = segment.read_bytes()
    segment.write_bytes(data)  # same bytes, a new mtime: the index may have been replaced
    assert open_fresh(index_dir) is None


def test_a_query_failing_in_the_catalog_asks_the_index(index_dir: Path) -> None:
    Archive(index_dir).index([EXAMPLES])
    reader = Archive(index_dir).reader()
    cat = reader.catalog
    expected = EngineReader(index_dir).papers(limit=None)
    (index_dir / CATALOG_FILE).write_bytes(b"not a database")
    cat._db.close()
    cat._db = sqlite3.connect(index_dir / CATALOG_FILE)
    with pytest.raises(CatalogUnavailable):
        cat.papers(limit=None)
    assert reader.papers(limit=None) == expected
    assert reader.paper("2409.12960") == EngineReader(index_dir).paper("2409.12960")


def test_a_question_the_catalog_cannot_answer_goes_to_the_index(index_dir: Path) -> None:
    Archive(index_dir).index([EXAMPLES])
    by_kumar = Filters(author="Kumar")
    with pytest.raises(CatalogUnavailable):
        fresh(index_dir).papers(by_kumar)
    found = Archive(index_dir).reader().papers(by_kumar)
    assert [p.id for p in found] == ["2409.12917"]


def test_not_found_names_the_closest_papers(index_dir: Path) -> None:
    store = EngineReader(index_dir)
    Archive(store.path).index([EXAMPLES])
    for wrong in ("2409.12961", "nothing-like-it"):
        with pytest.raises(PaperNotFound) as from_store:
            store.paper(wrong)
        with pytest.raises(PaperNotFound) as from_catalog:
            fresh(index_dir).paper(wrong)
        assert str(from_catalog.value) == str(from_store.value)


def test_cli_output_is_the_same_with_and_without_the_catalog(index_dir: Path) -> None:
    Archive(index_dir).index([EXAMPLES])
    commands = [
        ["show", "2409.12960", "--no-pager"],
        ["show", "https://arxiv.org/abs/2409.12960v2", "--json"],
        ["top"],
        ["top", "--date", "2024-09-21"],
        ["top", "--date", "2024-09", "--json"],
        ["top", "--date", "2023-01-01"],
        ["list"],
        ["list", "-n", "2", "--sort", "votes"],
        ["list", "--format", "simple_summary", "--json"],
        ["list", "--category", "llm"],
    ]
    with_catalog = [cli(*c) for c in commands]
    (index_dir / CATALOG_FILE).unlink()
    assert [cli(*c) for c in commands] == with_catalog
    assert cli("show", "2409.99999", code=1) == cli("show", "2409.99999", code=1)


def test_show_and_top_do_not_import_whoosh(index_dir: Path) -> None:
    """Only Whoosh's top module, whose version the engine checks (a fraction of a ms)."""
    Archive(index_dir).index([EXAMPLES])
    probe = (
        "import sys\n"
        "from papercli.cli import main\n"
        "sys.argv = ['papers', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))\n"
    )
    env = {**os.environ, "PAPERS_INDEX": str(index_dir)}
    for command in (["show", "2409.12960", "--no-pager"], ["top"], ["list", "-n", "3"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "['whoosh']", command
    (index_dir / CATALOG_FILE).unlink()
    done = subprocess.run(
        [sys.executable, "-c", probe, "top"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] != "['whoosh']"  # the probe sees the fallback
