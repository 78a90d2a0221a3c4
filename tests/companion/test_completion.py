"""Shell completion through typer's own machinery: what bash and zsh would be told."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.cli import app
from tests.helpers import run, runner


def complete(line: str, shell: str = "bash") -> list[str]:
    """The completions for the last word of ``line`` (empty when it ends in a space)."""
    words = line.split()
    current = len(words) if line.endswith(" ") else len(words) - 1
    if shell == "bash":
        env = {
            "_PAPERS_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(current),
        }
    else:
        env = {"_PAPERS_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    result = runner.invoke(app, [], env=env, prog_name="papers", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_paper_ids_complete_for_every_command_taking_one(archive: Path) -> None:
    for command in ("show", "open", "tag", "untag", "note"):
        assert complete(f"papers {command} 2409.129") == ["2409.12917", "2409.12960"]
    assert complete("papers show deeplearn") == ["deeplearn-552001"]
    assert len(complete("papers show ")) == 6


def test_zsh_gets_titles_as_descriptions(archive: Path) -> None:
    out = "\n".join(complete("papers show 2409.1300", shell="zsh"))
    assert '"2409.13001":"Quantized Mixture-of-Experts for On-Device Inference"' in out


def test_tag_names_complete(archive: Path) -> None:
    run("tag", "2409.12917", "to-read", "rl")
    run("tag", "2409.12960", "to-read")
    assert complete("papers list --tag ") == ["to-read", "rl"]
    assert complete("papers list --tag t") == ["to-read"]
    assert complete("papers tag 2409.12917 r") == ["rl"]
    assert complete("papers untag 2409.12917 ") == ["to-read", "rl"]
    assert complete("papers search tag:r") == ["tag:rl"]
    assert complete("papers export tag:") == ["tag:to-read", "tag:rl"]
    assert complete("papers search diff") == []


def test_commands_and_options_complete(archive: Path) -> None:
    assert {"export", "open", "tag", "untag", "note", "config"} <= set(complete("papers "))
    assert "--no-pager" in complete("papers show --")
    assert "--bom" in complete("papers export --")


@pytest.mark.parametrize("line", ["papers show 24", "papers list --tag ", "papers tag 2409 x"])
def test_no_index_completes_nothing_and_never_fails(line: str, index_dir: Path) -> None:
    assert complete(line) == []
    assert not index_dir.exists()


def test_damaged_index_completes_nothing(index_dir: Path) -> None:
    index_dir.mkdir()
    (index_dir / "_papers_1.toc").write_bytes(b"garbage")
    assert complete("papers show 24") == []


def test_install_and_show_completion_are_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a shell to detect (a test run whose parent is not a shell), typer reads
    ``--show-completion`` as a flag; its test switch makes it take the shell's name."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    help_text = run("--help").stdout
    assert "--install-completion" in help_text
    script = run("--show-completion", "bash").stdout
    assert "_PAPERS_COMPLETE=complete_bash" in script


def complete_words(words: list[str], current: int) -> list[str]:
    """Bash's completion as bash calls it: ``COMP_WORDS`` as the words bash split the
    line into (at ``:`` too), joined by the script with newlines."""
    env = {
        "_PAPERS_COMPLETE": "complete_bash",
        "COMP_WORDS": "\n".join(words),
        "COMP_CWORD": str(current),
    }
    result = runner.invoke(app, [], env=env, prog_name="papers", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def tagged(archive: Path) -> Path:
    run("tag", "2409.12917", "to-read", "rl")
    run("tag", "2409.12960", "to-read")
    return archive


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["papers", "search", "tag", ":", "t"], ["to-read"]),
        (["papers", "search", "tag", ":"], ["to-read", "rl"]),
        (["papers", "export", "tag", ":", "r"], ["rl"]),
        (["papers", "search", "--limit", "5", "tag", ":", "t"], ["to-read"]),
        (["papers", "search", "tag", ":", "x"], []),
    ],
)
def test_unquoted_tag_completes_in_bash(
    tagged: Path, words: list[str], expected: list[str]
) -> None:
    """Bash replaces only the text after the colon, so that is what it is given."""
    assert complete_words(words, len(words) - 1) == expected


def test_quoted_tag_completes_whole_in_bash(tagged: Path) -> None:
    assert complete_words(["papers", "search", '"tag:t'], 2) == ["tag:to-read"]


def test_a_word_after_a_colon_word_is_its_own(tagged: Path) -> None:
    assert complete_words(["papers", "search", "tag", ":", "rl", ""], 5) == []
    assert complete_words(["papers", "list", "--tag", "r"], 3) == ["rl"]


def test_unquoted_tag_completes_in_zsh(tagged: Path) -> None:
    """Zsh keeps ``tag:t`` one word; typer escapes the colon for ``_arguments``."""
    assert complete("papers search tag:t", shell="zsh") == [
        '_arguments \'*: :(("tag\\\\:to-read":"2 papers"))\''
    ]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_installed_bash_script_completes_unquoted_tags(
    tagged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The script ``--show-completion bash`` prints, run by bash with the words bash
    gives it for ``papers search tag:t``."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    script = run("--show-completion", "bash").stdout
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    papers = bin_dir / "papers"
    start = "import sys; sys.argv[0] = 'papers'; from papercli.cli import main; main()"
    papers.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{start}" "$@"\n', "utf-8")
    papers.chmod(0o755)
    (tmp_path / "completion.bash").write_text(script, "utf-8")
    line = (
        f"source {tmp_path / 'completion.bash'}\n"
        "COMP_WORDS=(papers search tag : t); COMP_CWORD=4\n"
        "_papers_completion papers\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "to-read\n", "")
