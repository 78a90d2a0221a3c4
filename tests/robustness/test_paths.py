"""Paths: loops, unreadable files and folders, a file reached twice.

Each file is indexed once, every problem is a warning naming the path, and
the run goes on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papercli.files import discover, under
from tests.robustness.helpers import as_json, daily, daily_archive, entry, run, unprivileged


def warnings_of(report: object) -> list[str]:
    assert isinstance(report, dict)
    return report["warnings"]


def test_symlink_loop_is_walked_once_with_a_warning(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 2)
    sub = folder / "nested"
    daily_archive(sub, 1, start=5)
    (sub / "back-to-top").symlink_to(folder, target_is_directory=True)
    (sub / "itself").symlink_to(sub, target_is_directory=True)
    (folder / "self.md").symlink_to(folder / "self.md")
    report = as_json("index", str(folder))
    assert (report["files_read"], report["appearances"]) == (3, 9)
    warnings = warnings_of(report)
    assert any("back-to-top: symlink loop; skipped" in w for w in warnings)
    assert any("itself: symlink loop; skipped" in w for w in warnings)
    assert any("self.md: broken link or symlink loop; skipped" in w for w in warnings)


def test_second_link_to_a_folder_is_no_loop_and_no_duplicate(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    shared = daily_archive(tmp_path / "shared", 1, start=3)
    (folder / "a").symlink_to(shared, target_is_directory=True)
    (folder / "b").symlink_to(shared, target_is_directory=True)
    report = as_json("index", str(folder))
    assert (report["files_read"], report["appearances"], report["warnings"]) == (2, 6, [])


def test_path_given_twice_and_file_inside_folder_are_indexed_once(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 3)
    one = sorted(folder.glob("*.md"))[0]
    link = tmp_path / "link.md"
    link.symlink_to(one)
    report = as_json("index", str(folder), str(folder), str(one), str(link), f"{folder}/../digests")
    assert (report["files_read"], report["papers"], report["appearances"]) == (3, 9, 9)
    assert report["warnings"] == []
    again = as_json("index", str(one), str(folder))
    assert (again["files_read"], again["unchanged"], again["appearances"]) == (0, 3, 9)


def test_nested_roots_are_walked_once(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    daily_archive(folder / "2024", 2, start=4)
    found = discover([folder / "2024", folder, folder / "2024"])
    assert len(found.files) == 3 and found.warnings == ()


def test_broken_link_is_warned_about(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    report = as_json("index", str(folder))
    assert report["files_read"] == 1
    assert any("gone.md: broken link or symlink loop" in w for w in warnings_of(report))


def test_file_name_not_in_utf8_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    legacy = os.fsencode(folder) + b"/\xb3\xed\xb9\xae.md"  # "논문" in CP949
    with open(legacy, "wb") as handle:
        handle.write(daily("2024-05-01", [entry("2405.00001", "Legacy Name")]).encode())
    report = as_json("index", str(folder))
    assert (report["files_read"], report["appearances"]) == (1, 3)
    assert any(
        "\\xb3\\xed\\xb9\\xae.md: file name is not valid UTF-8" in w for w in report["warnings"]
    )
    run("show", "2401.00000")


def test_fifo_and_devices_are_not_read(tmp_path: Path) -> None:
    folder = daily_archive(tmp_path / "digests", 1)
    os.mkfifo(folder / "pipe.md")
    report = as_json("index", str(folder), str(folder / "pipe.md"))
    assert report["files_read"] == 1
    assert any("pipe.md: not a regular file; skipped" in w for w in report["warnings"])


def test_unreadable_file_and_folder_are_warned_about(open_tmp: Path) -> None:
    folder = daily_archive(open_tmp / "digests", 2)
    locked_file = folder / "2024-01-01.md"
    locked_dir = daily_archive(folder / "private", 1, start=7)
    locked_file.chmod(0o000)
    locked_dir.chmod(0o000)
    index = open_tmp / "index"
    with unprivileged():
        if os.access(locked_file, os.R_OK, effective_ids=True):
            pytest.skip("permissions are not enforced here")
        report = as_json("index", str(folder), "--index", str(index))
    assert (report["files_read"], report["failed"], report["appearances"]) == (1, 1, 3)
    warnings = report["warnings"]
    assert any(w.startswith(f"{locked_file}: Permission denied") for w in warnings), warnings
    assert any(w.startswith(f"{locked_dir}: Permission denied") for w in warnings), warnings
    locked_file.chmod(0o644)
    locked_dir.chmod(0o755)
    with unprivileged():
        report = as_json("index", str(folder), "--index", str(index))
    assert (report["files_read"], report["appearances"]) == (2, 9)


@pytest.mark.parametrize(
    ("path", "inside"),
    [
        ("/d/notes", True),
        ("/d/notes/2024/a.md", True),
        ("/d/notes-old/a.md", False),
        ("/d/note", False),
        ("/d", False),
    ],
)
def test_a_file_is_under_a_root_by_whole_parts_only(path: str, inside: bool) -> None:
    assert under(path, (Path("/elsewhere"), Path("/d/notes"))) is inside
    assert under(path, (Path("/"),))
