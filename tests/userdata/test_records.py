"""Export and import of the reader's data: a JSON-lines round trip into a fresh store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from papercli.errors import UsageError
from papercli.tags import UserStore
from papercli.userdata.db import UserDataError
from papercli.userdata.records import RestoreReport

LIVE = {"2411.99901": "Sparse Routing for Tiny Experts", "2402.00002": "Denoising Old Maps"}


def by_id_then_title(record: dict[str, Any]) -> str | None:
    """What the lead's import does: the id if the index has it, else the title's paper."""
    if record["id"] in LIVE:
        return str(record["id"])
    titles = {title.casefold(): pid for pid, title in LIVE.items()}
    return titles.get((record["title"] or "").casefold())


def jsonl_round_trip(store: UserStore) -> list[dict[str, Any]]:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in store.dump())
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def exported(tmp_path: Path) -> UserStore:
    store = UserStore(tmp_path / "old.user.sqlite")
    store.add_tags("deeplearn-1", ["radar"], title="Sparse Routing for Tiny Experts")
    store.set_note("deeplearn-1", "라우팅 손실")
    store.move({"deeplearn-1": "2411.99901"})
    store.citation_keys({"2411.99901": "lee2024sparse"})
    store.add_tags("2402.00001", ["maps", "to-read"], title="denoising old maps")
    store.set_note("gone-9", "어디에도 없는 논문")
    return store


def test_dump_then_restore_into_a_fresh_store(exported: UserStore, tmp_path: Path) -> None:
    records = jsonl_round_trip(exported)
    fresh = UserStore(tmp_path / "new.user.sqlite")
    report = fresh.restore(records, by_id_then_title)
    assert report == RestoreReport(restored=2, merged=0, unmatched=1)
    old = {r["id"]: r for r in exported.dump()}
    new = {r["id"]: r for r in fresh.dump()}
    assert sorted(new) == ["2402.00002", "2411.99901", "gone-9"]
    assert new["2411.99901"] == old["2411.99901"]
    assert new["gone-9"] == old["gone-9"]
    assert new["2402.00002"] == {**old["2402.00001"], "id": "2402.00002", "aliases": ["2402.00001"]}
    assert fresh.tags("2402.00001") == ("maps", "to-read")
    assert fresh.tags("deeplearn-1") == ("radar",)
    assert [o.id for o in fresh.orphans(LIVE)] == ["gone-9"]


def test_importing_twice_changes_nothing(exported: UserStore, tmp_path: Path) -> None:
    records = jsonl_round_trip(exported)
    fresh = UserStore(tmp_path / "new.user.sqlite")
    fresh.restore(records, by_id_then_title)
    once = list(fresh.dump())
    assert fresh.restore(records, by_id_then_title) == RestoreReport(0, 2, 1)
    assert list(fresh.dump()) == once


def test_restore_merges_into_data_already_there(exported: UserStore, tmp_path: Path) -> None:
    fresh = UserStore(tmp_path / "new.user.sqlite")
    fresh.add_tags("2411.99901", ["mine"])
    fresh.set_note("2411.99901", "새 메모")
    fresh.citation_keys({"9999.00001": "lee2024sparse"})
    report = fresh.restore(jsonl_round_trip(exported), by_id_then_title)
    assert report == RestoreReport(restored=1, merged=1, unmatched=1)
    assert fresh.tags("2411.99901") == ("mine", "radar")
    assert fresh.note("2411.99901") == "새 메모\n\n라우팅 손실"
    assert fresh.citation_keys({"2411.99901": "other2024"}) == {"2411.99901": "other2024"}
    assert fresh.citation_keys({"9999.00001": "x"}) == {"9999.00001": "lee2024sparse"}


def test_absent_fields_are_empty_and_tag_names_are_normalised(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "u.sqlite")
    records = [{"id": "a", "tags": [{"name": "To-Read", "added": "2025-01-01T00:00:00+00:00"}]}]
    assert store.restore(records, lambda r: None) == RestoreReport(0, 0, 1)
    assert store.tags("a") == ("to-read",)


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("text", "not an object"),
        ({"tags": []}, "no id"),
        ({"id": "a", "note": 3}, "note is not text"),
        ({"id": "a", "tags": ["x"]}, "tags are not a list of {name, added}"),
        ({"id": "a", "aliases": "b"}, "aliases are not a list of ids"),
    ],
)
def test_a_malformed_record_stops_the_import_before_any_write(
    tmp_path: Path, bad: object, problem: str
) -> None:
    path = tmp_path / "u.sqlite"
    good = {"id": "ok", "note": "메모"}
    with pytest.raises(UserDataError) as caught:
        UserStore(path).restore([good, bad], lambda r: None)  # type: ignore[list-item]
    assert str(caught.value) == f"record 2 of the import is not a papers record: {problem}"
    assert not path.exists()


def test_a_bad_tag_name_in_a_record_is_refused(tmp_path: Path) -> None:
    records = [{"id": "a", "tags": [{"name": "two words", "added": "t"}]}]
    with pytest.raises(UsageError, match="a tag is one word"):
        UserStore(tmp_path / "u.sqlite").restore(records, lambda r: None)
