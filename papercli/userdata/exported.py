"""An export file read back as the reader's data: what ``papers import`` restores.

``papers export --format jsonl`` writes one paper per line and ``--format json``
an array of them, each with the reader's ``tags`` (names), ``note`` and pinned
``citation_key`` (null when none is pinned). Here
each paper that carries any of the reader's data becomes a record of
``papercli.userdata.records`` (tags stamped with the time of the import, as
an export has no times), for ``UserStore.restore``. A record already in that
form (tags as ``name``/``added``, a ``citation_key``, ``aliases``) is taken as
it is. Papers without tags, note or citation key carry nothing to restore.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papercli.errors import UsageError
from papercli.userdata.records import bibtex_key, empty


class BadImport(UsageError):
    """The file to import is not an export of papers."""


@dataclass(frozen=True)
class Exported:
    """The records of an export file, and how many papers it held in all."""

    records: tuple[dict[str, Any], ...]
    papers: int


def read_export(path: Path, stamp: str) -> Exported:
    """The reader's data in an export file; any doubt about the file is ``BadImport``,
    raised before anything is restored."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImport(f"{path} is not a papers export: not UTF-8 text") from None
    except OSError as exc:
        raise BadImport(f"cannot read {path}: {exc.strerror or exc}") from None
    papers = list(_papers(path, text))
    records = [r for r in (_record(path, where, paper, stamp) for where, paper in papers) if r]
    return Exported(tuple(records), len(papers))


def _papers(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    """Each paper object with where it is (``line N`` or ``paper N``)."""
    if text.lstrip().startswith("["):
        try:
            found = json.loads(text)
        except ValueError as exc:
            raise BadImport(f"{path} is not a papers export: {exc}") from None
        if not isinstance(found, list):
            raise BadImport(f"{path} is not a papers export: not a list of papers")
        yield from ((f"paper {number}", paper) for number, paper in enumerate(found, 1))
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield f"line {number}", json.loads(line)
            except ValueError as exc:
                raise BadImport(f"{path} is not a papers export: line {number}: {exc}") from None


def _record(path: Path, where: str, paper: Any, stamp: str) -> dict[str, Any] | None:
    """The paper's record, None when it carries none of the reader's data."""

    def bad(problem: str) -> BadImport:
        return BadImport(f"{path} is not a papers export: {where}: {problem}")

    if not isinstance(paper, dict):
        raise bad("not a paper object")
    pid = paper.get("id")
    if not isinstance(pid, str) or not pid.strip():
        raise bad("a paper without an id")
    tags = paper.get("tags") or []
    if not isinstance(tags, list):
        raise bad("tags are not a list")
    record = empty(pid.strip())
    for field in ("title", "note", "note_updated", "citation_key", "citation_key_pinned"):
        value = paper.get(field)
        if value is not None and not isinstance(value, str):
            raise bad(f"{field} is not text")
        record[field] = value
    if record["citation_key"] is not None and not bibtex_key(record["citation_key"]):
        raise bad(f"citation_key is not a BibTeX key: {record['citation_key']!r}")
    record["tags"] = [_tag(tag, stamp, bad) for tag in tags]
    aliases = paper.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(old, str) for old in aliases):
        raise bad("aliases are not a list of ids")
    record["aliases"] = aliases
    note = record["note"]
    if not (record["tags"] or (note and note.strip()) or record["citation_key"]):
        return None
    return record


def _tag(tag: Any, stamp: str, bad: Callable[[str], BadImport]) -> dict[str, str]:
    if isinstance(tag, str):
        return {"name": tag, "added": stamp}
    if isinstance(tag, dict) and isinstance(tag.get("name"), str):
        added = tag.get("added")
        return {"name": tag["name"], "added": added if isinstance(added, str) else stamp}
    raise bad("a tag that is neither a name nor a {name, added} object")
