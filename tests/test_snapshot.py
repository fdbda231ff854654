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
from queries.snapshot_backend import SnapshotQueries, load_or_build, open_evidence

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
    snapshot.write_snapshot(folder, snap, evidence, snapshot.coverage_blobs(snap))
    assert snapshot.snapshot_is_current(folder, "test")
    return SnapshotQueries(snapshot.read_snapshot(folder), open_evidence(folder / snapshot.EVIDENCE_FILE),
                           open_evidence(folder / snapshot.COVERAGE_FILE))


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


CASES = [(name, make, 1) for name, make in GRAPHS] + [(name, make, 10**9) for name, make in GRAPHS[:2]]


@pytest.mark.parametrize("name, make, closure_min", CASES,
                         ids=[f"{c[0]}-{'precomputed' if c[2] == 1 else 'on-demand'}" for c in CASES])
def test_snapshot_answers_as_networkx(tmp_path: Path, name: str, make: Any, closure_min: int) -> None:
    export = make()
    reference = NetworkxQueries(graph_from_export(export))
    snap_q = snapshot_queries(export, tmp_path, closure_min)
    calls = calls_for(export) + paged_calls(export)
    differ = [(m, a, k) for m, a, k in calls if _answer(reference, m, a, k) != _answer(snap_q, m, a, k)]
    assert not differ, f"{len(differ)} of {len(calls)} answers differ, first: {differ[:5]}"


def test_coverage_json_is_the_reference_answer_serialised(tmp_path: Path) -> None:
    export = synthetic_export(400, seed=7)
    reference = NetworkxQueries(graph_from_export(export))
    snap_q = snapshot_queries(export, tmp_path)
    kept = sorted(snap_q.snap.coverage_json)
    assert kept, "the largest trees have their default answers precomputed"
    asks = [(d, {"level": level}) for d, level in kept]
    asks += [(d, {"level": "commune", "status": "covered", "map_year": "2025"}) for d, _level in kept[:2]]
    for doc_id, kwargs in asks:
        expected = reference.coverage(doc_id, **kwargs).model_dump_json(by_alias=True).encode()
        assert snap_q.coverage_json(doc_id, **kwargs) == expected, (doc_id, kwargs)


def test_serve_builds_a_missing_or_stale_snapshot_and_reads_a_current_one(tmp_path: Path) -> None:
    from ingest import store

    data = tmp_path / "data"
    graph_path = store.commit(data, graph_from_export(small_export()), {})
    folder = graph_path.parent
    assert not (folder / snapshot.SNAPSHOT_META).exists()
    snap, _evidence, _coverage = load_or_build(data)  # missing: built and written
    assert snapshot.snapshot_is_current(folder, snapshot.graph_digest(graph_path))
    assert load_or_build(data)[0].doc_ids == snap.doc_ids  # current: read back
    meta = folder / snapshot.SNAPSHOT_META
    version = f'"version": {snapshot.SNAPSHOT_VERSION}'
    meta.write_text(meta.read_text().replace(version, '"version": 0'))  # another version: stale
    assert not snapshot.snapshot_is_current(folder, snapshot.graph_digest(graph_path))
    load_or_build(data)
    assert snapshot.snapshot_is_current(folder, snapshot.graph_digest(graph_path))


def test_an_ingest_writes_the_snapshot_of_its_generation(tmp_path: Path) -> None:
    from ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kh.txt").write_text(
        "UBND HUYỆN NÚI THÀNH\nSố: 60/KH-UBND\nNúi Thành, ngày 20 tháng 3 năm 2023\nKẾ HOẠCH\n"
        "Triển khai thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư\n", encoding="utf-8")
    summary = ingest([corpus], tmp_path / "data", workers=0)
    graph_path = Path(summary.graph_path)
    assert snapshot.snapshot_is_current(graph_path.parent, snapshot.graph_digest(graph_path))
