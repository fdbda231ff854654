"""Every query gives the same answer on networkx and on Neo4j (identical `model_dump()`).

Graphs: the literal graphs of the networkx and API tests, a generated graph, and (when
`cpgraph ingest` works) the seeds of ../shared and the example corpus.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api_support import literal_export as api_export
from test_neo4j_support import (
    EXAMPLES,
    SEEDS,
    corpus_export,
    load_fresh,
    neo4j_driver,  # noqa: F401
    neo4j_settings,  # noqa: F401
    synthetic_export,
)
from test_queries_networkx import small_export

from ingest.export import graph_from_export
from queries.interface import DocumentNotFound, GraphQueries
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_loader import counts, write_to_neo4j
from queries.networkx_backend import NetworkxQueries

pytestmark = pytest.mark.neo4j

RESOLVE_TEXTS = ("chi thi 28", "CT 28", "28/CT-TW", "luat tre em", "ke hoach 121", "Quảng Nam", "zzz")
SEARCH_TEXTS = ("121/KH-UBND", "Hà Trung", "ha trung", "trẻ em", "zzz")


def _dump(value: Any) -> Any:
    return value.model_dump(by_alias=True)


def _answer(q: GraphQueries, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        return _dump(getattr(q, method)(*args, **kwargs))
    except DocumentNotFound as exc:
        return {"not_found": exc.doc_id, "suggestions": exc.suggestions}


Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def calls_for(export: dict[str, Any], limit_docs: int = 40) -> list[Call]:
    """The queries asked of a graph: every method, on the most connected documents and a few others."""
    docs = sorted(n["id"] for n in export["nodes"] if n.get("kind") == "document")
    degree: dict[str, int] = {}
    for e in export["edges"]:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
    busiest = sorted(docs, key=lambda d: (-degree.get(d, 0), d))[:limit_docs // 2]
    chosen = sorted(set(busiest) | set(docs[:: max(1, len(docs) // (limit_docs // 2))]))
    calls: list[Call] = [
        ("stats", (), {}), ("stats", (), {"top": 3}), ("stats", (), {"offset": 1, "limit": 2}),
        ("document", ("no-such-doc",), {}),
    ]
    calls += [("resolve", (t,), {}) for t in RESOLVE_TEXTS]
    calls += [("search", (t,), {}) for t in SEARCH_TEXTS]
    calls += [("search", ("",), {"doc_type": "ke_hoach", "offset": 1, "limit": 5}),
              ("search", ("",), {"level": "district", "year": 2024})]
    for d in chosen:
        calls += [
            ("document", (d,), {}),
            ("implementers", (d,), {}),
            ("implementers", (d,), {"transitive": False}),
            ("implementers", (d,), {"max_depth": 2, "limit": 3}),
            ("implementers", (d,), {"level": "district"}),
            ("implementers", (d,), {"province": "quang nam"}),
            ("lineage", (d,), {}),
            ("lineage", (d,), {"max_depth": 1, "limit": 2}),
            ("descendants", (d,), {}),
            ("descendants", (d,), {"max_depth": 1, "limit": 2}),
            ("neighbourhood", (d,), {}),
            ("neighbourhood", (d,), {"depth": 1, "limit": 3}),
        ]
    for d in busiest[:3]:
        calls += [("coverage", (d,), {}), ("coverage", (d,), {"level": "district"}),
                  ("coverage", (d,), {"level": "district", "status": "uncovered", "overdue_days": 200}),
                  ("coverage", (d,), {"level": "commune", "map_year": "2025", "status": "covered"}),
                  ("coverage", (d,), {"level": "province", "map_year": "2025", "overdue_days": 30})]
    return calls


def assert_parity(driver: Any, database: str, export: dict[str, Any]) -> int:
    """Load `export`, ask both backends every call, compare; returns the number of calls."""
    load_fresh(driver, export, database)
    nx_q = NetworkxQueries(graph_from_export(export))
    neo_q = Neo4jQueries(driver, database)
    calls = calls_for(export)
    mismatches = []
    for method, args, kwargs in calls:
        expected, got = _answer(nx_q, method, args, kwargs), _answer(neo_q, method, args, kwargs)
        if expected != got:
            mismatches.append((method, args, kwargs))
    assert not mismatches, f"{len(mismatches)} of {len(calls)} answers differ, first: {mismatches[:5]}"
    return len(calls)


@pytest.fixture()
def db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[tuple[Any, str]]:  # noqa: F811
    yield neo4j_driver, neo4j_settings.database


def test_backend_implements_the_protocol(db: tuple[Any, str]) -> None:
    assert isinstance(Neo4jQueries(*db), GraphQueries)


@pytest.mark.parametrize("name, make", [
    ("networkx-tests-graph", small_export),
    ("api-tests-graph", api_export),
    ("generated-400", lambda: synthetic_export(400, seed=7)),
    ("generated-900", lambda: synthetic_export(900, seed=11)),
])
def test_parity_on_literal_and_generated_graphs(db: tuple[Any, str], name: str, make: Any) -> None:
    assert assert_parity(*db, make()) > 20


@pytest.mark.shared
@pytest.mark.parametrize("corpus", [SEEDS, EXAMPLES], ids=["seeds", "examples"])
def test_parity_on_corpora(db: tuple[Any, str], corpus: Path, tmp_path: Path) -> None:
    assert assert_parity(*db, corpus_export(tmp_path, corpus)) > 20


def test_reload_refreshes_the_resolve_index(db: tuple[Any, str]) -> None:
    driver, database = db
    export = small_export()
    load_fresh(driver, export, database)
    q = Neo4jQueries(driver, database)
    before = q.resolve("chi thi 28").candidates
    assert before, "the directive must be found"
    kept = [n for n in export["nodes"] if n["id"] != before[0].document.id]
    edges = [e for e in export["edges"] if before[0].document.id not in (e["source"], e["target"])]
    write_to_neo4j(driver, {**export, "nodes": kept, "edges": edges}, database)
    after = [c.document.id for c in q.resolve("chi thi 28").candidates]
    assert before[0].document.id not in after


def test_paged_document_is_a_slice_of_the_whole(db: tuple[Any, str]) -> None:
    """A page of a document's relations (evidence read for the page only) is the slice of the whole
    lists, which match networkx (above)."""
    driver, database = db
    export = synthetic_export(400, seed=7)
    load_fresh(driver, export, database)
    q = Neo4jQueries(driver, database)
    busiest = calls_for(export)[-1][1][0]  # a document with many relations (coverage calls use the busiest)
    whole = q.document(busiest)
    assert len(whole.incoming) > 5
    for offset, limit in ((0, 3), (2, 4), (len(whole.incoming) - 1, 10), (10_000, 5)):
        page = q.document(busiest, offset=offset, limit=limit)
        assert [_dump(r) for r in page.incoming] == [_dump(r) for r in whole.incoming[offset:offset + limit]]
        assert [_dump(r) for r in page.outgoing] == [_dump(r) for r in whole.outgoing[offset:offset + limit]]
        assert page.document == whole.document and page.source == whole.source


def test_reload_writes_the_kept_graph_into_the_database(db: tuple[Any, str], tmp_path: Path) -> None:
    """`reload` makes the database hold the graph kept in the data dir, and keeps answering itself."""
    driver, database = db
    load_fresh(driver, {"schema": "cpgraph/1", "nodes": [], "edges": []}, database)
    q = Neo4jQueries(driver, database)
    assert q.reload(tmp_path) is q and counts(driver, database)["documents"] == 0  # nothing kept: unchanged
    export = small_export()
    (tmp_path / "graph.json").write_text(json.dumps(export), encoding="utf-8")
    assert q.reload(tmp_path) is q
    assert _dump(q.stats()) == _dump(NetworkxQueries(graph_from_export(export)).stats())
