"""The JSON API (FastAPI TestClient) over the real NetworkxQueries on the literal graph."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from test_api_support import DIRECTIVE, HOSTILE_PLAN, LAW, PROVINCE_PLAN, literal_export, make_client

from graphsvc.app import create_app
from graphsvc.security import CONTENT_SECURITY_POLICY
from graphsvc.settings import Settings
from ingest.export import graph_from_export
from queries.models import (
    CoverageResult,
    DescendantsResult,
    DocumentDetail,
    ImplementersResult,
    LineageResult,
    Neighbourhood,
    ResolveResult,
    SearchResult,
    StatsResult,
)
from queries.networkx_backend import NetworkxQueries


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c


OK_CASES: list[tuple[str, type[BaseModel]]] = [
    (f"/api/documents/{DIRECTIVE}", DocumentDetail),
    (f"/api/documents/{DIRECTIVE}/implementers", ImplementersResult),
    (f"/api/documents/{DIRECTIVE}/implementers?transitive=false&level=province", ImplementersResult),
    (f"/api/documents/{HOSTILE_PLAN}/lineage", LineageResult),
    (f"/api/documents/{DIRECTIVE}/descendants?max_depth=3", DescendantsResult),
    (f"/api/documents/{DIRECTIVE}/coverage?level=district&province=Quảng Nam", CoverageResult),
    (f"/api/documents/{DIRECTIVE}/neighbourhood?depth=1", Neighbourhood),
    ("/api/resolve?q=chi thi 28", ResolveResult),
    ("/api/search?q=luat tre em&limit=3", SearchResult),
    ("/api/stats?top=5", StatsResult),
]


@pytest.mark.parametrize(("url", "model"), OK_CASES)
def test_reading_endpoints_answer_their_model(client: TestClient, url: str, model: type[BaseModel]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    model.model_validate(response.json())


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "backend": "networkx", "ingesting": False}


def test_implementers_direct_and_transitive(client: TestClient) -> None:
    direct = client.get(f"/api/documents/{DIRECTIVE}/implementers?transitive=false").json()
    assert {i["document"]["id"] for i in direct["items"]} == {PROVINCE_PLAN, HOSTILE_PLAN}
    assert all(i["chain"][-1] == DIRECTIVE for i in direct["items"])
    by_province = client.get(f"/api/documents/{DIRECTIVE}/implementers?level=province").json()
    assert [i["document"]["id"] for i in by_province["items"]] == [PROVINCE_PLAN]


def test_result_bound_sets_truncated(client: TestClient) -> None:
    body = client.get(f"/api/documents/{DIRECTIVE}/implementers?limit=1").json()
    assert len(body["items"]) == 1
    assert body["truncated"] is True
    assert client.get(f"/api/documents/{DIRECTIVE}/implementers").json()["truncated"] is False


def test_document_has_relations_with_evidence(client: TestClient) -> None:
    body = client.get(f"/api/documents/{HOSTILE_PLAN}").json()
    out = {(r["type"], r["other"]["id"]) for r in body["outgoing"]}
    assert out == {("IMPLEMENTS", DIRECTIVE), ("IMPLEMENTS", PROVINCE_PLAN), ("CITES", LAW)}
    evidence = [e for r in body["outgoing"] for e in r["evidence"]]
    assert evidence and all(set(e) == {"in", "start", "end", "text"} for e in evidence)


@pytest.mark.parametrize("url", [
    "/api/documents/ct-tw-28-2032",
    "/api/documents/ct-tw-28-2032/implementers",
    "/api/documents/ct-tw-28-2032/coverage",
    "/api/documents/ct-tw-28-2032/neighbourhood",
])
def test_unknown_id_is_404_with_suggestions(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    body = response.json()
    assert "ct-tw-28-2032" in body["detail"]
    assert DIRECTIVE in body["suggestions"]


BAD_PARAMS = [
    f"/api/documents/{DIRECTIVE}/implementers?max_depth=0",
    f"/api/documents/{DIRECTIVE}/implementers?max_depth=13",
    f"/api/documents/{DIRECTIVE}/implementers?limit=0",
    f"/api/documents/{DIRECTIVE}/implementers?limit=5001",
    f"/api/documents/{DIRECTIVE}/implementers?level=country",
    f"/api/documents/{DIRECTIVE}/implementers?transitive=perhaps",
    f"/api/documents/{DIRECTIVE}/lineage?max_depth=-1",
    f"/api/documents/{DIRECTIVE}/coverage?level=village",
    f"/api/documents/{DIRECTIVE}/neighbourhood?depth=5",
    f"/api/documents/{DIRECTIVE}/neighbourhood?limit=100000",
    "/api/resolve",
    "/api/resolve?q=",
    "/api/resolve?q=" + "x" * 201,
    "/api/resolve?q=abc&limit=51",
    "/api/stats?top=0",
]


@pytest.mark.parametrize("url", BAD_PARAMS)
def test_bad_parameters_are_422(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422


@pytest.mark.parametrize("url", ["/api/health", f"/api/documents/{DIRECTIVE}", "/", "/docs"])
def test_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_request_body_is_bounded(client: TestClient) -> None:
    """Refused by Content-Length before routing (streamed bodies: see test_admin)."""
    response = client.post("/api/resolve", content=b"x" * (128 * 1024))
    assert response.status_code == 413


def test_reading_can_be_closed(tmp_path: Path) -> None:
    with make_client(tmp_path, public_read=False, api_key="s3cret") as c:
        assert c.get(f"/api/documents/{DIRECTIVE}").status_code == 401
        assert c.get(f"/documents/{DIRECTIVE}").status_code == 401
        assert c.get(f"/api/documents/{DIRECTIVE}", headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.get(f"/api/documents/{DIRECTIVE}", headers={"X-API-Key": "s3cret"}).status_code == 200
        assert c.get("/api/health").status_code == 200


def test_openapi_lists_every_query(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/health", "/api/resolve", "/api/stats", "/api/documents/{doc_id}",
                 "/api/documents/{doc_id}/implementers", "/api/documents/{doc_id}/lineage",
                 "/api/documents/{doc_id}/descendants", "/api/documents/{doc_id}/coverage",
                 "/api/documents/{doc_id}/neighbourhood", "/api/admin/documents"):
        assert path in paths
    assert not any(p.startswith("/documents") for p in paths)  # pages stay out of the schema


def test_docs_page_is_offline(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "http" not in html
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


class SlowQueries(NetworkxQueries):
    """The real backend with a slow `stats`, to exercise the time bound."""

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> Any:
        time.sleep(0.5)
        return super().stats(top, offset, limit)


def test_slow_query_is_503(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, query_timeout_s=0.05),
                     SlowQueries(graph_from_export(literal_export())))
    with TestClient(app) as c:
        assert c.get("/api/stats").status_code == 503
        assert c.get(f"/api/documents/{DIRECTIVE}").status_code == 200


def test_lifespan_loads_the_data_dir(tmp_path: Path) -> None:
    """Without an injected backend, the app reads DATA_DIR/graph.json at startup."""
    from test_api_support import write_data_dir

    app = create_app(Settings(data_dir=write_data_dir(tmp_path / "data")))
    with TestClient(app) as c:
        assert c.get(f"/api/documents/{DIRECTIVE}").status_code == 200
