"""The bulk path (`neo4j-admin database import full`) and the stored whole-tree walks.

Pure parts: CSV cells and headers, the choice of path, the stored walk against `implementer_walk`.
Against the real server: the same fixture loaded by UNWIND and by the bulk import gives the same
database (counts, properties, relationships with evidence) and the same answer to every query,
identical to networkx.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_neo4j_parity import _answer, calls_for
from test_neo4j_support import (
    load_fresh,
    local_layout,
    neo4j_settings,  # noqa: F401
    synthetic_export,
)
from test_queries_networkx import small_export

from ingest.export import graph_from_export
from queries.common import implementer_walk
from queries.interface import MAX_DEPTH
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_bulk import bulk_load, choose_path, import_command, write_files
from queries.neo4j_closure import closures, implements_adjacency
from queries.neo4j_csv import BulkRefused, cell, node_tables, relationship_lines
from queries.neo4j_loader import LoadReport, counts
from queries.neo4j_server import open_driver
from queries.networkx_backend import NetworkxQueries

# ------------------------------------------------------------------ pure parts


@pytest.mark.parametrize("value, expected", [
    (None, ""), ("", '""'), ('say "hi", ok', '"say ""hi"", ok"'), (True, "true"), (False, "false"),
    (2024, "2024"), (1.5, "1.5"), (["a", "b"], '"a\x1fb"'), ([1, 2], '"1\x1f2"'),
])
def test_cells(value: Any, expected: str) -> None:
    assert cell(value) == expected


def test_a_value_holding_the_array_delimiter_is_refused() -> None:
    with pytest.raises(BulkRefused):
        cell("a\x1fb")


def test_node_tables_type_each_column_and_split_conflicting_types() -> None:
    rows: list[tuple[str, dict[str, Any]]] = [
        ("a", {"id": "a", "year": 2024, "title": "x"}), ("b", {"id": "b", "year": "2024?"}),
            ("c", {"id": "c", "flags": ["f1"], "ingested": False})]
    tables = node_tables(rows, "Export", lambda _i, _p: ("Document", "KeHoach"))
    headers = sorted(t.header for t in tables.values())
    assert headers == [
        "id:ID(Export),:LABEL,flags:string[],ingested:boolean",
        "id:ID(Export),:LABEL,title:string,year:long",
        "id:ID(Export),:LABEL,year:string",
    ]
    lines = [line for t in tables.values() for line in t.lines]
    assert '"a","Document\x1fKeHoach","x",2024' in lines


def test_relationship_lines_sort_evidence_as_the_loader_does() -> None:
    edge = {"source": "s", "target": "t", "type": "IMPLEMENTS", "evidence": [
        {"in": "s", "start": 50, "end": 60, "text": "later"}, {"in": "s", "start": 5, "end": 9, "text": "a"}]}
    bare, rich = relationship_lines([edge, {"source": "s", "target": "o", "type": "ISSUED_BY",
                                            "evidence": []}])
    assert bare == ['"s","o",ISSUED_BY']
    assert rich == ['"s","t",IMPLEMENTS,"s\x1fs",5\x1f50,9\x1f60,"a\x1flater"']
    with pytest.raises(BulkRefused):
        relationship_lines([{**edge, "evidence": [{"in": "s", "start": 1, "end": 2, "text": ""}]}])


def test_choose_path() -> None:
    assert choose_path("auto", True, True)[0] == "bulk"
    assert choose_path("auto", False, True)[0] == "incremental"
    assert choose_path("auto", True, False)[0] == "incremental"
    assert choose_path("incremental", True, True)[0] == "incremental"
    assert "REPLACED" in choose_path("bulk", False, True)[1]
    with pytest.raises(ValueError, match="cpgraph neo4j start"):
        choose_path("bulk", True, False)
    with pytest.raises(ValueError):
        choose_path("fast", True, True)


def test_write_files_and_the_import_command(tmp_path: Path) -> None:
    export = synthetic_export(300, seed=3)
    report = LoadReport()
    files = write_files(export, tmp_path / "bulk", report)
    assert report.relationships_written == len(export["edges"]) and report.dangling == 0
    assert report.units["units"] > 10000
    assert files.nodes_count == len(export["nodes"]) + report.units["units"] + 2
    cmd = import_command(["java", "Main"], files, "neo4j")
    assert cmd[:6] == ["java", "Main", "database", "import", "full", "neo4j"]
    assert "--bad-tolerance=0" in cmd and all(f"--nodes={p}" in cmd for p in files.nodes)
    again = write_files(export, tmp_path / "again", LoadReport())  # deterministic bytes
    assert [p.read_bytes() for p in again.nodes + again.relationships] == \
        [p.read_bytes() for p in files.nodes + files.relationships]


def test_stored_walk_is_the_walk() -> None:
    export = synthetic_export(900, seed=11)
    adjacency = implements_adjacency(export)
    stored = closures(export, minimum=50)
    assert stored, "the generated graph has big trees"
    for target, closure in stored.items():
        walk = implementer_walk(target, lambda n: adjacency.get(n, []), MAX_DEPTH)
        assert dict(zip(closure.ids, closure.depths, strict=True)) == walk.depth
        assert dict(zip(closure.ids, closure.parents, strict=True)) == walk.parent
        assert closure.beyond == walk.truncated and closure.total == len(walk.depth)
        for depth in range(1, MAX_DEPTH + 1):
            bounded = implementer_walk(target, lambda n: adjacency.get(n, []), depth)
            assert closure.within(depth) == len(bounded.depth)
            assert closure.cut(depth) == bounded.truncated
    small = [t for t in adjacency if t not in stored]
    assert all(len(implementer_walk(t, lambda n: adjacency.get(n, []), MAX_DEPTH).depth) <= 50 for t in small)


# ------------------------------------------------------------------ against the server


def _answers(driver: Any, database: str, export: dict[str, Any]) -> list[Any]:
    q = Neo4jQueries(driver, database)
    return [_answer(q, m, a, k) for m, a, k in calls_for(export)]


def _database(driver: Any, database: str) -> Any:
    """Every node's labels and properties and every relationship with its properties, sorted."""
    records, _s, _k = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS l, properties(n) AS p", database_=database)
    nodes = sorted((sorted(r["l"]), sorted(r["p"].items())) for r in records)
    records, _s, _k = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.uid) AS a, type(r) AS t, coalesce(b.id, b.uid) AS b, "
        "properties(r) AS p", database_=database)
    rels = sorted((r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in records)
    return nodes, rels


@pytest.mark.neo4j
@pytest.mark.parametrize("name, make", [
    ("networkx-tests-graph", small_export),
    ("generated-900", lambda: synthetic_export(900, seed=11)),
])
def test_bulk_import_answers_exactly_like_unwind(neo4j_settings: Any, name: str, make: Any) -> None:  # noqa: F811
    """A driver of its own per side: the import replaces the database, whose transaction ids start
    again, so a driver's bookmarks from before it would wait for transactions that never come."""
    layout = local_layout(neo4j_settings)
    database = neo4j_settings.database
    export = make()
    with open_driver(neo4j_settings) as driver:
        load_fresh(driver, export, database)
        by_unwind = _answers(driver, database, export)
        held_unwind = _database(driver, database)
        totals = counts(driver, database)

    report = bulk_load(export, layout, neo4j_settings)
    assert report.path == "bulk" and report.relationships_written > 0

    with open_driver(neo4j_settings) as driver:
        assert counts(driver, database) == totals
        assert _database(driver, database) == held_unwind
        by_bulk = _answers(driver, database, export)
        assert by_bulk == by_unwind
        nx_q = NetworkxQueries(graph_from_export(export))
        assert by_bulk == [_answer(nx_q, m, a, k) for m, a, k in calls_for(export)]
        again = load_fresh(driver, export, database)  # an incremental load after a bulk one works
        assert again.path == "incremental"
