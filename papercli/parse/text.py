"""Markdown-to-plain-text helpers shared by the style parsers."""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_HTML = re.compile(r"<[^>\n]+>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STARS = re.compile(r"\*{2,}")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_URL = re.compile(r"""https?://[^\s<>"')\]]+(?:\([^\s()]*\)[^\s<>"')\]]*)*""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", "    ").lstrip("\ufeff")
    return _CONTROL.sub("", text)


def inline(text: str) -> str:
    """One line of markdown as plain text: links keep their words, emphasis goes."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _STARS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def block(lines: list[str]) -> str:
    """Several lines as plain text, keeping paragraph and bullet breaks."""
    out: list[str] = []
    for line in lines:
        clean = inline(line)
        if clean:
            out.append(clean)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def urls(text: str) -> list[str]:
    return _URL.findall(text)


def strip_emoji(text: str) -> str:
    """A heading without leading pictographs, variation selectors or joiners."""
    i = 0
    while i < len(text) and (
        not (text[i].isalnum() or text[i] in "([\"'")
    ):
        i += 1
    return text[i:].strip()
