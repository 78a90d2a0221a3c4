"""Encodings: BOM first, then strict UTF-8, then CP949; binary files are skipped.

The same Korean digest saved in every encoding an archive holds must give
the same papers; a PDF, an image or random bytes is skipped with a warning
naming the file while the rest of the run goes on.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercli.errors import UnreadableFile
from papercli.parse import decode
from tests.robustness.helpers import as_json, daily, entry, fuzz_settings, run, write

KOREAN = daily(
    "2024-04-02",
    [
        entry(
            "2404.00001",
            "Sparse Attention for Long Documents",
            12,
            "긴 문서를 위한 희소 어텐션을 제안합니다.",
        ),
        entry(
            "2404.00002",
            "똠방각하: A Benchmark of Rare Hangul",
            3,
            "드문 한글 음절(똠, 펲)도 다룹니다.",
        ),
    ],
)
EUC_KR_SAFE = KOREAN.replace("똠방각하", "방각하").replace("(똠, 펲)", "")
ENCODINGS = {
    "utf-8": KOREAN.encode("utf-8"),
    "utf-8-bom": b"\xef\xbb\xbf" + KOREAN.encode("utf-8"),
    "utf-16-le-bom": b"\xff\xfe" + KOREAN.encode("utf-16-le"),
    "utf-16-be-bom": b"\xfe\xff" + KOREAN.encode("utf-16-be"),
    "cp949": KOREAN.encode("cp949"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_decodes_to_the_same_text(name: str) -> None:
    assert decode(ENCODINGS[name]) == KOREAN


def test_euc_kr_is_read_as_cp949() -> None:
    assert decode(EUC_KR_SAFE.encode("euc-kr")) == EUC_KR_SAFE


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_indexes_the_same_papers(name: str, tmp_path: Path) -> None:
    write(tmp_path / "digests" / f"{name}.md", ENCODINGS[name])
    report = as_json("index", str(tmp_path / "digests"))
    assert (report["files_read"], report["failed"], report["warnings"]) == (1, 0, [])
    paper = as_json("show", "2404.00002")
    assert paper["title"] == "똠방각하: A Benchmark of Rare Hangul"
    assert "드문 한글 음절(똠, 펲)도 다룹니다." in paper["appearances"][0]["summary"]
    assert as_json("search", "희소")[0]["id"] == "2404.00001"


def test_utf8_cut_inside_a_character_keeps_the_text_before_the_cut() -> None:
    data = KOREAN.encode("utf-8")
    cut = data[: data.index("다룹니다".encode()) + 1]
    text = decode(cut)
    assert text.endswith("드문 한글 음절(똠, 펲)도 ")
    assert decode(KOREAN.encode("cp949")[:-1]) == KOREAN[:-1]


def pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf (hello) Tj ET" * 20)
    head = f"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length {len(stream)} >>\nstream\n"
    return head.encode("latin-1") + stream


BINARIES = {
    "paper.pdf.md": pdf(),
    "ascii.pdf.md": b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" * 40,
    "figure.png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "random.md": bytes((i * 7919 + 13) % 256 for i in range(4096)),
    "utf16-without-bom.md": KOREAN.encode("utf-16-le"),
    "archive.zip.md": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(200, 256)),
}


@pytest.mark.parametrize("name", sorted(BINARIES))
def test_binary_is_refused(name: str) -> None:
    with pytest.raises(UnreadableFile):
        decode(BINARIES[name], name)


def test_binary_files_are_skipped_with_a_warning_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    for name, data in BINARIES.items():
        write(folder / name, data)
    write(folder / "good.md", ENCODINGS["cp949"])
    result = run("index", str(folder))
    for name in BINARIES:
        assert f"Warning: {folder / name}: not a text file in UTF-8, UTF-16 or CP949; skipped" in (
            result.stderr
        )
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        f"Indexed: 1 file read, 0 unchanged, {len(BINARIES)} failed, 0 removed; "
        "2 papers, 2 appearances; index "
    )


def test_a_pdf_given_by_name_is_skipped_too(tmp_path: Path) -> None:
    document = write(tmp_path / "paper.pdf", pdf())
    good = write(tmp_path / "good.md", ENCODINGS["utf-8"])
    report = as_json("index", str(document), str(good))
    assert (report["files_read"], report["failed"], report["appearances"]) == (1, 1, 2)


@fuzz_settings()
@given(st.binary(max_size=2048))
def test_fuzz_decode_returns_text_or_refuses(data: bytes) -> None:
    try:
        text = decode(data)
    except UnreadableFile:
        return
    assert isinstance(text, str)
    assert "\x00" not in text
