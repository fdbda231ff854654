"""`coverage(id, level)` against the real gazetteer (`ingest.gazetteer` over vietnamadminunits)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ingest.export import SCHEMA, graph_from_export
from queries.collation import viet_key
from queries.common import lag_days
from queries.common_coverage import UnknownProvince
from queries.networkx_backend import NetworkxQueries

TARGET = "ct-tw-20-2012"

# id, level, province, district, commune, date, implements
PLANS = [
    ("kh-qnam", "province", "Quảng Nam", None, None, "2013-02-01", TARGET),
    ("kh-hu-42-2013@nui-thanh", "district", "Quảng Nam", "Núi Thành", None, "2013-07-12", "kh-qnam"),
    ("kh-ubnd-5-2014@nui-thanh", "district", "Quảng Nam", "Núi Thành", None, "2014-01-03", TARGET),
    ("cv-hu-566-2019@giao-thuy", "district", "Nam Định", "Giao Thủy", None, "2019-11-04", TARGET),
    ("kh-chau-thanh", "district", "Long An", "Châu Thành", None, None, TARGET),
    # a commune plan, two steps down: covers its commune, not its district
    ("kh-tt-ha-trung", "commune", "Thanh Hoá", "Hà Trung", "thị trấn Hà Trung", "2013-09",
     "kh-hu-42-2013@nui-thanh"),
    ("kh-nowhere", "district", "Quảng Nam", "Không Có Huyện Này", None, "2015-01-01", TARGET),
    ("cv-school", "unit", None, None, None, "2013-01-01", TARGET),
]


def coverage_export() -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [
        {"id": "bo-chinh-tri", "kind": "organization", "name": "Bộ Chính trị", "level": "central",
         "province": None, "district": None, "commune": None, "parent": None},
        {"id": TARGET, "kind": "document", "doc_type": "chi_thi", "number": "20", "symbol": "CT/TW",
         "year": 2012, "date": "2012-11-05", "issuer": "bo-chinh-tri", "ingested": False, "flags": []},
    ]
    edges = []
    for did, level, province, district, commune, date, target in PLANS:
        org = f"org-{did}"
        nodes.append({"id": org, "kind": "organization", "name": f"Cơ quan {did}", "level": level,
                      "province": province, "district": district, "commune": commune, "parent": None})
        nodes.append({"id": did, "kind": "document", "doc_type": "ke_hoach", "number": None, "symbol": None,
                      "year": int(date[:4]) if date else None, "date": date, "issuer": org,
                      "province": None, "district": None, "commune": None, "ingested": True, "flags": []})
        edges.append({"source": did, "target": target, "type": "IMPLEMENTS", "evidence": []})
        edges.append({"source": did, "target": org, "type": "ISSUED_BY", "evidence": []})
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


@pytest.fixture(scope="module")
def q() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(coverage_export()))


def covered(result: Any) -> dict[str, list[str]]:
    return {u.name: [d.id for d in u.documents] for u in result.units if u.covered}


def test_district_coverage(q: NetworkxQueries) -> None:
    result = q.coverage(TARGET, level="district")
    assert result.total == len(result.units) >= 690  # every district that existed before July 2025
    assert covered(result) == {
        "Núi Thành": ["kh-hu-42-2013@nui-thanh", "kh-ubnd-5-2014@nui-thanh"],
        "Giao Thủy": ["cv-hu-566-2019@giao-thuy"],
        "Châu Thành": ["kh-chau-thanh"],
    }
    assert result.covered == 3
    nui_thanh = next(u for u in result.units if u.name == "Núi Thành")
    assert nui_thanh.province == "Quảng Nam" and nui_thanh.level == "district"
    assert nui_thanh.first_date == "2013-07-12"
    assert nui_thanh.lag_days == (dt.date(2013, 7, 12) - dt.date(2012, 11, 5)).days == 249
    assert nui_thanh.lat is not None and nui_thanh.successor_2025 == "Thành phố Đà Nẵng"
    chau_thanh = next(u for u in result.units if u.covered and u.name == "Châu Thành")
    assert chau_thanh.province == "Long An" and chau_thanh.lag_days is None  # no date known
    ha_trung = next(u for u in result.units if u.name == "Hà Trung")
    assert ha_trung.covered is False  # only a commune plan there
    assert [d.id for d in result.unmatched] == ["kh-nowhere"]


def test_units_are_sorted_and_unique(q: NetworkxQueries) -> None:
    units = q.coverage(TARGET, level="district").units
    assert len({u.code for u in units}) == len(units)
    provinces = [u.province for u in units]
    assert provinces == sorted(provinces, key=viet_key)  # Vietnamese order: Bạc Liêu before Bình Thuận
    assert provinces.index("Bạc Liêu") < provinces.index("Bình Thuận")


def test_commune_coverage_in_a_province(q: NetworkxQueries) -> None:
    result = q.coverage(TARGET, level="commune", province="thanh hoa")
    assert all(u.province == "Thanh Hóa" for u in result.units) and result.total > 100
    assert covered(result) == {"Hà Trung": ["kh-tt-ha-trung"]}
    unit = next(u for u in result.units if u.covered)
    assert unit.code == "15271" and unit.district == "Hà Trung"
    assert unit.lag_days == (dt.date(2013, 9, 1) - dt.date(2012, 11, 5)).days  # YYYY-MM is the 1st
    assert unit.successor_2025 == "Xã Hà Trung, Tỉnh Thanh Hóa"


def test_province_coverage(q: NetworkxQueries) -> None:
    result = q.coverage(TARGET, level="province")
    assert result.total == 63 and result.covered == 1
    assert covered(result) == {"Quảng Nam": ["kh-qnam"]}


@pytest.mark.parametrize(("province", "total", "covered_names"), [
    ("Quảng Nam", None, {"Núi Thành"}),
    ("Nam Định", None, {"Giao Thủy"}),
    ("Thanh Hóa", None, set()),
])
def test_district_coverage_in_a_province(q: NetworkxQueries, province: str, total: int | None,
                                         covered_names: set[str]) -> None:
    result = q.coverage(TARGET, level="district", province=province)
    assert set(covered(result)) == covered_names
    if total is not None:
        assert result.total == total
    else:
        assert result.total > 5
    assert [d.id for d in result.unmatched] == (["kh-nowhere"] if province == "Quảng Nam" else [])


def test_unknown_province_lists_the_valid_names(q: NetworkxQueries) -> None:
    with pytest.raises(UnknownProvince) as caught:
        q.coverage(TARGET, level="district", province="Atlantis")
    assert len(caught.value.valid) == 63 and "Quảng Nam" in caught.value.valid
    assert caught.value.valid == sorted(caught.value.valid, key=viet_key)
    with pytest.raises(UnknownProvince) as caught:
        q.coverage(TARGET, level="commune", province="Atlantis", map_year="2025")
    assert len(caught.value.valid) == 34


def test_coverage_of_a_document_nobody_implements(q: NetworkxQueries) -> None:
    result = q.coverage("kh-nowhere", level="province")
    assert result.covered == 0 and result.total == 63 and result.unmatched == []


@pytest.mark.parametrize(("start", "end", "days"), [
    ("2012-11-05", "2013-07-12", 249),
    ("2023-12-25", "2024-05", 128),
    ("2023-12", "2024-01-01", 31),
    (None, "2024-01-01", None),
    ("2023-12-25", "bad", None),
])
def test_lag_days(start: str | None, end: str, days: int | None) -> None:
    assert lag_days(start, end) == days
