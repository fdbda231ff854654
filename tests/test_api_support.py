"""Shared data for the service tests: a small literal graph (with a hostile title) and app builders.

Imported by the other `test_api*`, `test_pages*`, `test_admin` and `test_browser` modules. The graph is
written here (no corpus text): directive 28-CT/TW, implemented by a province plan of Hải Dương and a
district plan of Núi Thành whose title, evidence and a flag carry `HOSTILE`; a law cited by name;
and a referenced-only decree.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.settings import Settings
from ingest.export import SCHEMA, graph_from_export
from queries.networkx_backend import NetworkxQueries

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"

DIRECTIVE = "ct-tw-28-2023"
PROVINCE_PLAN = "kh-ubnd-15-2024@hai-duong"
HOSTILE_PLAN = "kh-ubnd-60-2024@nui-thanh"
LAW = "luat-tre-em-2016"
DECREE = "nd-cp-56-2017"

ORGS = [
    # id, name, level, province, district
    ("bo-chinh-tri", "Bộ Chính trị", "central", None, None),
    ("quoc-hoi", "Quốc hội", "central", None, None),
    ("chinh-phu", "Chính phủ", "central", None, None),
    ("ubnd-tinh-hai-duong", "UBND tỉnh Hải Dương", "province", "Hải Dương", None),
    ("ubnd-huyen-nui-thanh", "UBND huyện Núi Thành " + HOSTILE, "district", "Quảng Nam", "Núi Thành"),
]

DOCS: list[dict[str, Any]] = [
    {"id": DIRECTIVE, "doc_type": "chi_thi", "number": "28", "symbol": "CT/TW", "year": 2023,
     "date": "2023-12-25", "title": "Về tăng cường công tác bảo vệ trẻ em", "issuer": "bo-chinh-tri"},
    {"id": PROVINCE_PLAN, "doc_type": "ke_hoach", "number": "15", "symbol": "KH-UBND", "year": 2024,
     "date": "2024-02-01", "title": "Kế hoạch thực hiện Chỉ thị số 28-CT/TW", "issuer": "ubnd-tinh-hai-duong",
     "province": "Hải Dương", "ingested": True, "source": "hai-duong/kh15.txt"},
    {"id": HOSTILE_PLAN, "doc_type": "ke_hoach", "number": "60", "symbol": "KH-UBND", "year": 2024,
     "date": "2024-03-20", "title": HOSTILE, "issuer": "ubnd-huyen-nui-thanh", "province": "Quảng Nam",
     "district": "Núi Thành", "ingested": True, "source": "nui-thanh/" + HOSTILE + ".txt",
     "flags": ["date_conflicts_number", HOSTILE]},
    {"id": LAW, "doc_type": "luat", "number": "102", "symbol": "QH13", "year": 2016, "date": "2016-04-05",
     "title": "Luật Trẻ em", "issuer": "quoc-hoi"},
    {"id": DECREE, "doc_type": "nghi_dinh", "number": "56", "symbol": "NĐ-CP", "year": 2017,
     "date": "2017-05-09", "title": None, "issuer": "chinh-phu"},
]

EDGES = [
    (PROVINCE_PLAN, DIRECTIVE, "IMPLEMENTS", "Thực hiện Chỉ thị số 28- CT/TW ngày 25/12/2023 của Ban Bí thư"),
    (HOSTILE_PLAN, DIRECTIVE, "IMPLEMENTS", "Triển khai thực hiện Chỉ thị số 28-CT/TW " + HOSTILE),
    (HOSTILE_PLAN, PROVINCE_PLAN, "IMPLEMENTS", "Thực hiện Kế hoạch số 15/KH-UBND của UBND tỉnh"),
    (HOSTILE_PLAN, LAW, "CITES", "Căn cứ Luật Trẻ em năm 2016 " + HOSTILE),
    (PROVINCE_PLAN, DECREE, "CITES", "Căn cứ Nghị định số 56/2017/NĐ-CP"),
]


def literal_export() -> dict[str, Any]:
    """The export object (CONTRACT.md) of the literal graph."""
    nodes: list[dict[str, Any]] = []
    for org_id, name, level, province, district in ORGS:
        nodes.append({"id": org_id, "kind": "organization", "name": name, "level": level,
                      "province": province, "district": district, "commune": None, "parent": None})
    for doc in DOCS:
        node: dict[str, Any] = {"kind": "document", "province": None, "district": None, "commune": None,
                "ingested": False, "source": None, "flags": []}
        node.update(doc)
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    for source, target, kind, sentence in EDGES:
        evidence = [{"in": source, "start": 100, "end": 100 + len(sentence), "text": sentence}]
        edges.append({"source": source, "target": target, "type": kind, "evidence": evidence})
    for doc in DOCS:
        edges.append({"source": doc["id"], "target": doc["issuer"], "type": "ISSUED_BY", "evidence": []})
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


def literal_queries() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(literal_export()))


def write_data_dir(data_dir: Path) -> Path:
    """A data dir holding the literal graph as `graph.json` (what `cpgraph serve` reads)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "graph.json").write_text(json.dumps(literal_export(), ensure_ascii=False), encoding="utf-8")
    return data_dir


def make_client(tmp_path: Path, **settings: Any) -> TestClient:
    """A TestClient over the literal graph; `settings` override Settings fields."""
    values: dict[str, Any] = {"data_dir": tmp_path / "data"}
    values.update(settings)
    return TestClient(create_app(Settings(**values), literal_queries()))


def need(condition: bool, why: str) -> None:
    """Skip when something outside the repo is missing — but fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {why}")
    pytest.skip(why)


def test_literal_graph_is_well_formed() -> None:
    """Every edge end is a node, and the hostile strings are really in the graph."""
    export = literal_export()
    ids = {n["id"] for n in export["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in export["edges"])
    assert any(n.get("title") == HOSTILE for n in export["nodes"])
