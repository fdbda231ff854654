"""Citations of real texts the own evaluation (bench/owneval/cite) found missed or misread: a number
glued to `số`, a law named by its short popular name, a Prime Minister's decision cited without a
year. Invented sentences of the same shapes (no text copied from the evaluated documents)."""

from __future__ import annotations

import pytest

from ingest.find import find_mentions
from ingest.model import DocMeta
from ingest.resolve import resolve_mentions

Ref = tuple[str, str | None, str | None, int | None]


def _refs(text: str, date: str = "2022-10-03") -> list[Ref]:
    meta = DocMeta(doc_type="ke_hoach", number="9", symbol="KH-MG", year=int(date[:4]), date=date)
    return [
        (r.doc_type, r.number, r.symbol, r.year)
        for r in resolve_mentions(find_mentions(text), meta)
        if r is not None
    ]


# (text, documents it cites in order: doc_type, number, symbol, year)
GLUED = [
    # the number glued to `số`: still a citation, with its symbol and date
    (
        "Căn cứ Kế hoạch số1702/KH-PGDĐT, ngày 5/9/2022 về công tác y tế trường học;",
        [("ke_hoach", "1702", "KH-PGDĐT", 2022)],
    ),
    (
        "Căn cứ vào Công văn số884/PGD&ĐT-GDMN ngày 12/8/2019 của Phòng Giáo dục & Đào tạo về an toàn;",
        [("cong_van", "884", "PGD&ĐT-GDMN", 2019)],
    ),
    # spaced as usual: unchanged
    (
        "Căn cứ Kế hoạch số 1702/KH-PGDĐT ngày 5/9/2022;",
        [("ke_hoach", "1702", "KH-PGDĐT", 2022)],
    ),
    # digits glued to any other word are not a số hiệu (`mã123/AB`)
    ("Học sinh mã123/KH-AB tham gia.", []),
]


@pytest.mark.parametrize(("text", "expected"), GLUED)
def test_number_glued_to_so(text: str, expected: list[Ref]) -> None:
    assert _refs(text) == expected


NAMED = [
    # the HIV/AIDS law by its short popular name: the numbered law in force on the citing date
    ("Tuyên truyền Luật Phòng chống HIV/AIDS; Luật Trẻ em.", "2024-03-01",
     [("luat", "64", "QH11", 2006), ("luat", "102", "QH13", 2016)]),
    ("Phổ biến Luật Phòng, chống HIV/AIDS đến học sinh.", "2019-05-05", [("luat", "64", "QH11", 2006)]),
]


@pytest.mark.parametrize(("text", "date", "expected"), NAMED)
def test_short_law_names(text: str, date: str, expected: list[Ref]) -> None:
    assert _refs(text, date) == expected


YEARLESS = [
    # a Prime Minister's decision cited without a year: the table of central documents gives it
    ("Triển khai Quyết định 1235/QĐ-TTg của Thủ tướng Chính phủ về quyền tham gia của trẻ em.", "2016-11-01",
     [("quyet_dinh", "1235", "QĐ-TTg", 2016)]),
    ("Thực hiện Quyết định số 2361/QĐ-TTg của Thủ tướng Chính phủ về bảo vệ trẻ em.", "2016-05-01",
     [("quyet_dinh", "2361", "QĐ-TTg", 2015)]),
    # a Party directive numbered per term, cited without a date
    ("Quán triệt Chỉ thị số 06-CT/TW của Ban Bí thư về xây dựng gia đình.", "2024-02-01",
     [("chi_thi", "06", "CT/TW", 2021)]),
    # a year in the text wins over the table
    ("Thực hiện Quyết định số 1235/QĐ-TTg ngày 03/7/2018 của Thủ tướng Chính phủ.", "2018-09-01",
     [("quyet_dinh", "1235", "QĐ-TTg", 2018)]),
]


@pytest.mark.parametrize(("text", "date", "expected"), YEARLESS)
def test_yearless_central_documents(text: str, date: str, expected: list[Ref]) -> None:
    assert _refs(text, date) == expected


OWN_NUMBER = [
    # the header's own `Số:` line, spaced or after a portal's panel, is no citation of the document
    ("HỘI ĐỒNG TRUNG ƯƠNG\n   Số:  41  - KH/HĐĐTW        Hà Nội, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\n"
     "Thực hiện Kế hoạch số 30-KH/TWĐTN ngày 1/2/2022;", ["30"]),
    ("Số hiệu: 88/QĐ-TTg Loại văn bản: Quyết định\nTHỦ TƯỚNG CHÍNH PHỦ\nSố: 88/QĐ-TTg\n"
     "Căn cứ Quyết định số 12/QĐ-TTg ngày 1/1/2010;", ["12"]),
    # an old-style title naming the document's own số hiệu
    ("QUYẾT ĐỊNH\nCỦA BỘ TRƯỞNG BỘ Y TẾ SỐ 31/2002/QĐ-BYT\nNGÀY 02 THÁNG 5 NĂM 2002\n"
     "Căn cứ Nghị định số 49/2003/NĐ-CP;", ["49"]),
    # a title carrying out another document still cites it
    ("KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 23/QĐ-TTG NGÀY 07/01/2021 CỦA THỦ TƯỚNG", ["23"]),
    # `số:` inside a sentence is a citation
    ("Căn cứ Công văn số: 12/SGDĐT-VP ngày 1/1/2020 của Sở;", ["12"]),
]


@pytest.mark.parametrize(("text", "numbers"), OWN_NUMBER)
def test_own_number_is_not_a_citation(text: str, numbers: list[str]) -> None:
    unread = DocMeta(doc_type="ke_hoach", year=2022)  # a header whose own number was not read
    refs = resolve_mentions(find_mentions(text), unread)
    assert [r.number for r in refs if r is not None] == numbers


SPACED = [
    # a letter's body cut from its department by a stray space before the hyphen
    ("Thực hiện Công văn 2150/UBND -VX ngày 5/11/2021 của UBND tỉnh;",
     [("cong_van", "2150", "UBND-VX", 2021)]),
    ("Căn cứ Công văn số 77/SGDĐT - GDTrH ngày 5/11/2021 của Sở;", [("cong_van", "77", "SGDĐT-GDTRH", 2021)]),
    # a word after the hyphen is not a department
    ("theo văn bản 12/UBND - ngày 5/11/2021 đã gửi", [("cong_van", "12", "UBND", None)]),
]


@pytest.mark.parametrize(("text", "expected"), SPACED)
def test_body_cut_from_its_department(text: str, expected: list[Ref]) -> None:
    assert [(m.doc_type, m.number, m.symbol, m.year or (int(m.date[:4]) if m.date else None))
            for m in find_mentions(text)] == expected


SHARED_DATE = [
    # `A và B ngày …`: two letters of one body, one date written after the second
    ("Thực hiện các Công điện số 011/CĐ-UBND và số 012/CĐ-UBND ngày 21/10/2024 của UBND tỉnh về bão;",
     [("011", "2024-10-21"), ("012", "2024-10-21")]),
    ("Căn cứ Công văn số 301/UBND-VX, 302/UBND-VX ngày 2/3/2023 của UBND huyện;",
     [("301", "2023-03-02"), ("302", "2023-03-02")]),
    # documents of different kinds keep their own dates
    ("Thực hiện Quyết định số 40/QĐ-UBND và Kế hoạch số 41/KH-UBND ngày 5/5/2024;",
     [("40", None), ("41", "2024-05-05")]),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_DATE)
def test_coordinated_citations_share_a_date(text: str, expected: list[tuple[str, str | None]]) -> None:
    mentions = find_mentions(text)
    assert [(m.number, m.date) for m in mentions] == expected
    if "của" in text and mentions[0].date:
        assert mentions[0].issuer is not None and mentions[0].issuer == mentions[1].issuer
