"""Shell completion through typer's own machinery: what bash and zsh would be told."""

from __future__ import annotations

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
