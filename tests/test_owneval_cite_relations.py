"""Relations and cited-document identity the own evaluation (bench/owneval/cite) found wrong on real
texts: a version note in parentheses read as an amendment of the next law, a type word cut short
between `Thực hiện` and the number, the Youth Union's Ban Bí thư read as the Party's, a department
token of a symbol "corrected" into another. Invented sentences of the same shapes."""

from __future__ import annotations

import pytest
from test_classify import relations_of

from ingest import symbols
from ingest.find import find_mentions

_relations = relations_of  # (source number or "self", target number, type) of each relation of a text


RELATIONS = [
    # a version note in parentheses says which law, it changes nothing after the `;`
    (
        "Nội dung.\n\n- Phổ biến Luật Trẻ em năm 2016; Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017); "
        "Luật Bảo hiểm y tế; Luật Bình đẳng giới.",
        [
            ("self", "102", "CITES"),
            ("self", "100", "CITES"),
            ("self", "25", "CITES"),
            ("self", "73", "CITES"),
        ],
    ),
    (
        "Nội dung.\n\n- Phổ biến Bộ luật Dân sự năm 2015(sửa đổi); Luật Trẻ em năm 2016.",
        [("self", "91", "CITES"), ("self", "102", "CITES")],
    ),
    # a real amendment between two cited documents is still read
    (
        "Căn cứ Nghị định số 21/2024/NĐ-CP ngày 23/02/2024 của Chính phủ sửa đổi, bổ sung một số điều của "
        "Nghị định số 51/2016/NĐ-CP ngày 13/6/2016 của Chính phủ;",
        [("self", "21", "CITES"), ("self", "51", "CITES"), ("21", "51", "AMENDS")],
    ),
    # the type word cut short (`Công số`) or a bare `số` between the verb and the number
    (
        "Nội dung.\n\nThực hiện Công số 771/LĐTBXH-TE ngày 02/4/2020 của Bộ Lao động - Thương binh và Xã hội "
        "về việc hướng dẫn.\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch.",
        [("self", "771", "IMPLEMENTS")],
    ),
    (
        "Nội dung.\n\nThực hiện số 58/SGDĐT-CTTT ngày 02/4/2020 của Sở Giáo dục và Đào tạo.",
        [("self", "58", "IMPLEMENTS")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relations(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _relations(text) == expected


ISSUERS = [
    ("căn cứ Kế hoạch số 57-KH/TWĐTN-TNNT ngày 03/3/2023 của Ban Bí thư Trung ương Đoàn về chiến dịch hè;",
     "Ban Bí thư Trung ương Đoàn"),
    ("theo Chương trình số 12-CTr/TWĐTN ngày 9/1/2023 của Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh;",
     "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"),
    ("thực hiện Hướng dẫn số 5-HD/HĐĐTW ngày 9/9/2022 của Hội đồng Đội Trung ương về năm học;",
     "Hội đồng Đội Trung ương"),
]


@pytest.mark.parametrize(("text", "name"), ISSUERS)
def test_youth_union_bodies_are_not_the_party(text: str, name: str) -> None:
    (m,) = find_mentions(text)
    assert m.issuer is not None and m.issuer.kind == "bo" and m.issuer.name == name


def test_the_party_secretariat_is_still_the_party() -> None:
    (m,) = find_mentions("Thực hiện Chỉ thị số 42-CT/TW ngày 24/3/2015 của Ban Bí thư về giáo dục lý tưởng;")
    assert m.issuer is not None and m.issuer.kind == "ban_bi_thu"


@pytest.mark.parametrize(
    ("symbol", "typo"),
    [
        ("KH/TWĐTN-CTTN", False),  # a department of Trung ương Đoàn, not a slip of CTTT
        ("SGDĐT-CTTN", False),  # a department one letter from another is another department
        ("KH-UBDN", True),  # a body's slip is still corrected
        ("QĐ-UNBD", True),
    ],
)
def test_departments_are_not_corrected_into_other_departments(symbol: str, typo: bool) -> None:
    assert symbols.has_typo(symbol) is typo


APPROVED = [
    # `Căn cứ` the decision approving a Đề án, in a plan carrying out that Đề án: IMPLEMENTS
    (
        "KẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN “NÂNG CAO NĂNG LỰC BẢO VỆ TRẺ EM” TRÊN ĐỊA BÀN TỈNH\n"
        "Căn cứ Quyết định số 321/QĐ-TTg ngày 02/3/2020 của Thủ tướng Chính phủ phê duyệt Đề án “Nâng cao "
        "năng lực bảo vệ trẻ em giai đoạn 2020-2025”;\n"
        "Căn cứ Thông tư số 07/2021/TT-BTC ngày 1/2/2021 của Bộ Tài chính về kinh phí;\n"
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        [("self", "321", "IMPLEMENTS"), ("self", "07", "CITES")],
    ),
    # ... or says so in the sentence closing its basis clauses
    (
        "Căn cứ Quyết định số 44/QĐ-TTg ngày 5/1/2022 của Thủ tướng Chính phủ về phê duyệt Chương trình "
        "phát triển thư viện trường học đến năm 2030;\n"
        "Ủy ban nhân dân huyện ban hành Kế hoạch triển khai thực hiện Chương trình phát triển thư viện "
        "trường học trên địa bàn huyện như sau:",
        [("self", "44", "IMPLEMENTS")],
    ),
    # ... or names the programme again by its kind alone (`thực hiện Chương trình như sau`)
    (
        "Căn cứ Quyết định số 51/QĐ-UBND ngày 3/3/2022 của UBND tỉnh phê duyệt Chương trình chăm sóc trẻ "
        "em vùng khó khăn giai đoạn 2022-2025, Phòng Lao động xây dựng Kế hoạch triển khai thực hiện "
        "Chương trình như sau:",
        [("self", "51", "IMPLEMENTS")],
    ),
    (
        "Căn cứ Quyết định số 52/QĐ-UBND ngày 4/3/2022 của UBND huyện về việc phê duyệt Đề án hỗ trợ trẻ "
        "em khuyết tật học hòa nhập;\nTrường Tiểu học B xây dựng Kế hoạch thực hiện Đề án trên địa bàn xã "
        "như sau:",
        [("self", "52", "IMPLEMENTS")],
    ),
    # the kind word alone, but naming another programme after it: still only cited
    (
        "Căn cứ Quyết định số 53/QĐ-UBND ngày 5/3/2022 của UBND tỉnh phê duyệt Chương trình chăm sóc trẻ "
        "em vùng khó khăn;\nPhòng xây dựng Kế hoạch thực hiện Chương trình phổ cập bơi an toàn như sau:",
        [("self", "53", "CITES")],
    ),
    # a plan on something else only cites the decision it names as a basis
    (
        "KẾ HOẠCH\nTỔ CHỨC NGÀY HỘI ĐỌC SÁCH NĂM 2022\n"
        "Căn cứ Quyết định số 44/QĐ-TTg ngày 5/1/2022 của Thủ tướng Chính phủ về phê duyệt Chương trình "
        "phát triển thư viện trường học đến năm 2030;\nTrường xây dựng Kế hoạch tổ chức ngày hội như sau:",
        [("self", "44", "CITES")],
    ),
    # the programme the plan carries out is another one
    (
        "KẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH SỨC KHỎE HỌC ĐƯỜNG NĂM 2023\n"
        "Căn cứ Quyết định số 44/QĐ-TTg ngày 5/1/2022 của Thủ tướng Chính phủ về phê duyệt Chương trình "
        "phát triển thư viện trường học đến năm 2030;\nTrường xây dựng Kế hoạch như sau:",
        [("self", "44", "CITES")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), APPROVED)
def test_basis_decision_approving_what_the_plan_carries_out(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _relations(text) == expected


def test_joint_rules_with_many_bodies_are_cited() -> None:
    (m,) = find_mentions(
        "Thực hiện Quy chế phối hợp số\n05/QCPH-LĐTBXH-GDĐT-CA- NNPTNT-TLĐ-LMHTX-YT ngày 2/2/2023 "
        "giữa các Bộ;"
    )
    assert (m.doc_type, m.number, m.symbol, m.date) == (
        "other",
        "05",
        "QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-YT",
        "2023-02-02",
    )
