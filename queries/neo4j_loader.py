"""Load an export (CONTRACT.md) into Neo4j: constraints first, then batched `UNWIND` writes by id.

Idempotent and incremental by difference. Every node carries `load_hash`, a digest of what the
export says about it *and about its outgoing relationships* (type, target, evidence): a
re-ingested file changes its document's digest, and the load then replaces that document's
relationships as a whole. A load first compares the stamp of the last load (a digest of every
node's digest) and the counts: when both agree, the database already holds this export and
nothing more is read or written. Otherwise it reads the ids, digests and relationship keys
already in the database, then
- deletes the relationships of changed documents and those the export no longer has, then the
  nodes the export no longer has (or whose kind changed),
- writes the nodes that are new or changed, and every relationship the database now lacks.
Loading the same export twice therefore writes nothing the second time and leaves the same counts.
Relationships are only ever CREATEd: those the database lacks are known from the read.

Fast paths: on an empty database nothing is read back, nodes are CREATEd with their labels
spelled out (grouped by label set, so no dynamic label work), and the writes run on
`WORKERS` concurrent sessions, the next batch being built while the server writes the last.

The rows themselves (properties, labels, digests, captions) are built by `queries.neo4j_rows`.
"""
from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ingest.gc_pause import gc_paused
from queries import cypher
from queries.neo4j_closure import sync_closures
from queries.neo4j_rows import edge_rows, evidence_order, iter_node_rows, node_rows, outgoing_signatures
from queries.neo4j_units import load_units

BATCH_SIZE = 10000
WORKERS = 2


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
    fresh: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)  # units and LOCATED_IN links written
    closures: dict[str, int] = field(default_factory=dict)  # stored whole-tree walks (queries.neo4j_closure)
    path: str = "incremental"  # "bulk" (neo4j-admin database import) or "incremental" (UNWIND)

    @property
    def changed(self) -> bool:
        return bool(self.nodes_written or self.nodes_deleted or self.relationships_written
                    or self.relationships_deleted)


def _digest(*parts: Any) -> str:
    """Digest of plain values (scalars, sorted items, lists of scalars: their repr is stable)."""
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:16]


def batches(rows: list[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


# ---------------------------------------------------------------------------- database

def _run(driver: Any, database: str, query: str, **params: Any) -> list[Any]:
    records, _summary, _keys = driver.execute_query(query, parameters_=params, database_=database)
    return list(records)


class _Writer:
    """Write batches on `workers` sessions at once; `drain` waits for them (and raises their errors)."""

    def __init__(self, driver: Any, database: str, workers: int) -> None:
        self.driver, self.database = driver, database
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="neo4j-load")
        self.pending: list[Any] = []

    def submit(self, query: str, rows: list[Any], size: int, key: str = "rows") -> None:
        for chunk in batches(rows, size):
            self.pending.append(self.pool.submit(_run, self.driver, self.database, query, **{key: chunk}))

    def drain(self) -> None:
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def ensure_schema(driver: Any, database: str) -> None:
    """Constraints and indexes (idempotent), online before any write."""
    for statement in cypher.CONSTRAINTS:
        _run(driver, database, statement)
    _run(driver, database, cypher.AWAIT_INDEXES)


def _label(kind: str | None) -> str:
    return cypher.NODE_LABELS.get(kind or "", cypher.DOCUMENT)


def write_to_neo4j(driver: Any, export: Mapping[str, Any], database: str = "neo4j",
                   batch_size: int = BATCH_SIZE, workers: int = WORKERS, units: bool = True,
                   graph_key: str | None = None) -> LoadReport:
    """Make the database hold exactly this export (see the module docstring), and with `units` the
    gazetteer's `:Unit` nodes with each document's LOCATED_IN link (`queries.neo4j_units`).

    `graph_key`: the SHA-256 of the graph file the export was read from (`queries.snapshot.graph_digest`),
    recorded beside the stamp so that the backend may take its catalog from that file's serving snapshot
    (`queries.neo4j_catalog`); None for an export of unknown origin (the backend then reads its catalog)."""
    writer = _Writer(driver, database, workers)
    try:
        report = _load(driver, export, database, batch_size, writer, graph_key)
    finally:
        writer.close()
    clock = time.perf_counter()
    report.closures = sync_closures(driver, export, database)
    report.seconds["closures"] = round(time.perf_counter() - clock, 3)
    if units:
        clock = time.perf_counter()
        report.units = load_units(driver, export, database)
        report.seconds["units"] = round(time.perf_counter() - clock, 3)
    return report


def _load(driver: Any, export: Mapping[str, Any], database: str, batch_size: int,
          writer: _Writer, graph_key: str | None = None) -> LoadReport:
    report = LoadReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    ensure_schema(driver, database)
    held = _run(driver, database, cypher.LOAD_CHECK)[0]
    report.fresh = not (held["documents"] or held["organizations"])
    have_nodes: dict[str, tuple[str, str]] = {}
    have_edges: set[tuple[str, str, str]] = set()
    lap("read")

    with gc_paused():  # millions of acyclic rows: collection passes would find nothing
        edges = edge_rows(export)
        kinds = {n["id"]: n.get("kind") for n in export.get("nodes", [])}
        outgoing = outgoing_signatures({k: v for k, v in edges.items() if k[1] in kinds})
        lap("rows")
        if report.fresh:
            # Nothing to compare or delete: each batch goes to the server as soon as it is built.
            nodes = _create_streaming(writer, iter_node_rows(export, outgoing), batch_size, report)
            dirty = set(nodes)
        else:
            nodes = node_rows(export, outgoing)
            report.nodes, report.relationships = len(nodes), len(edges)
            if _holds_already(held, _stamp(nodes), kinds, edges):
                if held["graph"] != graph_key:  # the same graph, read from another file (or none)
                    _run(driver, database, cypher.SET_GRAPH_KEY, graph=graph_key)
                lap("compared")  # the database holds this very export: nothing to read back or write
                return report
            have_nodes.update((r["id"], (r["kind"], r["hash"]))
                              for r in _run(driver, database, cypher.EXISTING_NODES))
            have_edges.update((r["source"], r["target"], r["type"])
                              for r in _run(driver, database, cypher.EXISTING_EDGES))
            lap("read back")
            dirty = {node_id for node_id, row in nodes.items()
                     if have_nodes.get(node_id) != (row["kind"], row["props"]["load_hash"])}
            _delete(writer, nodes, edges, have_nodes, have_edges, dirty, batch_size, report)
            lap("delete")
            _write_nodes(writer, nodes, have_nodes, dirty, batch_size, report)
        report.nodes, report.relationships = len(nodes), len(edges)
        lap("nodes")  # submitted: the edge rows below are built while the server writes the nodes
        by_shape = _edges_to_create(edges, kinds, dirty, have_edges, report)
    writer.drain()
    lap("nodes written")
    for (shape, with_props), rows in sorted(by_shape.items(), key=lambda kv: (kv[0][0].type, kv[0][1])):
        statements = cypher.CREATE_EDGES if with_props else cypher.CREATE_BARE_EDGES
        writer.submit(statements[shape], rows, batch_size)
        report.relationships_written += len(rows)
    writer.drain()
    lap("relationships")

    _run(driver, database, cypher.SET_LOAD_STAMP, stamp=_stamp(nodes), nodes=len(nodes), edges=len(edges),
         graph=graph_key)
    lap("stamp")
    return report


def _stamp(nodes: Mapping[str, Mapping[str, Any]]) -> str:
    """Digest of a whole load: every node's digest (which covers its outgoing relationships)."""
    return _digest(sorted((k, v["props"]["load_hash"]) for k, v in nodes.items()))


def _holds_already(held: Mapping[str, Any], stamp: str, kinds: Mapping[str, str | None],
                   edges: Mapping[tuple[str, str, str], Any]) -> bool:
    """The last load's stamp is this export's, and the counts agree (nothing was deleted by hand since)."""
    documents = sum(1 for kind in kinds.values() if _label(kind) == cypher.DOCUMENT)
    relationships = sum(1 for source, target, _type in edges if source in kinds and target in kinds)
    return (held["stamp"] == stamp and held["documents"] == documents
            and held["organizations"] == len(kinds) - documents and held["relationships"] == relationships)


def _edges_to_create(edges: Mapping[tuple[str, str, str], Mapping[str, Any]],
                     kinds: Mapping[str, str | None], dirty: set[str],
                     have_edges: set[tuple[str, str, str]],
                     report: LoadReport) -> dict[tuple[cypher.EdgeShape, bool], list[Mapping[str, Any]]]:
    """Relationships the database lacks, by shape (type, end labels) and whether they carry evidence.

    Rows are the export's edges themselves where their evidence is already in order (the statement
    reads `source`, `target`, `evidence`); edges whose ends are not nodes are counted as dangling."""
    by_shape: dict[tuple[cypher.EdgeShape, bool], list[Mapping[str, Any]]] = defaultdict(list)
    shapes: dict[tuple[str, str | None, str | None], cypher.EdgeShape] = {}
    for key, edge in edges.items():
        source, target, rel_type = key
        if source not in kinds or target not in kinds:
            report.dangling += 1
            continue
        if source not in dirty and key in have_edges:
            continue
        shape_key = (rel_type, kinds[source], kinds[target])
        shape = shapes.get(shape_key)
        if shape is None:
            shape = cypher.EdgeShape(rel_type, _label(kinds[source]), _label(kinds[target]))
            shapes[shape_key] = shape
        evidence = edge.get("evidence")
        if not evidence:
            by_shape[(shape, False)].append(edge)
            continue
        if len(evidence) > 1 and any(evidence_order(a) > evidence_order(b)
                                     for a, b in zip(evidence, evidence[1:], strict=False)):
            edge = {"source": source, "target": target, "evidence": sorted(evidence, key=evidence_order)}
        by_shape[(shape, True)].append(edge)
    return by_shape


def _create_streaming(writer: _Writer, rows: Iterator[tuple[str, dict[str, Any]]], batch_size: int,
                      report: LoadReport) -> dict[str, dict[str, Any]]:
    """CREATE nodes on an empty database, submitting each label set's batch once it is full."""
    nodes: dict[str, dict[str, Any]] = {}
    pending: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for node_id, row in rows:
        nodes[node_id] = row
        labels = (_label(row["kind"]), *row["labels"])
        group = pending[labels]
        group.append(row["props"])
        if len(group) >= batch_size:
            writer.submit(cypher.create_nodes(labels), group, batch_size)
            pending[labels] = []
    for labels, group in sorted(pending.items()):
        if group:
            writer.submit(cypher.create_nodes(labels), group, batch_size)
    report.nodes_written += len(nodes)
    return nodes


def _delete(writer: _Writer, nodes: Mapping[str, Any], edges: Mapping[tuple[str, str, str], Any],
            have_nodes: dict[str, tuple[str, str]], have_edges: set[tuple[str, str, str]],
            dirty: set[str], batch_size: int, report: LoadReport) -> None:
    """Delete the relationships of changed documents and those gone from the export, then gone nodes.

    Updates `have_nodes` and `have_edges` to what the database holds afterwards."""
    gone_edges: dict[str, list[dict[str, str]]] = defaultdict(list)
    for key in sorted(have_edges):
        if key[0] in dirty or key not in edges:
            kind = have_nodes.get(key[0], ("document", None))[0]
            gone_edges[_label(kind)].append({"source": key[0], "target": key[1], "type": key[2]})
            have_edges.discard(key)
    for label, rows in sorted(gone_edges.items()):
        writer.submit(cypher.DELETE_EDGES[label], rows, batch_size)
        report.relationships_deleted += len(rows)
    writer.drain()
    gone_nodes: dict[str, list[str]] = defaultdict(list)
    for node_id, (kind, _hash) in sorted(have_nodes.items()):
        if node_id not in nodes or nodes[node_id]["kind"] != kind:
            gone_nodes[kind or "document"].append(node_id)
    for kind, ids in sorted(gone_nodes.items()):
        query = cypher.DELETE_ORGANIZATIONS if kind == "organization" else cypher.DELETE_DOCUMENTS
        writer.submit(query, ids, batch_size, key="ids")
        report.nodes_deleted += len(ids)
        for node_id in ids:
            have_nodes.pop(node_id, None)
    writer.drain()
    # DETACH DELETE took their relationships along: those that stay in the export get rewritten.
    stale = {k for k in have_edges if k[0] not in have_nodes or k[1] not in have_nodes}
    have_edges.difference_update(stale)


def _write_nodes(writer: _Writer, nodes: Mapping[str, dict[str, Any]],
                 have_nodes: Mapping[str, tuple[str, str]], dirty: set[str], batch_size: int,
                 report: LoadReport) -> None:
    """CREATE new nodes (grouped by label set, labels spelled out); MERGE changed ones."""
    created: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id in sorted(dirty):
        row = nodes[node_id]
        if node_id in have_nodes:
            merged[row["kind"]].append({"id": node_id, "props": row["props"], "labels": row["labels"],
                                        "drop": row["drop"]})
        else:
            created[(_label(row["kind"]), *row["labels"])].append(row["props"])
    for labels, rows in sorted(created.items()):
        writer.submit(cypher.create_nodes(labels), rows, batch_size)
        report.nodes_written += len(rows)
    for kind, rows in sorted(merged.items()):
        query = cypher.UPSERT_ORGANIZATIONS if kind == "organization" else cypher.UPSERT_DOCUMENTS
        writer.submit(query, rows, batch_size)
        report.nodes_written += len(rows)


def counts(driver: Any, database: str = "neo4j") -> dict[str, Any]:
    """Documents, organizations, relationships (total and by type) in the database."""
    row = _run(driver, database, cypher.COUNTS)[0]
    by_type = {r["key"]: r["count"] for r in _run(driver, database, cypher.EDGE_COUNTS_BY_TYPE) if r["count"]}
    return {"documents": row["documents"], "organizations": row["organizations"],
            "relationships": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))}


def clear(driver: Any, database: str = "neo4j") -> None:
    """Delete every node and relationship (tests and benchmarks start from an empty database)."""
    with driver.session(database=database) as session:
        session.run(cypher.CLEAR_ALL).consume()


