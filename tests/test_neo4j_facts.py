"""The per-directive facts stored beside the walks (`queries.neo4j_facts`), and the service's backend
across a bulk import.

Pure: each stored coverage answer is byte for byte the networkx backend's answer, each stored level
and province its summary's. Against the real server (both load paths, the walk threshold lowered so the
generated graph's trees are stored): every whole-tree answer equals networkx's, and a backend whose
driver was opened before a bulk import answers from the imported graph after it.
"""
from __future__ import annotations

from typing import Any

import pytest
from test_neo4j_parity import _answer
from test_neo4j_support import (
    load_fresh,
    local_layout,
    neo4j_settings,  # noqa: F401
    synthetic_export,
)

from ingest.export import graph_from_export
from queries import neo4j_closure
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_bulk import bulk_load
from queries.neo4j_closure import closures
from queries.neo4j_facts import COVERAGE_LEVELS, coverage_body
from queries.neo4j_server import open_driver
from queries.networkx_backend import NetworkxQueries

MINIMUM = 450  # implementers of a stored tree here: 7 trees of the generated graph, 4 below CLOSURE_MIN


def _export() -> dict[str, Any]:
    return synthetic_export(900, seed=11)


def test_stored_facts_are_the_networkx_answers() -> None:
    export = _export()
    nx_q = NetworkxQueries(graph_from_export(export))
    stored = closures(export, minimum=MINIMUM)
    assert stored, "the generated graph has big trees"
    for target, closure in stored.items():
        assert closure.facts is not None
        for level in COVERAGE_LEVELS:
            expected = nx_q.coverage(target, level=level).model_dump_json(by_alias=True)  # type: ignore[arg-type]
            assert coverage_body(closure.facts.coverage[level]).decode("utf-8") == expected
        summaries = {i.document.id: i.document for i in
                     nx_q.implementers(target, max_depth=12, limit=100000).items}
        assert closure.levels == [summaries[d].level or "" for d in closure.ids]
        assert closure.provinces == [summaries[d].province or "" for d in closure.ids]
    again = closures(export, minimum=MINIMUM)  # the same bytes: a reload rewrites nothing
    digests = {t: c.row()["digest"] for t, c in stored.items()}
    assert {t: c.row()["digest"] for t, c in again.items()} == digests


Calls = list[tuple[str, tuple[Any, ...], dict[str, Any]]]


def _whole_tree_calls(targets: list[str]) -> tuple[Calls, Calls]:
    """(questions the stored facts answer, questions computed from the stored walk) on each target."""
    stored: Calls = []
    computed: Calls = []
    for t in targets:
        stored += [("implementers", (t,), {}), ("implementers", (t,), {"level": "district"}),
                   ("implementers", (t,), {"level": "commune", "limit": 7}),
                   ("implementers", (t,), {"province": "quang nam", "max_depth": 2}),
                   ("implementers", (t,), {"level": "province", "transitive": False}),
                   ("coverage", (t,), {}), ("coverage", (t,), {"level": "district"}),
                   ("coverage", (t,), {"level": "commune"}),
                   ("coverage", (t,), {"level": "commune", "map_year": "2019"})]
        computed += [("coverage", (t,), {"level": "district", "status": "uncovered"}),
                     ("coverage", (t,), {"level": "province", "province": "Quảng Nam", "overdue_days": 30})]
    return stored, computed


@pytest.mark.neo4j
@pytest.mark.parametrize("path", ["incremental", "bulk"])
def test_whole_tree_answers_from_stored_facts(neo4j_settings: Any, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                              path: str) -> None:
    monkeypatch.setattr(neo4j_closure, "CLOSURE_MIN", MINIMUM)
    export = _export()
    database = neo4j_settings.database
    if path == "bulk":
        report = bulk_load(export, local_layout(neo4j_settings), neo4j_settings)
    else:
        with open_driver(neo4j_settings) as driver:
            report = load_fresh(driver, export, database)
    assert report.closures["closures"] > 0
    targets = sorted(closures(export, minimum=MINIMUM, facts=False))
    nx_q = NetworkxQueries(graph_from_export(export))
    with open_driver(neo4j_settings) as driver:
        neo_q = Neo4jQueries(driver, database)
        stored, computed = _whole_tree_calls(targets)
        for method, args, kwargs in stored:
            got = _answer(neo_q, method, args, kwargs)
            assert got == _answer(nx_q, method, args, kwargs), (method, args, kwargs)
        for target in targets:  # the API's bytes: the stored answer as networkx serialises it
            for level in COVERAGE_LEVELS:
                expected = nx_q.coverage(target, level=level).model_dump_json(by_alias=True)  # type: ignore[arg-type]
                assert neo_q.coverage_json(target, level=level).decode("utf-8") == expected  # type: ignore[arg-type]
        assert neo_q._cat is None, "a whole-tree question read the catalog of every document"
        for method, args, kwargs in computed:  # answers the loader did not store
            got = _answer(neo_q, method, args, kwargs)
            assert got == _answer(nx_q, method, args, kwargs), (method, args, kwargs)


@pytest.mark.neo4j
def test_the_backend_answers_the_imported_graph_after_a_bulk_import(neo4j_settings: Any) -> None:  # noqa: F811
    """The service's driver and backend outlive the server's restart: its reads carry no bookmark (the
    imported database's transaction ids start again) and its caches follow the load stamp."""
    database = neo4j_settings.database
    first, second = synthetic_export(300, seed=3), synthetic_export(400, seed=4)
    with open_driver(neo4j_settings) as driver:
        load_fresh(driver, first, database)
        neo_q = Neo4jQueries(driver, database)
        before = NetworkxQueries(graph_from_export(first))
        assert _answer(neo_q, "stats", (), {}) == _answer(before, "stats", (), {})
        for _ in range(30):  # the database's transaction ids move well past those of the import to come
            driver.execute_query("MATCH (m:CpgraphLoad {id: 'cpgraph'}) SET m.touched = true",
                                 database_=database)
        bulk_load(second, local_layout(neo4j_settings), neo4j_settings)
        expected = NetworkxQueries(graph_from_export(second))
        for method, args, kwargs in [("stats", (), {}), ("resolve", ("kế hoạch",), {}),
                                     ("search", ("",), {"level": "district"})]:
            assert _answer(neo_q, method, args, kwargs) == _answer(expected, method, args, kwargs)
