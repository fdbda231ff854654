"""The Neo4j backend's catalog (`queries.neo4j_catalog`) from the data dir's serving snapshot gives the same
answers as the one read with `ALL_DOCUMENTS` and as networkx; it is used only when Neo4j holds that very
graph file, and a load of another graph switches it."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api_support import literal_export as api_export
from test_neo4j_parity import _answer, calls_for
from test_neo4j_support import (
    neo4j_driver,  # noqa: F401
    neo4j_settings,  # noqa: F401
    synthetic_export,
)
from test_queries_networkx import small_export

from ingest.export import graph_from_export
from queries import cypher, neo4j_loader
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_catalog import decode_part, preload
from queries.networkx_backend import NetworkxQueries
from queries.snapshot import build_snapshot, graph_digest, write_for_generation
from queries.snapshot_codec import encode


def data_dir_of(folder: Path, export: dict[str, Any]) -> str:
    """Make `folder` a data dir keeping `export` as its graph file, with that file's serving snapshot (as
    an ingest leaves it); the file's SHA-256, the snapshot's key."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "graph.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    write_for_generation(path, graph_from_export(export))
    return graph_digest(path)


def load(driver: Any, database: str, export: dict[str, Any], key: str | None) -> None:
    neo4j_loader.clear(driver, database)
    neo4j_loader.write_to_neo4j(driver, export, database, graph_key=key)


def paged_calls(export: dict[str, Any]) -> list[Any]:
    """The parity calls, and pages of the busiest documents' relations (ordered by the catalog's dates)."""
    calls = calls_for(export)
    busiest = {args[0] for method, args, _kw in calls if method == "coverage"}
    for d in sorted(busiest):
        calls += [("document", (d,), {"offset": 0, "limit": 3}),
                  ("document", (d,), {"offset": 2, "limit": 5})]
    return calls


@pytest.fixture()
def db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[tuple[Any, str]]:  # noqa: F811
    yield neo4j_driver, neo4j_settings.database


def test_the_catalog_part_of_a_snapshot_is_the_snapshot_s() -> None:
    """`decode_part` keeps the node table, resolve index and stats of the snapshot as written."""
    snap, _evidence = build_snapshot(graph_from_export(small_export()), key="k")
    part = decode_part(encode(snap))
    assert part.key == "k" and part.ids == snap.doc_ids and len(part.ids) > 5
    assert {d: s.model_dump() for d, s in part.summaries.items()} == {
        d: s.model_dump() for d, s in snap.summaries.items()}
    assert part.stats == snap.stats
    assert part.index.search("chi thi 28", limit=5) == snap.index.search("chi thi 28", limit=5)


def test_no_snapshot_in_a_data_dir_without_a_graph(tmp_path: Path) -> None:
    assert preload(tmp_path) is None


@pytest.mark.neo4j
@pytest.mark.parametrize("name, make", [
    ("networkx-tests-graph", small_export),
    ("api-tests-graph", api_export),
    ("generated-400", lambda: synthetic_export(400, seed=7)),
])
def test_snapshot_catalog_answers_as_cypher_catalog_and_networkx(db: tuple[Any, str], tmp_path: Path,
                                                                 name: str, make: Any) -> None:
    driver, database = db
    export = make()
    key = data_dir_of(tmp_path / "data", export)
    load(driver, database, export, key)
    stamp = driver.execute_query(cypher.LOAD_STAMP, database_=database).records[0]
    assert stamp["graph"] == key, "the loader records the graph file's SHA-256 beside the stamp"
    from_snapshot = Neo4jQueries(driver, database, data_dir=tmp_path / "data")
    from_cypher = Neo4jQueries(driver, database)
    reference = NetworkxQueries(graph_from_export(export))
    calls = paged_calls(export)
    differ_cypher, differ_nx = [], []
    for method, args, kwargs in calls:
        got = _answer(from_snapshot, method, args, kwargs)
        if got != _answer(from_cypher, method, args, kwargs):
            differ_cypher.append((method, args, kwargs))
        paged = method == "document" and kwargs.get("limit") is not None  # compared with ALL_DOCUMENTS'
        if not paged and got != _answer(reference, method, args, kwargs):
            differ_nx.append((method, args, kwargs))
    assert from_snapshot.catalog_source == "snapshot" and from_cypher.catalog_source == "cypher"
    assert not differ_cypher, f"{len(differ_cypher)} of {len(calls)} differ from ALL_DOCUMENTS"
    assert not differ_nx, f"{len(differ_nx)} of {len(calls)} differ from networkx: {differ_nx[:5]}"


@pytest.mark.neo4j
def test_a_snapshot_of_another_graph_is_not_used(db: tuple[Any, str], tmp_path: Path) -> None:
    driver, database = db
    kept, loaded = small_export(), synthetic_export(120, seed=3)
    data_dir_of(tmp_path / "data", kept)
    reference = NetworkxQueries(graph_from_export(loaded))
    for key in (None, "0" * 64):  # loaded by hand (no file), or from another data dir's file
        load(driver, database, loaded, key)
        q = Neo4jQueries(driver, database, data_dir=tmp_path / "data")
        assert _answer(q, "stats", (), {}) == _answer(reference, "stats", (), {})
        assert _answer(q, "resolve", ("ke hoach",), {}) == _answer(reference, "resolve", ("ke hoach",), {})
        assert q.catalog_source == "cypher"
    # the data dir's very graph, loaded by hand: the same graph, but no file says so (the key is cleared)
    load(driver, database, kept, None)
    q = Neo4jQueries(driver, database, data_dir=tmp_path / "data")
    q.resolve("chi thi 28")
    assert q.catalog_source == "cypher"


@pytest.mark.neo4j
def test_a_reload_with_another_graph_switches(db: tuple[Any, str], tmp_path: Path) -> None:
    driver, database = db
    first, second = small_export(), synthetic_export(150, seed=5)
    folder = tmp_path / "data"
    key = data_dir_of(folder, first)
    load(driver, database, first, key)
    q = Neo4jQueries(driver, database, data_dir=folder)
    assert _answer(q, "stats", (), {}) == _answer(NetworkxQueries(graph_from_export(first)), "stats", (), {})
    assert q.catalog_source == "snapshot"
    # a new generation in the data dir (an ingest), then the service's reload loads it into Neo4j
    data_dir_of(folder, second)
    assert q.reload(folder) is q
    reference = NetworkxQueries(graph_from_export(second))
    for method, args, kwargs in calls_for(second)[:30]:
        assert _answer(q, method, args, kwargs) == _answer(reference, method, args, kwargs), (method, args)
    assert q.catalog_source == "snapshot"
    # the first graph loaded by hand again: the data dir's snapshot is not its own any more
    neo4j_loader.write_to_neo4j(driver, first, database)
    assert _answer(q, "stats", (), {}) == _answer(NetworkxQueries(graph_from_export(first)), "stats", (), {})
    assert q.catalog_source == "cypher"


@pytest.mark.neo4j
def test_served_by_forked_workers_from_the_preloaded_snapshot(
        db: tuple[Any, str], neo4j_settings: Any, tmp_path: Path) -> None:  # noqa: F811
    """`cpgraph serve --backend neo4j --workers 2`: the snapshot is read before the fork, each worker opens
    its own driver after it, and both answer as networkx."""
    driver, database = db
    export = small_export()
    key = data_dir_of(tmp_path / "data", export)
    load(driver, database, export, key)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "CPGRAPH_NEO4J_URI": neo4j_settings.uri,
           "NEO4J_DATABASE": database, "CPGRAPH_NEO4J_DATABASE": database}
    command = [sys.executable, "-m", "graphsvc.cli", "serve", "--backend", "neo4j", "--data-dir",
               str(tmp_path / "data"), "--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=log.open("wb"))
    reference = NetworkxQueries(graph_from_export(export))
    expected = reference.resolve("chi thi 28").model_dump(mode="json", by_alias=True)
    try:
        answers: list[Any] = []
        deadline = time.monotonic() + 120
        while len(answers) < 4 and time.monotonic() < deadline:
            try:  # a new connection each time: both workers answer
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/resolve?q=chi%20thi%2028",
                                            timeout=30) as response:
                    answers.append(json.loads(response.read()))
            except OSError:
                assert proc.poll() is None, log.read_text(errors="replace")
                time.sleep(0.5)
        assert len(answers) == 4, log.read_text(errors="replace")
        assert all(a == expected for a in answers)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.neo4j
def test_a_load_of_the_graph_held_records_only_its_file(db: tuple[Any, str]) -> None:
    """Loading the very graph the database holds writes nothing but the file's key (`cpgraph neo4j load
    --data-dir` on a database loaded by hand makes the snapshot usable without a reload)."""
    driver, database = db
    export = small_export()
    load(driver, database, export, None)

    def held() -> Any:
        return driver.execute_query(cypher.LOAD_STAMP, database_=database).records[0]

    before = held()
    assert before["graph"] is None
    report = neo4j_loader.write_to_neo4j(driver, export, database, graph_key="ab" * 32)
    assert not report.changed and held()["graph"] == "ab" * 32 and held()["stamp"] == before["stamp"]
    neo4j_loader.write_to_neo4j(driver, export, database)
    assert held()["graph"] is None
