"""Coverage answers "where not": status and overdue filters, per-province breakdown, the 2025 map,
CSV/XLSX rows that agree with the JSON (issue 12)."""
from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from graphsvc.downloads import COVERAGE_HEADERS, coverage_table, read_xlsx, to_csv, to_xlsx
from ingest.export import SCHEMA, graph_from_export
from queries import map2025
from queries.collation import viet_key
from queries.common_coverage import NoSuchLevel, default_map
from queries.networkx_backend import NetworkxQueries

try:
    from tests.test_queries_coverage import TARGET, coverage_export
except ImportError:  # pragma: no cover
    from test_queries_coverage import TARGET, coverage_export  # type: ignore[no-redef]

NEW_TARGET = "ct-tw-99-2025"


def export_2025() -> dict[str, Any]:
    """A directive of August 2025 with a pre-reform province plan, a pre-reform commune plan and a plan of a
    new commune."""
    nodes: list[dict[str, Any]] = [
        {"id": "bo-chinh-tri", "kind": "organization", "name": "Bộ Chính trị", "level": "central",
         "province": None, "district": None, "commune": None, "parent": None},
        {"id": NEW_TARGET, "kind": "document", "doc_type": "chi_thi", "number": "99", "symbol": "CT/TW",
         "year": 2025, "date": "2025-08-01", "issuer": "bo-chinh-tri", "ingested": False, "flags": []},
    ]
    plans = [
        ("kh-qnam-2025", "province", "Quảng Nam", None, None, "2025-06-20"),
        ("kh-tt-ha-trung-2025", "commune", "Thanh Hóa", "Hà Trung", "thị trấn Hà Trung", "2025-06-25"),
        ("kh-xa-moi", "commune", "Thanh Hóa", None, "Hà Trung", "2025-09-10"),
    ]
    edges = []
    for did, level, province, district, commune, date in plans:
        org = f"org-{did}"
        nodes.append({"id": org, "kind": "organization", "name": f"Cơ quan {did}", "level": level,
                      "province": province, "district": district, "commune": commune, "parent": None})
        nodes.append({"id": did, "kind": "document", "doc_type": "ke_hoach", "number": None, "symbol": None,
                      "year": int(date[:4]), "date": date, "issuer": org, "province": None, "district": None,
                      "commune": None, "ingested": True, "flags": []})
        edges.append({"source": did, "target": NEW_TARGET, "type": "IMPLEMENTS", "evidence": []})
        edges.append({"source": did, "target": org, "type": "ISSUED_BY", "evidence": []})
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


@pytest.fixture(scope="module")
def q() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(coverage_export()))


@pytest.fixture(scope="module")
def q2025() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(export_2025()))


def test_status_uncovered_lists_exactly_the_units_without_a_plan(q: NetworkxQueries) -> None:
    everything = q.coverage(TARGET, level="district")
    uncovered = q.coverage(TARGET, level="district", status="uncovered")
    covered = q.coverage(TARGET, level="district", status="covered")
    assert {u.code for u in uncovered.units} == {u.code for u in everything.units if not u.covered}
    assert {u.code for u in covered.units} == {u.code for u in everything.units if u.covered}
    assert uncovered.shown == uncovered.total - uncovered.covered == len(uncovered.units)
    assert all(not u.documents for u in uncovered.units)
    assert uncovered.total == everything.total and uncovered.provinces == everything.provinces


def test_overdue_days(q: NetworkxQueries) -> None:
    # Núi Thành's first plan came 249 days after the directive, Giao Thủy's after ~7 years.
    result = q.coverage(TARGET, level="district", province="Quảng Nam", overdue_days=300)
    nui_thanh = next(u for u in result.units if u.name == "Núi Thành")
    assert nui_thanh.lag_days == 249 and nui_thanh.overdue is False
    assert all(u.overdue for u in result.units if not u.covered)
    assert result.overdue == result.total - 1
    late = q.coverage(TARGET, level="district", province="Nam Định", overdue_days=300, status="overdue")
    assert "Giao Thủy" in {u.name for u in late.units}  # covered, but years late
    assert q.coverage(TARGET, level="district").overdue is None  # no N, no verdict


def test_per_province_breakdown(q: NetworkxQueries) -> None:
    result = q.coverage(TARGET, level="district", overdue_days=365)
    rows = {p.province: p for p in result.provinces}
    assert len(rows) == 63 and [p.province for p in result.provinces] == sorted(rows, key=viet_key)
    qnam = rows["Quảng Nam"]
    assert qnam.covered == 1 and qnam.units > 10
    assert qnam.percent == round(100 / qnam.units, 1)
    assert qnam.first_date == "2013-07-12" and qnam.median_lag_days == 249
    assert qnam.overdue == qnam.units - 1
    assert sum(p.units for p in result.provinces) == result.total
    assert sum(p.covered for p in result.provinces) == result.covered


def test_default_map_follows_the_directive_date() -> None:
    assert default_map("2012-11-05") == "2019" and default_map("2025-06-30") == "2019"
    assert default_map("2025-07-01") == "2025" and default_map(None) == "2019"


def test_the_2025_map_has_34_provinces_and_about_3321_communes(q: NetworkxQueries) -> None:
    provinces = q.coverage(TARGET, level="province", map_year="2025")
    assert provinces.map == "2025" and provinces.total == 34 == len(map2025.provinces())
    # Quảng Nam's plan counts for the city it went into.
    assert [u.name for u in provinces.units if u.covered] == ["Đà Nẵng"]
    communes = q.coverage(TARGET, level="commune", map_year="2025")
    assert 3300 <= communes.total <= 3330
    with pytest.raises(NoSuchLevel):
        q.coverage(TARGET, level="district", map_year="2025")


def test_2025_map_counts_old_and_new_units(q2025: NetworkxQueries) -> None:
    provinces = q2025.coverage(NEW_TARGET, level="province")  # August 2025: the 2025 map by default
    assert provinces.map == "2025" and provinces.total == 34
    assert [u.name for u in provinces.units if u.covered] == ["Đà Nẵng"]
    communes = q2025.coverage(NEW_TARGET, level="commune", province="Thanh Hóa")
    covered = {u.name: [d.id for d in u.documents] for u in communes.units if u.covered}
    # The old thị trấn was divided between two new xã: its plan counts for each part; the new xã's own plan
    # counts directly.
    assert covered == {"Hà Trung": ["kh-tt-ha-trung-2025", "kh-xa-moi"],
        "Hoạt Giang": ["kh-tt-ha-trung-2025"]}
    ha_trung = next(u for u in communes.units if u.name == "Hà Trung")
    assert ha_trung.via and "Hà Trung" in ha_trung.via[0]
    old = q2025.coverage(NEW_TARGET, level="commune", province="Thanh Hóa", map_year="2019")
    assert [u.code for u in old.units if u.covered] == ["15271"]


def test_csv_and_xlsx_agree_with_the_json(q: NetworkxQueries) -> None:
    result = q.coverage(TARGET, level="district", province="Quảng Nam", status="uncovered", overdue_days=30)
    headers, rows = coverage_table(result)
    assert headers == COVERAGE_HEADERS
    parsed = list(csv.reader(io.StringIO(to_csv((headers, rows)).decode("utf-8-sig"))))
    assert parsed[0] == headers and len(parsed) - 1 == len(result.units)
    assert [r[0] for r in parsed[1:]] == [u.code for u in result.units]
    assert [r[2] for r in parsed[1:]] == [u.name for u in result.units]
    xlsx_headers, xlsx_rows = read_xlsx(to_xlsx((headers, rows)))
    assert xlsx_headers == headers and [r[0] for r in xlsx_rows] == [u.code for u in result.units]
    assert all(r[4] == "không" and r[8] == "có" for r in xlsx_rows)
    assert to_xlsx((headers, rows)) == to_xlsx((headers, rows))  # deterministic bytes


def test_units_built_without_validation_equal_validated_ones(q: NetworkxQueries) -> None:
    from queries.models import CoverageUnit

    result = q.coverage(TARGET, level="district", overdue_days=10)
    for unit in [u for u in result.units if u.covered] + result.units[:3]:
        checked = CoverageUnit.model_validate(unit.model_dump())
        assert checked == unit and checked.model_dump_json() == unit.model_dump_json()
