"""A damaged, stale, foreign, read-only or full index: one clear line and a way out.

Never a traceback: every case ends in ``Error: ...`` naming the index and
what to do (``papers index --rebuild PATH``, free space, make it writable),
and the index keeps its last commit.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.filedb.structfile import StructFile

from papercli.engine.folder import IndexFolder
from papercli.engine.layout import SCHEMA_VERSION
from papercli.errors import IndexDamaged
from tests.robustness.helpers import (
    as_json,
    daily_archive,
    lock_held,
    one_error_line,
    papers_process,
    run,
    snapshot,
    unprivileged,
    wait_for,
    write,
)

READERS = [
    ["search", "sparse"],
    ["list"],
    ["show", "2401.00003"],
    ["stats"],
]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = daily_archive(tmp_path / "digests", 4)
    run("index", str(folder))
    return folder


def segment_files(index: Path) -> list[Path]:
    """The files of the committed segments, compound (``.seg``) or not."""
    return sorted(
        p for p in index.iterdir() if p.name.startswith("papers_") and p.name != "papers_WRITELOCK"
    )


def damage_message(index: Path) -> str:
    return f"the index at {index} cannot be read ("


def assert_rebuild_recovers(archive: Path, index: Path) -> None:
    run("index", str(archive), code=1)
    report = as_json("index", "--rebuild", str(archive))
    assert (report["files_read"], report["papers"], report["appearances"]) == (4, 12, 12)
    assert as_json("show", "2401.00003")["title"] == "Paper 1-0 on sparse attention"


@pytest.mark.parametrize(
    "damage",
    ["truncate-segment", "empty-segment", "delete-segment", "garble-segment", "truncate-toc"],
)
def test_damaged_files_give_one_line_and_the_rebuild_way_out(
    damage: str, archive: Path, index_dir: Path
) -> None:
    toc = next(index_dir.glob("_papers_*.toc"))
    for segment in segment_files(index_dir):
        data = segment.read_bytes()
        if damage == "truncate-segment":
            segment.write_bytes(data[: len(data) // 2])
        elif damage == "empty-segment":
            segment.write_bytes(b"")
        elif damage == "delete-segment":
            segment.unlink()
        elif damage == "garble-segment":
            segment.write_bytes(bytes(b ^ 0x5A for b in data))
    if damage == "truncate-toc":
        toc.write_bytes(toc.read_bytes()[:40])
    for command in READERS:
        line = one_error_line(run(*command, code=1))
        assert line.startswith(f"Error: {damage_message(index_dir)}"), line
        assert line.endswith("; run `papers index --rebuild PATH` to rebuild it"), line
    line = one_error_line(run("index", str(archive), code=1))
    assert "papers index --rebuild PATH" in line
    assert_rebuild_recovers(archive, index_dir)


@pytest.mark.parametrize("suffix", [".pst", ".trm", "._stored.col", ".date.col"])
@pytest.mark.parametrize("paths", [True, False])
def test_a_rebuild_recovers_from_any_one_damaged_file(
    archive: Path, index_dir: Path, suffix: str, paths: bool
) -> None:
    """Some damage opens cleanly and shows only while the rebuild rewrites the old
    index (a truncated postings file): the rebuild then starts from nothing, never
    sends the reader round to itself."""
    (victim,) = [p for p in segment_files(index_dir) if p.name.endswith(suffix)]
    victim.write_bytes(victim.read_bytes()[: len(victim.read_bytes()) // 3])
    report = as_json("index", "--rebuild", *([str(archive)] if paths else []))
    assert (report["papers"], report["appearances"]) == (12, 12)
    assert as_json("show", "2401.00003")["title"] == "Paper 1-0 on sparse attention"
    assert not victim.exists()
    assert run("doctor").stdout.endswith("No problems found.\n")


def test_rebuild_without_paths_of_a_damaged_index_reads_its_roots_again(
    archive: Path, index_dir: Path
) -> None:
    for segment in segment_files(index_dir):
        segment.write_bytes(b"")
    report = as_json("index", "--rebuild")
    assert (report["files_read"], report["papers"]) == (4, 12)


def test_rebuild_without_paths_or_roots_asks_for_paths(archive: Path, index_dir: Path) -> None:
    for segment in segment_files(index_dir):
        segment.write_bytes(b"")
    (index_dir / "papers-meta.json").write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")
    line = one_error_line(run("index", "--rebuild", code=2))
    assert line == "Error: give at least one file or folder, e.g. `papers index digests/`"


def test_stale_lock_of_a_killed_run_is_cleared(
    archive: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL mid-run leaves the lock file and half-written segments behind."""
    before = snapshot(index_dir)
    daily_archive(archive, 20, start=10)
    child = papers_process("index", str(archive), slow=0.05)
    wait_for(lambda: lock_held(index_dir), what="the child to take the lock")
    time.sleep(0.4)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    assert (index_dir / "papers_WRITELOCK").exists()
    assert not lock_held(index_dir)
    assert snapshot(index_dir) == before
    started = time.monotonic()
    monkeypatch.setenv("PAPERS_LOCK_WAIT", "30")
    report = as_json("index", str(archive))
    assert time.monotonic() - started < 10
    assert (report["files_read"], report["unchanged"], report["appearances"]) == (20, 4, 72)
    assert not (index_dir / "papers.tmp").exists()


def test_index_from_an_older_version_is_rebuilt_from_its_files(
    archive: Path, index_dir: Path
) -> None:
    (index_dir / "papers-meta.json").write_text(json.dumps({"schema": 1}), "utf-8")
    result = run("search", "sparse")
    assert "written by another version of papers; rebuilt it" in result.stderr
    assert "Traceback" not in result.stderr
    assert as_json("stats")["appearances"] == 12


def test_a_damaged_meta_file_is_named_as_damage_not_as_another_version(
    archive: Path, index_dir: Path
) -> None:
    (index_dir / "papers-meta.json").write_text('{"schema": 5, "roots', "utf-8")
    result = run("search", "sparse")
    assert result.stderr.strip() == (
        "papers-meta.json was damaged; rebuilt the index from the files it holds (the "
        "folders earlier runs were given are forgotten: give them again to `papers index`)"
    )
    assert as_json("stats")["appearances"] == 12


def test_index_from_a_newer_version_is_left_alone(archive: Path, index_dir: Path) -> None:
    """A newer papers may write what this one cannot even read (its schema's classes),
    so this one never rebuilds it by itself: that once emptied a whole index."""
    (index_dir / "papers-meta.json").write_text(json.dumps({"schema": 99}), "utf-8")
    before = {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()}
    for command in (["search", "sparse"], ["top"], ["stats"], ["index", str(archive)]):
        result = run(*command, code=1)
        assert one_error_line(result) == (
            f"Error: the index at {index_dir} was written by a newer version of papers "
            f"(index schema 99, this one reads {SCHEMA_VERSION}); upgrade papers, "
            "or run `papers index --rebuild PATH` to rebuild it for this version"
        )
    assert {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()} == before
    report = as_json("index", "--rebuild", str(archive))
    assert report["appearances"] == 12
    meta = json.loads((index_dir / "papers-meta.json").read_text("utf-8"))
    assert meta == {"schema": SCHEMA_VERSION, "roots": [str(archive.resolve())]}


def test_unknown_index_directory_is_rebuilt_not_crashed_on(archive: Path, index_dir: Path) -> None:
    """No version stamp and a table of contents Whoosh cannot read: start over."""
    (index_dir / "papers-meta.json").unlink()
    next(index_dir.glob("_papers_*.toc")).write_bytes(b"not a whoosh toc at all")
    stats = run("stats", code=1)
    assert one_error_line(stats).endswith("; run `papers index --rebuild PATH` to rebuild it")
    result = run("search", "sparse")
    assert "rebuilt it" in result.stderr and "Traceback" not in result.stderr
    report = as_json("index", str(archive))
    assert (report["files_read"], report["appearances"]) == (4, 12)


def test_read_only_index_answers_searches_and_refuses_writes(open_tmp: Path) -> None:
    folder = daily_archive(open_tmp / "digests", 3)
    more = daily_archive(open_tmp / "more", 2, start=10)
    index = open_tmp / "index"
    with unprivileged():
        run("index", str(folder), "--index", str(index))
        before = snapshot(index)
        index.chmod(0o555)
        try:
            if os.access(index, os.W_OK, effective_ids=True):
                pytest.skip("permissions are not enforced here")
            assert as_json("search", "sparse", "--index", str(index))
            line = one_error_line(run("index", str(more), "--index", str(index), code=1))
            assert line == (
                f"Error: cannot write the index at {index} (Permission denied); "
                "make it writable or choose another folder with --index DIR"
            )
            assert snapshot(index) == before
        finally:
            index.chmod(0o755)
        report = as_json("index", str(more), "--index", str(index))
    assert report["appearances"] == 15


def test_index_owned_by_someone_else_is_refused_clearly(open_tmp: Path) -> None:
    folder = daily_archive(open_tmp / "digests", 1)
    index = open_tmp / "index"
    run("index", str(folder), "--index", str(index))
    with unprivileged():
        if os.access(index, os.W_OK, effective_ids=True):
            pytest.skip("permissions are not enforced here")
        assert as_json("list", "--index", str(index))
        line = one_error_line(run("index", str(folder), "--index", str(index), code=1))
    assert line.startswith(f"Error: cannot write the index at {index} (Permission denied)")


def test_full_disk_keeps_the_last_commit(
    archive: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(index_dir)
    daily_archive(archive, 30, start=10)
    budget = {"bytes": 2048}
    real_write = StructFile.write

    def write(self: StructFile, data: bytes, *args: object) -> object:
        budget["bytes"] -= len(data)
        if budget["bytes"] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data, *args)

    monkeypatch.setattr(StructFile, "write", write)
    line = one_error_line(run("index", str(archive), code=1))
    assert line == (
        f"Error: no space left for the index at {index_dir}; this run saved nothing and the "
        "index keeps its last commit; free some space and run `papers index` again"
    )
    monkeypatch.setattr(StructFile, "write", real_write)
    assert snapshot(index_dir) == before
    assert not lock_held(index_dir)
    report = as_json("index", str(archive))
    assert (report["files_read"], report["appearances"]) == (30, 102)


TINY_DISK = r"""
set -u
mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 77
export PAPERS_INDEX="$DISK/index"
"$PY" -m papercli index "$SMALL" >/dev/null 2>&1 || exit 78
"$PY" -m papercli stats --json > "$OUT/before.json"
head -c 10000000 /dev/zero > "$DISK/filler" 2>/dev/null
"$PY" -m papercli index "$BIG" 2> "$OUT/full.err"
echo $? > "$OUT/full.rc"
"$PY" -m papercli stats --json > "$OUT/after.json" 2> "$OUT/after.err"
rm "$DISK/filler"
"$PY" -m papercli index "$BIG" --json > "$OUT/freed.json" 2> "$OUT/freed.err"
"""


def test_really_full_disk_on_a_tiny_tmpfs(tmp_path: Path) -> None:
    """The real thing where a private mount namespace may mount a 2 MiB tmpfs."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare to mount a tmpfs")
    small = daily_archive(tmp_path / "small", 2)
    big = daily_archive(tmp_path / "big", 20, per_file=5, start=10)
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    env = {
        **os.environ,
        "DISK": str(disk),
        "OUT": str(out),
        "PY": sys.executable,
        "SMALL": str(small),
        "BIG": str(big),
    }
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", TINY_DISK],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode in (1, 77) and not (out / "full.rc").exists():
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()[:200]}")
    assert (out / "full.rc").read_text().strip() == "1"
    line = one_error_line((out / "full.err").read_text())
    assert line.startswith("Error: no space left for the index at ")
    assert json.loads((out / "after.json").read_text()) == json.loads(
        (out / "before.json").read_text()
    )
    freed = json.loads((out / "freed.json").read_text())
    assert freed["appearances"] == 6 + 100


def test_any_single_damaged_file_is_an_answer_or_one_line(archive: Path, index_dir: Path) -> None:
    """Whatever one file of the index loses, a command answers or says the one line."""
    pristine = {p: p.read_bytes() for p in segment_files(index_dir)}
    for victim, data in pristine.items():
        for damaged in (data[: len(data) // 2], b""):
            victim.write_bytes(damaged)
            for command in READERS:
                result = run(*command, "--json", code=None)
                if result.exit_code:
                    line = one_error_line(result)
                    assert line.startswith(f"Error: {damage_message(index_dir)}"), (victim, line)
            victim.write_bytes(data)
    biggest = max(pristine, key=lambda p: len(pristine[p]))
    biggest.unlink()
    result = run("search", "sparse", code=1)
    assert one_error_line(result).startswith(f"Error: {damage_message(index_dir)}")


def rebuild_advice(index: Path, detail: str) -> str:
    return (
        f"Error: the index at {index} cannot be read ({detail}); "
        "run `papers index --rebuild PATH` to rebuild it"
    )


@pytest.mark.parametrize(
    "suffix", ["._stored.col", "._title_len.col", ".date.col", ".paper_id.col", ".votes.col"]
)
def test_a_missing_segment_file_is_damage_not_a_wrong_answer(
    archive: Path, index_dir: Path, suffix: str
) -> None:
    """Whoosh reads a column file it cannot find as a column no entry has a value in:
    without ``date.col`` the list was no longer newest first and --from matched
    nothing, without ``paper_id.col`` a search was an internal error, and doctor
    called the index healthy after rebuilding the catalog from it."""
    (victim,) = [p for p in segment_files(index_dir) if p.name.endswith(suffix)]
    victim.unlink()
    expected = rebuild_advice(index_dir, f"{victim.name} is missing")
    for command in [
        *READERS,
        ["search", "sparse", "--from", "2024-01-03"],
        ["doctor"],
        ["doctor", "--fix"],
        ["index", str(archive)],
    ]:
        assert one_error_line(run(*command, code=1)) == expected, command
    assert_rebuild_recovers(archive, index_dir)
    assert [p["id"] for p in as_json("list", "--limit", "2")] == ["2401.00009", "2401.00010"]
    assert run("doctor").stdout.endswith("No problems found.\n")


def test_files_a_segment_never_had_are_not_missing(tmp_path: Path, index_dir: Path) -> None:
    """A segment has a column only when one of its documents had a value for it, and a
    field's lengths only when one had words in it: entries without a date, votes or
    authors, and a file in no style (a segment without entries), are no damage."""
    notes = write(
        tmp_path / "notes" / "reading-notes.md",
        "## Sparse Routers for Tiny Experts\n\nhttps://arxiv.org/abs/2401.09999\n\n"
        "작은 전문가를 고르는 새로운 라우터를 제안합니다.\n",
    )
    run("index", str(notes))
    names = {p.name.split(".", 1)[1] for p in segment_files(index_dir)}
    assert not names & {"date.col", "_authors_len.col", "_category_len.col"}
    assert [p["id"] for p in as_json("search", "라우터")] == ["2401.09999"]
    stray = write(tmp_path / "notes" / "shopping.md", "우유, 달걀, 빵\n")
    assert run("index", str(stray)).stderr.startswith("Warning:")
    later = daily_archive(tmp_path / "daily", 1)
    run("index", str(later))
    assert [p["id"] for p in as_json("list")] == ["2401.00000", "2401.00001", "2401.00002"] + [
        "2401.09999"
    ]
    assert run("doctor").stdout.endswith("No problems found.\n")


def test_files_a_newer_commit_deleted_are_a_race_not_damage(archive: Path, index_dir: Path) -> None:
    """A commit deletes the files of segments it merged away, so a searcher opened just
    before it finds them gone: ``open_searcher`` opens the new commit, never calls
    that damage."""
    folder = IndexFolder(index_dir)
    searcher = folder.open_searcher()
    try:
        daily_archive(archive, 2, start=10)
        run("index", str(archive), "--optimize")
        lost, replaced = folder.lost_files(searcher.reader())
    finally:
        searcher.close()
    assert lost and replaced
    with folder.searcher() as fresh:
        assert folder.lost_files(fresh.reader()) == ([], False)


@pytest.mark.parametrize("replaced", [True, False])
def test_a_searcher_missing_files_is_opened_again_only_after_a_commit(
    archive: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch, replaced: bool
) -> None:
    folder = IndexFolder(index_dir)
    real = IndexFolder.lost_files
    calls = []

    def lost_once(self: IndexFolder, reader: object) -> tuple[list[str], bool]:
        calls.append(reader)
        return (["papers_gone.date.col"], replaced) if len(calls) == 1 else real(self, reader)

    monkeypatch.setattr(IndexFolder, "lost_files", lost_once)
    if replaced:
        folder.open_searcher().close()
        assert len(calls) == 2
    else:
        with pytest.raises(IndexDamaged) as raised:
            folder.open_searcher()
        assert str(raised.value) == (
            f"the index at {index_dir} cannot be read (papers_gone.date.col is missing); "
            "run `papers index --rebuild PATH` to rebuild it"
        )
        assert len(calls) == 1


def test_a_missing_table_of_contents_is_damage_not_no_index(archive: Path, index_dir: Path) -> None:
    """Segment files without a table of contents are an index Whoosh cannot open, not
    an absent one: "no index; run `papers index PATH`" would have built a new index
    over them, holding only PATH."""
    next(index_dir.glob("_papers_*.toc")).unlink()
    expected = rebuild_advice(index_dir, "its table of contents is missing")
    for command in [*READERS, ["doctor"], ["doctor", "--fix"], ["index", str(archive)]]:
        assert one_error_line(run(*command, code=1)) == expected, command
    assert_rebuild_recovers(archive, index_dir)
    assert run("doctor").stdout.endswith("No problems found.\n")


def test_a_file_only_named_like_the_index_is_no_index(tmp_path: Path) -> None:
    """``papers_todo.txt`` in a folder is no segment file: a search there says there is
    no index (it "rebuilt" one there, as if an older release had written it)."""
    folder = tmp_path / "notes"
    write(folder / "papers_todo.txt", "할 일")
    result = run("search", "foo", "--index", str(folder), code=1)
    assert (
        one_error_line(result)
        == f"Error: no index at {folder}; run `papers index PATH` to build one"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["papers_todo.txt"]


@pytest.mark.parametrize("budget", [0, 2048, 40_000], ids=["opening", "adding", "committing"])
def test_a_run_stopped_by_a_full_disk_leaves_no_files_behind(
    archive: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """Each failed run left its scratch files (``papers.tmp/*.ctmp``), and one that
    failed creating its segment that segment's first file too: every retry on a full
    disk filled it further."""
    before = sorted(p.name for p in index_dir.iterdir())
    daily_archive(archive, 30, start=10)
    left = {"bytes": budget}
    real_write = StructFile.write

    def full_write(self: StructFile, data: bytes, *args: object) -> object:
        left["bytes"] -= len(data)
        if left["bytes"] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data, *args)

    monkeypatch.setattr(StructFile, "write", full_write)
    for _ in range(2):
        left["bytes"] = budget
        line = one_error_line(run("index", str(archive), code=1))
        assert line.startswith(f"Error: no space left for the index at {index_dir};")
        assert sorted(p.name for p in index_dir.iterdir()) == before
    monkeypatch.setattr(StructFile, "write", real_write)
    assert run("doctor").stdout.endswith("No problems found.\n")


TINY_DISK_DOCTOR = r"""
set -u
mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 77
export PAPERS_INDEX="$DISK/index"
"$PY" -m papercli index "$SMALL" >/dev/null 2>&1 || exit 78
"$PY" -m papercli tag 2401.00001 later >/dev/null 2>&1 || exit 79
mkdir "$DISK/index/papers.tmp" && : > "$DISK/index/papers.tmp/killed.ctmp"
head -c 10000000 /dev/zero > "$DISK/filler" 2>/dev/null
"$PY" -m papercli doctor --json > "$OUT/doctor.json"
echo $? > "$OUT/doctor.rc"
"$PY" -m papercli doctor --fix --json > "$OUT/fix.json"
echo $? > "$OUT/fix.rc"
for run in 1 2; do "$PY" -m papercli index "$BIG" 2>> "$OUT/runs.err"; done
ls -A "$DISK/index" > "$OUT/left.txt"
"""


def test_doctor_cleans_up_on_a_really_full_disk(tmp_path: Path) -> None:
    """On a full 2 MiB tmpfs the tag store cannot even be read (SQLite cannot grow its
    shared-memory file: "disk I/O error"), and that stopped doctor before it looked
    at the index folder. It is a problem of its own, named as a full disk."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare to mount a tmpfs")
    small = daily_archive(tmp_path / "small", 2)
    big = daily_archive(tmp_path / "big", 20, per_file=5, start=10)
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    env = {**os.environ, "DISK": str(disk), "OUT": str(out), "PY": sys.executable}
    env.update(SMALL=str(small), BIG=str(big))
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", TINY_DISK_DOCTOR],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode in (1, 77) and not (out / "doctor.rc").exists():
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()[:200]}")
    store = disk / "index.user.sqlite"
    problem = f"the tag store {store} cannot be used: the disk is full"
    found = json.loads((out / "doctor.json").read_text())
    assert (out / "doctor.rc").read_text().strip() == "1"
    assert (found["temporary_files"], found["tag_store_problem"]) == (["papers.tmp"], problem)
    assert (found["problems"], found["papers"]) == (2, 6)
    fixed = json.loads((out / "fix.json").read_text())
    assert (out / "fix.rc").read_text().strip() == "1"
    assert fixed["fixed"]["deleted"] == ["papers.tmp"]
    assert (fixed["temporary_files"], fixed["tag_store_problem"]) == ([], problem)
    errors = (out / "runs.err").read_text().splitlines()
    assert len(errors) == 2 and all(e.startswith("Error: no space left") for e in errors)
    assert "papers.tmp" not in (out / "left.txt").read_text().split()
