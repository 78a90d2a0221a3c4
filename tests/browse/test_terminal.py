"""``papers browse`` as a process on a real pseudo-terminal: it refuses to start where
one of its streams is not a terminal, and SIGTERM ends it with 143 and the terminal as
it was, whether the signal comes while Textual sets up or once the screen is drawn (and
ends any command so while typer still builds it)."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from papercli import cli

ENTER = b"\x1b[?1049h"
LEAVE = b"\x1b[?1049l"


@pytest.mark.parametrize("plain", ["stdin", "stdout", "stderr"])
def test_refuses_a_stream_that_is_not_a_terminal(plain: str, tmp_path: Path) -> None:
    """The first stream that is not a terminal is named (the ones after it are pipes too),
    before any index is looked at (there is none here)."""
    leader, follower = pty.openpty()
    names = ["stdin", "stdout", "stderr"]
    streams = {
        name: follower if names.index(name) < names.index(plain) else subprocess.PIPE
        for name in names
    }
    if plain == "stdin":
        streams["stdin"] = subprocess.DEVNULL
    try:
        done = subprocess.run(
            [sys.executable, "-m", "papercli", "browse", "--index", str(tmp_path / "none")],
            timeout=30,
            **streams,  # type: ignore[call-overload]
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 2
    assert done.stderr == f"Error: papers browse needs a terminal ({plain} is not one)\n".encode()


def _spawn(index: Path) -> tuple[subprocess.Popen[bytes], int]:
    leader, follower = pty.openpty()
    termios.tcsetwinsize(follower, (30, 110))
    child = subprocess.Popen(
        [sys.executable, "-m", "papercli", "browse", "--index", str(index)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(follower)
    return child, leader


def _read(leader: int, until: bytes, seconds: float) -> bytes:
    """What the child draws, up to and with ``until`` or until it closes the terminal."""
    seen = b""
    deadline = time.monotonic() + seconds
    while until not in seen and time.monotonic() < deadline:
        if select.select([leader], [], [], 0.05)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize("moment", [ENTER, b"Quit"], ids=["setting-up", "drawn"])
def test_sigterm_ends_the_browser(moment: bytes, browse_index: Path) -> None:
    """``setting-up``: the moment Textual takes over the screen, when a SIGTERM that
    raised inside its event loop used to hang the process or end in an internal error;
    ``drawn``: once the footer is on the screen."""
    child, leader = _spawn(browse_index)
    try:
        before = termios.tcgetattr(leader)
        assert moment in _read(leader, moment, 20)
        child.send_signal(signal.SIGTERM)
        after_signal = _read(leader, b"commit\r\n", 5)
        code = child.wait(timeout=5)
        after = termios.tcgetattr(leader)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    assert code == 143
    assert LEAVE in after_signal
    said = re.sub(rb"\x1b\[[0-9;?<]*[a-zA-Z]", b"", after_signal.rpartition(LEAVE)[2])
    assert said == b"Error: terminated; the index keeps its last completed commit\r\n"
    assert after == before


def test_sigterm_before_the_command_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """While typer still builds the command (no ``_Group.invoke`` around it yet)."""

    def building() -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(cli, "app", building)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as ended:
            cli.main()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert ended.value.code == 143
    assert capsys.readouterr().err == f"Error: {cli.TERMINATED}\n"
