"""Terminal safety: digest text is untrusted and reaches the screen inert.

Escape sequences and control characters never reach the terminal, rich
markup in digest text is shown literally, only http(s) URLs become
clickable, and JSON escapes what a terminal would otherwise interpret.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from papercli import render
from papercli.model import Appearance, Paper
from tests.robustness.helpers import daily, run, write

ATTACK = (
    "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ "
    "\x9b2J\x9d0;c1\x9c \x07\x08\r\u202eevil\u202c \x1bP+q\x1b\\ "
    "[bold]b[/bold] [link=javascript:alert(1)]j[/link] :smile:"
)
MARKUP = "[link=javascript:alert(1)]j[/link]"
FOREIGN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^;\x1b\x07]*;[^\x1b\x07]*\x1b\\")
LINK = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")


def hostile(
    url: str | None = "javascript:alert(1)", pdf: str | None = "file:///etc/passwd"
) -> Paper:
    appearance = Appearance(
        date=dt.date(2024, 3, 4),
        format="category_insights",
        source=f"/archive/[red]src[/red]\x1b[2J{MARKUP}.md",
        votes=3,
        category=f"LLM {MARKUP}\x1b[5m",
        fields=("field\x1b[1m", MARKUP),
        summary="summary " + ATTACK,
        media=("javascript:alert(2)", "https://cdn.example/t.png"),
    )
    return Paper(
        id="2403.00001",
        title="Title " + ATTACK,
        authors=("Author " + ATTACK,),
        url=url,
        pdf_url=pdf,
        appearances=(appearance,),
    )


def screens(draw) -> tuple[str, str]:
    """What ``draw(console)`` shows on a plain stream and on a colour terminal."""
    outputs = []
    for terminal in (False, True):
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=terminal,
            color_system="truecolor" if terminal else None,
            width=100,
            highlight=False,
            emoji=False,
        )
        draw(console)
        outputs.append(buffer.getvalue())
    return outputs[0], outputs[1]


def assert_inert(plain: str, terminal: str) -> None:
    assert not FOREIGN.search(plain), repr(FOREIGN.search(plain))
    assert "\x1b" not in plain
    leftover = OWN_SEQUENCES.sub("", terminal)
    assert "\x1b" not in leftover, repr(leftover[leftover.index("\x1b") - 20 :][:60])
    assert not FOREIGN.search(leftover), repr(FOREIGN.search(leftover))
    for url in LINK.findall(terminal):
        assert url == "" or url.startswith(("http://", "https://")), url


DRAWINGS = {
    "table": lambda c: render.paper_table(c, [hostile()], title="papers"),
    "search": lambda c: render.search_hits(
        c, [hostile()], ["snippet " + ATTACK], title="1 of 1 papers for " + repr(ATTACK)
    ),
    "show": lambda c: render.paper_detail(c, hostile()),
    "message": lambda c: render.message(c, ATTACK),
    "error": lambda c: render.error(c, ATTACK),
    "report": lambda c: render.index_report(
        c,
        {
            "warnings": [ATTACK],
            "rebuilt": ATTACK,
            "files_read": 1,
            "unchanged": 0,
            "failed": 0,
            "removed": 0,
            "papers": 1,
            "appearances": 1,
            "size": 1,
        },
    ),
    "doctor": lambda c: render.doctor_report(
        c,
        {
            "index": f"/tmp/{MARKUP}",
            "tag_store": f"/tmp/{MARKUP}.user.sqlite",
            "problems": 2,
            "papers": 1,
            "catalog": "current",
            "lock": "free",
            "leftover_files": [ATTACK],
            "temporary_files": [],
            "orphans": [
                {
                    "id": "deeplearn-1",
                    "title": ATTACK,
                    "tags": ["x"],
                    "note": ATTACK,
                    "citation_key": None,
                    "match": None,
                    "matched_by": None,
                    "candidates": [],
                }
            ],
        },
        {
            "reattached": [{"from": "deeplearn-2", "to": "2401.00001", "matched_by": "title"}],
            "deleted": [ATTACK],
            "catalog_rebuilt": True,
            "warnings": [ATTACK],
        },
    ),
    "stats": lambda c: render.stats(
        c,
        {
            "index": f"/tmp/{MARKUP}\x1b[2J",
            "papers": 1,
            "appearances": 1,
            "files": 1,
            "formats": {"daily_papers": 1},
            "first_date": None,
            "last_date": None,
            "size": 1,
        },
        "--index option",
    ),
}


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_escapes_and_controls_never_reach_the_terminal(name: str) -> None:
    assert_inert(*screens(DRAWINGS[name]))


@pytest.mark.parametrize("name", ["table", "search", "show", "stats", "doctor"])
def test_markup_in_digest_text_is_shown_literally(name: str) -> None:
    plain, terminal = screens(DRAWINGS[name])
    assert MARKUP in plain
    assert "javascript" not in "".join(LINK.findall(terminal))


def test_panel_titles_and_sources_are_literal() -> None:
    plain, _ = screens(DRAWINGS["show"])
    assert f"LLM {MARKUP}" in plain
    assert "/archive/[red]src[/red]" in plain


def test_only_http_links_are_clickable() -> None:
    _, terminal = screens(lambda c: render.paper_detail(c, hostile()))
    assert LINK.findall(terminal) == [] or set(LINK.findall(terminal)) == {""}
    safe = hostile(url="https://arxiv.org/abs/2403.00001", pdf="https://arxiv.org/pdf/2403.00001")
    _, terminal = screens(lambda c: render.paper_detail(c, safe))
    links = set(LINK.findall(terminal)) - {""}
    assert links == {"https://arxiv.org/abs/2403.00001", "https://arxiv.org/pdf/2403.00001"}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "https://ok.example/\x1b]8;;javascript:alert(1)\x1b\\",
        "https://ok.example/\x9d0;t\x9c",
        "https://ok.example/\u202eexe.fdp",
        "http://a b",
        "//evil.example",
        "",
        None,
    ],
)
def test_safe_url_refuses_everything_but_plain_http(url: str | None) -> None:
    assert render.safe_url(url) is None


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/2403.00001", "HTTP://example.org/a_(b)"])
def test_safe_url_keeps_http_links(url: str) -> None:
    assert render.safe_url(url) == url


def test_json_escapes_everything_a_terminal_would_interpret(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paper = hostile()
    render.print_json(paper.to_dict())
    out = capsys.readouterr().out
    assert not re.search(
        r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", out
    )
    assert json.loads(out) == paper.to_dict()
    assert "\\u001b" in out and "\\u009b" in out


def test_hostile_digest_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A digest full of escapes, markup and a javascript: link, through every command."""
    title = f"Safe \x1b]8;;http://evil.example\x07Title\x1b]8;;\x07 {MARKUP} \x1b[2J\x9b1m"
    text = daily(
        "2024-03-04",
        [
            f"### [{title}](https://arxiv.org/abs/2403.00002)\n\nVote: 4\n\n"
            f"Authors: Eve \x1b[8mHidden\x1b[0m\n\n- **What's New**: body {ATTACK}\n",
            "### [Script Link Paper](javascript:alert(1))\n\nVote: 2\n\n- 요약입니다.\n",
        ],
    )
    folder = tmp_path / "digests"
    write(folder / "2024-03-04.md", text)
    run("index", str(folder))
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for args in (
        ["show", "2403.00002"],
        ["list"],
        ["top", "--date", "2024-03-04"],
        ["search", "body"],
        ["search", "script"],
    ):
        out = run(*args).stdout
        assert_inert(OWN_SEQUENCES.sub("", out), out)
        assert "javascript" not in "".join(LINK.findall(out))
    shown = run("show", "2403.00002").stdout
    assert MARKUP in OWN_SEQUENCES.sub("", shown)
    monkeypatch.delenv("FORCE_COLOR")
    for args in (["show", "2403.00002"], ["list"], ["search", "script"]):
        out = run(*args, "--json").stdout
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
        json.loads(out)
