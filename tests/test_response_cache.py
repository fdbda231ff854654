"""Serialised answers kept per backend (issue 13): bounded in bytes, identical to computed ones, never
shared across a reload, and never used when reading needs the API key."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_support import DIRECTIVE, write_data_dir
from test_neo4j_support import load_fresh, neo4j_settings, synthetic_export  # noqa: F401

from graphsvc.app import create_app, load_networkx
from graphsvc.settings import Settings
from queries.byte_cache import ByteLRU, StampedByteLRU, budget_from_env
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_server import open_driver
from queries.snapshot_backend import SnapshotQueries


def test_byte_cache_keeps_within_its_budget_dropping_the_least_recently_used() -> None:
    cache = ByteLRU(100)
    cache.put("a", b"x" * 10)
    cache.put("b", b"y" * 10)
    assert cache.get("a") == b"x" * 10  # "a" used last: "b" goes first
    for i in range(9):
        cache.put(i, b"z" * 10)
    assert cache.size <= 100
    assert cache.get("b") is None and cache.get("a") == b"x" * 10
    cache.put("big", b"w" * 60)  # over an eighth of the budget: served, never kept
    assert cache.get("big") is None and cache.size <= 100


def test_budget_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPGRAPH_RESPONSE_CACHE_MB", "0.5")
    assert budget_from_env() == 2**19
    monkeypatch.setenv("CPGRAPH_RESPONSE_CACHE_MB", "lots")
    assert budget_from_env(7) == 7


PATHS = [f"/api/documents/{quote(DIRECTIVE, safe='')}", f"/api/documents/{quote(DIRECTIVE, safe='')}/lineage",
         f"/api/documents/{quote(DIRECTIVE, safe='')}/implementers", "/api/resolve?q=chi%20thi%2028",
         "/api/stats", f"/api/documents/{quote(DIRECTIVE, safe='')}/coverage?level=district"]


def test_a_repeated_read_is_answered_from_the_cache_with_the_same_bytes(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path / "data")
    queries = load_networkx(data_dir)
    assert isinstance(queries, SnapshotQueries)
    with TestClient(create_app(Settings(data_dir=data_dir), queries)) as client:
        first = [client.get(p) for p in PATHS]
        kept = len(queries.response_cache)
        assert kept >= len(PATHS)
        second = [client.get(p) for p in PATHS]
        assert len(queries.response_cache) == kept  # nothing new: answered from the cache
        for a, b in zip(first, second, strict=True):
            assert a.status_code == b.status_code == 200
            assert a.content == b.content
            assert a.headers["content-type"] == b.headers["content-type"]
            assert b.headers.get("x-content-type-options") == a.headers.get("x-content-type-options")
        assert client.get("/api/documents/no-such-doc").status_code == 404
        assert len(queries.response_cache) == kept  # errors are not kept
        reloaded = queries.reload(data_dir)
        assert isinstance(reloaded, SnapshotQueries) and len(reloaded.response_cache) == 0


def test_no_cache_when_reading_needs_the_key(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path / "data")
    queries = load_networkx(data_dir)
    assert isinstance(queries, SnapshotQueries)
    settings = Settings(data_dir=data_dir, api_key="k" * 32, public_read=False)
    with TestClient(create_app(settings, queries)) as client:
        assert client.get(PATHS[0], headers={"X-API-Key": "k" * 32}).status_code == 200
        assert client.get(PATHS[0]).status_code == 401
        assert len(queries.response_cache) == 0


def test_a_stamped_cache_is_one_cache_per_load_stamp() -> None:
    stamps: list[object] = ["a", "a", "b", None, "b"]
    cache = StampedByteLRU(lambda: stamps.pop(0), 1000, max_age=0)
    first = cache.current()
    assert first is not None
    first.put("k", b"v")
    assert cache.current() is first and first.get("k") == b"v"  # same graph: the same answers
    second = cache.current()  # another load: a new, empty cache
    assert second is not None and second is not first and second.get("k") is None
    assert cache.current() is None  # a graph without a stamp: nothing kept
    assert StampedByteLRU(lambda: "a", 0).current() is None  # caching turned off
    reads: list[int] = []
    trusting = StampedByteLRU(lambda: reads.append(1) or "a", 1000, max_age=3600)
    assert trusting.current() is trusting.current() is not None and len(reads) == 1  # read once per max_age


@pytest.mark.neo4j
def test_the_neo4j_service_caches_per_load_and_follows_a_new_load(
        neo4j_settings: Any, tmp_path: Path) -> None:  # noqa: F811
    """A repeated read is answered from the cache with the same bytes; once the stamp is read again
    after another graph was loaded (by anyone), the same request answers the new graph."""
    database = neo4j_settings.database
    paths = ["/api/stats", "/api/resolve?q=k%E1%BA%BF%20ho%E1%BA%A1ch", "/api/search?q=&level=district"]
    with open_driver(neo4j_settings) as driver:
        load_fresh(driver, synthetic_export(300, seed=3), database)
        neo_q = Neo4jQueries(driver, database)
        settings = Settings(data_dir=tmp_path / "data")
        with TestClient(create_app(settings, neo_q)) as client:
            first = [client.get(p) for p in paths]
            kept = neo_q.response_cache.current()
            assert kept is not None and len(kept) == len(paths)
            assert [client.get(p).content for p in paths] == [r.content for r in first]
            load_fresh(driver, synthetic_export(400, seed=4), database)
            time.sleep(neo_q.response_cache.max_age + 0.2)  # the stamp is trusted that long
            after = [client.get(p) for p in paths]
        with TestClient(create_app(settings, Neo4jQueries(driver, database))) as fresh:
            expected = [fresh.get(p) for p in paths]
    assert [r.status_code for r in after] == [200] * len(paths)
    assert [r.content for r in after] == [r.content for r in expected]
    assert after[0].content != first[0].content  # the second graph is another graph


def test_answers_are_compressed_for_clients_that_accept_gzip_and_cached_as_sent(tmp_path: Path) -> None:
    data_dir = write_data_dir(tmp_path / "data")
    queries = load_networkx(data_dir)
    assert isinstance(queries, SnapshotQueries)
    path = f"/api/documents/{quote(DIRECTIVE, safe='')}/coverage?level=district"
    kept = []
    with TestClient(create_app(Settings(data_dir=data_dir), queries)) as client:
        plain, packed = [], []
        for _ in range(2):
            plain.append(client.get(path, headers={"Accept-Encoding": "identity"}))
            kept.append(len(queries.response_cache))
        for _ in range(2):
            packed.append(client.get(path, headers={"Accept-Encoding": "gzip, deflate"}))
            kept.append(len(queries.response_cache))
    for r in plain:  # sent as the app made it, saying that the encoding depends on the request
        assert "content-encoding" not in r.headers and "accept-encoding" in r.headers["vary"].lower()
    for r in packed:  # httpx gives the decompressed body: the same answer
        assert r.headers["content-encoding"] == "gzip" and r.content == plain[0].content
        assert int(r.headers["content-length"]) < len(plain[0].content) / 3
    assert plain[1].content == plain[0].content
    assert kept[1] == kept[0] and kept[2] == kept[1] + 1 and kept[3] == kept[2]  # one answer per encoding
