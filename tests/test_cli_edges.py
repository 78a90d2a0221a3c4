"""The edges a new user hits first: the version, `index` without a path, counts and
hints, one line per paper, pages, pipes, Korean dates, and one appearance per row."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pydoc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from papercli import __version__, render
from papercli.engine.layout import META_FILE, SCHEMA_VERSION, roots
from papercli.model import Appearance, Filters, Paper
from tests.conftest import EXAMPLES
from tests.helpers import as_json, copy_examples, run, write
from tests.robustness.helpers import daily, entry

pytestmark = pytest.mark.usefixtures("read_path")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = copy_examples(tmp_path)
    run("index", str(folder))
    return folder


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# -- --version ---------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = run(flag)
    assert result.stdout == f"papers {__version__}\n"
    assert result.stderr == ""


def test_version_loads_neither_whoosh_nor_rich() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['papers', '--version']\n"
        "from papercli.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = [m for m in ('whoosh', 'papercli.render', 'rich.console') if m in sys.modules]\n"
        "    print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"papers {__version__}\n", "[]\n")


# -- index without a path ---------------------------------------------------------------


def test_index_records_its_roots(archive: Path, index_dir: Path) -> None:
    assert roots(index_dir) == [archive.resolve()]
    meta = json.loads((index_dir / META_FILE).read_text("utf-8"))
    assert meta == {"schema": SCHEMA_VERSION, "roots": [str(archive.resolve())]}


def test_index_without_path_refreshes_every_root(archive: Path, tmp_path: Path) -> None:
    other = write(
        tmp_path / "more" / "2024-09-23.md",
        daily("2024-09-23", [entry("2409.20001", "Lone Paper")]),
    )
    run("index", str(other))
    write(
        archive / "2024-09-24.md", daily("2024-09-24", [entry("2409.20002", "A Paper Added Later")])
    )
    other.write_text(daily("2024-09-23", [entry("2409.20001", "Lone Paper", votes=9)]), "utf-8")
    report = as_json("index")
    assert (report["files_read"], report["unchanged"], report["removed"]) == (2, 3, 0)
    assert (report["papers"], report["appearances"]) == (8, 10)
    assert as_json("show", "2409.20001")["appearances"][0]["votes"] == 9
    assert as_json("index")["files_read"] == 0


def test_index_without_path_drops_files_deleted_from_a_root(archive: Path) -> None:
    (archive / "summaries" / "2024-09-22.md").unlink()
    report = as_json("index")
    assert (report["removed"], report["papers"]) == (1, 5)


def test_a_file_inside_a_root_is_not_a_root_of_its_own(archive: Path, index_dir: Path) -> None:
    added = write(archive / "2024-09-24.md", daily("2024-09-24", [entry("2409.20002", "Added")]))
    run("index", str(added))
    hidden = write(
        archive / ".drafts" / "2024-09-25.md", daily("2024-09-25", [entry("2409.20003", "Draft")])
    )
    run("index", str(hidden))
    assert roots(index_dir) == [archive.resolve(), hidden.resolve()]
    assert as_json("index")["papers"] == 8  # the hidden draft stays: it is a root of its own


def test_a_folder_over_older_roots_replaces_them(tmp_path: Path, index_dir: Path) -> None:
    folder = copy_examples(tmp_path)
    run("index", str(folder / "summaries"))
    run("index", str(folder / "daily-papers-2024-09-20.md"))
    run("index", str(folder))
    assert roots(index_dir) == [folder.resolve()]


def test_missing_root_is_skipped_and_its_papers_stay(archive: Path, tmp_path: Path) -> None:
    gone = tmp_path / "usb"
    write(gone / "2024-09-23.md", daily("2024-09-23", [entry("2409.20001", "On The Stick")]))
    run("index", str(gone))
    for path in gone.iterdir():
        path.unlink()
    gone.rmdir()
    result = run("index")
    assert result.stderr.splitlines()[0] == (
        f"Warning: {gone.resolve()}: no longer exists; skipped, its papers stay in the index "
        "(moved? `papers index NEW_PATH` takes its files over; `papers index --rebuild "
        "PATH...` starts over without it)"
    )
    assert as_json("show", "2409.20001")["id"] == "2409.20001"
    assert as_json("index")["warnings"][0].startswith(f"{gone.resolve()}: no longer exists")


def test_a_moved_folder_is_taken_over_at_its_new_place(archive: Path, tmp_path: Path) -> None:
    run("tag", "2409.12917", "keep")
    run("note", "2409.12917", "mine")
    moved = archive.rename(tmp_path / "renamed")
    report = as_json("index", str(moved))
    assert report["warnings"] == [
        f"2 files moved from {archive.resolve()} to {moved.resolve()} (the same content): "
        "indexed at the new place only",
        f"1 file moved from {archive.resolve() / 'summaries'} to "
        f"{moved.resolve() / 'summaries'} (the same content): indexed at the new place only",
    ]
    assert (report["files_read"], report["removed"]) == (3, 3)
    assert (report["papers"], report["appearances"]) == (6, 8)
    assert sorted(a["source"] for a in as_json("show", "2409.12917")["appearances"]) == [
        str(moved.resolve() / "daily-papers-2024-09-20.md"),
        str(moved.resolve() / "insights-2024-09-21.md"),
    ]
    shown = as_json("show", "2409.12917")
    assert (shown["tags"], shown["note"]) == (["keep"], "mine")
    # the old folder is forgotten, not warned about
    assert run("index").stderr.startswith("Indexed: 0 files read, 3 unchanged, 0 failed, 0 removed")


def test_a_moved_file_keeps_the_day_index_date_gave_it(tmp_path: Path) -> None:
    undated = write(
        tmp_path / "inbox" / "notes.md", daily("2024-09-23", [entry("2409.20001", "X")])
    )
    run("index", str(undated), "--date", "2024-05-05")
    moved = write(tmp_path / "kept" / "notes.md", undated.read_bytes())
    undated.unlink()
    assert as_json("index", str(moved))["removed"] == 1
    assert as_json("show", "2409.20001")["appearances"][0]["date"] == "2024-05-05"


def test_a_moved_file_that_changed_is_new_and_its_old_reading_stays(
    archive: Path, tmp_path: Path
) -> None:
    moved = archive.rename(tmp_path / "renamed")
    edited = moved / "summaries" / "2024-09-22.md"
    edited.write_text(edited.read_text("utf-8") + "\n추가한 문장입니다.\n", "utf-8")
    report = as_json("index", str(moved))
    assert (report["removed"], report["appearances"]) == (2, 10)
    assert run("index").stderr.startswith(f"Warning: {archive.resolve()}: no longer exists")


def test_an_unmounted_folder_with_a_copy_indexed_elsewhere_is_no_move(tmp_path: Path) -> None:
    """A plain refresh while a disk is away, with a copy of one of its files in another
    root: the copy is no file new to the index, so nothing moved and nothing is forgotten."""
    text = daily("2024-09-23", [entry("2409.20001", "On The Stick")])
    usb, home = tmp_path / "usb", tmp_path / "home"
    write(usb / "2024-09-23.md", text)
    write(home / "copy-2024-09-23.md", text)
    run("index", str(usb), str(home))
    away = usb.rename(tmp_path / "usb.away")
    refresh = as_json("index")
    assert (refresh["removed"], refresh["appearances"]) == (0, 2)
    assert not any("moved from" in warning for warning in refresh["warnings"])
    away.rename(usb)
    assert as_json("index")["warnings"] == []


def test_of_two_moved_copies_each_keeps_its_own_date(tmp_path: Path) -> None:
    text = daily("2024-09-23", [entry("2409.20001", "Twice")])
    first, second = write(tmp_path / "a" / "mon.md", text), write(tmp_path / "a" / "tue.md", text)
    run("index", str(first), "--date", "2024-03-04")
    run("index", str(second), "--date", "2024-03-05")
    (tmp_path / "a").rename(tmp_path / "b")
    run("index", str(tmp_path / "b"))
    dates = {a["source"]: a["date"] for a in as_json("show", "2409.20001")["appearances"]}
    assert dates == {
        str((tmp_path / "b" / "mon.md").resolve()): "2024-03-04",
        str((tmp_path / "b" / "tue.md").resolve()): "2024-03-05",
    }


def test_a_copy_beside_its_original_is_no_move(archive: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(archive, tmp_path / "copy")
    report = as_json("index", str(copy))
    assert (report["warnings"], report["removed"], report["appearances"]) == ([], 0, 16)


def test_every_root_missing_is_a_usage_error(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path)
    run("index", str(folder))
    moved = tmp_path / "moved"
    folder.rename(moved)
    result = run("index", code=2)
    assert result.stderr == (
        "Error: none of the files and folders this index was built from exists any more "
        f"({folder.resolve()}); index them where they are now with `papers index PATH...` "
        "(or start over from there with `--rebuild`)\n"
    )


def test_no_index_or_no_roots_is_the_usage_error(archive: Path, index_dir: Path) -> None:
    expected = "Error: give at least one file or folder, e.g. `papers index digests/`\n"
    meta = json.dumps({"schema": SCHEMA_VERSION})  # an index from before roots
    (index_dir / META_FILE).write_text(meta, "utf-8")
    assert run("index", code=2).stderr == expected
    assert run("index", "--index", str(index_dir.parent / "none"), code=2).stderr == expected


def test_rebuild_keeps_the_roots(archive: Path, index_dir: Path) -> None:
    report = as_json("index", "--rebuild")
    assert (report["files_read"], report["papers"]) == (3, 6)
    assert roots(index_dir) == [archive.resolve()]


def test_rebuild_without_path_reads_new_files_of_the_roots(archive: Path) -> None:
    write(archive / "2024-09-24.md", daily("2024-09-24", [entry("2409.20002", "Added")]))
    assert as_json("index", "--rebuild")["papers"] == 7


def test_rebuild_with_a_path_starts_the_roots_over(archive: Path, index_dir: Path) -> None:
    run("index", "--rebuild", str(archive / "summaries"))
    assert roots(index_dir) == [(archive / "summaries").resolve()]
    assert as_json("index")["papers"] == 2


def test_rebuild_of_an_index_without_roots_reads_its_files(archive: Path, index_dir: Path) -> None:
    (index_dir / META_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")
    report = as_json("index", "--rebuild")
    assert (report["files_read"], report["papers"]) == (3, 6)
    assert sorted(roots(index_dir)) == sorted(p.resolve() for p in archive.rglob("*.md"))


def test_index_date_needs_a_path(archive: Path) -> None:
    result = run("index", "--date", "2024-09-17", code=2)
    assert result.stderr == "Error: --date dates the digests you name; give their PATH too\n"


# -- counts and hints ---------------------------------------------------------------------


def test_list_title_counts_all_and_hints_at_the_limit(archive: Path) -> None:
    out = run("list", "--limit", "2").stdout
    assert lines_of(out)[0] == "6 papers"
    assert lines_of(out)[-1] == "showing 2 of 6 (--limit 0 for all)"
    whole = run("list").stdout
    assert lines_of(whole)[0] == "6 papers" and "showing" not in whole


def test_one_paper_is_singular(archive: Path) -> None:
    assert (
        lines_of(
            run("list", "--format", "simple_summary", "--date", "2024-09-22", "-n", "1").stdout
        )[0]
        == "2 papers"
    )
    assert lines_of(run("list", "--category", "computer vision").stdout)[0] == "1 paper"
    assert lines_of(run("search", "colorization").stdout)[0] == "1 of 1 paper for 'colorization'"


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--category", "LLM"],
        ["--format", "daily_papers"],
        ["--date", "2024-09-21"],
        ["--from", "2024-09-21", "--to", "2024-09-22"],
        ["--tag", "to-read"],
    ],
)
def test_list_total_is_what_limit_0_lists(archive: Path, options: list[str]) -> None:
    run("tag", "2409.12917", "to-read")
    run("tag", "2409.14100", "to-read")
    every = as_json("list", "--limit", "0", *options)
    out = run("list", "--limit", "1", *options).stdout
    assert lines_of(out)[0] == render.plural(len(every), "paper")
    hint = f"showing 1 of {len(every)} (--limit 0 for all)"
    assert (lines_of(out)[-1] == hint) == (len(every) > 1)


def test_search_hint_when_cut(archive: Path) -> None:
    total = len(as_json("search", "model", "--limit", "0"))
    assert total > 1
    out = run("search", "model", "--limit", "1").stdout
    assert lines_of(out)[0] == f"1 of {total} papers for 'model'"
    assert lines_of(out)[-1] == f"showing 1 of {total} (--limit 0 for all)"
    assert "showing" not in run("search", "model", "--limit", "0").stdout


@pytest.mark.parametrize("day", ["2024-09-20", "9월 20일", "2024년 9월 20일"])
def test_search_takes_a_date_as_every_command_does(archive: Path, day: str) -> None:
    assert run("search", "colorization", "--date", day, "--oneline").stdout.startswith(
        "2409.12960  2024-09-20  13  "
    )


def test_search_names_the_date_option_that_left_nothing(archive: Path) -> None:
    out = run("search", "colorization", "--date", "2024-09-21").stdout
    assert out == (
        "No papers match 'colorization' with --date/--from/--to; 1 paper matches without it.\n"
    )


@pytest.mark.parametrize("command", [["search", "model"], ["export", "--format", "json"]])
def test_negative_votes_are_refused(archive: Path, command: list[str]) -> None:
    result = run(*command, "--min-votes", "-1", code=2)
    assert "Invalid value for '--min-votes': -1 is not in the range x>=0." in result.stderr


def test_a_long_title_wraps_under_itself_when_piped(archive: Path) -> None:
    out = run("search", "self-correct", env={"COLUMNS": "50"}).stdout.splitlines()
    assert out[2:4] == [
        " 1. Training Language Models to Self-Correct via",
        "    Reinforcement Learning",
    ]


@pytest.mark.parametrize("columns", ["18", "23", "40"])
def test_a_narrow_screen_keeps_the_title_whole_under_its_number(
    archive: Path, columns: str
) -> None:
    out = run("search", "self-correct", env={"COLUMNS": columns}).stdout.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith(" 1. "))
    end = next(i for i, line in enumerate(out) if line.strip().startswith("2409.12917"))
    assert all(line.startswith("    ") for line in out[start + 1 : end])
    assert " ".join(line[4:].strip() for line in out[start:end]) == (
        "Training Language Models to Self-Correct via Reinforcement Learning"
    )


# -- --oneline ---------------------------------------------------------------------------


def test_search_oneline(archive: Path) -> None:
    result = run("search", "colorization", "--oneline")
    assert result.stdout == (
        "2409.12960  2024-09-20  13  LVCD: Reference-based Lineart Video Colorization with "
        "Diffusion Models\n"
    )
    assert result.stderr == ""


def test_list_oneline_aligns_and_hints_on_stderr(archive: Path) -> None:
    result = run("list", "--oneline", "--limit", "3")
    assert result.stdout.splitlines() == [
        "2409.14100  2024-09-22  9  Speech Tokenizers Compared: What Makes a Good Audio Codec for LLMs",
        "2409.12960  2024-09-22  4  LVCD: Reference-based Lineart Video Colorization with Diffusion Models",
        "2409.14001  2024-09-21  —  Grounded Answers: Retrieval-Augmented Generation that Cites its Sources",
    ]
    assert result.stderr == "showing 3 of 6 (--limit 0 for all)\n"
    every = run("list", "--oneline", "--sort", "votes", "--limit", "0").stdout.splitlines()
    assert every[:2] == [
        "2409.12917        2024-09-20  52  Training Language Models to Self-Correct via Reinforcement Learning",
        "2409.12960        2024-09-20  13  LVCD: Reference-based Lineart Video Colorization with Diffusion Models",
    ]
    assert every[-1].startswith("deeplearn-552001  2024-09-21   —  Few-Step")


def test_oneline_search_notice_goes_to_stderr(archive: Path) -> None:
    result = run("search", "zzzyyyxxx", "--oneline")
    assert (result.stdout, result.stderr) == ("", "No papers match 'zzzyyyxxx'.\n")


def test_oneline_cuts_titles_to_a_terminal_by_cells() -> None:
    paper = Paper(
        id="2401.00001",
        title="환각을 줄이는 검색 증강 생성의 긴 제목",
        appearances=(Appearance(dt.date(2024, 1, 2), "daily_papers", "a.md", votes=12),),
    )
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system=None, width=40)
    render.oneline(console, [paper])
    assert buffer.getvalue() == "2401.00001  2024-01-02  12  환각을 줄이…\n"
    piped = io.StringIO()
    render.oneline(Console(file=piped, width=40), [paper])
    assert (
        piped.getvalue() == "2401.00001  2024-01-02  12  환각을 줄이는 검색 증강 생성의 긴 제목\n"
    )


def test_oneline_has_four_fields_without_votes_and_shows_latex_readably() -> None:
    paper = Paper(
        id="2401.00002",
        title="LLM$\\times$Relay: Chaining $^2$ Readers",
        appearances=(Appearance(None, "simple_summary", "b.md"),),
    )
    piped = io.StringIO()
    render.oneline(Console(file=piped, width=80), [paper])
    assert piped.getvalue() == "2401.00002  —           —  LLM×Relay: Chaining ² Readers\n"
    assert piped.getvalue().split(maxsplit=3)[:3] == ["2401.00002", "—", "—"]


# -- pages and pipes ---------------------------------------------------------------------


class Screen(io.StringIO):
    """A terminal as far as ``isatty`` can tell."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> tuple[Screen, list[str]]:
    """Commands drawing on a 5-line terminal, with the pager's input recorded."""
    monkeypatch.setenv("LESS", "-R")
    file = Screen()
    monkeypatch.setattr(
        render, "stdout", lambda: Console(file=file, force_terminal=True, width=80, height=5)
    )
    paged: list[str] = []
    monkeypatch.setattr(pydoc, "pager", paged.append)
    return file, paged


@pytest.mark.parametrize("command", [["search", "model"], ["list"], ["list", "--oneline"]])
def test_tall_results_go_through_the_pager(
    archive: Path, screen: tuple[Screen, list[str]], command: list[str]
) -> None:
    file, paged = screen
    run(*command)
    assert file.getvalue() == ""
    assert len(paged) == 1 and "2409.12917" in paged[0]
    run(*command, "--no-pager")
    assert len(paged) == 1 and "2409.12917" in file.getvalue()


def test_results_that_fit_are_not_paged(archive: Path, screen: tuple[Screen, list[str]]) -> None:
    file, paged = screen
    run("search", "colorization", "--oneline")
    assert paged == [] and "2409.12960" in file.getvalue()


def test_piped_output_has_no_trailing_spaces(archive: Path) -> None:
    for command in (
        ["list"],
        ["top", "--date", "2024-09-20"],
        ["search", "model"],
        ["show", "2409.12917"],
        ["related", "2409.12960"],
        ["stats"],
        ["config"],
    ):
        out = run(*command, env={"COLUMNS": "80"}).stdout
        assert out and all(line == line.rstrip() for line in out.splitlines()), command


def test_trimmed_keeps_colour_and_open_lines() -> None:
    target = io.StringIO()
    trimmed = render.terminal._Trimmed(target)
    trimmed.write("a  \x1b[0m\nb \t\nhalf ")
    assert target.getvalue() == "a\x1b[0m\nb\n"
    trimmed.write("done  \n")
    assert target.getvalue() == "a\x1b[0m\nb\nhalf done\n"


def test_closed_pipe_in_process_is_exit_0(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(render, "paper_table", closed)
    result = run("list", code=0)
    assert result.stderr == ""


@pytest.fixture
def big_archive(tmp_path: Path, index_dir: Path) -> Path:
    """Far more than a pipe holds (64 KiB) for every command piped below."""
    body = "긴 요약 문장입니다. " * 40
    for day in range(1, 6):
        papers = [
            entry(f"2402.{day:02d}{k:03d}", f"Sparse Paper {day}-{k}", body=body) for k in range(60)
        ]
        write(tmp_path / "big" / f"2024-02-{day:02d}.md", daily(f"2024-02-{day:02d}", papers))
    long = entry("2402.99999", "The Long One", body="아주 긴 요약입니다. " * 8000)
    write(tmp_path / "big" / "2024-02-06.md", daily("2024-02-06", [long]))
    run("index", str(tmp_path / "big"))
    return tmp_path / "big"


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        "show 2402.99999",
        "list --limit 0",
        "search sparse --limit 0 --oneline",
        "search sparse --limit 0",
        "export",
        "top --date 2024-02 --limit 0",
    ],
)
def test_reader_closing_the_pipe_is_exit_0(big_archive: Path, command: str) -> None:
    papers = f"{sys.executable} -m papercli"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {papers} {command} | head -1 >/dev/null"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")


# -- Korean dates -------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["2024년 9월 20일", "9월 20일", "2024년 9월", "24년 9월 20일"])
def test_top_reads_korean_dates(archive: Path, spec: str) -> None:
    assert as_json("top", "--date", spec, "--limit", "1")[0]["id"] == "2409.12917"


def test_month_and_day_is_the_latest_such_day_with_a_digest(archive: Path, tmp_path: Path) -> None:
    write(tmp_path / "old" / "2023-09-20.md", daily("2023-09-20", [entry("2309.00001", "Older")]))
    run("index", str(tmp_path / "old"))
    assert [p["id"] for p in as_json("top", "--date", "9월 20일")][0] == "2409.12917"
    assert [p["id"] for p in as_json("top", "--date", "2023년 9월 20일")] == ["2309.00001"]


def test_recent_days_in_korean(tmp_path: Path) -> None:
    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)
    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    for day, pid in ((today, "2612.00001"), (yesterday, "2612.00002"), (last_monday, "2612.00003")):
        write(tmp_path / "d" / f"{day}.md", daily(day, [entry(pid, f"Paper of {day}")]))
    run("index", str(tmp_path / "d"))
    assert [p["id"] for p in as_json("top", "--date", "오늘")] == ["2612.00001"]
    assert [p["id"] for p in as_json("list", "--date", "어제")] == ["2612.00002"]
    assert "2612.00003" in [p["id"] for p in as_json("list", "--date", "지난주")]
    this_month = {p["id"] for p in as_json("list", "--date", "이번 달")}
    assert "2612.00001" in this_month
    assert ("2612.00002" in this_month) == (yesterday.month == today.month)


def test_korean_dates_in_every_command(archive: Path) -> None:
    assert {p["id"] for p in as_json("list", "--from", "9월 22일")} == {"2409.14100", "2409.12960"}
    found = as_json("search", "model", "--from", "2024년 9월 20일", "--to", "9월 20일")
    assert found and all(any(a["date"] == "2024-09-20" for a in p["appearances"]) for p in found)
    exported = json.loads(run("export", "--date", "9월 21일").stdout)
    assert sorted(p["id"] for p in exported) == ["2409.12917", "2409.14001", "deeplearn-552001"]


def test_index_date_reads_korean_and_refuses_a_range(tmp_path: Path) -> None:
    digest = tmp_path / "undated.md"
    shutil.copy(EXAMPLES / "summaries" / "2024-09-22.md", digest)
    run("index", str(digest), "--date", "2024년 9월 17일")
    assert as_json("show", "2409.14100")["appearances"][0]["date"] == "2024-09-17"
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 7)
    result = run("index", str(digest), "--date", "지난주", code=2)
    assert result.stderr == (
        f"Error: --date must be one day for index, and '지난주' is {monday} to "
        f"{monday + dt.timedelta(days=6)}; e.g. --date 2024-02-06 or --date '2월 6일'\n"
    )


# -- one appearance per row ----------------------------------------------------------------


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """2401.00001 with 50 votes on 2 January and 5 on 9 January; a rival with 20 on the 9th."""
    folder = tmp_path / "twice"
    write(folder / "2024-01-02.md", daily("2024-01-02", [entry("2401.00001", "Twice Seen", 50)]))
    write(
        folder / "2024-01-09.md",
        daily(
            "2024-01-09", [entry("2401.00001", "Twice Seen", 5), entry("2401.00002", "Rival", 20)]
        ),
    )
    run("index", str(folder))
    return folder


def rows(out: str) -> list[list[str]]:
    """The table's rows: number, votes, date, id."""
    return [line.split()[:4] for line in out.splitlines() if line[:4].strip().isdigit()]


def test_top_shows_the_votes_and_date_that_placed_it(twice: Path) -> None:
    assert rows(run("top", "--date", "2024").stdout) == [
        ["1", "50", "2024-01-02", "2401.00001"],
        ["2", "20", "2024-01-09", "2401.00002"],
    ]
    assert rows(run("top", "--date", "2024-01-09").stdout) == [
        ["1", "20", "2024-01-09", "2401.00002"],
        ["2", "5", "2024-01-09", "2401.00001"],
    ]


def test_list_shows_the_newest_appearance_or_the_most_voted(twice: Path) -> None:
    assert rows(run("list").stdout) == [
        ["1", "20", "2024-01-09", "2401.00002"],
        ["2", "5", "2024-01-09", "2401.00001"],
    ]
    assert rows(run("list", "--sort", "votes").stdout) == [
        ["1", "50", "2024-01-02", "2401.00001"],
        ["2", "20", "2024-01-09", "2401.00002"],
    ]
    assert rows(run("list", "--date", "2024-01-02").stdout) == [
        ["1", "50", "2024-01-02", "2401.00001"]
    ]


def test_search_card_and_line_pair_one_appearance(twice: Path) -> None:
    for sort, expected in (("date", ["2024-01-09", "5"]), ("votes", ["2024-01-02", "50"])):
        line = run("search", "twice", "--oneline", "--sort", sort).stdout
        assert line.split()[:3] == ["2401.00001", *expected]
    assert "2401.00001 · 2024-01-02 · 50 votes" in run("search", "twice").stdout
    line = run("search", "twice", "--oneline", "--from", "2024-01-05").stdout
    assert line.split()[:3] == ["2401.00001", "2024-01-09", "5"]


def appearance(day: int, votes: int | None, category: str | None = None) -> Appearance:
    return Appearance(dt.date(2024, 1, day), "daily_papers", f"{day}.md", votes, category)


def test_placing_is_pure() -> None:
    paper = Paper(
        "2401.00001",
        "T",
        appearances=(appearance(2, 50), appearance(9, 5), appearance(5, None, "LLM")),
    )
    assert render.placing(paper) == appearance(9, 5)
    assert render.placing(paper, sort="votes") == appearance(2, 50)
    assert render.placing(paper, sort="relevance") == appearance(2, 50)
    span = Filters(start=dt.date(2024, 1, 3), end=dt.date(2024, 1, 6))
    assert render.placing(paper, span, "votes") == appearance(5, None, "LLM")
    assert render.placing(paper, Filters(category="llm")) == appearance(5, None, "LLM")
    assert render.placing(paper, Filters(min_votes=0)) == appearance(9, 5)
    tie = Paper("x", "T", appearances=(appearance(9, 5), appearance(9, 7)))
    assert render.placing(tie) == appearance(9, 7)
    assert render.placing(Paper("x", "T")) is None


def test_a_narrow_screen_stacks_the_table_rows(archive: Path) -> None:
    """At 40 columns the table gave the title two letters a line and the votes ``…``."""
    result = run("top", "--date", "2024-09-20", "--limit", "2", env={"COLUMNS": "40"})
    assert result.stdout == (
        "Top papers of 2024-09-20\n\n"
        "1. Training Language Models to\n"
        "   Self-Correct via Reinforcement\n"
        "   Learning\n"
        "   2409.12917 · 2024-09-20 · 52 votes\n"
        "2. LVCD: Reference-based Lineart Video\n"
        "   Colorization with Diffusion Models\n"
        "   2409.12960 · 2024-09-20 · 13 votes\n"
    )
    wide = run("top", "--date", "2024-09-20", "--limit", "2", env={"COLUMNS": "100"}).stdout
    assert "  #   Votes   Date         ID           Title" in wide


def test_a_stacked_row_says_one_vote() -> None:
    paper = Paper(
        id="2401.00001",
        title="A Single Vote",
        appearances=(Appearance(dt.date(2024, 1, 2), "daily_papers", "a.md", votes=1),),
    )
    out = io.StringIO()
    render.paper_table(Console(file=out, width=40), [paper])
    assert [line.rstrip() for line in out.getvalue().splitlines()] == [
        "1. A Single Vote",
        "   2401.00001 · 2024-01-02 · 1 vote",
    ]
