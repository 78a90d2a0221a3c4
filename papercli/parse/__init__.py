"""Text to model objects: style detection, dispatch and digest dating.

Pure functions apart from ``read_text``; the style is judged from the
content only, never from the file name, because archives rename freely.
Text helpers are imported where used: ``show`` and ``top`` import the package
for ``parse.ids`` alone.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from papercli.errors import UnreadableFile
from papercli.model import Digest, Paper, ReportRef

if TYPE_CHECKING:
    from papercli.parse.result import StyleResult


def styles() -> tuple[ModuleType, ...]:
    """The style parsers, in detection order; imported on first use, so that
    commands that only read the index (``show``, ``top``) never load them.

    ``notes`` comes before ``simple``: its digests carry ``**Summary**:`` labels
    that simple would take for its own, and it steps aside for files with
    simple's other labels; daily and insights files have headers of their own.
    """
    from papercli.parse import daily, insights, notes, simple

    return (insights, daily, notes, simple)


_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_TRUNCATED = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")
_FRONT_LINES = 60  # lines front matter may hold between its two ``---`` lines
_YAML_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*[ ]*:.*|[ ]+\S.*|- .*|[ ]*")
_STATED_DATE = re.compile(r"date[ ]*:[ ]*[\"']?([^\"']+)", re.IGNORECASE)
_PAPER_PAGE = re.compile(r"arxiv\.org/|huggingface\.co/papers/", re.IGNORECASE)
_STRAY = 8  # stray bytes (NULs, controls, bytes not in UTF-8) a text file may hold
_REPLACED = "\ufffd".encode()
_LATIN = "papers-windows-1252"


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """The bytes UTF-8 could not read, read as Windows-1252 (Latin-1's superset)."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(_LATIN, _as_windows_1252)


def decode(data: bytes, name: str = "file") -> str:
    """``decoded``'s text alone."""
    return decoded(data, name)[0]


def decoded(data: bytes, name: str = "file") -> tuple[str, str | None]:
    """Bytes as text (BOM first, then strict UTF-8, then CP949, EUC-KR's superset), and a
    warning for the digest when some bytes could not be read.

    A file cut off inside a character (a truncated download) keeps what
    comes before the cut instead of falling through to the next encoding
    as mojibake. A UTF-8 file with a few stray bytes (a name pasted from a
    Latin-1 page, ``Ren\xe9``) is read with those as Windows-1252 (``René``),
    and the warning says how many: one byte must not cost a whole digest. PDFs, images
    and archives are refused by their magic bytes or their NULs and control
    characters, never decoded into noise; a stray NUL is dropped.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif data.startswith(_MAGIC) or data[:8192].count(b"\x00") > _STRAY:
        candidates = []
    else:
        candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        try:
            text = _decoded(data, encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text.replace("\x00", ""), None
    else:
        found = _mostly_utf8(data) if candidates else None
        if found is not None:
            return found
    raise UnreadableFile(f"{name}: not a text file in UTF-8, UTF-16 or CP949")


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with at most ``_STRAY`` bytes (or 1%) that are not, those read as
    Windows-1252, and the warning saying how many; None for anything else. The bytes
    are counted first: the per-byte handler is slow on a file it would refuse."""
    stray = data.decode("utf-8", "replace").count("\ufffd") - data.count(_REPLACED)
    if stray > max(_STRAY, len(data) // 100):
        return None
    text = data.decode("utf-8", _LATIN)
    if _looks_binary(text):
        return None
    places = "place" if stray == 1 else "places"
    return text.replace("\x00", ""), f"not UTF-8 in {stray} {places}, read there as Windows-1252"


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason in _TRUNCATED and exc.end == len(data):
            return data[: exc.start].decode(encoding)
        raise


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v\x1b")
    return controls > max(_STRAY, len(sample) // 100)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    return decode(data, str(path))


def detect(text: str) -> str | None:
    """The first style whose detector accepts ``text`` (as ``parse_digest`` reads it)."""
    from papercli.parse.text import normalize_newlines, without_comments

    text = _front_matter(without_comments(normalize_newlines(text)))[0]
    for style in styles():
        if style.detect(text):
            return style.FORMAT
    return None


def parse_digest(text: str, source: str, date: dt.date | None = None) -> Digest:
    """Parse one digest's text; ``date`` overrides whatever the file says.

    The first style that detects the text parses it; when that finds no paper,
    the next detecting style that finds some does instead (a ``Daily Papers (…)``
    header over ``## <id>`` notes), else the first one's empty result stands.
    Such a later style reads only from where the first one saw the digest begin
    (its header), never a README's preamble above it.
    """
    from papercli.dates import date_in_path
    from papercli.parse.text import normalize_newlines, without_comments

    text, stated = _front_matter(without_comments(normalize_newlines(text)))
    chosen: tuple[ModuleType, StyleResult] | None = None
    for candidate in styles():
        if not candidate.detect(text):
            continue
        parsed = candidate.parse(text, source)
        if chosen is None or parsed.papers:
            chosen = (candidate, parsed)
        if parsed.papers:
            break
        begins = getattr(candidate, "begins", None)
        if chosen[0] is candidate and begins is not None:
            text = text[begins(text) :]
    if chosen is None:
        return Digest(source=source, style=None, date=date)
    style, result = chosen
    fallback = date or result.date or stated or date_in_path(source)
    reports = tuple(replace(r, date=date or r.date or fallback) for r in result.reports)
    refs = {report.id: report.ref() for report in reports}
    papers = tuple(_dated(p, date, fallback, refs) for p in result.papers)
    return Digest(
        source=source,
        style=style.FORMAT,
        date=fallback,
        papers=papers,
        warnings=tuple(result.warnings),
        reports=reports,
    )


def _front_matter(text: str) -> tuple[str, dt.date | None]:
    """``text`` with its YAML front matter blanked, and the ``date:`` it states: the
    digest's date when its header has none. Front matter opens the file: a ``---``
    line, at most ``_FRONT_LINES`` lines of ``key: value`` (ASCII keys), indented or
    ``- item`` lines, and a closing ``---``; a block naming a paper's page is an entry
    (simple summaries split at ``---``), never front matter. Read line by line, in
    time linear in the block."""
    from papercli.dates import first_date

    if not text.startswith("---"):
        return text, None
    lines = text.split("\n", _FRONT_LINES + 2)[: _FRONT_LINES + 2]
    if lines[0].rstrip() != "---":
        return text, None
    closing = next((n for n in range(1, len(lines)) if lines[n].rstrip() == "---"), None)
    if closing is None:
        return text, None
    block = lines[1:closing]
    if not all(_YAML_LINE.fullmatch(line) and not _PAPER_PAGE.search(line) for line in block):
        return text, None
    stated = [m.group(1) for m in map(_STATED_DATE.match, block) if m]
    day = first_date(stated[0]) if stated else None
    end = sum(len(line) + 1 for line in lines[: closing + 1])
    return "\n" * (closing + 1) + text[end:], day


def parse_file(path: Path, date: dt.date | None = None) -> Digest:
    return parse_digest(read_text(path), str(path), date)


def _dated(
    paper: Paper, forced: dt.date | None, fallback: dt.date | None, refs: dict[str, ReportRef]
) -> Paper:
    """Appearances dated as the digest is, their report references as their reports are."""
    return paper.with_appearances(
        tuple(
            replace(
                a,
                date=forced or a.date or fallback,
                report=refs.get(a.report.id, a.report) if a.report else None,
            )
            for a in paper.appearances
        )
    )
