"""config.toml: optional settings, their precedence, and ``papers config``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from platformdirs import user_data_path

from tests.helpers import as_json, run


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The config file the autouse fixture points ``$PAPERS_CONFIG`` at."""
    return Path(os.environ["PAPERS_CONFIG"])


def settings() -> dict[str, tuple[object, str]]:
    return {name: (row["value"], row["from"]) for name, row in as_json("config").items()}


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user config directory, in the test's own folder (empty)."""
    home = tmp_path / "config-home"
    monkeypatch.setattr("platformdirs.user_config_path", lambda name: home / name)
    return home / "papers"


def test_defaults_without_a_config_file(index_dir: Path, config: Path, config_home: Path) -> None:
    assert settings() == {
        "config_file": (str(config), "$PAPERS_CONFIG; not found"),
        "index": (str(index_dir), "PAPERS_INDEX environment variable"),
        "tag_store": (str(index_dir.parent / "index.user.sqlite"), "beside the index"),
        "limits.search": (20, "default"),
        "limits.top": (10, "default"),
        "limits.list": (50, "default"),
        "glossary": (str(config_home / "glossary.tsv"), "default; not found"),
        "colour": ("never", "NO_COLOR environment variable"),
    }


def test_every_setting_from_the_file(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAPERS_INDEX")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("HOME", str(tmp_path))
    config.write_text(
        'index = "archive/index"\nglossary = "~/words.tsv"\ncolour = "never"\n'
        "[limits]\nsearch = 5\nlist = 0\n",
        "utf-8",
    )
    origin = f"config file {config}"
    found = settings()
    assert found["config_file"] == (str(config), "$PAPERS_CONFIG")
    assert found["index"] == (str(tmp_path / "archive" / "index"), origin)
    assert found["tag_store"][0] == str(tmp_path / "archive" / "index.user.sqlite")
    assert found["glossary"] == (str(tmp_path / "words.tsv"), origin + "; not found")
    assert found["colour"] == ("never", origin)
    assert found["limits.search"] == (5, origin)
    assert found["limits.top"] == (10, "default")
    assert found["limits.list"] == (0, origin)
    text = run("config").stdout
    assert "limits.search" in text and origin in text


def test_glossary_env_wins(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config.write_text('glossary = "mine.tsv"\n', "utf-8")
    (tmp_path / "env.tsv").write_text("chatbot\t챗봇\n", "utf-8")
    monkeypatch.setenv("PAPERS_GLOSSARY", str(tmp_path / "env.tsv"))
    assert settings()["glossary"] == (
        str(tmp_path / "env.tsv"),
        "PAPERS_GLOSSARY environment variable",
    )


def test_index_precedence(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index_dir: Path
) -> None:
    work = tmp_path / "work"
    (work / "index").mkdir(parents=True)
    monkeypatch.chdir(work)
    config.write_text(f'index = "{tmp_path / "from-config"}"\n', "utf-8")

    def where(*args: str) -> tuple[str, str]:
        row = as_json("config", *args)["index"]
        return row["value"], row["from"]

    assert where("--index", str(tmp_path / "opt")) == (str(tmp_path / "opt"), "--index option")
    assert where() == (str(index_dir), "PAPERS_INDEX environment variable")
    monkeypatch.delenv("PAPERS_INDEX")
    assert where() == (str(tmp_path / "from-config"), f"config file {config}")
    config.unlink()
    assert where() == (str(work / "index"), "./index in the current directory")
    (work / "index").rmdir()
    assert where() == (str(user_data_path("papers") / "index"), "user data directory")


def test_limits_from_config_apply(archive: Path, config: Path) -> None:
    config.write_text("[limits]\nlist = 2\ntop = 1\nsearch = 1\n", "utf-8")
    assert len(as_json("list")) == 2
    assert len(as_json("list", "--limit", "0")) == 6
    assert len(as_json("top", "--date", "2024-09-20")) == 1
    assert len(as_json("search", "model")) == 1


def test_colour_setting(archive: Path, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in run("list").stdout
    config.write_text('colour = "always"\n', "utf-8")
    assert "\x1b[" in run("list").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    config.write_text('colour = "auto"\n', "utf-8")
    assert "\x1b[" in run("list").stdout
    config.write_text('colour = "never"\n', "utf-8")
    assert "\x1b[" not in run("list").stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("limts = 1\n", "has unknown setting 'limts' (known: index, limits, glossary, colour)"),
        ("index = [\n", "is not valid TOML"),
        ('colour = "rainbow"\n', "colour in the config file"),
        ("[limits]\nlist = -1\n", "limits.list in the config file"),
        ("[limits]\nshow = 3\n", "limits.show in the config file"),
        ("limits = 3\n", "limits in the config file"),
        ("index = 3\n", "index in the config file"),
    ],
)
def test_bad_config_is_a_one_line_usage_error(
    config: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.delenv("PAPERS_INDEX")
    config.write_text(text, "utf-8")
    result = run("config", code=2)
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- the reader's glossary file: never silently ignored ---------------------------

ENV = "PAPERS_GLOSSARY environment variable"


def unusable(tmp_path: Path, kind: str) -> Path:
    """A glossary file papers cannot use: missing, a folder, binary, or not UTF-8."""
    path = tmp_path / f"{kind}.tsv"
    if kind == "folder":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x00\x00\xff\xfe\tchatbot\n")
    elif kind == "cp949":
        path.write_bytes("chatbot\t챗봇\n".encode("cp949"))
    return path


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("missing", "not found"),
        ("folder", "not a readable text file"),
        ("binary", "not a readable text file"),
        ("cp949", "not a readable text file"),
    ],
)
def test_config_says_when_the_glossary_file_cannot_be_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, problem: str
) -> None:
    path = unusable(tmp_path, kind)
    monkeypatch.setenv("PAPERS_GLOSSARY", str(path))
    assert settings()["glossary"] == (str(path), f"{ENV}; {problem}")
    assert f"glossary       {path}\n               {ENV}; {problem}\n" in run("config").stdout


@pytest.mark.parametrize("kind", ["missing", "folder", "binary", "cp949"])
def test_a_search_warns_once_when_the_named_glossary_cannot_be_used(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = unusable(tmp_path, kind)
    monkeypatch.setenv("PAPERS_GLOSSARY", str(path))
    problem = "not found" if kind == "missing" else "not a readable text file"
    warning = (
        f"Warning: your glossary {path} ({ENV}) is {problem}; the packaged glossary alone is used\n"
    )
    result = run("search", "diffusion", "--json")
    assert result.stderr == warning
    assert [p["id"] for p in json.loads(result.stdout)] == ["deeplearn-552001", "2409.12960"]
    assert run("search", "diffusion", "--no-pager").stderr == warning
    assert run("glossary", "diffusion").stderr == warning
    assert run("export", "diffusion", "--format", "jsonl").stderr == warning
    assert run("list").stderr == ""


def test_a_glossary_named_in_the_config_file_that_is_missing_is_warned_about(
    archive: Path, config: Path
) -> None:
    config.write_text('glossary = "words.tsv"\n', "utf-8")
    missing = config.parent / "words.tsv"
    assert settings()["glossary"] == (str(missing), f"config file {config}; not found")
    assert run("search", "diffusion", "--no-pager").stderr == (
        f"Warning: your glossary {missing} (config file {config}) is not found; "
        "the packaged glossary alone is used\n"
    )


def test_no_glossary_file_at_the_default_place_is_no_warning(
    archive: Path, config_home: Path
) -> None:
    assert settings()["glossary"] == (str(config_home / "glossary.tsv"), "default; not found")
    assert run("search", "diffusion", "--no-pager").stderr == ""


def test_an_unusable_file_at_the_default_place_is_warned_about(
    archive: Path, config_home: Path
) -> None:
    (config_home / "glossary.tsv").mkdir(parents=True)
    assert run("search", "diffusion", "--no-pager").stderr == (
        f"Warning: your glossary {config_home / 'glossary.tsv'} (default) is not a readable "
        "text file; the packaged glossary alone is used\n"
    )


def test_a_usable_glossary_file_is_no_warning_and_is_used(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("diffusion\t퍼짐 모델\n", "utf-8")
    monkeypatch.setenv("PAPERS_GLOSSARY", str(mine))
    assert settings()["glossary"] == (str(mine), ENV)
    result = run("glossary", "diffusion")
    assert result.stderr == ""
    assert result.stdout.splitlines()[2] == f"  퍼짐 모델  glossary ({mine})"
