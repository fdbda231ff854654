"""Literal `\\r\\n` escapes (a crawl's JSON string saved as is) are read as line breaks."""

from __future__ import annotations

import codecs

import pytest

from ingest.read.text import decode_bytes, unescape_line_breaks

CASES = [
    # (text as saved, text as read) - invented sentences of the shape such files have
    (
        r"UBND XÃ AN BÌNH\r\nSố: 14/KH-UBND\r\nAn Bình, ngày 3 tháng 4 năm 2021\r\nKẾ HOẠCH\r\n",
        "UBND XÃ AN BÌNH\nSố: 14/KH-UBND\nAn Bình, ngày 3 tháng 4 năm 2021\nKẾ HOẠCH\n",
    ),
    (  # each escape followed by the real break: one break, not two
        "TRƯỜNG MẦM NON HOA SEN\\r\\n\nSố: 7/KH-MN\\r\\n\nKẾ HOẠCH\\r\\n\n"
        "Thực hiện Công văn số 9/PGDĐT\\r\\n\n",
        "TRƯỜNG MẦM NON HOA SEN\nSố: 7/KH-MN\nKẾ HOẠCH\nThực hiện Công văn số 9/PGDĐT\n",
    ),
    (  # one or two stray escapes in a real text are left as they are
        r"Đường dẫn mẫu C:\r\nhap\r\n trong hướng dẫn cài đặt phần mềm.",
        r"Đường dẫn mẫu C:\r\nhap\r\n trong hướng dẫn cài đặt phần mềm.",
    ),
    ("Không có ký tự thoát nào ở đây.\n", "Không có ký tự thoát nào ở đây.\n"),
    (  # two escapes that end the lines of a two-column header: the next line starts with a capital
        r"UBND HUYỆN AN LÃO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\nTRƯỜNG TH AN HÒA Độc lập - Tự do"
        r"\r\nSố: 4/KH-TH An Hòa, ngày 2 tháng 3 năm 2020",
        "UBND HUYỆN AN LÃO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TH AN HÒA Độc lập - Tự do"
        "\nSố: 4/KH-TH An Hòa, ngày 2 tháng 3 năm 2020",
    ),
]


@pytest.mark.parametrize("saved, read", CASES)
def test_unescape_line_breaks(saved: str, read: str) -> None:
    assert unescape_line_breaks(saved)[0] == read


@pytest.mark.parametrize("saved, read", CASES)
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_decoded_files_have_real_line_breaks(saved: str, read: str, bom: bytes) -> None:
    decoded = decode_bytes(bom + saved.encode("utf-8"))
    assert decoded.text == read
    assert any("literal" in w for w in decoded.warnings) == (saved != read)
