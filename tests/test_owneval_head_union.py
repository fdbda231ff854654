"""Youth Union headers and wide-padded header lines (issue 11), on invented texts of the real shape.

A Đoàn document has no national motto: `ĐOÀN TNCS HỒ CHÍ MINH` stands in the right column where the
motto stands, the issuer in the left (`BAN CHẤP HÀNH TRUNG ƯƠNG`, `BCH TỈNH ĐOÀN …`). Web copies keep
both columns on one line with wide space padding, and the number's line carries the place and date.
"""

from __future__ import annotations

import pytest

from ingest.extract import prepare_text
from ingest.parse import parse_document
from ingest.places import org_name

PAD = " " * 70

CASES = [
    (  # the central committee, columns on one line, spaced number, place and date after padding
        f"BAN CHẤP HÀNH TRUNG ƯƠNG{PAD}ĐOÀN TNCS HỒ CHÍ MINH\n\n***\n\n"
        f"   Số: 318 - KH/TWĐTN-CTTN{PAD}Hà Nội, ngày 9 tháng 5 năm 2023\n\nKẾ HOẠCH\n"
        "Tổ chức hoạt động hè cho thiếu nhi năm 2023\n\nThực hiện chương trình công tác Đoàn năm 2023;\n",
        ("318", "KH/TWĐTN-CTTN", "2023-05-09", "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"),
    ),
    (  # the same header with the columns on lines of their own
        "BAN CHẤP HÀNH TRUNG ƯƠNG\nĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 41-KH/TWĐTN-CTTN\n"
        "Hà Nội, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nTuyên truyền phòng chống xâm hại trẻ em\n"
        "Căn cứ chương trình công tác Đoàn năm 2022;\n",
        ("41", "KH/TWĐTN-CTTN", "2022-03-02", "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"),
    ),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_union_header(text: str, expected: tuple[str, str, str, str]) -> None:
    meta = parse_document(prepare_text(text))
    assert meta.issuer is not None
    assert (meta.number, meta.symbol, meta.date, org_name(meta.issuer)) == expected


def test_party_central_committee_is_not_the_union() -> None:
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố: 20-CT/TW\n"
        "Hà Nội, ngày 5 tháng 11 năm 2012\n"
        "CHỈ THỊ\nvề tăng cường công tác bảo vệ trẻ em\n"
    )
    meta = parse_document(prepare_text(text))
    assert meta.issuer is None or "Đoàn" not in org_name(meta.issuer)


@pytest.mark.parametrize(
    "line,date",
    [
        (f"   Số: 12/KH-UBND{PAD}Yên Bái, ngày 4 tháng 6 năm 2021", "2021-06-04"),
        (f"Số: 12/KH-UBND{PAD}Yên Bái, ngày 04 tháng 06 năm 2021", "2021-06-04"),
    ],
)
def test_number_and_place_date_on_one_padded_line(line: str, date: str) -> None:
    text = f"ỦY BAN NHÂN DÂN HUYỆN TRẤN YÊN\n{line}\nKẾ HOẠCH\nPhòng chống đuối nước\nThực hiện Kế hoạch;\n"
    meta = parse_document(prepare_text(text))
    assert (meta.number, meta.symbol, meta.date) == ("12", "KH-UBND", date)
