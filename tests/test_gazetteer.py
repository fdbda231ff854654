"""The gazetteer adapter over `vietnamadminunits` 1.0.4: counts, facts, spellings, 2025 successors."""
from __future__ import annotations

import doctest
import sqlite3
from collections import Counter
from collections.abc import Callable

import pytest

from ingest import gazetteer as g
from ingest import gazetteer_data, gazetteer_names

# ---------------------------------------------------------------- counts and shape


def test_counts_of_the_snapshot() -> None:
    assert len(g.provinces()) == 63
    assert len(g.districts()) == 696
    assert len(g.communes()) == 10035
    assert Counter(p.kind for p in g.provinces()) == {"tỉnh": 57, "thành phố": 6}


def test_codes_are_unique_and_levels_consistent() -> None:
    units = g.provinces() + g.districts() + g.communes()
    assert len({u.code for u in units}) == len(units)
    for u in units:
        assert g.unit(u.code) == u
        assert g.unit(u.province_code) is not None
        if u.level == "province":
            assert (len(u.code), u.district, u.district_code) == (2, None, None)
        else:
            parent = g.unit(u.district_code or "")
            assert parent is not None and parent.level == "district" and parent.name == u.district
            assert len(u.code) == (3 if u.level == "district" else 5)


def test_names_match_the_package_full_names() -> None:
    """full_name rebuilds the official name (the package writes a few `Thị Xã`); names are NFC.

    A name may itself begin with a unit word: `Phường Phường Đúc` (Huế) is named `Phường Đúc`.
    """
    path = gazetteer_data.data_dir() / "dataset.db"
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT provinceCode, province, districtCode, district, wardCode, ward"
                            " FROM admin_units_legacy").fetchall()
    official = {}
    for row in rows:
        for code, name in zip(row[::2], row[1::2], strict=True):
            if code is not None:
                official[code] = name
    units = g.provinces() + g.districts() + g.communes()
    assert len(official) == len(units)
    for u in units:
        assert u.full_name.lower() == official[u.code].lower() and official[u.code].endswith(" " + u.name)
        assert u.name and u.name == gazetteer_names.clean(u.name)
    assert g.unit("19780") == g.find_communes("Phường Phường Đúc")[0]
    assert g.unit("19780").name == "Phường Đúc"  # type: ignore[union-attr]


def test_sorted_deterministically() -> None:
    names = [p.name for p in g.provinces()]
    assert names == sorted(names, key=g.fold)
    assert names[:3] == ["An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang"]
    in_quang_nam = [d.name for d in g.districts("Quảng Nam")]
    assert in_quang_nam == sorted((d.name for d in g.districts("49")), key=g.fold)


def test_every_unit_has_coordinates_within_vietnam() -> None:
    for u in g.provinces() + g.districts() + g.communes():
        assert u.lat is not None and u.lon is not None, u
        assert 8.0 < u.lat < 23.5 and 102.0 < u.lon < 117.5, u  # Hoàng Sa lies east of 111°E


def test_listing_by_province_and_district() -> None:
    assert len(g.districts("Quảng Nam")) == 17  # Nông Sơn went into Quế Sơn before the snapshot
    assert {d.province for d in g.districts("quang nam")} == {"Quảng Nam"}
    assert sum(len(g.districts(p.code)) for p in g.provinces()) == 696
    ha_trung = g.communes("Thanh Hóa", "Hà Trung")
    assert "15271" in {c.code for c in ha_trung}
    assert {c.district for c in ha_trung} == {"Hà Trung"}
    assert sum(len(g.communes(p.name)) for p in g.provinces()) == 10035


@pytest.mark.parametrize("call", [
    lambda: g.districts("Atlantis"),
    lambda: g.communes("Atlantis"),
    lambda: g.communes(district="Châu Thành"),  # ten provinces have one
    lambda: g.communes("Quảng Nam", "Hà Trung"),
])
def test_listing_rejects_unknown_or_ambiguous_scope(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        call()


# ---------------------------------------------------------------- facts


@pytest.mark.parametrize(("district", "province", "kind", "code"), [
    ("Núi Thành", "Quảng Nam", "huyện", "517"),
    ("Giao Thủy", "Nam Định", "huyện", "365"),
    ("Hà Trung", "Thanh Hóa", "huyện", "392"),
    ("Tây Hòa", "Phú Yên", "huyện", "562"),
    ("Sơn Tây", "Hà Nội", "thị xã", "269"),
    ("1", "Hồ Chí Minh", "quận", "760"),
])
def test_known_districts(district: str, province: str, kind: str, code: str) -> None:
    found = g.find_districts(district, province)
    assert [(u.name, u.province, u.kind, u.code) for u in found] == [(district, province, kind, code)]


def test_thi_tran_ha_trung() -> None:
    u = g.unit("15271")
    assert u is not None
    assert (u.full_name, u.level, u.district) == ("Thị trấn Hà Trung", "commune", "Hà Trung")
    assert u.province == "Thanh Hóa"
    assert (u.district_code, u.province_code) == ("392", "38")
    assert g.successor_2025(u) == "Xã Hà Trung, Tỉnh Thanh Hóa"


# ---------------------------------------------------------------- spellings


@pytest.mark.parametrize(("query", "code"), [
    ("Quảng Nam", "49"),
    ("quang nam", "49"),
    ("QUẢNG NAM", "49"),
    ("tỉnh Quảng Nam", "49"),
    ("T. Quảng Nam", "49"),
    ("  Quảng   Nam ", "49"),
    ("Qua\u0309ng Nam", "49"),  # decomposed hook above
    ("TP. Hồ Chí Minh", "79"),
    ("TP Hồ Chí Minh", "79"),
    ("Tp.HCM", "79"),
    ("TPHCM", "79"),
    ("thành phố Hồ Chí Minh", "79"),
    ("Hồ Chí Minh", "79"),
    ("Thừa Thiên - Huế", "46"),
    ("Thừa Thiên Huế", "46"),
    ("tỉnh Thừa Thiên Huế", "46"),
    ("Thành phố Huế", "46"),
    ("Hoà Bình", "17"),
    ("Hòa Bình", "17"),
    ("HOA BINH", "17"),
    ("Ðà Nẵng", "48"),  # Icelandic eth for Đ
    ("Bà Rịa-Vũng Tàu", "77"),
    ("Đắc Lắc", "66"),
    ("Thanh Hoá", "38"),
    ("Khánh Hoà", "56"),
    ("49", "49"),
])
def test_find_province_spellings(query: str, code: str) -> None:
    found = g.find_province(query)
    assert found is not None and found.code == code


@pytest.mark.parametrize("query", [
    "", "Atlantis", "thành phố Thanh Hóa",  # a district-level city, not a province
    "Núi Thành", "517",
])
def test_find_province_rejects(query: str) -> None:
    assert g.find_province(query) is None


@pytest.mark.parametrize(("query", "province", "expected"), [
    ("Núi Thành", None, [("Huyện Núi Thành", "Quảng Nam")]),
    ("huyện Núi Thành", None, [("Huyện Núi Thành", "Quảng Nam")]),
    ("H. Núi Thành", None, [("Huyện Núi Thành", "Quảng Nam")]),
    ("nui thanh", None, [("Huyện Núi Thành", "Quảng Nam")]),
    ("Giao Thuỷ", None, [("Huyện Giao Thủy", "Nam Định")]),
    ("Huyện Giao Thủy", "Nam Định", [("Huyện Giao Thủy", "Nam Định")]),
    ("Tây Hoà", None, [("Huyện Tây Hòa", "Phú Yên")]),
    ("TX Sơn Tây", None, [("Thị xã Sơn Tây", "Hà Nội")]),
    ("thị xã Sơn Tây", None, [("Thị xã Sơn Tây", "Hà Nội")]),
    ("huyện Sơn Tây", None, [("Huyện Sơn Tây", "Quảng Ngãi")]),
    ("Sơn Tây", None, [("Thị xã Sơn Tây", "Hà Nội"), ("Huyện Sơn Tây", "Quảng Ngãi")]),
    ("Sơn Tây", "Quảng Ngãi", [("Huyện Sơn Tây", "Quảng Ngãi")]),
    ("Q.1", None, [("Quận 1", "Hồ Chí Minh")]),
    ("Q1", "TP.HCM", [("Quận 1", "Hồ Chí Minh")]),
    ("TP Thanh Hóa", None, [("Thành phố Thanh Hóa", "Thanh Hóa")]),
    ("Cai Lậy", None, [("Thị xã Cai Lậy", "Tiền Giang"), ("Huyện Cai Lậy", "Tiền Giang")]),
    ("Huyện Cai Lậy", None, [("Huyện Cai Lậy", "Tiền Giang")]),
    # former names resolve to the unit of the snapshot (package aliases)
    ("Quận 9", "Hồ Chí Minh", [("Thành phố Thủ Đức", "Hồ Chí Minh")]),
    ("Huyện Quế Võ", None, [("Thị xã Quế Võ", "Bắc Ninh")]),
    ("Tĩnh Gia", None, [("Thị xã Nghi Sơn", "Thanh Hóa")]),
    ("Núi Thành", "Nam Định", []),
    ("Núi Thành", "Atlantis", []),
    ("Atlantis", None, []),
])
def test_find_districts(query: str, province: str | None, expected: list[tuple[str, str]]) -> None:
    assert [(u.full_name, u.province) for u in g.find_districts(query, province)] == expected


def test_ambiguous_district_name() -> None:
    everywhere = g.find_districts("Châu Thành")
    assert len(everywhere) == 10
    assert len({u.province for u in everywhere}) == 10
    for u in everywhere:
        assert g.find_districts("huyện Châu Thành", u.province) == [u]


@pytest.mark.parametrize(("query", "district", "province", "codes"), [
    ("Thị trấn Hà Trung", None, None, ["15271"]),
    ("TT Hà Trung", None, None, ["15271"]),
    ("thi tran ha trung", None, None, ["15271"]),
    ("Hà Trung", None, "Thanh Hoá", ["15271"]),
    ("Hà Trung", "Hà Trung", None, ["15271"]),
    ("Hà Trung", None, None, ["06667", "15271"]),  # also Phường Hà Trung, Hạ Long
    ("Xã Tam Anh Nam", "Núi Thành", "Quảng Nam", ["20984"]),
    ("Xà Phiên", None, None, ["31495"]),  # a name that starts like the unit word "xã"
    ("Hương Vân", None, "Huế", ["20008"]),  # diacritics tell Hương Vân from Hương Văn
    ("Huong Van", None, "Huế", ["20008", "20011"]),
    ("P.3", "Đà Lạt", "Lâm Đồng", ["24802"]),
    ("Phường 3", "TP Đà Lạt", None, ["24802"]),
    ("Hà Trung", "Núi Thành", None, []),
    ("Hà Trung", "Atlantis", None, []),
])
def test_find_communes(query: str, district: str | None, province: str | None, codes: list[str]) -> None:
    assert [u.code for u in g.find_communes(query, district, province)] == codes


def test_every_unit_found_by_its_full_name_within_its_parent() -> None:
    for p in g.provinces():
        assert g.find_province(p.full_name) == p
        assert g.find_province(g.fold(p.name)) == p
    for d in g.districts():
        assert g.find_districts(d.full_name, d.province) == [d]
    for c in g.communes():
        assert g.find_communes(c.full_name, c.district_code, c.province_code) == [c]


# ---------------------------------------------------------------- July 2025


@pytest.mark.parametrize(("code", "successor"), [
    ("49", "Thành phố Đà Nẵng"),  # Quảng Nam merged into Đà Nẵng
    ("38", "Tỉnh Thanh Hóa"),  # unchanged
    ("36", "Tỉnh Ninh Bình"),  # Nam Định
    ("54", "Tỉnh Đắk Lắk"),  # Phú Yên
    ("517", "Thành phố Đà Nẵng"),  # Huyện Núi Thành: districts abolished
    ("536", "Đặc khu Lý Sơn, Tỉnh Quảng Ngãi"),  # island district became a special zone
    ("15271", "Xã Hà Trung, Tỉnh Thanh Hóa"),
])
def test_successor_2025(code: str, successor: str) -> None:
    u = g.unit(code)
    assert u is not None
    assert g.successor_2025(u) == successor


def test_successors_cover_everything_and_name_34_provinces() -> None:
    units = g.provinces() + g.districts() + g.communes()
    assert all(g.successor_2025(u) for u in units)
    assert len({g.successor_2025(p) for p in g.provinces()}) == 34
    assert {g.successor_province_2025(u) for u in units} == {g.successor_2025(p) for p in g.provinces()}


def test_successor_agrees_with_the_package_converter() -> None:
    """The package's own `convert_address`, on every 10th commune (no street: no geocoding)."""
    from vietnamadminunits import convert_address

    for c in g.communes()[::10]:
        district, province = g.unit(c.district_code or ""), g.unit(c.province_code)
        assert district is not None and province is not None
        new = convert_address(f"{c.full_name}, {district.full_name}, {province.full_name}")
        assert f"{new.ward}, {new.province}" == g.successor_2025(c), c


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize(("text", "key"), [
    ("Hòa", "hoa"), ("Hoà", "hoa"), ("HOA", "hoa"),
    ("Đ", "d"), ("\u00d0", "d"), ("đường", "duong"),
    ("Thu\u0309y", "thuy"), ("  Núi   Thành ", "nui thanh"),
])
def test_fold(text: str, key: str) -> None:
    assert g.fold(text) == key


def test_doctests() -> None:
    for module in (g, gazetteer_names):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
