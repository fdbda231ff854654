"""The export format of CONTRACT.md, and the networkx graph it is read into.

The in-memory graph is a `networkx.DiGraph`: node attributes are exactly the
export node fields (without `id`), edge attributes are `type` and `evidence`.
There is at most one edge per ordered pair (CONTRACT.md), so a DiGraph suffices.

>>> G = graph_from_export({"schema": SCHEMA, "nodes": [
...     {"id": "a", "kind": "document"}, {"id": "b", "kind": "document"}],
...     "edges": [{"source": "a", "target": "b", "type": "CITES", "evidence": []}]})
>>> sorted(G.edges(data="type"))
[('a', 'b', 'CITES')]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
import orjson

from ingest.gc_pause import gc_paused

SCHEMA = "cpgraph/1"

DOCUMENT_FIELDS = (
    "id",
    "kind",
    "doc_type",
    "number",
    "symbol",
    "year",
    "date",
    "title",
    "issuer",
    "province",
    "district",
    "commune",
    "ingested",
    "source",
    "flags",
)
ORGANIZATION_FIELDS = ("id", "kind", "name", "level", "province", "district", "commune", "parent")


def graph_from_export(export: dict[str, Any]) -> nx.DiGraph:
    """Build the DiGraph from an export object (`{"schema", "nodes", "edges"}`)."""
    G = nx.DiGraph()
    for node in export.get("nodes", []):
        attrs = {k: v for k, v in node.items() if k != "id"}
        G.add_node(node["id"], **attrs)
    for edge in export.get("edges", []):
        G.add_edge(edge["source"], edge["target"], type=edge["type"], evidence=list(edge.get("evidence", [])))
    return G


def _export_nodes(G: nx.DiGraph) -> Iterator[dict[str, Any]]:
    for node_id in sorted(G.nodes):
        attrs = G.nodes[node_id]
        fields = DOCUMENT_FIELDS if attrs.get("kind") == "document" else ORGANIZATION_FIELDS
        node = {"id": node_id}
        node.update({f: attrs.get(f) for f in fields if f != "id"})
        node.update({k: v for k, v in sorted(attrs.items()) if k not in node})
        yield node


def _export_edges(G: nx.DiGraph) -> Iterator[dict[str, Any]]:
    for source, target in sorted(G.edges):
        data = G.edges[source, target]
        evidence = sorted(data.get("evidence", []), key=lambda e: (e["in"], e["start"], e["end"]))
        yield {"source": source, "target": target, "type": data["type"], "evidence": evidence}


def export_from_graph(G: nx.DiGraph) -> dict[str, Any]:
    """The export object of a graph, in a deterministic order (nodes by id, edges by ends and type)."""
    return {"schema": SCHEMA, "nodes": list(_export_nodes(G)), "edges": list(_export_edges(G))}


def write_export(G: nx.DiGraph, out: IO[bytes]) -> None:
    """Write the export of a graph item by item: the same bytes as `dumps_export(export_from_graph(G))`,
    without ever holding the whole text (a national corpus exports several hundred MB)."""
    with gc_paused():
        _write_export(G, out)


def _write_export(G: nx.DiGraph, out: IO[bytes]) -> None:
    out.write(b'{\n  "schema": ' + orjson.dumps(SCHEMA) + b",\n")
    for name, items, last in (("nodes", _export_nodes(G), False), ("edges", _export_edges(G), True)):
        out.write(b'  "' + name.encode() + b'": [')
        first = True
        for item in items:
            text = orjson.dumps(item, option=orjson.OPT_INDENT_2)
            out.write((b"\n" if first else b",\n") + b"    " + text.replace(b"\n", b"\n    "))
            first = False
        out.write((b"]" if first else b"\n  ]") + (b"\n" if last else b",\n"))
    out.write(b"}\n")


def dumps_export(export: dict[str, Any]) -> str:
    """Canonical JSON text of an export (UTF-8, two-space indent): same graph, same bytes."""
    return orjson.dumps(export, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def load_export(path: Path) -> dict[str, Any]:
    with open(path, "rb") as f:
        data: dict[str, Any] = orjson.loads(f.read())
    return data
