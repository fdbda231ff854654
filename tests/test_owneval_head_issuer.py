"""The document's own issuer on header shapes met in real web pages and portal crawls (issue 11).

Each class comes with invented texts of the same shape: a web page's title (type heading and a title
opening with `Thực hiện`) printed above the whole header; the national motto cut over literal `\\r\\n`
escapes beside a bare `ỦY BAN NHÂN DÂN`; a district body named by a district merged into another
before the 2025 snapshot (it keeps its own name).
"""

from __future__ import annotations

import pytest

from ingest.extract import prepare_text
from ingest.model import DocMeta
from ingest.parse import parse_document
from ingest.places import org_name
from ingest.read.text import unescape_line_breaks


def _meta(text: str) -> DocMeta:
    return parse_document(prepare_text(unescape_line_breaks(text)[0]))  # as the text reader gives it


def _issuer(text: str) -> tuple[str, str | None, str | None, str | None]:
    meta = _meta(text)
    assert meta.issuer is not None
    org = meta.issuer
    return org_name(org), org.province, org.district, org.commune


CASES = [
    (  # the page's title above the header, its second line opening with `Thực hiện`
        "KẾ HOẠCH\nThực hiện Tháng hành động vì trẻ em năm 2022\nUBND HUYỆN GIAO THỦY\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 88/KH-PGDĐT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nGiao Thủy, ngày 20 tháng 5 năm 2022\n"
        "Căn cứ Kế hoạch số 30/KH-UBND của UBND huyện;\n",
        ("Phòng Giáo dục và Đào tạo huyện Giao Thủy", "Nam Định", "Giao Thủy", None),
    ),
    (  # the same on one title line, a bracket and a blank number below the bodies
        "KẾ HOẠCH Triển khai công tác trẻ em năm 2021\n(Từ ngày 01/6/2021 đến ngày 30/6/2021)\n"
        "UBND HUYỆN HẢI HẬU\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n[\nSố: /KH-PGDĐT\n"
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHải Hậu, ngày tháng 5 năm 2021\n"
        "- Tăng cường tuyên truyền về bảo vệ trẻ em.\n",
        ("Phòng Giáo dục và Đào tạo huyện Hải Hậu", "Nam Định", "Hải Hậu", None),
    ),
    (  # literal `\r\n` escapes cut the motto (`CỘNG` / `HÒA …`) beside a bare committee name
        "\\r\\n ỦY BAN NHÂN DÂN | \\r\\n \\r\\n CỘNG\\r\\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n\n"
        "\\r\\n Số: 71/KH-UBND \\r\\n | \\r\\n \\r\\n Hưng Yên, ngày 4 tháng 6 năm 2021 \\r\\n | \\r\\n\n"
        "Thực hiện Quyết định số 23/QĐ-TTg\\r\\nngày 07/01/2021 của Thủ tướng Chính phủ, UBND tỉnh"
        " xây dựng Kế hoạch như sau:\n",
        ("UBND tỉnh Hưng Yên", "Hưng Yên", None, None),
    ),
    (  # a district merged into a city in 2019: its own Phòng still writes `huyện Hoành Bồ`
        "UBND HUYỆN HOÀNH BỒ\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 25/KH-PGDĐT\nHoành Bồ, ngày 6 tháng 9 năm 2018\nKẾ HOẠCH\n"
        "Tuyên truyền phòng chống xâm hại trẻ em\n",
        ("Phòng Giáo dục và Đào tạo huyện Hoành Bồ", "Quảng Ninh", "Hoành Bồ", None),
    ),
    (  # a committee of a district merged into a city in 2024, with the motto cut over lines
        "ỦY BAN NHÂN DÂN\nHUYỆN YÊN DŨNG\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số:\n25/KH-UBND\nYên Dũng, ngày 26  tháng 9 năm 2021\nKẾ HOẠCH\nPhòng chống đuối nước\n",
        ("UBND huyện Yên Dũng", "Bắc Giang", "Yên Dũng", None),
    ),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_issuer_and_place(text: str, expected: tuple[str, str | None, str | None, str | None]) -> None:
    assert _issuer(text) == expected


def test_title_above_header_keeps_the_own_fields() -> None:
    meta = _meta(CASES[0][0])
    fields = (meta.doc_type, meta.number, meta.symbol, meta.date)
    assert fields == ("ke_hoach", "88", "KH-PGDĐT", "2022-05-20")


def test_a_body_line_without_a_motto_below_still_ends_the_header() -> None:
    # `Thực hiện …` under the header is the body: what follows is not read as the issuer's lines
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 5/KH-UBND\nNam Định, ngày 3 tháng 2 năm 2022\nKẾ HOẠCH\nThực hiện công tác trẻ em\n"
        "Thực hiện Kế hoạch số 9/KH-SLĐTBXH của Sở Lao động - Thương binh và Xã hội;\n"
    )
    assert _issuer(text) == ("UBND tỉnh Nam Định", "Nam Định", None, None)


def test_unmerged_district_keeps_the_gazetteer_kind() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTHỊ XÃ QUẢNG YÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 40/KH-UBND\nQuảng Yên, ngày 3 tháng 2 năm 2022\nKẾ HOẠCH\nPhòng chống đuối nước\n"
    )
    assert _issuer(text) == ("UBND thị xã Quảng Yên", "Quảng Ninh", "Quảng Yên", None)


@pytest.mark.parametrize(
    "line,expected",
    [
        # the unit word cut over a line: the same city, not a merged district
        ("Căn cứ Công văn số 42/PGDĐT ngày 5/9/2022 của Phòng GDĐT thành\nphố Thanh Hóa về", "Thanh Hóa"),
        # a broken glyph in the name: the gazetteer's own spelling stays
        ("Căn cứ Công văn số 42/PGDĐT ngày 5/9/2022 của Phòng GDĐT huyện Yên Đinh về việc", "Yên Định"),
    ],
)
def test_written_district_only_for_a_different_name(line: str, expected: str) -> None:
    from ingest.normalize import fold_keep_length
    from ingest.places.match import match_org

    text = prepare_text(line)
    folded = fold_keep_length(text)
    found = match_org(text, folded, folded.index("phong gddt"))
    assert found is not None and found[1].district == expected


COMMITTEES = [
    (  # a bare council over the motto cut after `XÃ HỘI`, a portal table blanked above: no `xã Cộng Hòa`
        "Số hiệu | 21/2025/NQ-HĐND |\nLoại văn bản | Nghị quyết |\nNgười ký | Nguyễn Văn A |\n"
        "HỘI ĐỒNG NHÂN DÂN |\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\nSố: 21/2025/NQ-HĐND |\n"
        "Phú Thọ, ngày 18 tháng 7 năm 2025 |\nCăn cứ Luật Tổ chức chính quyền địa phương;\n",
        ("HĐND tỉnh Phú Thọ", "Phú Thọ", None, None),
    ),
    (  # before the reform, a province whose name no district bears: the province's committee
        "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 77/KH-UBND\nBình Định, ngày 3 tháng 5 năm 2021\nKẾ HOẠCH\nTháng hành động vì trẻ em\n",
        ("UBND tỉnh Bình Định", "Bình Định", None, None),
    ),
]


@pytest.mark.parametrize("text,expected", COMMITTEES)
def test_bare_committee_placed_by_its_place_line(
    text: str, expected: tuple[str, str | None, str | None, str | None]
) -> None:
    assert _issuer(text) == expected


def test_bare_committee_of_a_city_named_as_its_province_stays_open() -> None:
    # `Thái Bình, ngày …` in 2021 is the line of the province and of the city of Thái Bình alike
    text = (
        "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 77/KH-UBND\nThái Bình, ngày 3 tháng 5 năm 2021\nKẾ HOẠCH\nTháng hành động vì trẻ em\n"
    )
    meta = _meta(text)
    assert meta.issuer is not None and meta.issuer.unit_level != "province"


def test_page_title_above_the_header_is_not_the_documents_title() -> None:
    # the own heading stands again under the motto: its title is the document's
    text = (
        "KẾ HOẠCH Thực hiện công tác y tế trường học năm học 2022 - 2023\nUBND HUYỆN BẾN LỨC\n"
        "TRƯỜNG MG AN THẠNH |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc |\n"
        "Số: 51 /KH-MGAT\n|\nAn Thạnh, ngày 12 tháng 9 năm 2022\n|\nKẾ HOẠCH\n"
        "Thực hiện công tác y tế trường học\n"
        "Năm học 2022 - 2023\nCăn cứ Kế hoạch số 18/KH-PGDĐT của Phòng Giáo dục và Đào tạo;\n"
    )
    meta = _meta(text)
    assert meta.title == "Thực hiện công tác y tế trường học Năm học 2022 - 2023"
    assert (meta.number, meta.symbol, meta.date) == ("51", "KH-MGAT", "2022-09-12")


def test_page_title_alone_stops_at_the_headers_lines() -> None:
    meta = _meta(CASES[0][0])
    assert meta.title == "Thực hiện Tháng hành động vì trẻ em năm 2022"


@pytest.mark.parametrize(
    "header,name",
    [
        ("PHÒNG GD&ĐT TP ĐÔNG HÀ TRƯỜNG MẦM NON II", "Trường Mầm non II"),
        ("PHÒNG GD&ĐT HUYỆN VĨNH LINH TRƯỜNG TIỂU HỌC SỐ I VĨNH LONG", "Trường Tiểu học Số I Vĩnh Long"),
        ("PHÒNG GD&ĐT HUYỆN GIO LINH TRƯỜNG MẦM NON VI HƯƠNG", "Trường Mầm non Vi Hương"),
    ],
)
def test_roman_numerals_in_a_school_name_stay_upper_case(header: str, name: str) -> None:
    text = (
        f"{header}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 9/KH-MN\n"
        "Quảng Trị, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nPhòng chống bạo lực học đường\n"
    )
    assert _issuer(text)[0] == name
