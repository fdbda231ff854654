"""Load an export (CONTRACT.md) into Neo4j: constraints first, then batched `UNWIND … MERGE` by id.

Idempotent and incremental by difference: every node and relationship carries `load_hash`, a
digest of what the export says about it. A load reads the ids and digests already in the
database, then
- deletes the relationships and nodes the new export no longer has (a re-ingested file's old
  edges, a relation whose type changed, a document nobody references any more),
- writes only the nodes and relationships that are new or whose digest changed.
Loading the same export twice therefore writes nothing the second time and leaves the same counts.

Display helpers stored beside the export fields: `label` and `caption` (for Browser captions:
"28-CT/TW · Tăng cường …"), `level` of the issuing body (for colours), and the evidence of an
edge as parallel lists `evidence_in`, `evidence_start`, `evidence_end`, `evidence_text` (Neo4j
properties cannot hold maps) plus `evidence_count`.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ingest.export import export_from_graph
from queries import cypher
from queries.common import doc_label, level_of, so_hieu

BATCH_SIZE = 5000
CAPTION_TITLE_CHARS = 48


@dataclass
class LoadReport:
    """What a load did (counts), and how long its phases took (seconds)."""

    nodes: int = 0
    relationships: int = 0
    nodes_written: int = 0
    nodes_deleted: int = 0
    relationships_written: int = 0
    relationships_deleted: int = 0
    dangling: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.nodes_written or self.nodes_deleted or self.relationships_written
                    or self.relationships_deleted)


# ---------------------------------------------------------------------------- rows (pure)

def _digest(props: Mapping[str, Any], labels: tuple[str, ...] = ()) -> str:
    """Digest of flat properties (scalars and lists of scalars, whose repr is stable) and labels."""
    text = repr((sorted(props.items()), labels))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _property_value(value: Any) -> Any:
    """A value Neo4j can store: scalars and lists of scalars as they are, anything else as JSON text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float | bool) for v in value):
        return list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def caption(attrs: Mapping[str, Any]) -> str:
    """Browser caption of a node: `28-CT/TW · Tăng cường công tác…`, or the organization's name."""
    if attrs.get("kind") == "organization":
        return str(attrs.get("name") or attrs.get("id") or "")
    number = so_hieu(attrs.get("number"), attrs.get("symbol"), attrs.get("year"), attrs.get("doc_type"))
    title = str(attrs.get("title") or "").strip()
    if len(title) > CAPTION_TITLE_CHARS:
        title = title[:CAPTION_TITLE_CHARS].rstrip() + "…"
    parts = [p for p in (number, title) if p]
    if not parts:
        return str(attrs.get("id") or "")
    return " · ".join(parts)


def node_rows(export: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """id -> {"kind", "labels", "drop" (extra Neo4j labels to set / remove), "props"} for every node."""
    nodes = {n["id"]: n for n in export.get("nodes", [])}
    rows: dict[str, dict[str, Any]] = {}
    for node_id, node in nodes.items():
        props = {k: _property_value(v) for k, v in node.items()}
        if node.get("kind") == "document":
            issuer = nodes.get(node.get("issuer") or "")
            issuer = issuer if issuer and issuer.get("kind") == "organization" else None
            props["level"] = level_of(node, issuer)
            props["label"] = doc_label(node, (issuer or {}).get("name"))
        props["caption"] = caption(node)
        props = {k: v for k, v in props.items() if v is not None}
        labels, drop = cypher.extra_labels(node.get("kind"), node.get("doc_type"), props.get("level"))
        props["load_hash"] = _digest(props, tuple(labels))
        rows[node_id] = {"kind": node.get("kind"), "labels": labels, "drop": drop, "props": props}
    return rows


def edge_rows(export: Mapping[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(source, target, type) -> {"source", "target", "type", "props"} for every edge of the export."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for edge in export.get("edges", []):
        if edge["type"] not in cypher.REL_TYPES:
            raise ValueError(f"relationship type {edge['type']!r} is not in CONTRACT.md")
        evidence = sorted(edge.get("evidence") or [], key=lambda e: (e["in"], e["start"], e["end"]))
        props: dict[str, Any] = {
            "evidence_in": [e["in"] for e in evidence],
            "evidence_start": [int(e["start"]) for e in evidence],
            "evidence_end": [int(e["end"]) for e in evidence],
            "evidence_text": [str(e.get("text") or "") for e in evidence],
            "evidence_count": len(evidence),
        }
        props["load_hash"] = _digest(props)
        key = (edge["source"], edge["target"], edge["type"])
        rows[key] = {"source": edge["source"], "target": edge["target"], "type": edge["type"], "props": props}
    return rows


def batches(rows: list[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


# ---------------------------------------------------------------------------- database

def _run(driver: Any, database: str, query: str, **params: Any) -> list[Any]:
    records, _summary, _keys = driver.execute_query(query, parameters_=params, database_=database)
    return list(records)


def _run_batched(driver: Any, database: str, query: str, rows: list[Any], size: int,
                 key: str = "rows") -> None:
    for chunk in batches(rows, size):
        _run(driver, database, query, **{key: chunk})


def ensure_schema(driver: Any, database: str) -> None:
    """Constraints and indexes (idempotent), online before any write."""
    for statement in cypher.CONSTRAINTS:
        _run(driver, database, statement)
    _run(driver, database, cypher.AWAIT_INDEXES)


def load_export(driver: Any, export: Mapping[str, Any], database: str = "neo4j",
                batch_size: int = BATCH_SIZE) -> LoadReport:
    """Make the database hold exactly this export (see the module docstring)."""
    report = LoadReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    nodes = node_rows(export)
    edges = edge_rows(export)
    report.nodes, report.relationships = len(nodes), len(edges)
    lap("rows")
    ensure_schema(driver, database)
    lap("schema")
    have_nodes = {r["id"]: (r["kind"], r["hash"]) for r in _run(driver, database, cypher.EXISTING_NODES)}
    have_edges = {(r["source"], r["target"], r["type"]): r["hash"]
                  for r in _run(driver, database, cypher.EXISTING_EDGES)}
    lap("read")

    # Deletions first: relationships no longer in the export, then nodes gone or changed kind.
    gone_edges: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (source, target, rel_type) in sorted(set(have_edges) - set(edges)):
        source_kind = have_nodes.get(source, ("document", None))[0]
        gone_edges[cypher.NODE_LABELS.get(source_kind or "", cypher.DOCUMENT)].append(
            {"source": source, "target": target, "type": rel_type})
    for label, rows in sorted(gone_edges.items()):
        _run_batched(driver, database, cypher.DELETE_EDGES[label], rows, batch_size)
        report.relationships_deleted += len(rows)
    gone_nodes: dict[str, list[str]] = defaultdict(list)
    for node_id, (kind, _hash) in sorted(have_nodes.items()):
        if node_id not in nodes or nodes[node_id]["kind"] != kind:
            gone_nodes[kind or "document"].append(node_id)
    for kind, ids in sorted(gone_nodes.items()):
        query = cypher.DELETE_ORGANIZATIONS if kind == "organization" else cypher.DELETE_DOCUMENTS
        _run_batched(driver, database, query, ids, batch_size, key="ids")
        report.nodes_deleted += len(ids)
        for node_id in ids:
            have_nodes.pop(node_id, None)
    # DETACH DELETE took their relationships along: rewrite those that stay in the export.
    have_edges = {k: v for k, v in have_edges.items() if k[0] in have_nodes and k[1] in have_nodes}
    lap("delete")

    # Nodes that are new or changed, grouped by the statement that writes them.
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id, row in sorted(nodes.items()):
        if have_nodes.get(node_id) != (row["kind"], row["props"]["load_hash"]):
            by_kind[row["kind"]].append({"id": node_id, "props": row["props"], "labels": row["labels"],
                                         "drop": row["drop"]})
    for kind, rows in sorted(by_kind.items()):
        query = cypher.UPSERT_ORGANIZATIONS if kind == "organization" else cypher.UPSERT_DOCUMENTS
        _run_batched(driver, database, query, rows, batch_size)
        report.nodes_written += len(rows)
    lap("nodes")

    by_shape: dict[tuple[bool, cypher.EdgeShape], list[dict[str, Any]]] = defaultdict(list)
    for key, row in sorted(edges.items()):
        source, target = nodes.get(row["source"]), nodes.get(row["target"])
        if source is None or target is None:
            report.dangling += 1
            continue
        if have_edges.get(key) == row["props"]["load_hash"]:
            continue
        shape = cypher.EdgeShape(row["type"], cypher.NODE_LABELS.get(source["kind"], cypher.DOCUMENT),
                                 cypher.NODE_LABELS.get(target["kind"], cypher.DOCUMENT))
        by_shape[(key in have_edges, shape)].append(
            {"source": row["source"], "target": row["target"], "props": row["props"]})
    order = sorted(by_shape, key=lambda k: (k[0], k[1].type, k[1].source, k[1].target))
    for exists, shape in order:
        rows = by_shape[(exists, shape)]
        statements = cypher.UPSERT_EDGES if exists else cypher.CREATE_EDGES
        _run_batched(driver, database, statements[shape], rows, batch_size)
        report.relationships_written += len(rows)
    lap("relationships")

    stamp = _digest({"nodes": sorted((k, v["props"]["load_hash"]) for k, v in nodes.items()),
                     "edges": sorted((k, v["props"]["load_hash"]) for k, v in edges.items())})
    _run(driver, database, cypher.SET_LOAD_STAMP, stamp=stamp, nodes=len(nodes), edges=len(edges))
    lap("stamp")
    return report


def load_graph(driver: Any, graph: nx.DiGraph, database: str = "neo4j",
               batch_size: int = BATCH_SIZE) -> LoadReport:
    """`load_export` of a networkx graph in the export shape (ingest.export)."""
    return load_export(driver, export_from_graph(graph), database, batch_size)


def counts(driver: Any, database: str = "neo4j") -> dict[str, Any]:
    """Documents, organizations, relationships (total and by type) in the database."""
    row = _run(driver, database, cypher.COUNTS)[0]
    by_type = {r["type"]: r["count"] for r in _run(driver, database, cypher.EDGE_COUNTS_BY_TYPE)}
    return {"documents": row["documents"], "organizations": row["organizations"],
            "relationships": row["relationships"], "by_type": dict(sorted(by_type.items()))}


def clear(driver: Any, database: str = "neo4j") -> None:
    """Delete every node and relationship (tests and benchmarks start from an empty database)."""
    with driver.session(database=database) as session:
        session.run(cypher.CLEAR_ALL).consume()
