"""A ``tag`` or ``note`` racing an index run's moves, in two real processes, loses nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from papercli.tags import UserStore

ROOT = Path(__file__).resolve().parents[2]
PAPERS = 8
ROUNDS = 10
WRITER = """
import sys
import time
from pathlib import Path
from papercli.tags import UserStore

store = UserStore(Path(sys.argv[1]))
print("ready", flush=True)
for n in range(int(sys.argv[2])):
    for i in range(int(sys.argv[3])):
        store.add_tags(f"a{i}", [f"t{n}"])
        store.set_note(f"a{i}", f"note {n}")
        time.sleep(0.002)  # a reader's pace, not a flood that starves the mover
"""


@pytest.mark.slow
def test_writes_to_old_ids_survive_concurrent_moves(tmp_path: Path) -> None:
    path = tmp_path / "index.user.sqlite"
    store = UserStore(path)
    for i in range(PAPERS):
        store.add_tags(f"a{i}", ["start"])
    cycle = [("a", "b"), ("b", "c"), ("c", "a")]  # relink, relink again, un-merge
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(ROUNDS), str(PAPERS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    moves = 0
    while writer.poll() is None:
        old, new = cycle[moves % 3]
        store.move({f"{old}{i}": f"{new}{i}" for i in range(PAPERS)})
        moves += 1
        time.sleep(0.002)
    assert (writer.returncode, writer.stderr.read() if writer.stderr else "") == (0, "")
    assert moves >= 10, "the two processes barely overlapped"

    every_tag = ("start", *sorted(f"t{n}" for n in range(ROUNDS)))
    current = {store.resolve(f"a{i}") for i in range(PAPERS)}
    assert current == {f"{'abc'[moves % 3]}{i}" for i in range(PAPERS)}
    for i in range(PAPERS):
        names = {f"a{i}", f"b{i}", f"c{i}"}
        assert store.ids_for(f"a{i}") == names
        assert store.tags(f"a{i}") == tuple(sorted(every_tag))
        assert store.note(f"a{i}") == f"note {ROUNDS - 1}"
    assert sorted(r["id"] for r in store.dump()) == sorted(current)
    assert store.orphans(current) == []


OPEN = """
import sys
from pathlib import Path
from papercli.tags import UserStore

print(UserStore(Path(sys.argv[1])).tags("2403.01001"))
"""


@pytest.mark.slow
def test_processes_opening_a_format_1_store_together_migrate_it_once(
    v1_path: Path, v1_bytes: bytes
) -> None:
    opening = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, str(v1_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    assert [p.communicate() for p in opening] == [("('radar',)\n", "")] * 4
    assert [p.name for p in v1_path.parent.glob("*.bak")] == ["index.user.sqlite.v1.bak"]
    assert (v1_path.parent / "index.user.sqlite.v1.bak").read_bytes() == v1_bytes
