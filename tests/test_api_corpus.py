"""The service over an ingested corpus: the repo's example corpus and the shared seeds.

Ingests with the real pipeline into a temporary data dir, then serves it through the app's own
lifespan (NetworkxQueries.from_data_dir). Every page of every central directive must render.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_support import REPO, need

from graphsvc.app import create_app
from graphsvc.settings import Settings

CORPORA = {
    "examples": REPO / "examples" / "corpus",
    "seeds": REPO.parent / "shared" / "corpus" / "seeds",
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    corpus = CORPORA[request.param]
    need(corpus.is_dir() and any(corpus.iterdir()), f"corpus missing: {corpus}")
    need(importlib.util.find_spec("ingest.pipeline") is not None, "ingest.pipeline is not written yet")
    from ingest.pipeline import ingest

    data_dir = tmp_path_factory.mktemp(request.param) / "data"
    summary = ingest([corpus], data_dir)
    assert summary.documents > 0
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        yield client


def test_every_directive_has_working_pages(corpus_client: TestClient) -> None:
    stats = corpus_client.get("/api/stats?top=50").json()
    assert stats["documents"] > 0
    cited = [item["document"] for item in stats["most_cited"]]
    assert cited, "an ingested corpus cites something"
    for doc in cited[:10]:
        doc_id = quote(doc["id"], safe="")
        for url in (f"/api/documents/{doc_id}", f"/api/documents/{doc_id}/implementers",
                    f"/api/documents/{doc_id}/lineage", f"/api/documents/{doc_id}/descendants",
                    f"/api/documents/{doc_id}/coverage?level=district", f"/documents/{doc_id}",
                    f"/graph/{doc_id}", f"/coverage/{doc_id}"):
            response = corpus_client.get(url)
            assert response.status_code == 200, (url, response.text[:300])


def test_search_finds_ingested_documents(corpus_client: TestClient) -> None:
    stats = corpus_client.get("/api/stats?top=5").json()
    top = stats["most_cited"][0]["document"]
    found = corpus_client.get("/api/resolve", params={"q": top["label"]}).json()
    assert top["id"] in [c["document"]["id"] for c in found["candidates"]]
    assert corpus_client.get("/", params={"q": top["label"]}).status_code == 200
