"""Table-driven tests of IMPLEMENTS / CITES / AMENDS / REPEALS, and relations between two others."""
from __future__ import annotations

import pytest

from ingest.extract import SELF, extract_document
from ingest.normalize import normalize_text

# (text, [(from, to-number, type)]): from is "self" or the number of the citing document.
# A heading and title above a sentence, so that the sentence is read as the body, not as the title.
BODY = "KẾ HOẠCH\nCông tác năm 2025\n\n"

CASES = [
    ("Thực hiện Kế hoạch số 121/KH-UBND ngày 9/5/2024 của UBND huyện Hà Trung, UBND xã xây dựng kế hoạch.",
     [("self", "121", "IMPLEMENTS")]),
    ("Trên cơ sở Công văn số 249/SLĐTBXH-TE ngày 09/3/2022 của Sở Lao động - Thương binh và Xã hội; UBND "
     "huyện yêu cầu các cơ quan triển khai.", [("self", "249", "IMPLEMENTS")]),
    ("Các cấp ủy tiếp tục tổ chức thực hiện tốt Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị.",
     [("self", "20", "IMPLEMENTS")]),
    ("Tiếp tục triển khai thực hiện Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội.",
     [("self", "121", "IMPLEMENTS")]),
    ("Căn cứ Kế hoạch số 15-KH/TU ngày 2/3/2024 của Tỉnh ủy Quảng Ngãi, UBND tỉnh ban hành kế hoạch.",
     [("self", "15", "IMPLEMENTS")]),
    ("Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ;", [("self", "56", "CITES")]),
    ("Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;", [("self", "102", "CITES")]),
    ("Tuyên truyền các quy định của Luật Trẻ em, Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ.",
     [("self", "102", "CITES"), ("self", "56", "CITES")]),
    ("Tạm dừng thực hiện Quyết định số 1125/QĐ-UBND ngày 3/5/2023 của UBND huyện Nghi Xuân.",
     [("self", "1125", "CITES")]),
    ("tạm hoãn việc triển khai thực hiện công văn số 4395/ubnd-nc ngày 03/9/2021 và công văn số 4423/ubnd-kt "
     "ngày 04/9/2021 của ubnd tỉnh.", [("self", "4395", "CITES"), ("self", "4423", "CITES")]),
    ("Dừng thực hiện Kế hoạch số 12/KH-UBND ngày 2/1/2021 của UBND huyện.", [("self", "12", "CITES")]),
    ("Bãi bỏ Quyết định số 12/QĐ-UBND ngày 2/1/2020 của UBND tỉnh Bình Dương.", [("self", "12", "REPEALS")]),
    ("Sửa đổi, bổ sung một số điều của Nghị định số 70/2015/NĐ-CP ngày 01 tháng 9 năm 2015 của Chính phủ.",
     [("self", "70", "AMENDS")]),
    ("Thực hiện đánh giá xã phù hợp với trẻ em theo đúng quy định tại Quyết định số 06/QĐ-TTg của Thủ tướng.",
     [("self", "06", "CITES")]),
    # a list sharing one implementing verb
    ("Tiếp tục triển khai thực hiện Chỉ thị số 23/CT-TTg ngày 26/5/2020 của Thủ tướng Chính phủ, Quyết định "
     "số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ và Kế hoạch số 80/KH-UBND ngày 15/6/2021 của UBND "
     "huyện Núi Thành.",
     [("self", "23", "IMPLEMENTS"), ("self", "23", "IMPLEMENTS"), ("self", "80", "IMPLEMENTS")]),
    ("về việc triển khi chỉ thị số 24/ct-ttg ngày 02/6/2017 của thủ tướng chính phủ",
     [("self", "24", "IMPLEMENTS")]),
    # carrying out the direction given in a document
    ("thực hiện chỉ đạo của tỉnh ủy về phòng, chống covid-19 tại thông báo số 224-tb/tu ngày 29/9/2021",
     [("self", "224", "IMPLEMENTS")]),
    ("Triển khai thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ tại Công văn số 9652/VPCP-KTTH ngày "
     "18/11/2021", [("self", "9652", "IMPLEMENTS")]),
    ("Báo cáo kết quả theo chỉ đạo tại Công văn số 12/UBND-VX ngày 2/3/2021 của UBND tỉnh",
     [("self", "12", "CITES")]),
    ("Thực hiện sự chỉ đạo của UBND huyện tại Kế hoạch số 16/KH-UBND ngày 2/2/2022 về trẻ em, Phòng hướng "
     "dẫn như sau:", [("self", "16", "IMPLEMENTS")]),
    # reviewing how a document was carried out is no carrying out
    (BODY + "Sau khi tổng kết việc thực hiện Chỉ thị số 61-CT/TW ngày 2/4/2025 và các kết luận, Bộ Chính "
     "trị sẽ xem xét.", [("self", "61", "CITES")]),
    (BODY + "Các đơn vị đánh giá kết quả thực hiện Kế hoạch số 17/KH-UBND ngày 3/3/2024 của UBND huyện.",
     [("self", "17", "CITES")]),
    (BODY + "Tổ chức sơ kết 5 năm thực hiện Nghị quyết số 08-NQ/TU ngày 1/6/2019 của Tỉnh ủy.",
     [("self", "08", "CITES")]),
    # a second direction coordinated with a document the opening verb carries out
    ("Thực hiện Công văn số 41/BYT-DP ngày 3/11/2025 của Bộ Y tế và chỉ đạo của UBND tỉnh tại Văn bản số "
     "52/UBND-VX ngày 6/11/2025, Sở đề nghị:", [("self", "41", "IMPLEMENTS"), ("self", "52", "IMPLEMENTS")]),
    # the type word written as its token (`KH số`) still opens a basis clause
    ("Thực hiện KH số 14/KH-UBND ngày 2/2/2022 của UBND xã, Trường xây dựng kế hoạch.",
     [("self", "14", "IMPLEMENTS")]),
    # ... or the guidance a letter gives, in an opening clause
    ("Thực hiện hướng dẫn của Sở Tư pháp tại Công văn số 31/STP-PBGDPL ngày 4/4/2022, Phòng xây dựng kế "
     "hoạch.", [("self", "31", "IMPLEMENTS")]),
    ("Theo hướng dẫn của Phòng Văn hóa tại Công văn số 5/PVH ngày 1/2/2023, Trường triển khai như sau:",
     [("self", "5", "IMPLEMENTS")]),
    ("Các đơn vị báo cáo theo hướng dẫn tại Công văn số 6/PGDĐT ngày 1/2/2023 của Phòng.",
     [("self", "6", "CITES")]),
    # amendments between two others, across a PDF line break, and an amending law's name in a basis list
    ("Căn cứ Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 của Chính phủ \nsửa đổi, bổ sung một số "
     "điều của Nghị định số 24/2014/NĐ-CP ngày 04 tháng 4 năm 2014 của Chính phủ;",
     [("self", "107", "CITES"), ("self", "24", "CITES"), ("107", "24", "AMENDS")]),  # stated between the two
    ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; \nLuật sửa đổi, bổ sung một số điều của "
     "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     [("self", "76", "CITES"), ("self", "47", "CITES"), ("self", "76", "CITES"), ("self", "77", "CITES")]),
    ("Quyết định sửa đổi, bổ sung một số điều của Quyết định số 12/2020/QĐ-UBND ngày 2/1/2020 của UBND tỉnh "
     "Bình Dương", [("self", "12", "AMENDS")]),
    # an amendment naming the provision it changes, stated between two other documents
    ("Căn cứ Nghị định số 44/2014/NĐ-CP ngày 3 tháng 2 năm 2014 của Chính phủ sửa đổi điểm b khoản 3 Điều 2 "
     "của Nghị định số 19/2012/NĐ-CP ngày 5 tháng 4 năm 2012 của Chính phủ;",
     [("self", "44", "CITES"), ("self", "19", "CITES"), ("44", "19", "AMENDS")]),
    # a relation stated between two other documents
    ("Tiếp tục thực hiện Kế hoạch số 42-KH/HU ngày 12/7/2013 của Huyện ủy Núi Thành thực hiện Chỉ thị "
     "20-CT/TW ngày 05/11/2012 của Bộ Chính trị.",
     [("self", "42", "IMPLEMENTS"), ("self", "20", "CITES"), ("42", "20", "IMPLEMENTS")]),
    ("Thực hiện Kế hoạch số 121/KH-UBND ngày 9/5/2024 của UBND huyện Hà Trung về triển khai thực hiện Chỉ "
     "thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị và Kế hoạch số 195-KH/HU ngày 19/3/2024 của Ban "
     "Thường vụ Huyện ủy, UBND xã xây dựng kế hoạch.",
     [("self", "121", "IMPLEMENTS"), ("self", "28", "CITES"), ("121", "28", "IMPLEMENTS"),
      ("self", "195", "CITES"), ("121", "195", "IMPLEMENTS")]),
    ("Nội dung: Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ quy định chi tiết một số điều của "
     "Luật Trẻ em.", [("self", "56", "CITES"), ("self", "102", "CITES")]),
    # the issuing body and date stated first, the letter asks to carry it out
    ("Ngày 20/03/2023 UBND huyện Núi Thành ban hành Kế hoạch số 60/KH-UBND về việc bảo vệ trẻ em, Phòng GDĐT "
     "yêu cầu thủ trưởng các đơn vị thực hiện một số nội dung sau:", [("self", "60", "IMPLEMENTS")]),
    # subject lines of a provincial portal, all lower case
    ("triển khai thực hiện thông tư số 07/2022/tt-btttt ngày 30/6/2022 của bộ thông tin và truyền thông",
     [("self", "07", "IMPLEMENTS")]),
    ("thực hiện nghị định số 136/2020/nđ-cp của chính phủ", [("self", "136", "IMPLEMENTS")]),
    ("quán triệt chỉ thị số 05-ct/tw của bộ chính trị", [("self", "05", "IMPLEMENTS")]),
    # the verb's own `theo` carries out; `theo` after an object is background
    ("Thực hiện theo Kế hoạch số 40/KH-UBND ngày 2/4/2024 của UBND tỉnh, UBND xã ban hành kế hoạch.",
     [("self", "40", "IMPLEMENTS")]),
    ("Thực hiện theo quy định tại Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ.",
     [("self", "56", "CITES")]),
    # `văn bản chỉ đạo số …`: a letter named by what it does
    ("Thực hiện văn bản chỉ đạo số 1543/UBND-VX ngày 5/3/2024 của UBND tỉnh, Phòng GDĐT đề nghị các trường.",
     [("self", "1543", "IMPLEMENTS")]),
]


def relations_of(text: str) -> list[tuple[str, str, str]]:
    result = extract_document(normalize_text(text), "t.txt")
    out = []
    for edge in result["edges"]:
        source = "self" if edge["from"] == SELF else result["refs"][edge["from"]]["number"]
        out.append((source, result["refs"][edge["to"]]["number"], edge["type"]))
    return out


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_relation_types(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert relations_of(text) == expected


TITLES = [
    ("KẾ HOẠCH\n"
     "Triển khai thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị\n\nNội dung.", "IMPLEMENTS"),
    ("KẾ HOẠCH\nCông tác trẻ em năm học 2024-2025\ntheo Chỉ thị số 28-CT/TW của Bộ Chính trị\n\nNội dung.",
     "IMPLEMENTS"),
    ("Số: 12/UBND-VX\nV/v tạm dừng thực hiện Quyết định số 88/QĐ-UBND\n\nKính gửi: các xã.", "CITES"),
    # a title reviewing how a directive was carried out still names what the document is about
    ("BÁO CÁO\nSơ kết 5 năm thực hiện Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị\n\nNội dung.",
     "IMPLEMENTS"),
]


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_titles(text: str, expected: str) -> None:
    relations = [r for r in relations_of(text) if r[0] == "self"]
    assert relations and relations[0][2] == expected


def test_an_amending_decree_cited_in_a_basis_clause_does_not_make_us_amend() -> None:
    text = ("Căn cứ Nghị định số 21/2024/NĐ-CP ngày 23 tháng 02 năm 2024 của Chính phủ sửa đổi, bổ sung một "
            "số điều của Nghị định số 51/2016/NĐ-CP ngày 13 tháng 6 năm 2016 của Chính phủ;")
    assert [r for r in relations_of(text) if r[0] == "self"] == [
        ("self", "21", "CITES"), ("self", "51", "CITES"),
    ]
