"""Reader data follows a paper whose id changes, and every id it had still reaches it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from papercli.tags import TagNotFound, UserStore
from papercli.userdata import rows
from papercli.userdata.records import Orphan

DL, ARXIV = "deeplearn-543512", "2411.99901"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Stamps handed out in order, so that 'earlier' is under the test's control."""
    stamps = [f"2025-01-{day:02}T00:00:00+00:00" for day in range(1, 29)]
    handed: list[str] = []

    def now() -> str:
        handed.append(stamps[len(handed)])
        return handed[-1]

    monkeypatch.setattr(rows, "now", now)
    yield handed


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return UserStore(tmp_path / "index.user.sqlite")


def record(store: UserStore, paper_id: str) -> dict:
    found = [r for r in store.dump() if r["id"] == paper_id]
    assert len(found) == 1
    return found[0]


def test_move_carries_tags_note_key_and_title(store: UserStore, clock: list[str]) -> None:
    store.add_tags(DL, ["radar"], title="Sparse Routing for Tiny Experts")
    store.set_note(DL, "라우팅 손실 다시 보기")
    store.citation_keys({DL: "lee2024sparse"})
    store.move({DL: ARXIV})
    assert [r["id"] for r in store.dump()] == [ARXIV]
    assert record(store, ARXIV) == {
        "id": ARXIV,
        "title": "Sparse Routing for Tiny Experts",
        "tags": [{"name": "radar", "added": clock[0]}],
        "note": "라우팅 손실 다시 보기",
        "note_updated": clock[1],
        "citation_key": "lee2024sparse",
        "citation_key_pinned": clock[2],
        "aliases": [DL],
    }


def test_move_merges_tags_as_a_union_keeping_the_earlier_time(
    store: UserStore, clock: list[str]
) -> None:
    store.add_tags(ARXIV, ["radar", "rl"])
    store.add_tags(DL, ["radar", "moe"])
    store.move({DL: ARXIV})
    assert record(store, ARXIV)["tags"] == [
        {"name": "moe", "added": clock[1]},
        {"name": "radar", "added": clock[0]},
        {"name": "rl", "added": clock[0]},
    ]


@pytest.mark.parametrize(
    ("old", "new", "joined"),
    [
        ("첫 메모", "둘째 메모", "둘째 메모\n\n첫 메모"),
        ("같은 메모", "같은 메모", "같은 메모"),
        ("첫 메모", None, "첫 메모"),
        (None, "둘째 메모", "둘째 메모"),
    ],
)
def test_move_joins_notes(store: UserStore, old: str | None, new: str | None, joined: str) -> None:
    store.set_note(DL, old)
    store.set_note(ARXIV, new)
    store.move({DL: ARXIV})
    assert store.notes_for([DL, ARXIV]) == {DL: joined, ARXIV: joined}


@pytest.mark.parametrize("older", [DL, ARXIV])
def test_move_keeps_the_earlier_pinned_citation_key_and_frees_the_other(
    store: UserStore, clock: list[str], older: str
) -> None:
    newer = ARXIV if older == DL else DL
    store.citation_keys({older: "first2024"})
    store.citation_keys({newer: "second2024"})
    store.move({DL: ARXIV})
    assert store.citation_keys({ARXIV: "x"}) == {ARXIV: "first2024"}
    assert store.citation_keys({"2501.00001": "second2024"}) == {"2501.00001": "second2024"}


def test_a_key_pinned_before_format_2_counts_as_the_earliest(v1_path: Path) -> None:
    store = UserStore(v1_path)
    store.citation_keys({ARXIV: "fresh2025"})
    store.move({ARXIV: "2403.01002"})
    assert store.citation_keys({"2403.01002": "x"}) == {"2403.01002": "kim2024denoising"}
    store.move({"2403.01002": "2403.01003"})
    assert store.citation_keys({"2403.01003": "x"}) == {"2403.01003": "kim2024denoising"}


def test_reads_and_writes_by_an_old_id_reach_the_current_one(store: UserStore) -> None:
    store.add_tags(DL, ["radar"])
    store.move({DL: ARXIV})
    assert store.tags(DL) == ("radar",)
    assert store.add_tags(DL, ["moe"]) == ("moe", "radar")
    store.set_note(DL, "메모")
    assert store.note(ARXIV) == "메모"
    assert store.tags_for([DL, ARXIV, "other"]) == {DL: ("moe", "radar"), ARXIV: ("moe", "radar")}
    assert store.tagged(["radar", "moe"]) == {DL, ARXIV}
    assert store.tag_counts() == {"moe": 1, "radar": 1}
    assert store.citation_keys({DL: "lee2024"}) == {DL: "lee2024"}
    assert store.citation_keys({ARXIV: "x"}) == {ARXIV: "lee2024"}
    assert store.remove_tags(DL, ["moe"]) == ("radar",)
    with pytest.raises(TagNotFound, match=f"^{DL} has no tag 'moe'$"):
        store.remove_tags(DL, ["radar", "moe"])
    store.set_note(DL, None)
    assert store.note(ARXIV) is None
    assert [r["id"] for r in store.dump()] == [ARXIV]


def test_aliases_stay_one_step_through_chains_and_moves_back(store: UserStore) -> None:
    store.add_tags("a", ["x"])
    store.move({"a": "b"})
    store.move({"b": "c"})
    assert (store.resolve("a"), store.resolve("b"), store.resolve("c")) == ("c", "c", "c")
    assert store.ids_for("a") == {"a", "b", "c"}
    store.move({"c": "a"})  # un-merge: the data goes home
    assert (store.resolve("a"), store.resolve("b"), store.resolve("c")) == ("a", "a", "a")
    assert record(store, "a")["aliases"] == ["b", "c"]
    assert store.tags("c") == ("x",)


def test_unmerging_moves_the_data_back_to_the_old_id(store: UserStore) -> None:
    store.add_tags(DL, ["radar"])
    store.set_note(DL, "처음 메모")
    store.move({DL: ARXIV})
    store.add_tags(ARXIV, ["later"])
    store.move({ARXIV: DL})
    assert store.tags(DL) == ("later", "radar")
    assert store.note(DL) == "처음 메모"
    assert store.ids_for(DL) == {DL, ARXIV}
    assert store.orphans([DL]) == []
    store.add_tags(ARXIV, ["via-arxiv"])
    assert store.tags(DL) == ("later", "radar", "via-arxiv")


def test_moves_apply_in_order_in_one_call(store: UserStore) -> None:
    store.add_tags("a", ["x"])
    store.add_tags("b", ["y"])
    store.move({"a": "b", "b": "c", "d": "d"})
    assert store.tags_for(["a", "b", "c", "d"]) == {
        "a": ("x", "y"),
        "b": ("x", "y"),
        "c": ("x", "y"),
    }
    assert store.ids_for("c") == {"a", "b", "c"}
    assert store.resolve("d") == "d"


def test_a_title_is_kept_only_while_there_is_data(store: UserStore) -> None:
    store.add_tags("a", ["x"], title=" Old Title ")
    store.set_note("a", "메모", title="Newer Title")
    assert record(store, "a")["title"] == "Newer Title"
    store.remove_tags("a", ["x"])
    assert record(store, "a")["title"] == "Newer Title"
    store.set_note("a", None)
    assert list(store.dump()) == []
    store.add_tags("a", ["x"])
    assert record(store, "a")["title"] is None


def test_orphans_and_reattach(store: UserStore) -> None:
    store.add_tags("live", ["x"])
    store.add_tags("gone-1", ["y", "z"], title="Lost Paper")
    store.set_note("gone-2", "메모")
    store.citation_keys({"gone-3": "kim2024", "live": "lee2024"}, titles={"gone-3": "Keyed"})
    assert store.orphans(["live"]) == [
        Orphan("gone-1", ("y", "z"), None, "Lost Paper", None),
        Orphan("gone-2", (), "메모", None, None),
        Orphan("gone-3", (), None, "Keyed", "kim2024"),
    ]
    store.reattach("gone-1", "live")
    assert store.tags("live") == ("x", "y", "z")
    assert store.tags("gone-1") == ("x", "y", "z")
    assert [o.id for o in store.orphans(["live"])] == ["gone-2", "gone-3"]
    assert record(store, "live")["title"] == "Lost Paper"


LINK = "link-59fce57603"


def test_undoing_a_merge_gives_every_other_id_back_its_own(
    store: UserStore, clock: list[str]
) -> None:
    store.add_tags(DL, ["radar", "shared"], title="Sparse Routing")
    store.set_note(DL, "딥런 메모")
    store.citation_keys({DL: "lee2024sparse"})
    store.add_tags(LINK, ["link", "shared"], title="Sparse routing")
    store.set_note(LINK, "링크 메모")
    store.citation_keys({LINK: "lee2024link"})
    store.move({DL: ARXIV, LINK: ARXIV})
    assert record(store, ARXIV)["citation_key"] == "lee2024sparse"
    store.add_tags(ARXIV, ["while-merged"])
    store.move({ARXIV: LINK})
    assert sorted(r["id"] for r in store.dump()) == [DL, LINK]
    assert record(store, DL) == {
        "id": DL,
        "title": "Sparse Routing",
        "tags": [{"name": "radar", "added": clock[0]}, {"name": "shared", "added": clock[0]}],
        "note": "딥런 메모",
        "note_updated": clock[1],
        "citation_key": "lee2024sparse",
        "citation_key_pinned": clock[2],
        "aliases": [],
    }
    assert record(store, LINK) == {
        "id": LINK,
        "title": "Sparse routing",
        "tags": [
            {"name": "link", "added": clock[3]},
            {"name": "shared", "added": clock[0]},
            {"name": "while-merged", "added": clock[7]},
        ],
        "note": "링크 메모",
        "note_updated": clock[4],
        "citation_key": "lee2024link",
        "citation_key_pinned": clock[5],
        "aliases": [ARXIV],
    }
    assert (store.resolve(DL), store.resolve(ARXIV)) == (DL, LINK)


def test_what_changed_while_merged_stays_changed(store: UserStore) -> None:
    store.add_tags(DL, ["radar", "dropped"])
    store.set_note(DL, "딥런 메모")
    store.add_tags(LINK, ["link"])
    store.move({DL: ARXIV, LINK: ARXIV})
    store.remove_tags(ARXIV, ["dropped"])
    store.set_note(ARXIV, "합쳐진 뒤 새로 쓴 메모")
    store.move({ARXIV: LINK})
    assert (store.tags(DL), store.note(DL)) == (("radar",), None)
    assert (store.tags(LINK), store.note(LINK)) == (("link",), "합쳐진 뒤 새로 쓴 메모")


def test_a_merge_into_another_arxiv_id_is_no_undo(store: UserStore) -> None:
    store.add_tags(DL, ["radar"])
    store.add_tags(LINK, ["link"])
    store.move({DL: ARXIV, LINK: ARXIV})
    store.move({ARXIV: "2411.00001"})
    assert store.ids_for(DL) == {DL, LINK, ARXIV, "2411.00001"}
    store.move({"2411.00001": LINK})
    assert (store.tags(DL), store.tags(LINK)) == (("radar",), ("link",))
    assert store.ids_for(LINK) == {LINK, ARXIV, "2411.00001"}


def test_undoing_a_merge_takes_back_a_note_only_as_the_block_it_was(store: UserStore) -> None:
    """A part's note that is also words of another's (``재현 필요`` in ``좋은 논문. 재현
    필요``) is taken back as the block the merge joined, not cut out of the other."""
    store.set_note(DL, "좋은 논문. 재현 필요")
    store.set_note(LINK, "재현 필요")
    store.move({DL: ARXIV})
    store.move({LINK: ARXIV})
    assert store.note(ARXIV) == "좋은 논문. 재현 필요\n\n재현 필요"
    store.move({ARXIV: DL})
    assert (store.note(DL), store.note(LINK)) == ("좋은 논문. 재현 필요", "재현 필요")
