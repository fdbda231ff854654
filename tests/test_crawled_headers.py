"""Headers as crawled pages store them (issue 11): in normal case (the page shows them in capitals by
its style sheet, the crawl keeps `Ủy Ban Nhân Dân Huyện …`, `Kế Hoạch`), or in markdown bold
(`**ỦY BAN NHÂN DÂN**`, `## KẾ HOẠCH`). Invented texts of the shapes seen in crawled pages; each must
read as its plain, capitalised twin does.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_document, prepare_text
from ingest.header import reline_header
from ingest.normalize import heading_case
from ingest.parse import parse_document
from ingest.places import org_name

CASED = [
    # (text, expected (doc_type, number, symbol, date, issuer))
    (  # a flattened two-column header in title case: two bodies, the number, the motto, the heading
        "UBND Huyện Châu Thành Trường MN Hoa Sen Số : 31 /KH-MNHS |\n"
        "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc "
        "Hoa Sen , ngày 12 tháng 9 năm 2023 |\n"
        "Kế Hoạch\nPhòng chống tai nạn thương tích cho trẻ\nCăn cứ Thông tư số 45/2021/TT-BGDĐT;\n",
        ("ke_hoach", "31", "KH-MNHS", "2023-09-12", "Trường Mầm non Hoa Sen"),
    ),
    (  # the school's line runs into its `Số:` label on one flattened line
        "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam Phòng GD & ĐT Cam Lộ Độc lập - Tự do - Hạnh phúc Trường THCS "
        "Lê Thế Hiếu Số: 8/KH-THCS Cam Lộ, ngày 4 tháng 10 năm 2019. Kế Hoạch Giáo dục kỹ năng sống "
        "cho học sinh Căn cứ Công văn số 12/PGDĐT ngày 01/10/2019 của Phòng GD&ĐT;",
        ("ke_hoach", "8", "KH-THCS", "2019-10-04", "Trường THCS Lê Thế Hiếu"),
    ),
    (  # the heading alone on its line, in title case, under a header of separate lines
        "Ủy Ban Nhân Dân\nXã Tân Lập\nSố: 64/KH-UBND\nCộng Hòa Xã Hội Chủ Nghĩa Việt Nam\n"
        "Độc lập - Tự do - Hạnh phúc\nTân Lập, ngày 2 tháng 6 năm 2022\nKế Hoạch\n"
        "Tổ chức Tháng hành động vì trẻ em năm 2022\nThực hiện Kế hoạch số 90/KH-UBND của UBND huyện;\n",
        ("ke_hoach", "64", "KH-UBND", "2022-06-02", None),
    ),
    (  # a body's name cut over two lines after `&`, in title case
        "Hội Đồng Đội Huyện Krông Nô          Đội TNTP Hồ Chí Minh\n Liên Đội Trường PT DTNT THCS\n"
        "   & THPT Huyện Krông Nô\n\n        Krông Nô, ngày 5 tháng 9 năm 2018\n\nKế Hoạch\n"
        "Tuyên truyền phòng chống xâm hại trẻ em năm học 2018-2019\n\n1. Đặc điểm tình hình\n",
        ("ke_hoach", None, None, "2018-09-05", "Liên đội Trường PT DTNT THCS & THPT Huyện Krông Nô"),
    ),
    (  # a law's flattened header: a one-word heading glued after the date line's year
        "Quốc Hội ------- Cộng Hoà Xã Hội Chủ Nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc --------- "
        "Luật số: 51/2010/QH12 Hà Nội, ngày 17 tháng 6 năm 2010 Luật [ghi chú của trang] Người cao tuổi\n"
        "Căn cứ Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam năm 1992;\n",
        ("luat", "51", "QH12", "2010-06-17", "Quốc hội"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASED)
def test_a_header_in_normal_case_reads_as_in_capitals(
    text: str, expected: tuple[str, str | None, str | None, str | None, str | None]
) -> None:
    doc_type, number, symbol, date, issuer = expected
    meta = parse_document(prepare_text(text))
    assert (meta.doc_type, meta.number, meta.symbol, meta.date) == (doc_type, number, symbol, date)
    if issuer is not None:
        assert meta.issuer is not None
        assert org_name(meta.issuer) == issuer


def test_the_bodies_of_a_title_case_header_go_on_lines_of_their_own() -> None:
    relined = reline_header(
        "UBND Huyện Châu Thành Trường MN Hoa Sen Số : 31 /KH-MNHS\n"
        "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc\nKế Hoạch\nCăn cứ Luật Trẻ em;"
    )
    lines = [line.strip() for line in relined.splitlines()]
    assert lines[:3] == ["UBND Huyện Châu Thành", "Trường MN Hoa Sen", "Số : 31 /KH-MNHS"]


@pytest.mark.parametrize(
    ("written", "heading"),
    [
        ("KẾ HOẠCH", True),
        ("Kế Hoạch", True),
        ("Quyết Định", True),
        ("Kế hoạch", False),  # sentence case: a portal's category label as often as a heading
        ("Luật", False),  # one capitalised word opens a sentence
        ("kế hoạch", False),
    ],
)
def test_heading_case(written: str, heading: bool) -> None:
    assert heading_case(written) is heading


def test_a_sentence_case_type_word_on_its_line_is_no_heading() -> None:
    # a portal's category label above a header in capitals: the heading is the one in capitals below
    meta = parse_document(
        prepare_text(
            "Kế hoạch\nUBND XÃ AN BÌNH\nSố: 5/TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "An Bình, ngày 3 tháng 3 năm 2021\nTHÔNG BÁO\nLịch tiêm chủng cho trẻ\n"
        )
    )
    assert meta.doc_type == "thong_bao"


def test_a_school_numbered_in_its_name_keeps_the_number() -> None:
    meta = parse_document(
        prepare_text(
            "PHÒNG GD&ĐT HOÀI NHƠN\nTrường Tiểu học Số 2 Hoài Tân\nSố: 14/KH-TH\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHoài Tân, ngày 9 tháng 9 năm 2020\n"
            "KẾ HOẠCH\nAn toàn giao thông\n"
        )
    )
    assert meta.issuer is not None
    assert org_name(meta.issuer).startswith("Trường Tiểu học Số 2")


PLAIN = (
    "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN LẬP\nBAN THƯỜNG TRỰC\n\nSố: 7/KH-MTTQ-BTT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTân Lập, ngày 3 tháng 4 năm 2024\n\n"
    "KẾ HOẠCH\nTuyên truyền Luật Trẻ em năm 2024\n\nCăn cứ Luật Trẻ em năm 2016;\n"
)


def _bold(text: str) -> str:
    """The header's lines in markdown bold, the heading a markdown heading."""
    head, _, body = text.partition("KẾ HOẠCH\n")
    lines = [f"**{line}**" if line.strip() else line for line in head.split("\n")]
    return "\n".join(lines) + "## KẾ HOẠCH\n" + body


def test_a_header_in_markdown_bold_reads_as_the_plain_one() -> None:
    plain, bold = parse_document(prepare_text(PLAIN)), parse_document(prepare_text(_bold(PLAIN)))
    assert "**" in _bold(PLAIN)
    assert plain.issuer is not None and bold.issuer is not None
    read = (bold.doc_type, bold.number, bold.symbol, bold.date)
    assert read == ("ke_hoach", "7", "KH-MTTQ-BTT", "2024-04-03")
    assert (org_name(bold.issuer), bold.issuer.commune) == (org_name(plain.issuer), plain.issuer.commune)
    assert bold.issuer.commune == "Tân Lập"


def test_bold_marks_are_blanked_in_place() -> None:
    prepared = prepare_text(_bold(PLAIN))
    assert len(prepared) == len(_bold(PLAIN)) and "**" not in prepared


LOWERED = (
    "ủy ban nhân dân\nhuyện châu thành\ntrường mầm non hoa sen\nsố: 31/kh-mnhs\n"
    "cộng hòa xã hội chủ nghĩa việt nam\nđộc lập - tự do - hạnh phúc\nchâu thành, ngày 12 tháng 9 năm 2023\n"
    "kế hoạch\nphòng chống tai nạn thương tích cho trẻ\n"
    "căn cứ thông tư số 45/2021/tt-bgdđt của bộ giáo dục và đào tạo;\n"
    + "nhà trường tổ chức tuyên truyền cho phụ huynh về phòng chống đuối nước. " * 6
)


def test_a_text_stored_in_lower_case_reads_its_header_as_in_capitals() -> None:
    meta = parse_document(prepare_text(LOWERED))
    assert (meta.doc_type, meta.number, meta.symbol, meta.date) == ("ke_hoach", "31", "KH-MNHS", "2023-09-12")
    assert meta.issuer is not None and org_name(meta.issuer) == "Trường Mầm non Hoa Sen"


def test_only_a_text_without_any_capital_has_its_header_raised() -> None:
    prepared = prepare_text(LOWERED)
    assert len(prepared) == len(LOWERED)
    assert prepared.startswith("ỦY BAN NHÂN DÂN") and "căn cứ thông tư" in prepared  # the body as it was
    one_capital = "Kế" + LOWERED[2:]
    assert prepare_text(one_capital)[:30] == one_capital[:30]


def test_a_body_on_the_next_line_is_not_the_issuer_of_a_citation_ending_the_line() -> None:
    # a page title naming a decree, then the header in bold: the blanked bold leaves spaces before the break
    text = "**Dự thảo Thông tư hướng dẫn Nghị định 20/2021/NĐ-CP**\n**BỘ Y TẾ**\n**Số: /2021/TT-BYT**\n"
    refs = extract_document(text, "x.md")["refs"]
    decree = [r for r in refs if r["number"] == "20"]
    assert decree and (decree[0]["issuer"] or {}).get("kind") == "chinh_phu"
