"""Table-driven tests of the citation finder: every shape of DESIGN.md's domain facts, and the traps."""
from __future__ import annotations

import pytest

from ingest.find import find_mentions
from ingest.normalize import normalize_text

# (text, [(doc_type, number, symbol, year-in-number), ...]) — what must be found, in order.
NUMBERED = [
    # Party shapes
    ("Thực hiện Chỉ thị số 20-CT/TW của Bộ Chính trị", [("chi_thi", "20", "CT/TW", None)]),
    ("theo Kế hoạch số 42-KH/HU ngày 12/7/2013", [("ke_hoach", "42", "KH/HU", None)]),
    ("Công văn số 566-CV/HU", [("cong_van", "566", "CV/HU", None)]),
    ("Chỉ thị số 37-CT/TU của Tỉnh ủy", [("chi_thi", "37", "CT/TU", None)]),
    ("Nghị quyết số 29-NQ/TW", [("nghi_quyet", "29", "NQ/TW", None)]),
    ("Kết luận số 69-KL/TW", [("ket_luan", "69", "KL/TW", None)]),
    ("Kế hoạch số 15-KH/ĐU của Đảng ủy xã", [("ke_hoach", "15", "KH/ĐU", None)]),
    ("Chương trình hành động số 19-CTr/TU", [("chuong_trinh", "19", "CTr/TU", None)]),
    # joint programmes and plans of several bodies
    ("Chương trình phối hợp số 03/CTrPH-SLĐTBXH-CAT", [("chuong_trinh", "03", "CTrPH-SLĐTBXH-CAT", None)]),
    ("Kế hoạch phối hợp số 7/KHPH-ĐTN-PGDĐT", [("ke_hoach", "7", "KHPH-ĐTN-PGDĐT", None)]),
    # spaces, case and diacritics noise
    ("thực hiện nghị quyết số 19-2018/nq-cp ngày 15/5/2018", [("nghi_quyet", "19", "NQ-CP", 2018)]),
    ("thực hiện chương trình hành động số 81-cthđ/tu", [("chuong_trinh", "81", "CTHĐ/TU", None)]),
    ("Căn cứ Nghị quyết số 66.16/2026/NQ-CP của Chính phủ", [("nghi_quyet", "66.16", "NQ-CP", 2026)]),
    ("Thông tư số 21/2021/TT- \nBLĐTBXH ngày 15 tháng 12 năm 2021", [("thong_tu", "21", "TT-BLĐTBXH", 2021)]),
    ("của Thông tư số 15/2023/TT -\nBLĐTBXH, có hiệu lực", [("thong_tu", "15", "TT-BLĐTBXH", 2023)]),
    ("Thông tư số 38/2026/TT - BTC ngày 31 tháng 3 năm 2026", [("thong_tu", "38", "TT-BTC", 2026)]),
    ("Quyết định số 12/QĐ - Về việc phân công", [("quyet_dinh", "12", "QĐ", None)]),
    ("Chi thị 28- CT/TW", [("chi_thi", "28", "CT/TW", None)]),
    ("chỉ thị số 28 - ct/tw", [("chi_thi", "28", "CT/TW", None)]),
    ("chương trình số 19 -ctr/tu", [("chuong_trinh", "19", "CTr/TU", None)]),
    ("Số 566 -CV/HU", [("cong_van", "566", "CV/HU", None)]),
    ("Kế hoạch số 195 -KH/HU", [("ke_hoach", "195", "KH/HU", None)]),
    ("Ke hoach so 60/KH-UBND", [("ke_hoach", "60", "KH-UBND", None)]),
    ("thông tư số 07/2022/tt-btttt", [("thong_tu", "07", "TT-BTTTT", 2022)]),
    ("nghi dinh so 56/2017/ND-CP", [("nghi_dinh", "56", "NĐ-CP", 2017)]),
    ("Nghị định số 56/2017/NÐ-CP", [("nghi_dinh", "56", "NĐ-CP", 2017)]),
    ("Quyết định số 23/qđ-ttg", [("quyet_dinh", "23", "QĐ-TTg", None)]),
    ("Quyết định số 06/QĐ-TTg", [("quyet_dinh", "06", "QĐ-TTg", None)]),
    ("QUYẾT ĐỊNH SỐ 1234/QĐ-UBND", [("quyet_dinh", "1234", "QĐ-UBND", None)]),
    # State shapes
    ("Nghị định số 56/2017/NĐ-CP ngày 09/5/2017", [("nghi_dinh", "56", "NĐ-CP", 2017)]),
    ("Nghị quyết số 121/2020/QH14", [("nghi_quyet", "121", "QH14", 2020)]),
    ("Luật số 102/2016/QH13", [("luat", "102", "QH13", 2016)]),
    ("Thông tư số 45/2021/TT-BGDĐT", [("thong_tu", "45", "TT-BGDĐT", 2021)]),
    ("Kế hoạch số 60/KH-UBND", [("ke_hoach", "60", "KH-UBND", None)]),
    ("Công văn số 1025/UBND-LĐTBXH", [("cong_van", "1025", "UBND-LĐTBXH", None)]),
    ("Công văn số 249/SLĐTBXH-TE", [("cong_van", "249", "SLĐTBXH-TE", None)]),
    ("văn bản số 3637/UBND-VX", [("cong_van", "3637", "UBND-VX", None)]),
    ("Thông báo kết luận số 324/TB-VPCP", [("thong_bao", "324", "TB-VPCP", None)]),
    ("Kết luận số 324/TB-VPCP", [("thong_bao", "324", "TB-VPCP", None)]),
    ("Quyết định số 170/2006/QĐ-BYT", [("quyet_dinh", "170", "QĐ-BYT", 2006)]),
    ("Văn bản hợp nhất số 04/VBHN-BYT", [("van_ban_hop_nhat", "04", "VBHN-BYT", None)]),
    ("Nghị quyết số 78/2025/UBTVQH15", [("nghi_quyet", "78", "UBTVQH15", 2025)]),
    ("Thông tư liên tịch số 01/2016/TTLT-BLĐTBXH-BGDĐT", [("thong_tu", "01", "TTLT-BLĐTBXH-BGDĐT", 2016)]),
    ("Công điện số 05/CĐ-TTg", [("cong_dien", "05", "CĐ-TTg", None)]),
    ("Đề án số 12/ĐA-UBND", [("de_an", "12", "ĐA-UBND", None)]),
    ("Hướng dẫn số 07/HD-SGDĐT", [("huong_dan", "07", "HD-SGDĐT", None)]),
    ("Báo cáo số 88/BC-UBND", [("bao_cao", "88", "BC-UBND", None)]),
    ("Nghị quyết số 50/NQ-CP", [("nghi_quyet", "50", "NQ-CP", None)]),
    ("Chỉ thị số 23/CT-TTg", [("chi_thi", "23", "CT-TTg", None)]),
    ("quyết định 1707/qđ-ubnd", [("quyet_dinh", "1707", "QĐ-UBND", None)]),
    ("Quyết định số 548/QĐ-LĐTBXH", [("quyet_dinh", "548", "QĐ-LĐTBXH", None)]),
    ("Kế hoạch 12/KH-THCS", [("ke_hoach", "12", "KH-THCS", None)]),
    # line breaks inside citations (PDF text)
    ("Nghị định số\n56/2017/NĐ-CP", [("nghi_dinh", "56", "NĐ-CP", 2017)]),
    ("Kế hoạch số 150/KH-\nUBND ngày 3/4/2019", [("ke_hoach", "150", "KH-UBND", None)]),
    ("Kế hoạch số 150/\nKH-UBND", [("ke_hoach", "150", "KH-UBND", None)]),
    ("Chỉ thị số 28-\nCT/TW", [("chi_thi", "28", "CT/TW", None)]),
    # lists sharing one type word
    ("Các Kế hoạch: số 63/KH-UBND ngày 28/3/2020; số 64/KH-UBND ngày 28/3/2019",
     [("ke_hoach", "63", "KH-UBND", None), ("ke_hoach", "64", "KH-UBND", None)]),
    ("các quyết định số: 3796/qđ-ubnd ngày 28/12/2018 và 911/qđ-ubnd ngày 03/4/2020",
     [("quyet_dinh", "3796", "QĐ-UBND", None), ("quyet_dinh", "911", "QĐ-UBND", None)]),
    ("Nghị định số 56/2017/NĐ-CP, Nghị định số 80/2017/NĐ-CP và Nghị định số 20/2021/NĐ-CP",
     [("nghi_dinh", "56", "NĐ-CP", 2017), ("nghi_dinh", "80", "NĐ-CP", 2017),
      ("nghi_dinh", "20", "NĐ-CP", 2021)]),
    ("Luật số 46/2014/QH13, Luật số 97/2015/QH13",
     [("luat", "46", "QH13", 2014), ("luat", "97", "QH13", 2015)]),
    # a department after a dot (`QĐ-UBND.VX`): part of the symbol when in capitals, never a sentence's end
    ("Quyết định số 318/QĐ-UBND.VX ngày 4/2/2020", [("quyet_dinh", "318", "QĐ-UBND.VX", None)]),
    ("Công văn số 2217/UBND.KT của tỉnh", [("cong_van", "2217", "UBND.KT", None)]),
    ("Kế hoạch số 9/KH-SYT.NVY", [("ke_hoach", "9", "KH-SYT.NVY", None)]),
    ("theo Kế hoạch số 40/KH-UBND.Vì vậy", [("ke_hoach", "40", "KH-UBND", None)]),
    ("xem Công văn số 7/UBND-VP tại ubnd.gov.vn", [("cong_van", "7", "UBND-VP", None)]),
    # a year that lost its last digit in a PDF's text layer: the number and symbol are still read
    ("Quyết định số 31/201 /QĐ-UBND ngày 4 tháng 9 năm 2019", [("quyet_dinh", "31", "QĐ-UBND", None)]),
    ("Nghị định số 75/2006 NĐ-CP ngày 02 tháng 8 năm 2006", [("nghi_dinh", "75", "NĐ-CP", 2006)]),
    # a type token for the type word before `số` (`KH số`, `CV số`): a bare body's letter is still found
    ("theo CV số 77/PGDĐT ngày 2/3/2022", [("cong_van", "77", "PGDĐT", None)]),
    ("kh số 5/KH-THCS và TB số 8/TB-UBND",
     [("ke_hoach", "5", "KH-THCS", None), ("thong_bao", "8", "TB-UBND", None)]),
    # decomposed Unicode is repaired before finding
    ("Ke\u0302\u0301 hoa\u0323ch so\u0302\u0301 60/KH-UBND", [("ke_hoach", "60", "KH-UBND", None)]),
]

# Numbers that are not citations.
NOT_CITATIONS = [
    "ngày 27/7/1947",
    "tháng 10/2021",
    "trong tháng 10/2021 và 11/2021",
    "tỷ lệ 1/500",
    "tỷ lệ 1/2.000",
    "bản đồ tỷ lệ 1/10.000",
    "điện thoại 0257.3890.000",
    "Tổng đài 111",
    "ĐT: 0974.226.679",
    "bệnh viện dã chiến số 1",
    "giai đoạn 2021-2030",
    "giai đoạn 2016 - 2020",
    "Giấy chứng nhận số 123/GCN",
    "giấy phép số 45/GP",
    "COVID-19",
    "24/24 giờ",
    "học kỳ 1/2023",
    "năm học 2023-2024",
    "Điều 5, khoản 2",
    "lúc 14h30 ngày 5/6",
    "tiêu chí 3/5",
    "phòng 2/3 tầng",
    "số 12/3 đường Lê Lợi",
    "V/v triển khai",
    "Email: vanthu@example.vn",
    "Kế hoạch năm 2021",
    "Kế hoạch 2024",
    "Mẫu số 301.1/NCC-S",
    "theo Mẫu số 01/CTKT-TSMH ban hành kèm theo Thông tư này",
    "Mẫu số: 40/TB - ĐKT",
    "Biểu số 506/PCTNXH-Sở Ban hành kèm theo",
    "49 801-802/TTr-Sở Thanh tra hành chính 50 805/TTr-Sở",
    "Quyết định số 12/2020 của tỉnh",  # a year after the number and no symbol: nothing to identify
    # `HĐ số` is as often a contract (hợp đồng) as a guide: no document without its symbol
    "HĐ số 15/PGDĐT",
    # a số hiệu percent-encoded in a link (`Đ` as `%C4%90`): cut short, it would be another document
    "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=141012&Keyword= 23/2019/TT-BL%C4%90TBXH",
    "toanvan.aspx?ItemID=126908&Keyword= S%E1%BB%91%2031/2017/TT- BL%C4%90TBXH",
]


@pytest.mark.parametrize(("text", "expected"), NUMBERED)
def test_finds_numbered_citations(text: str, expected: list[tuple[str, str, str, int | None]]) -> None:
    found = find_mentions(normalize_text(text))
    got = [(m.doc_type, m.number, m.symbol, m.year) for m in found if m.kind == "numbered"]
    assert got == expected


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_numbers_that_are_not_citations(text: str) -> None:
    assert find_mentions(normalize_text(text)) == []


# (text, expected date, expected issuer kind, expected place) of the first mention's tail.
TAILS = [
    ("Kế hoạch số 38/KH-UBND ngày 07/04/2024 của Ủy ban\nnhân dân thành phố Hà Nội và", "2024-04-07", "ubnd",
     "Hà Nội"),
    ("Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ\nChính trị về", "2012-11-05", "bo_chinh_tri", None),
    ("Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị về", "2012-11-05", "bo_chinh_tri", None),
    ("Chỉ thị số 20-CT/TW ngày 05 tháng 11 năm 2012 của Bộ Chính trị", "2012-11-05", "bo_chinh_tri", None),
    ("Kế hoạch số 60/KH-UBND ngày 20/3/2023 của UBND huyện Núi Thành", "2023-03-20", "ubnd", "Núi Thành"),
    ("Kế hoạch số 42-KH/HU ngày 12/7/2013 của Huyện Ủy Núi Thành", "2013-07-12", "huyen_uy", "Núi Thành"),
    ("Kế hoạch số 709/KH-UBND ngày 11/3/2020 của Ủy ban nhân dân tỉnh Hải Dương", "2020-03-11", "ubnd",
     "Hải Dương"),
    ("Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ", "2021-01-07", "thu_tuong", None),
    ("Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội", "2020-06-19", "quoc_hoi", None),
    ("Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ", "2017-05-09", "chinh_phu", None),
    ("Thông tư số 45/2021/TT-BGDĐT ngày 31/12/2021 của Bộ trưởng Bộ Giáo dục và Đào tạo", "2021-12-31", "bo",
     None),
    ("Công văn số 249/SLĐTBXH-TE ngày 09/3/2022 của Sở Lao động - Thương binh và Xã hội", "2022-03-09", "so",
     None),
    ("Kế hoạch số 195-KH/HU ngày 19/3/2024 của Ban Thường vụ Huyện ủy", "2024-03-19", "huyen_uy", None),
    ("Chỉ thị số 37-CT/TU ngày 31/5/2019 của Tỉnh ủy Hải Dương", "2019-05-31", "tinh_uy", "Hải Dương"),
    ("Kế hoạch số 12/KH-UBND ngày   tháng 6 năm 2024 của UBND xã", "2024-06", "ubnd", None),
    ("Kế hoạch số 121/KH-UBND ngày 9/5/2024 của UBND huyện Hà Trung", "2024-05-09", "ubnd", "Hà Trung"),
    ("Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng", "2019-01-03", "thu_tuong", None),
    ("Kế hoạch số 58/KH-UBND, ngày 02-4-2024 của UBND tỉnh Quảng Ngãi", "2024-04-02", "ubnd", "Quảng Ngãi"),
    # a department after a dot does not cut the date and issuer off
    ("Quyết định số 318/QĐ-UBND.VX ngày 4/2/2020 của UBND tỉnh Hà Tĩnh", "2020-02-04", "ubnd", "Hà Tĩnh"),
    # the body whose direction a citation carries, named before it, is its issuer
    ("thực hiện chỉ đạo của UBND tỉnh Lào Cai tại Công văn số 51/UBND-VX ngày 3/3/2022", "2022-03-03", "ubnd",
     "Lào Cai"),
    ("theo hướng dẫn của Sở Y tế tỉnh Bến Tre tại Công văn số 8/SYT-NV ngày 1/6/2021", "2021-06-01", "so",
     "Bến Tre"),
]


@pytest.mark.parametrize(("text", "date", "kind", "place"), TAILS)
def test_reads_date_and_issuer_after_citation(text: str, date: str, kind: str, place: str | None) -> None:
    mention = find_mentions(normalize_text(text))[0]
    assert mention.date == date
    assert mention.issuer is not None and mention.issuer.kind == kind
    if place is not None:
        assert place in (mention.issuer.province, mention.issuer.district, mention.issuer.commune)


SHORT_AND_NAMED = [
    ("Chỉ thị số 28-CT/TW của Bộ Chính trị. Quán triệt Chỉ thị 28 đến cán bộ.", ["numbered", "short"]),
    ("Chỉ thị 16 của Thủ tướng Chính phủ về giãn cách xã hội", ["short"]),
    ("tuyên truyền Luật Trẻ em và Bộ luật Lao động", ["named", "named"]),
    ("quy định của Luật Phòng, chống bạo lực gia đình", ["named"]),
    ("theo Luật trẻ em và công ước Quốc tế về quyền trẻ em", ["named", "named"]),
    ("Công ước của Liên Hợp Quốc về quyền trẻ em", ["named"]),
    ("Luật Bảo hiểm y tế số 25/2008/QH12 ngày 14 tháng 11 năm 2008", ["numbered"]),
    ("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025", ["named"]),
    ("chấp hành pháp luật về trẻ em", []),
    ("dự thảo Luật Trẻ em sửa đổi", []),
    ("Kế hoạch 2021 của trường", []),
]


@pytest.mark.parametrize(("text", "kinds"), SHORT_AND_NAMED)
def test_short_and_named_forms(text: str, kinds: list[str]) -> None:
    assert [m.kind for m in find_mentions(normalize_text(text))] == kinds


def test_named_law_resolves_family() -> None:
    mentions = find_mentions("Tuyên truyền Bộ luật Lao động, Luật Bình đẳng giới.")
    assert [m.name for m in mentions] == ["Bộ luật Lao động", "Luật Bình đẳng giới"]


def test_spans_cover_the_citation_text() -> None:
    text = normalize_text("Thực hiện Kế hoạch số 121/KH-UBND ngày 9/5/2024 của UBND huyện Hà Trung.")
    mention = find_mentions(text)[0]
    assert text[mention.start:mention.end] == "Kế hoạch số 121/KH-UBND"
    assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end


def test_subject_stops_at_next_citation() -> None:
    text = normalize_text("Kế hoạch số 121/KH-UBND của UBND huyện Hà Trung về triển khai thực hiện Chỉ thị "
                          "số 28-CT/TW.")
    first, second = find_mentions(text)
    assert first.tail_end == second.start
    assert first.title == "về triển khai thực hiện"
