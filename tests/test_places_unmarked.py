"""Places named without their marks (OCR, typing without Vietnamese input): invented texts of real shapes.

Without marks, names that differ only by them fold together: `Phu Ninh` is Phú Ninh (Quảng Nam) or Phù Ninh
(Phú Thọ), `Luong Minh` is Lương Minh (Quảng Ninh) or Lượng Minh (Nghệ An). Such a name is kept as
written until the text (or the corpus) tells which one it is; taking the first unit's marks would decide the
place by the gazetteer's order.
"""

from __future__ import annotations

from ingest.build import build_graph
from ingest.extract import extract_document, prepare_text
from ingest.model import OrgRef
from ingest.parse import parse_document
from ingest.places.corpus import PlacedBodies


def _issuer(text: str) -> OrgRef:
    issuer = parse_document(prepare_text(text)).issuer
    assert issuer is not None
    return issuer


def test_a_district_written_without_marks_is_placed_by_a_commune_the_body_names() -> None:
    # `Xa Tam Dan` fits Tam Dân and Tam Đàn, both of Phú Ninh (Quảng Nam): the district is certain.
    issuer = _issuer(
        "PHONG GD&DT PHU NINH\nTRUONG THCS LE LOI\nSo: 12/KH-THCS\nPhu Ninh, ngay 5 thang 3 nam 2016\n\n"
        "KE HOACH\nPhong chong duoi nuoc cho hoc sinh nam hoc 2015-2016\n\n"
        "Truong nam tren dia ban xa Tam Dan¸ co nhieu ao ho va kenh muong.\n"
    )
    assert (issuer.province, issuer.district) == ("Quảng Nam", "Phú Ninh")


def test_a_stray_mark_of_an_ocr_text_does_not_hide_its_unit_words() -> None:
    # the `¸` and `–` are no letters: the window still has no marks, so `xa` is the unit word
    issuer = _issuer(
        "PHONG GD&DT PHU NINH\nTRUONG TIEU HOC KIM DONG\nSo: 3/KH-TH\n\nKE HOACH\n"
        "Hoc sinh – chu yeu o xa Tam Dan¸ xa Tam Dan co song chay qua.\n"
    )
    assert (issuer.province, issuer.district) == ("Quảng Nam", "Phú Ninh")


def test_an_unmarked_commune_takes_no_province_from_another_commune_the_text_names() -> None:
    # `xa Quang Ninh` is a commune of Thanh Hóa, but there is no Luong Minh in Thanh Hóa
    issuer = _issuer(
        "UY BAN MTTQ VIET NAM\nXA LUONG MINH\nSo: 7/KH-MTTQ\nLuong Minh, ngay 2 thang 12 nam 2025\n\n"
        "KE HOACH\nThuc hien Ke hoach so 4/KH-MTTQ ngay 20/11/2025 cua Uy ban MTTQ xa Quang Ninh ve bau cu\n"
    )
    assert issuer.province is None
    assert issuer.commune == "Luong Minh"  # as written: neither Lương Minh nor Lượng Minh


def test_a_name_of_one_unit_only_keeps_its_marks_when_written_without_them() -> None:
    issuer = _issuer(
        "UY BAN NHAN DAN\nHUYEN DONG VAN\nSo: 15/KH-UBND\nDong Van, ngay 1 thang 6 nam 2019\n\nKE HOACH\n"
        "Bao ve tre em nam 2019\n"
    )
    assert (issuer.province, issuer.district) == ("Hà Giang", "Đồng Văn")


def test_placed_bodies_match_a_vague_body_written_without_marks() -> None:
    bodies = PlacedBodies()
    placed = OrgRef(
        kind="mass", unit_level="commune", province="Quảng Ninh", commune="Lương Minh", unit_kind="xã"
    )
    bodies.add(("KH-MTTQ", "7", 2025), placed)  # on the July 2025 map: a commune with no district
    vague = OrgRef(kind="mass", unit_level="commune", commune="Luong Minh", unit_kind="xã")
    assert bodies.placed_body(("KH-MTTQ", "7", 2025), vague) is not None
    other = OrgRef(kind="mass", unit_level="commune", commune="Lượng Minh", unit_kind="xã")
    assert bodies.placed_body(("KH-MTTQ", "7", 2025), other) is None  # its marks say another commune


def test_an_unmarked_plan_is_placed_by_the_corpus_that_cites_it_with_marks() -> None:
    unmarked = extract_document(
        "UY BAN MTTQ VIET NAM\nXA LUONG MINH\nSo: 7/KH-MTTQ\nLuong Minh, ngay 2 thang 12 nam 2025\n\n"
        "KE HOACH\nTo chuc hoi nghi hiep thuong bau cu\n",
        "ocr-plan.txt",
    )
    marked = extract_document(
        "ỦY BAN MTTQ VIỆT NAM\nXÃ LƯƠNG MINH\nSố: 9/KH-MTTQ\nLương Minh, ngày 9 tháng 12 năm 2025\n\n"
        "KẾ HOẠCH\nThực hiện Kế hoạch số 7/KH-MTTQ ngày 2/12/2025 của Ủy ban MTTQ Việt Nam xã về bầu cử\n",
        "plan.txt",
    )
    G = build_graph([unmarked, marked])
    numbers = {
        data.get("number"): data.get("province")
        for _, data in G.nodes(data=True)
        if data.get("kind") == "document"
    }
    assert numbers["7"] == "Quảng Ninh"
    assert numbers["9"] == "Quảng Ninh"


def test_a_commune_body_without_district_places_others_only_on_the_2025_map() -> None:
    # before July 2025 a commune body with no district is only partly placed: it places nothing
    bodies = PlacedBodies()
    partly = OrgRef(
        kind="dang_uy", unit_level="commune", province="Đồng Tháp", commune="Phong Mỹ", unit_kind="xã"
    )
    bodies.add(("KH/ĐU", "55", 2024), partly)
    vague = OrgRef(kind="dang_uy", unit_level="commune", commune="Phong Mỹ", unit_kind="xã")
    assert bodies.placed_body(("KH/ĐU", "55", 2024), vague) is None
    bodies.add(("KH/ĐU", "56", 2025), partly)
    assert bodies.placed_body(("KH/ĐU", "56", 2025), vague) is not None
