"""The gazetteer in Neo4j: `:Unit` nodes of both maps, PART_OF, SUCCEEDED_BY, LOCATED_IN; the guide's
"where not" query returns exactly the units coverage calls uncovered."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_neo4j_support import load_fresh, neo4j_driver, neo4j_settings  # noqa: F401
from test_queries_coverage import TARGET, coverage_export
from test_queries_networkx import small_export

from ingest.export import graph_from_export
from queries.cypher import GUIDE_QUERIES
from queries.neo4j_units import located_pairs
from queries.networkx_backend import NetworkxQueries

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[tuple[Any, str]]:  # noqa: F811
    load_fresh(neo4j_driver, coverage_export(), neo4j_settings.database)
    yield neo4j_driver, neo4j_settings.database


def rows(db: tuple[Any, str], query: str, **params: Any) -> list[Any]:
    driver, database = db
    records, _, _ = driver.execute_query(query, parameters_=params, database_=database)
    return list(records)


def guide(slug: str) -> str:
    return next(q.cypher for q in GUIDE_QUERIES if q.slug == slug)


def test_units_of_both_maps(db: tuple[Any, str]) -> None:
    counts = {(r["map"], r["level"]): r["n"] for r in rows(
        db, "MATCH (u:Unit) RETURN u.map AS map, u.level AS level, count(u) AS n")}
    assert counts[(2019, "province")] == 63 and counts[(2025, "province")] == 34
    assert counts[(2019, "district")] >= 690 and (2025, "district") not in counts
    assert 3300 <= counts[(2025, "commune")] <= 3330 and counts[(2019, "commune")] >= 10000
    [row] = rows(db, """MATCH (:Unit {map: 2019, level: 'district', name: 'Núi Thành'})-[:PART_OF]->(p:Unit)
                        -[:SUCCEEDED_BY]->(n:Unit {map: 2025}) RETURN p.name AS old, n.name AS new""")
    assert (row["old"], row["new"]) == ("Quảng Nam", "Đà Nẵng")


def test_documents_are_located_in_their_units(db: tuple[Any, str]) -> None:
    found = {(r["doc"], r["unit"]) for r in rows(
        db, "MATCH (d:Document)-[:LOCATED_IN]->(u:Unit) RETURN d.id AS doc, u.uid AS unit")}
    assert found == set(located_pairs(coverage_export()))
    assert ("kh-hu-42-2013@nui-thanh", "2019:district:" + next(
        u.code for u in NetworkxQueries(graph_from_export(coverage_export())).coverage(
            TARGET, level="district", province="Quảng Nam").units if u.name == "Núi Thành")) in found


def test_guide_where_not_query_returns_the_uncovered_districts(db: tuple[Any, str]) -> None:
    expected = NetworkxQueries(graph_from_export(coverage_export())).coverage(
        TARGET, level="district", status="uncovered")
    got = rows(db, guide("districts-without-plan-20"))
    assert len(got) == expected.shown > 600
    assert {r["ma"] for r in got} == {u.code for u in expected.units}
    assert "Núi Thành" not in {r["huyen"] for r in got if r["tinh"] == "Quảng Nam"}


def test_guide_province_coverage_lists_provinces_without_documents(db: tuple[Any, str]) -> None:
    driver, database = db
    load_fresh(driver, small_export(), database)  # Chỉ thị 28 with a Thanh Hóa province plan
    try:
        got = {r["tinh"]: r["so_van_ban"] for r in rows(db, guide("coverage-province"))}
    finally:
        load_fresh(driver, coverage_export(), database)
    assert len(got) == 63 and got["Thanh Hóa"] == 1
    assert sum(got.values()) == 1  # the other 62 are listed with 0: where not


def test_reloading_keeps_units_and_links(db: tuple[Any, str]) -> None:
    driver, database = db
    before = rows(db, "MATCH ()-[r:LOCATED_IN]->() RETURN count(r) AS n")[0]["n"]
    load_fresh(driver, coverage_export(), database)
    after = rows(db, "MATCH ()-[r:LOCATED_IN]->() RETURN count(r) AS n")[0]["n"]
    assert before == after == len(located_pairs(coverage_export())) > 0
