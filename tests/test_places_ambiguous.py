"""Places of bodies whose names several units bear (issue 11), with invented texts of real shapes.

A commune or district name shared by several provinces (`huyện Châu Thành`, `phường Nguyễn Trãi`) is
placed by what the text names (the parent body of the plan it carries out), else by the plans it cites
that the corpus places; never by taking the first unit of that name.
"""

from __future__ import annotations

import pytest

from ingest.build import build_graph
from ingest.extract import extract_document, prepare_text
from ingest.parse import parse_document


def _place(text: str) -> tuple[str | None, str | None, str | None]:
    issuer = parse_document(prepare_text(text)).issuer
    assert issuer is not None
    return issuer.province, issuer.district, issuer.commune


PLACED_BY_TEXT = [
    (  # `QUAN SƠN` folds like `quận Sơn`: no district of that name; the district plan names Chi Lăng
        "ỦY BAN NHÂN DÂN\nXÃ QUAN SƠN\nSố: 5/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nQuan Sơn, ngày 3 tháng 2 năm 2013\n\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 11/KH-UBND ngày 20/01/2013 của UBND huyện Chi Lăng về công tác trẻ em\n\n"
        "Thực hiện Kế hoạch số 11/KH-UBND của UBND huyện, UBND xã xây dựng kế hoạch như sau:\n",
        ("Lạng Sơn", "Chi Lăng", "Quan Sơn"),
    ),
    (  # a district name of two provinces, and the province the text names
        "ỦY BAN NHÂN DÂN\nHUYỆN TAM NÔNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 40/KH-UBND\n\nTam Nông, ngày 2 tháng 12 năm 2012\n\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 30/KH-UBND ngày 1/11/2012 của Ủy ban nhân dân tỉnh Phú Thọ về trẻ em\n",
        ("Phú Thọ", "Tam Nông", None),
    ),
    (  # a commune name of several districts, and the district (itself of two provinces) the text names
        "ỦY BAN NHÂN DÂN\nXÃ BẮC SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 2/KH-UBND\n\nBắc Sơn, ngày 5 tháng 1 năm 2013\n\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 40/KH-UBND ngày 2/12/2012 của UBND huyện Tam Nông về trẻ em\n",
        ("Phú Thọ", "Tam Nông", "Bắc Sơn"),
    ),
    (  # a committee's bare name, decoration rules, the motto: the place line names the commune
        "UBND\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n--------\n"
        "Số: 30/KH-UBND\nĐào Viên, ngày 7 tháng 8 năm 2024\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 9/KH-UBND ngày 3/6/2024 của UBND huyện Tràng Định về trẻ em\n\n"
        "Thực hiện Kế hoạch số 9/KH-UBND, UBND xã Đào Viên xây dựng kế hoạch như sau:\n",
        ("Lạng Sơn", "Tràng Định", "Đào Viên"),
    ),
    (  # a ward of three provinces, and only `UBND thành phố` in the text: no place from a guess
        "ỦY BAN NHÂN DÂN\nPHƯỜNG NGUYỄN TRÃI\nSố: 14/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nNguyễn Trãi, ngày 6 tháng 4 năm 2021\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 9/KH-UBND ngày 3/3/2021 của UBND thành phố về trẻ em\n",
        ("", None, "Nguyễn Trãi"),
    ),
]


@pytest.mark.parametrize("text,expected", PLACED_BY_TEXT)
def test_ambiguous_names_placed_by_what_the_text_names(
    text: str, expected: tuple[str | None, str | None, str | None]
) -> None:
    province, district, commune = _place(text)
    assert (province or "", district, commune) == (expected[0] or "", expected[1], expected[2])


def _node(G: object, number: str) -> dict[str, object]:
    found = [
        data for _, data in G.nodes(data=True)  # type: ignore[attr-defined]
        if data.get("kind") == "document" and data.get("number") == number and data.get("ingested")
    ]
    assert len(found) == 1
    return found[0]


def test_a_ward_placed_by_the_city_plan_it_cites() -> None:
    city = extract_document(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI DƯƠNG\nSố: 39/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHải Dương, ngày 23 tháng 3 năm 2021\nKẾ HOẠCH\nVề trẻ em\n",
        "city.txt",
    )
    ward = extract_document(
        "ỦY BAN NHÂN DÂN\nPHƯỜNG NGUYỄN TRÃI\nSố: 14/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nNguyễn Trãi, ngày 6 tháng 4 năm 2021\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 39/KH-UBND ngày 23/3/2021 của UBND thành phố về trẻ em\n\n"
        "Thực hiện Kế hoạch số 39/KH-UBND của UBND thành phố, UBND phường xây dựng kế hoạch:\n",
        "ward.txt",
    )
    G = build_graph([city, ward])
    node = _node(G, "14")
    assert (node["province"], node["district"], node["commune"]) == ("Hải Dương", "Hải Dương", "Nguyễn Trãi")
    # the plan it carries out is the city's own node, not a second one
    targets = [t for _, t, d in G.out_edges(_id(G, "14"), data=True) if d.get("type") == "IMPLEMENTS"]
    assert targets == [_id(G, "39")]


def test_a_district_placed_by_the_province_plan_it_cites() -> None:
    province = extract_document(
        "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\nSố: 25/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSóc Trăng, ngày 10 tháng 7 năm 2020\nKẾ HOẠCH\nVề trẻ em\n",
        "province.txt",
    )
    district = extract_document(
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nSố: 50/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nChâu Thành, ngày 30 tháng 7 năm 2020\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 25/KH-UBND ngày 10/7/2020 của UBND tỉnh về trẻ em\n\n"
        "Thực hiện Kế hoạch số 25/KH-UBND của UBND tỉnh, UBND huyện xây dựng kế hoạch:\n",
        "district.txt",
    )
    G = build_graph([province, district])
    node = _node(G, "50")
    assert (node["province"], node["district"]) == ("Sóc Trăng", "Châu Thành")
    targets = [t for _, t, d in G.out_edges(_id(G, "50"), data=True) if d.get("type") == "IMPLEMENTS"]
    assert targets == [_id(G, "25")]


def _id(G: object, number: str) -> str:
    found = [
        n for n, data in G.nodes(data=True)  # type: ignore[attr-defined]
        if data.get("kind") == "document" and data.get("number") == number and data.get("ingested")
    ]
    assert len(found) == 1
    return str(found[0])


def test_a_commune_name_of_several_provinces_leaves_the_province_unknown_not_empty() -> None:
    """`An Bình` is a commune of many provinces: with nothing else named, the province is null (CONTRACT.md:
    string or null), never "", and the body's id has no dangling separator."""
    text = (
        "ĐẢNG BỘ HUYỆN\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố: 7-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "An Bình, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\nvề công tác trẻ em năm 2024\n\n"
        "Đảng ủy xã xây dựng kế hoạch như sau:\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n"
    )
    extraction = extract_document(text, "an-binh.txt")
    issuer = extraction["doc"]["issuer"]
    assert issuer is not None
    assert issuer["commune"] == "An Bình"
    assert issuer["province"] is None
    G = build_graph([extraction])
    org_ids = [n for n, d in G.nodes(data=True) if d.get("kind") == "organization"]
    assert org_ids and not any(n.endswith(".") for n in org_ids)
    assert all(G.nodes[n].get("province") != "" for n in G.nodes)


def test_an_unplaced_commune_plan_takes_the_place_its_citers_know_its_number_by() -> None:
    """`ĐẢNG ỦY XÃ AN BÌNH` (a name of many communes) writes 96-KH/ĐU; the district committee of Cao Lãnh
    cites 96-KH/ĐU of its Đảng ủy xã An Bình. One document, ingested, placed where its citers place it."""
    district = (
        "ĐẢNG BỘ TỈNH ĐỒNG THÁP\nHUYỆN ỦY CAO LÃNH\n*\nSố: 40-BC/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "Cao Lãnh, ngày 20 tháng 12 năm 2024\n\nBÁO CÁO\nkết quả công tác trẻ em năm 2024\n\n"
        "Các đảng ủy xã đã ban hành kế hoạch: Kế hoạch số 96-KH/ĐU ngày 12/6/2024 của Đảng ủy xã An Bình "
        "về công tác trẻ em.\n"
    )
    commune = (
        "ĐẢNG BỘ HUYỆN\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố: 96-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "An Bình, ngày 12 tháng 6 năm 2024\n\nKẾ HOẠCH\nvề công tác trẻ em năm 2024\n\n"
        "Đảng ủy xã xây dựng kế hoạch như sau:\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n"
    )
    G = build_graph([extract_document(district, "hu.txt"), extract_document(commune, "du.txt")])
    plans = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "document" and d.get("number") == "96"]
    assert len(plans) == 1
    _node, data = plans[0]
    assert data.get("ingested") is True
    places = (data.get("province"), data.get("district"), data.get("commune"))
    assert places == ("Đồng Tháp", "Cao Lãnh", "An Bình")
    issuer = G.nodes[data["issuer"]]
    assert (issuer.get("province"), issuer.get("district")) == ("Đồng Tháp", "Cao Lãnh")
