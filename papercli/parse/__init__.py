"""Text to model objects: style detection, dispatch and digest dating.

Pure functions apart from ``read_text``; the style is judged from the
content only, never from the file name, because archives rename freely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from papercli.dates import date_in_path
from papercli.errors import UnreadableFile
from papercli.model import Digest, Paper
from papercli.parse import daily, insights, simple
from papercli.parse.text import normalize_newlines

STYLES = (insights, daily, simple)


def decode(data: bytes, name: str = "file") -> str:
    """Bytes as text: BOM first, then strict UTF-8, then CP949 (EUC-KR's superset)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise UnreadableFile(f"{name}: not a text file in UTF-8, UTF-16 or CP949")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v\x1b")
    return controls > max(8, len(sample) // 100)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    return decode(data, str(path))


def detect(text: str) -> str | None:
    for style in STYLES:
        if style.detect(text):
            return style.FORMAT
    return None


def parse_digest(text: str, source: str, date: dt.date | None = None) -> Digest:
    """Parse one digest's text; ``date`` overrides whatever the file says."""
    text = normalize_newlines(text)
    for style in STYLES:
        if style.detect(text):
            break
    else:
        return Digest(source=source, style=None, date=date)
    result = style.parse(text, source)
    fallback = date or result.date or date_in_path(source)
    papers = tuple(_dated(p, date, fallback) for p in result.papers)
    return Digest(
        source=source,
        style=style.FORMAT,
        date=fallback,
        papers=papers,
        warnings=tuple(result.warnings),
    )


def parse_file(path: Path, date: dt.date | None = None) -> Digest:
    return parse_digest(read_text(path), str(path), date)


def _dated(paper: Paper, forced: dt.date | None, fallback: dt.date | None) -> Paper:
    return paper.with_appearances(
        tuple(replace(a, date=forced or a.date or fallback) for a in paper.appearances)
    )
