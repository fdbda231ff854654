"""Departments and ministries whose official names carry a comma (`Sở Văn hóa, Thể thao và Du lịch`), and
document types with no type of their own (`Phương án`): invented headers and citations (issue 11)."""

from __future__ import annotations

import pytest

from ingest.extract import extract_document, prepare_text
from ingest.parse import parse_document
from ingest.places import org_name

HEADER = (
    "UBND TỈNH {province}\n{body}\nSố: 41/{symbol}\nV/v phối hợp tổ chức Ngày hội gia đình\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{place}, ngày 9 tháng 6 năm 2025\n"
    "Kính gửi: Sở Nội vụ\n"
)


@pytest.mark.parametrize(
    ("body", "symbol", "expected"),
    [
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SVHTTDL-VP", "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai"),
        ("SỞ VĂN HÓA - THỂ THAO VÀ DU LỊCH", "SVHTTDL-GĐ", "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT-VP", "Sở Giáo dục và Đào tạo tỉnh Gia Lai"),
    ],
)
def test_a_department_named_with_a_comma_is_the_issuer(body: str, symbol: str, expected: str) -> None:
    text = HEADER.format(province="GIA LAI", body=body, symbol=symbol, place="Gia Lai")
    meta = parse_document(prepare_text(text))
    assert meta.issuer is not None
    assert org_name(meta.issuer) == expected


@pytest.mark.parametrize(
    ("citation", "doc_type", "issuer_kind"),
    [
        ("Phương án số 210/PA-UBND ngày 1/8/2025 của UBND tỉnh Gia Lai về thiên tai", "other", "ubnd"),
        ("Phương án số 15/PA-SGDĐT ngày 1/8/2025 của Sở Giáo dục và Đào tạo", "other", "so"),
        ("Công văn số 77/SVHTTDL-GĐ ngày 1/8/2025 của Sở Văn hóa, Thể thao và Du lịch", "cong_van", "so"),
    ],
)
def test_a_response_plan_is_the_named_body_s(citation: str, doc_type: str, issuer_kind: str) -> None:
    text = HEADER.format(province="GIA LAI", body="SỞ NỘI VỤ", symbol="SNV-VP", place="Gia Lai")
    refs = extract_document(text + "Căn cứ " + citation + ";\n", "x.txt")["refs"]
    assert len(refs) == 1
    issuer = refs[0]["issuer"]
    assert (refs[0]["doc_type"], issuer["kind"] if issuer else None) == (doc_type, issuer_kind)
    assert "issuer_conflict" not in refs[0]["flags"]


def test_the_central_justice_bodies_joint_conclusion_is_theirs() -> None:
    text = "UBND XÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 3 tháng 3 năm 2025\nKẾ HOẠCH\nVề trẻ em\n"
    cited = "Căn cứ Kết luận số 23/KL-LNTPTW ngày 5/3/2024 về trẻ em;\n"
    refs = extract_document(text + cited, "x.txt")["refs"]
    assert [(r["doc_type"], (r["issuer"] or {}).get("name")) for r in refs] == [
        ("ket_luan", "Liên ngành Tư pháp Trung ương")
    ]
