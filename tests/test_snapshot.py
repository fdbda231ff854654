"""The serving snapshot answers exactly as the networkx backend (its reference) on the test graphs.

Every query of the parity suite (tests/test_neo4j_parity.py `calls_for`) is asked of both, plus paged
documents; the snapshot goes through its files (written, read back) as `cpgraph serve` uses it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_api_support import literal_export as api_export
from test_neo4j_parity import _answer, calls_for
from test_neo4j_support import synthetic_export
from test_queries_networkx import small_export

from ingest.export import graph_from_export
from queries import snapshot
from queries.networkx_backend import NetworkxQueries
from queries.snapshot_backend import SnapshotQueries, open_evidence

GRAPHS = [
    ("networkx-tests-graph", small_export),
    ("api-tests-graph", api_export),
    ("generated-400", lambda: synthetic_export(400, seed=7)),
    ("generated-900", lambda: synthetic_export(900, seed=11)),
]


def snapshot_queries(export: dict[str, Any], folder: Path, closure_min: int = 1) -> SnapshotQueries:
    """The snapshot of `export`, written to `folder` and read back (every walk precomputed by default)."""
    old = snapshot.CLOSURE_MIN
    snapshot.CLOSURE_MIN = closure_min
    try:
        snap, evidence = snapshot.build_snapshot(graph_from_export(export), "test")
    finally:
        snapshot.CLOSURE_MIN = old
    snapshot.write_snapshot(folder, snap, evidence)
    assert snapshot.snapshot_is_current(folder, "test")
    return SnapshotQueries(snapshot.read_snapshot(folder), open_evidence(folder / snapshot.EVIDENCE_FILE))


def paged_calls(export: dict[str, Any]) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    docs = sorted(n["id"] for n in export["nodes"] if n.get("kind") == "document")
    calls = []
    step = max(1, len(docs) // 20)
    for d in docs[::step]:
        calls += [("document", (d,), {"offset": 0, "limit": 2}),
                  ("document", (d,), {"offset": 1, "limit": 1}),
                  ("document", (d,), {"offset": 5, "limit": 0}),
                  ("implementers", (d,), {"max_depth": 12}),
                  ("implementers", (d,), {"max_depth": 1, "level": "commune"}),
                  ("coverage", (d,), {"level": "commune"}), ("coverage", (d,), {"level": "district"}),
                  ("coverage", (d,), {"level": "province", "province": "Quảng Nam"})]
    return calls


@pytest.mark.parametrize("closure_min", [1, 10**9], ids=["walks-precomputed", "walks-on-demand"])
@pytest.mark.parametrize("name, make", GRAPHS)
def test_snapshot_answers_as_networkx(tmp_path: Path, name: str, make: Any, closure_min: int) -> None:
    export = make()
    reference = NetworkxQueries(graph_from_export(export))
    snap_q = snapshot_queries(export, tmp_path, closure_min)
    calls = calls_for(export) + paged_calls(export)
    differ = [(m, a, k) for m, a, k in calls if _answer(reference, m, a, k) != _answer(snap_q, m, a, k)]
    assert not differ, f"{len(differ)} of {len(calls)} answers differ, first: {differ[:5]}"
