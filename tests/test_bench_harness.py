"""The pure parts of `make bench` (bench/): subjects read from a real export file as a stream, the
power-law fit of the growth table, and a report whose failed measurements show their error in their
cell. No timing is asserted (the figures are the benchmark's, not the tests')."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ingest.export import SCHEMA, graph_from_export, write_export

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_report  # noqa: E402
import bench_service  # noqa: E402
import run  # noqa: E402


def _doc(did: str, ingested: bool, doc_type: str = "ke_hoach") -> dict[str, Any]:
    return {"id": did, "kind": "document", "doc_type": doc_type, "number": "1", "symbol": "KH-UBND",
            "year": 2020, "date": "2020-01-02", "title": f"Kế hoạch {did}", "issuer": "org:ubnd",
            "province": None, "district": None, "commune": None, "ingested": ingested,
            "source": f"{did}.txt" if ingested else None, "flags": []}


def test_scan_export_picks_most_implemented_and_most_cited(tmp_path: Path) -> None:
    nodes = [_doc("ct-1", False, "chi_thi"), _doc("ct-2", False, "chi_thi")]
    nodes += [_doc(f"kh-{i}", True) for i in range(6)]
    nodes.append({"id": "org:ubnd", "kind": "organization", "name": "UBND", "level": "province",
                  "province": None, "district": None, "commune": None, "parent": None})
    evidence = [{"in": "kh-0", "start": 0, "end": 5, "text": "Căn cứ một văn bản bịa."}]
    edges = [{"source": f"kh-{i}", "target": "ct-1", "type": "IMPLEMENTS", "evidence": evidence}
             for i in range(4)]
    edges += [{"source": f"kh-{i}", "target": "ct-2", "type": "CITES", "evidence": []} for i in range(6)]
    edges += [{"source": f"kh-{i}", "target": "org:ubnd", "type": "ISSUED_BY", "evidence": []}
              for i in range(6)]
    path = tmp_path / "export.json"
    with path.open("wb") as out:
        write_export(graph_from_export({"schema": SCHEMA, "nodes": nodes, "edges": edges}), out)
    subjects = bench_service.scan_export(path)
    assert subjects.docs == [f"kh-{i}" for i in range(6)]
    assert subjects.roots == ["ct-1"]
    assert subjects.most_cited[0] == "ct-2" and subjects.incoming["ct-2"] == 6
    assert "org:ubnd" not in subjects.incoming  # ISSUED_BY is not a citation


def test_fit_recovers_a_power_law_and_projects_to_a_million() -> None:
    points = [(10_000, 2.0), (100_000, 20.0), (300_000, 60.0)]  # linear
    b, at_million = bench_report.fit(points) or (0.0, 0.0)
    assert b == pytest.approx(1.0)
    assert at_million == pytest.approx(200.0)
    assert bench_report.fit([(10_000, 5.0)]) is None


def test_report_keeps_a_failed_measurement_in_its_cell() -> None:
    machine = {"cores": "2", "cpu": "x", "memory": "1 GiB", "python": "3.11", "load": "0.0"}
    result = {"docs": 10_000, "machine": machine, "synth": {"mb": 160.0, "wall": 7.0, "cached": False},
              "floor": {"mb_s": 50.0}, "ingest": {"mb_s": 5.0, "wall": 32.0, "peak_rss": 2**29},
              "networkx": {"ready": 3.0, "api": {"resolve": {"error": "RuntimeError: HTTP 503"}}},
              "neo4j": "skipped"}
    text = run.report([result])
    assert "| API resolve p50 / p99 ms | p99 ≤ 20 | ⚠ RuntimeError: HTTP 503 | not run |" in text
    assert "| floor ÷ ingest | ≤ 8× | 10.0× |" in text
    assert "- ingest within 8× of the regex floor: **MISSED** (10; 1.25× off the target)." in text
    assert "`cpgraph serve` ready ≤ 5 s: met (3)." in text


def test_reuse_ingest_only_while_the_data_dir_and_export_remain(tmp_path: Path) -> None:
    data, export = tmp_path / "n10" / "data", tmp_path / "n10" / "export.json"
    earlier = {"docs": 10, "when": "2026-12-01 18:20 UTC", "commit": "abc1234", "ingest": {"wall": 1.0}}
    (tmp_path / "results-10.json").write_text(run.json.dumps(earlier))
    assert run._reusable(tmp_path, 10, data, export) is None  # no data dir any more
    data.mkdir(parents=True)
    export.write_text("{}")
    assert run._reusable(tmp_path, 10, data, export) == earlier
    failed = {**earlier, "ingest": {"error": "RuntimeError: killed"}}
    (tmp_path / "results-10.json").write_text(run.json.dumps(failed))
    assert run._reusable(tmp_path, 10, data, export) is None  # a failed ingest is measured again


def test_report_says_which_commit_measured_and_whose_ingest_was_reused() -> None:
    reused = {"commit": "def5678", "reused": {"when": "2026-12-01 18:20 UTC", "commit": "abc1234"}}
    expected = " (commit def5678; corpus and ingest of 2026-12-01 18:20 UTC, commit abc1234)"
    assert run._provenance(reused) == expected
    assert run._provenance({"quick": True}) == " (--quick)"
    assert run._provenance({}) == ""
