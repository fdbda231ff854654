"""The service over the serving snapshot (what `cpgraph serve` runs): paged document relations in the API
and on the document page, coverage served from the kept JSON, and the same answers as the reference."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api_support import DIRECTIVE, literal_queries, write_data_dir

from graphsvc.app import create_app, load_networkx
from graphsvc.routers import pages_document
from graphsvc.settings import Settings
from queries.snapshot_backend import SnapshotQueries


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    data_dir = write_data_dir(tmp_path / "data")
    queries = load_networkx(data_dir)
    assert isinstance(queries, SnapshotQueries)
    with TestClient(create_app(Settings(data_dir=data_dir), queries)) as c:
        yield c


def test_document_relations_are_paged_with_totals(client: TestClient) -> None:
    whole = client.get(f"/api/documents/{DIRECTIVE}").json()
    total = whole["incoming_total"]
    assert total == len(whole["incoming"]) >= 2
    first = client.get(f"/api/documents/{DIRECTIVE}?limit=1").json()
    second = client.get(f"/api/documents/{DIRECTIVE}?offset=1&limit=1").json()
    assert [r["other"]["id"] for r in first["incoming"] + second["incoming"]] == \
        [r["other"]["id"] for r in whole["incoming"][:2]]
    assert (first["incoming_total"], second["offset"], second["limit"]) == (total, 1, 1)
    assert first["incoming"][0]["evidence"] == whole["incoming"][0]["evidence"]
    reference = literal_queries().document(DIRECTIVE).model_dump(by_alias=True)
    assert whole == {**reference, "limit": 100}
    assert client.get(f"/api/documents/{DIRECTIVE}?limit=-1").status_code == 422


def test_document_page_pages_its_relation_lists(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_document, "RELATIONS_PAGE", 1)
    first = client.get(f"/documents/{DIRECTIVE}")
    assert first.status_code == 200
    assert "Trang sau" in first.text and "Trang trước" not in first.text
    assert "Hiển thị 1–1 trên tổng số" in first.text
    second = client.get(f"/documents/{DIRECTIVE}?offset=1")
    assert second.status_code == 200 and "Trang trước" in second.text


def test_coverage_answers_as_the_reference(client: TestClient) -> None:
    for query in ("", "?level=district", "?level=commune&status=covered", "?map=2025&level=commune"):
        got = client.get(f"/api/documents/{DIRECTIVE}/coverage{query}")
        assert got.status_code == 200
        params = dict(p.split("=") for p in query.lstrip("?").split("&") if p)
        kwargs = {("map_year" if k == "map" else k): v for k, v in params.items()}
        expected = literal_queries().coverage(DIRECTIVE, **kwargs).model_dump(by_alias=True, mode="json")
        assert got.json() == expected
