"""Issue 12 endpoints: coverage with map/status/overdue and downloads, implementers downloads and tree,
422 for unknown provinces, paged search and stats, all documented in OpenAPI."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_support import DIRECTIVE, HOSTILE_PLAN, PROVINCE_PLAN, make_client

from graphsvc.downloads import COVERAGE_HEADERS, IMPLEMENTER_HEADERS, read_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("api12")) as c:
        yield c


def coverage(client: TestClient, query: str) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/api/documents/{DIRECTIVE}/coverage?{query}")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_uncovered_districts_on_the_2019_map(client: TestClient) -> None:
    everything = coverage(client, "level=district&map=2019")
    uncovered = coverage(client, "level=district&status=uncovered&map=2019")
    assert uncovered["map"] == "2019" and uncovered["status"] == "uncovered"
    without = {u["code"] for u in everything["units"] if not u["covered"]}
    assert {u["code"] for u in uncovered["units"]} == without
    assert uncovered["shown"] == everything["total"] - everything["covered"]
    nui_thanh = next(p for p in everything["provinces"] if p["province"] == "Quảng Nam")
    assert nui_thanh["covered"] == 1 and nui_thanh["first_date"] == "2024-03-20"


def test_the_2025_map(client: TestClient) -> None:
    provinces = coverage(client, "level=province&map=2025")
    assert provinces["total"] == 34 and len(provinces["provinces"]) == 34
    # Hải Dương went into Hải Phòng in July 2025
    assert [u["name"] for u in provinces["units"] if u["covered"]] == ["Hải Phòng"]
    communes = coverage(client, "level=commune&map=2025&status=uncovered")
    assert 3300 <= communes["total"] <= 3330 and communes["shown"] == communes["total"]
    response = client.get(f"/api/documents/{DIRECTIVE}/coverage?level=district&map=2025")
    assert response.status_code == 422 and "huyện" in response.json()["detail"]["message"]


def test_unknown_province_is_422_with_the_valid_names(client: TestClient) -> None:
    response = client.get(f"/api/documents/{DIRECTIVE}/coverage?level=district&province=Atlantis")
    assert response.status_code == 422
    valid = response.json()["detail"]["valid"]
    assert len(valid) == 63 and valid.index("Bạc Liêu") < valid.index("Bình Thuận")
    response = client.get(f"/api/documents/{DIRECTIVE}/coverage?level=commune&map=2025&province=Atlantis")
    assert len(response.json()["detail"]["valid"]) == 34
    assert client.get("/api/provinces?map=2025").json() == response.json()["detail"]["valid"]
    response = client.get(f"/api/documents/{DIRECTIVE}/implementers?province=Atlantis")
    assert response.status_code == 422 and "Quảng Nam" in response.json()["detail"]["valid"]
    assert client.get(f"/api/documents/{DIRECTIVE}/implementers?province=quang nam").status_code == 200


@pytest.mark.parametrize("query", ["level=district&status=uncovered&map=2019&province=Quảng Nam",
                                   "level=province&map=2025&overdue_days=30"])
def test_coverage_csv_and_xlsx_agree_with_the_json(client: TestClient, query: str) -> None:
    data = coverage(client, query)
    url = f"/api/documents/{DIRECTIVE}/coverage?{query}"
    as_csv = client.get(url + "&format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv") and "attachment" in as_csv.headers[
        "content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0] == COVERAGE_HEADERS
    assert [r[0] for r in rows[1:]] == [u["code"] for u in data["units"]]
    assert [r[4] == "có" for r in rows[1:]] == [u["covered"] for u in data["units"]]
    as_xlsx = client.get(url + "&format=xlsx")
    assert as_xlsx.headers["content-type"] == XLSX
    headers, xrows = read_xlsx(as_xlsx.content)
    assert headers == COVERAGE_HEADERS and [r[0] for r in xrows] == [u["code"] for u in data["units"]]


def test_implementers_downloads_and_tree(client: TestClient) -> None:
    data = client.get(f"/api/documents/{DIRECTIVE}/implementers").json()
    rows = list(csv.reader(io.StringIO(
        client.get(f"/api/documents/{DIRECTIVE}/implementers?format=csv").content.decode("utf-8-sig"))))
    assert rows[0] == IMPLEMENTER_HEADERS
    assert [r[-1] for r in rows[1:]] == [i["document"]["id"] for i in data["items"]]
    hostile = next(r for r in rows if r[-1] == HOSTILE_PLAN)
    assert hostile[-2].endswith("Chỉ thị 28-CT/TW") and " → " in hostile[-2]
    headers, xrows = read_xlsx(client.get(f"/api/documents/{DIRECTIVE}/implementers?format=xlsx").content)
    assert headers == IMPLEMENTER_HEADERS and [r[-1] for r in xrows] == [r[-1] for r in rows[1:]]
    tree = client.get(f"/api/documents/{DIRECTIVE}/implementers/tree").json()
    assert [(g["level"], g["count"]) for g in tree["groups"]] == [("province", 1), ("district", 1)]
    assert tree["groups"][0]["provinces"][0]["items"][0]["document"]["id"] == PROVINCE_PLAN


def test_lineage_breadcrumbs_and_relation_rows(client: TestClient) -> None:
    lineage = client.get(f"/api/documents/{HOSTILE_PLAN}/lineage").json()
    [crumb] = lineage["breadcrumbs"]
    assert [d["id"] for d in crumb["path"]] == [DIRECTIVE, PROVINCE_PLAN, HOSTILE_PLAN]
    detail = client.get(f"/api/documents/{HOSTILE_PLAN}").json()
    row = detail["outgoing"][0]
    assert row["type_name"] == "Thực hiện" and row["evidence_count"] == len(row["evidence"]) >= 1
    assert row["other"]["level_name"] and row["other"]["type_name"]


def test_search_and_stats_are_paged(client: TestClient) -> None:
    result = client.get("/api/search?q=15/KH-UBND").json()
    assert [h["document"]["id"] for h in result["items"]] == [PROVINCE_PLAN] and result["total"] == 1
    assert client.get("/api/search?q=&type=ke_hoach&limit=1").json()["total"] >= 2
    assert client.get("/api/search?level=village").status_code == 422
    stats = client.get("/api/stats?limit=1").json()
    assert len(stats["missing"]) <= 1 and stats["missing_total"] >= len(stats["missing"])
    assert all(item["name"] for item in stats["by_type"] + stats["by_level"])


def test_openapi_documents_the_new_parameters(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents/{doc_id}/coverage", "/api/documents/{doc_id}/implementers"):
        params = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert "format" in params
        assert {"text/csv", XLSX} <= set(paths[path]["get"]["responses"]["200"]["content"])
    coverage_params = {p["name"] for p in paths["/api/documents/{doc_id}/coverage"]["get"]["parameters"]}
    assert {"map", "status", "overdue_days", "province", "level"} <= coverage_params
    assert "/api/documents/{doc_id}/implementers/tree" in paths and "/api/provinces" in paths
