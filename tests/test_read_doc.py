"""Word 97-2003 `.doc` files (ingest.read.doc), written by devtools.synth.doc (invented texts)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from devtools.synth.doc import CELL_END, doc_bytes
from devtools.synth.docx import docx_bytes
from ingest.extract import extract_document
from ingest.read import SUPPORTED, read_document
from ingest.read.doc import DocError, doc_text
from ingest.read.legacy_encodings import decode_cp1252, encode_tcvn3

HEADER = [
    "ỦY BAN NHÂN DÂN" + CELL_END + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" + CELL_END + CELL_END,
    "HUYỆN BA TƠ" + CELL_END + "Độc lập - Tự do - Hạnh phúc" + CELL_END + CELL_END,
    "Số: 27/KH-UBND" + CELL_END + "Ba Tơ, ngày 14 tháng 4 năm 2022" + CELL_END + CELL_END,
    "KẾ HOẠCH",
    "Phòng, chống đuối nước trẻ em năm 2022",
    "Thực hiện Kế hoạch số 61/KH-UBND ngày 2/3/2022 của UBND tỉnh Quảng Ngãi, UBND huyện xây dựng kế "
    "hoạch như sau:",
]


def _read(tmp_path: Path, name: str, data: bytes):  # noqa: ANN202 - ReadResult
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path, tmp_path)


def test_doc_is_a_supported_format() -> None:
    assert ".doc" in SUPPORTED


def test_header_table_cells_become_lines_and_the_document_is_read(tmp_path: Path) -> None:
    result = _read(tmp_path, "kh.doc", doc_bytes(HEADER))
    assert result.error is None and result.format == "doc"
    lines = [line for line in result.text.splitlines() if line]
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN BA TƠ",
                         "Độc lập - Tự do - Hạnh phúc"]
    extraction = extract_document(result.text, "kh.doc")
    own = extraction["doc"]
    assert (own["doc_type"], own["number"], own["symbol"], own["date"]) == (
        "ke_hoach", "27", "KH-UBND", "2022-04-14")
    assert own["issuer"] is not None and own["issuer"]["district"] == "Ba Tơ"
    (edge,) = extraction["edges"]
    assert edge["type"] == "IMPLEMENTS" and extraction["refs"][edge["to"]]["number"] == "61"


def test_tcvn3_text_in_8bit_pieces_is_repaired(tmp_path: Path) -> None:
    typed = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\rKế hoạch bảo vệ trẻ em năm 2019 của huyện\r"
    piece = decode_cp1252(encode_tcvn3(typed))  # what Word stores for a .VnTime font: the bytes, as cp1252
    result = _read(tmp_path, "old.doc", doc_bytes([], pieces=[(piece, True)]))
    assert result.text.splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Kế hoạch bảo vệ trẻ em năm 2019 của huyện"]
    assert any("TCVN3" in w for w in result.warnings)


def test_pieces_in_both_encodings_are_joined_in_order() -> None:
    pieces = [("Quyết định số ", False), ("12/QĐ-UBND", False), (" ngày 3/3/2021\r", True)]
    data = doc_bytes([], pieces=pieces)
    assert doc_text(data) == "Quyết định số 12/QĐ-UBND ngày 3/3/2021\n"


def test_field_codes_are_dropped_and_their_results_kept() -> None:
    line = ("Xem \x13 HYPERLINK \"http://example.vn/kh-12\" \x14Kế hoạch số 12/KH-UBND\x15 và trang "
            "\x13 PAGE \x142\x15")
    assert doc_text(doc_bytes([line])) == "Xem Kế hoạch số 12/KH-UBND và trang 2\n"


def test_only_the_main_text_is_read() -> None:
    """Headers, footnotes and text boxes follow the main text's `ccpText` characters."""
    data = bytearray(doc_bytes(["Nội dung chính", "Chân trang"]))
    word_at = data.index(struct.pack("<HH", 0xA5EC, 0x00C1))
    struct.pack_into("<i", data, word_at + 64 + 12, len("Nội dung chính\r"))
    assert doc_text(bytes(data)) == "Nội dung chính\n"


def test_word_files_are_read_by_their_bytes_whatever_their_name(tmp_path: Path) -> None:
    as_docx = _read(tmp_path, "a.docx", doc_bytes(["Số: 5/KH-UBND"]))
    assert as_docx.error is None and "Số: 5/KH-UBND" in as_docx.text
    assert "a Word 97-2003 .doc named .docx: read as .doc" in as_docx.warnings
    as_doc = _read(tmp_path, "b.doc", docx_bytes([], ["Số: 6/KH-UBND"]))
    assert as_doc.error is None and "Số: 6/KH-UBND" in as_doc.text
    web = _read(tmp_path, "c.doc", "<html><body><p>Số: 7/KH-UBND</p></body></html>".encode())
    assert web.error is None and "Số: 7/KH-UBND" in web.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{\\rtf1\\ansi K\\'ea ho\\'e1ch}", "an RTF file named .doc"),
        (b"plain words, no Word file at all", "not a Word 97-2003 .doc"),
        (doc_bytes(["x"])[:700], "corrupt .doc"),
    ],
)
def test_files_that_cannot_be_read_get_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    result = _read(tmp_path, "bad.doc", data)
    assert result.text is None and result.error is not None and reason in result.error


def _patched(offset: int, fmt: str, value: int) -> bytes:
    data = bytearray(doc_bytes(["Số: 8/KH-UBND"]))
    word_at = data.index(struct.pack("<HH", 0xA5EC, 0x00C1))
    struct.pack_into(fmt, data, word_at + offset, value)
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_patched(32, "<H", 0x7FFF), "corrupt .doc"),  # a FIB that says it is longer than its stream
        (_patched(2, "<H", 0x0065), "Word 6/95"),
        (_patched(0x0A, "<H", 0x0200 | 0x0100), "encrypted"),
        (_patched(0, "<H", 0x1234), "not a Word document"),
    ],
)
def test_word_files_of_other_kinds_are_refused_clearly(data: bytes, reason: str) -> None:
    with pytest.raises(DocError, match=reason):
        doc_text(data)
