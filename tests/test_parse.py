"""Table-driven tests of the document's own metadata (header, body and signature)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.normalize import normalize_text
from ingest.parse import parse_document
from ingest.places import org_name

HEADERS = [
    # (text, doc_type, number, symbol, date, issuer name, flags subset)
    ("UBND HUYỆN TÂY HÒA\nSố: 12/KH-UBND\nTây Hòa, ngày 05 tháng 3 năm 2022\nKẾ HOẠCH\n"
     "Về trẻ em\n\nNội dung.",
     "ke_hoach", "12", "KH-UBND", "2022-03-05", "UBND huyện Tây Hòa", []),
    ("ĐẢNG BỘ TỈNH NAM ĐỊNH\nHUYỆN ỦY GIAO THỦY\n*\nSố 301 -CV/HU\nV/v phòng chống đuối nước\n\n"
     "Giao Thủy, ngày 02 tháng 6 năm 2020\n\nNội dung.", "cong_van", "301", "CV/HU", "2020-06-02",
     "Huyện ủy Giao Thủy", []),
    ("Số: /KH-UBND\n\nThị trấn, ngày   tháng 5 năm 2024\n\nKẾ HOẠCH\nBảo vệ trẻ em năm 2024\n\n"
     "UBND Thị trấn Hà Trung xây dựng Kế hoạch như sau:\n\nCHỦ TỊCH", "ke_hoach", None, "KH-UBND", "2024-05",
     "UBND thị trấn Hà Trung", ["unnumbered"]),
    ("#SoKyHieuVanBan\n\n#DiaDiemNgayBanHanh\n\nV/v triển khai công tác trẻ em huyện Núi Thành năm 2023\n\n"
     "Kính gửi: các trường.\n\nPhòng GDĐT yêu cầu các trường thực hiện.\n\nKT. TRƯỞNG PHÒNG",
     "cong_van", None, None, None, "Phòng Giáo dục và Đào tạo huyện Núi Thành", ["unnumbered"]),
    ("CHÍNH PHỦ\nSố: 74/2025/NĐ-CP\nHà Nội, ngày 31 tháng 3 năm 2025\nNGHỊ ĐỊNH\nSửa đổi một số điều\n\n"
     "Căn cứ Luật Tổ chức Chính phủ;", "nghi_dinh", "74", "NĐ-CP", "2025-03-31", "Chính phủ", []),
    ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 798/QĐ-TTg\nHà Nội, ngày 05 tháng 5 năm 2026\nQUYẾT ĐỊNH\n"
     "Kiện toàn Ban Chỉ đạo\n",
     "quyet_dinh", "798", "QĐ-TTg", "2026-05-05", "Thủ tướng Chính phủ", []),
    ("CÔNG BÁO/Số 655 + 656/Ngày 21-4-2025\nQUỐC HỘI\nLuật số: 51/2024/QH15\nLUẬT\n"
     "SỬA ĐỔI LUẬT BẢO HIỂM Y TẾ\n",
     "luat", "51", "QH15", None, "Quốc hội", []),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 13/2021/TT-BLĐTBXH\nHà Nội, ngày 30 tháng 9 năm 2021\n"
     "THÔNG TƯ\nBan hành Bộ chỉ tiêu\n", "thong_tu", "13", "TT-BLĐTBXH", "2021-09-30",
     "Bộ Lao động - Thương binh và Xã hội", []),
    ("UBND TỈNH HẢI DƯƠNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 88/KH-SGDĐT\nHải Dương, ngày 1 tháng 4 năm 2020\n"
     "KẾ HOẠCH\nBảo vệ trẻ em\n", "ke_hoach", "88", "KH-SGDĐT", "2020-04-01",
     "Sở Giáo dục và Đào tạo tỉnh Hải Dương", []),
    ("ỦY BAN NHÂN DÂN\nHUYỆN NÚI THÀNH\nSố: 60/KH-UBND\nNúi Thành, ngày 20 tháng 3 năm 2023\nKẾ HOẠCH\n"
     "Bảo vệ trẻ em\n",
     "ke_hoach", "60", "KH-UBND", "2023-03-20", "UBND huyện Núi Thành", []),
    ("TỈNH ỦY QUẢNG NGÃI\nSố 215-KH/TU\nQuảng Ngãi, ngày 15 tháng 3 năm 2024\nKẾ HOẠCH\nThực hiện Chỉ thị\n",
     "ke_hoach", "215", "KH/TU", "2024-03-15", "Tỉnh ủy Quảng Ngãi", []),
    ("VĂN BẢN HỢP NHẤT - BỘ Y TẾ\nTHÔNG TƯ\nBan hành danh mục\n\nCăn cứ Luật dược;\n\nSố: 04/VBHN-BYT\n"
     "Hà Nội\n",
     "van_ban_hop_nhat", "04", "VBHN-BYT", None, "Bộ Y tế", []),
    ("UBND TỈNH PHÚ YÊN\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 249/SLĐTBXH-TE\n"
     "Phú Yên, ngày 09 tháng 3 năm 2022\nV/v hướng dẫn nhiệm vụ\n\nKính gửi: UBND các huyện",
     "cong_van", "249", "SLĐTBXH-TE", "2022-03-09",
     "Sở Lao động - Thương binh và Xã hội tỉnh Phú Yên", []),
    # a department after a dot is part of the own symbol
    ("UBND TỈNH QUẢNG TRỊ\nSỞ Y TẾ\nSố: 412/SYT.NVY\nQuảng Trị, ngày 2 tháng 6 năm 2022\n"
     "V/v phòng chống tai nạn thương tích trẻ em\n\nKính gửi: các đơn vị",
     "cong_van", "412", "SYT.NVY", "2022-06-02", "Sở Y tế tỉnh Quảng Trị", []),
]


@pytest.mark.parametrize(("text", "doc_type", "number", "symbol", "date", "issuer", "flags"), HEADERS)
def test_own_metadata(text: str, doc_type: str, number: str | None, symbol: str | None, date: str | None,
                      issuer: str, flags: list[str]) -> None:
    meta = parse_document(normalize_text(text))
    assert (meta.doc_type, meta.number, meta.symbol, meta.date) == (doc_type, number, symbol, date)
    assert meta.issuer is not None and org_name(meta.issuer) == issuer
    assert set(flags) <= set(meta.flags)


def test_year_from_title_when_undated() -> None:
    meta = parse_document("KẾ HOẠCH\n"
                          "Thực hiện công tác bảo vệ trẻ em năm 2020\n\nSở GD&ĐT xây dựng Kế hoạch.")
    assert meta.year == 2020 and "year_from_title" in meta.flags


def test_date_contradicting_number_is_flagged() -> None:
    meta = parse_document("CHÍNH PHỦ\nSố: 80/2017/NĐ-CP\nHà Nội, ngày 17 tháng 7 năm 2018\nNGHỊ ĐỊNH\n"
                          "Môi trường\n")
    assert meta.year == 2017 and "date_conflicts_number" in meta.flags


def test_gazette_page_header_is_not_the_number() -> None:
    meta = parse_document("CÔNG BÁO/Số 1117 + 1118/Ngày 01-9-2025\n18\nBỘ QUỐC PHÒNG\n\n"
                          "Nội dung không có số.\n")
    assert meta.number is None and "unnumbered" in meta.flags


def test_school_name_stays_on_its_line() -> None:
    meta = parse_document("PHÒNG GD&ĐT HUYỆN TƯ NGHĨA\nTRƯỜNG THCS NGHĨA ĐIỀN\n\nSố: 18/KH-THCS\n"
                          "Tư Nghĩa, ngày 2 tháng 10 năm 2024\nKẾ HOẠCH\nPhòng chống xâm hại\n")
    assert meta.issuer is not None and org_name(meta.issuer) == "Trường THCS Nghĩa Điền"


RECORDS = [
    # subject-line records of a provincial portal: the số hiệu first, then the date and the subject
    ("3637/UBND-VX\n20/07/2022\ntriển khai một số nhiệm vụ thực hiện công tác bhyt học sinh",
     ("cong_van", "3637", "UBND-VX", 2022, "2022-07-20",
      "triển khai một số nhiệm vụ thực hiện công tác bhyt học sinh")),
    ("Quyết định số 1707/QĐ-UBND ngày 15/07/2022 của UBND tỉnh Bình Dương công bố thủ tục hành chính",
     ("quyet_dinh", "1707", "QĐ-UBND", 2022, "2022-07-15", "công bố thủ tục hành chính")),
    ("Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018\nhướng dẫn kế toán Bảo hiểm xã hội\n\n"
     "Phụ lục số 04",
     ("thong_tu", "102", "TT-BTC", 2018, "2018-11-14", None)),
]


@pytest.mark.parametrize(("text", "expected"), RECORDS)
def test_bare_records(text: str, expected: tuple[object, ...]) -> None:
    meta = parse_document(normalize_text(text))
    got = (meta.doc_type, meta.number, meta.symbol, meta.year, meta.date, meta.title)
    assert got[:5] == expected[:5]
    if expected[5] is not None:
        assert got[5] == expected[5]


def test_subject_line_table_one_document_per_row(tmp_path: Path) -> None:
    from ingest.pipeline import ingest
    from ingest.store import load_graph

    table = tmp_path / "binhduong-subjects.csv"
    table.write_text(
        "so_ky_hieu,ngay_ban_hanh,trich_yeu,hieu_luc\n"
        '3637/UBND-VX,20/07/2022,"triển khai thực hiện thông tư số 07/2022/tt-btttt của bộ thông tin",x\n'
        "1707/QĐ-UBND,15/07/2022,công bố thủ tục hành chính,x\n",
        encoding="utf-8",
    )
    summary = ingest([tmp_path], tmp_path / "data")
    G = load_graph(tmp_path / "data")
    own = {d["number"]: d for _, d in G.nodes(data=True) if d.get("ingested")}
    assert summary.ingested_documents == 2 and set(own) == {"3637", "1707"}
    assert own["3637"]["province"] == "Bình Dương" and own["3637"]["source"] == "binhduong-subjects.csv#row-2"
    implemented = [G.nodes[t] for s, t, d in G.edges(data=True) if d["type"] == "IMPLEMENTS"]
    assert [(n["number"], n["symbol"], n["year"]) for n in implemented] == [("07", "TT-BTTTT", 2022)]


@pytest.mark.parametrize(("name", "province"),
                         [("vanban-2021.csv", "Bình Dương"), ("longan-2021.csv", "Long An")])
def test_subject_table_placed_by_its_name_else_by_the_province_its_lines_name(
        tmp_path: Path, name: str, province: str) -> None:
    from ingest.extract_table import table_extractions

    text = ("Số ký hiệu,Ngày ban hành,Trích yếu\n"
            + "".join(f"{n}/UBND-VX,01/03/2021,phòng chống dịch trên địa bàn tỉnh bình dương đợt {n}\n"
                      for n in range(10, 14))
            + "99/UBND-KT,02/03/2021,phối hợp với tỉnh bình phước\n")
    rows = table_extractions(text, name, tmp_path / name)
    assert len(rows) == 5 and {r["doc"]["issuer"]["province"] for r in rows} == {province}


@pytest.mark.parametrize(("school", "district", "commune"), [
    ("TRƯỜNG THCS NGHĨA ĐIỀN", "TƯ NGHĨA", "Nghĩa Điền"),
    ("TRƯỜNG MẦM NON PHONG VÂN", "LỤC NGẠN", "Phong Vân"),
    ("TRƯỜNG THCS NGUYỄN DU", "TƯ NGHĨA", None),  # named after a person: no commune of that name there
])
def test_a_school_named_after_its_commune_is_placed_there(
        school: str, district: str, commune: str | None) -> None:
    text = (f"PHÒNG GD&ĐT {district}\n{school}\n\nSố: 18/KH-THCS\n\nngày 12 tháng 9 năm 2024\n\nKẾ HOẠCH\n"
            "Phòng chống đuối nước\n\nThực hiện Chỉ thị số 28-CT/TW, nhà trường xây dựng kế hoạch.")
    issuer = parse_document(normalize_text(text)).issuer
    assert issuer is not None and issuer.kind == "truong" and issuer.commune == commune


# A consolidated text cut before its last page: no `Số: …/VBHN-…`, its heading is the law's.
CONSOLIDATED = ("CÔNG BÁO/Số 1169 + 1170/Ngày 29-10-2024\n85\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nLUẬT\n"
                "AN TOÀN, VỆ SINH LAO ĐỘNG\n\nLuật An toàn, vệ sinh lao động số 84/2015/QH13 ngày 25 tháng 6 "
                "năm 2015 của\nQuốc hội, có hiệu lực kể từ ngày 01 tháng 7 năm 2016, "
                "được sửa đổi, bổ sung bởi:\n"
                "Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024 của Quốc hội.\n\n"
                "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n")
# A decree whose basis cites an amended law in the same words: not a consolidation.
AMENDED_BASIS = ("CHÍNH PHỦ\nSố: 162/2026/NĐ-CP\nHà Nội, ngày 10 tháng 5 năm 2026\nNGHỊ ĐỊNH\n"
                 "Quy định chi tiết\n\nCăn cứ Luật Bảo hiểm số 41/2024/QH15 được sửa đổi, bổ sung bởi:\n"
                 "Luật số 1/2025/QH15;\n")


@pytest.mark.parametrize(("text", "doc_type"), [
    (CONSOLIDATED, "van_ban_hop_nhat"),
    (AMENDED_BASIS, "nghi_dinh"),
    (CONSOLIDATED.replace("được sửa đổi, bổ sung bởi:", "đã được thay thế."), "luat"),
])
def test_a_consolidation_is_known_by_its_preamble(text: str, doc_type: str) -> None:
    assert parse_document(normalize_text(text)).doc_type == doc_type
