"""The graph as GraphML or GEXF, for Gephi, yEd, Cytoscape (`cpgraph export --format graphml|gexf`).

Every node has a `label` (a document's short label `Kế hoạch 121/KH-UBND`, an organization's name),
`kind` and `type` (the doc_type, or `organization`), `type_name` and `level`; every edge its `relation`
(IMPLEMENTS, CITES, …; GEXF reserves `type` for directed/undirected), a short Vietnamese `label`
(`Thực hiện`, `Trích dẫn`) and the number of evidence sentences. Nodes and edges are written in id order and
the GEXF date is fixed, so the same graph gives the same bytes.
"""
from __future__ import annotations

import io
import re
from typing import Any

import networkx as nx

from queries.common import doc_label, level_of
from queries.names import level_name, relation_name, type_name

FORMATS = ("graphml", "gexf")
# The GEXF writer stamps today's date; the export is made deterministic by fixing it.
GEXF_DATE = re.compile(rb'lastmodifieddate="[^"]*"')
FIXED_DATE = b'lastmodifieddate="2000-01-01"'

DOC_TEXT_FIELDS = ("doc_type", "number", "symbol", "date", "title", "issuer", "province", "district",
                   "commune", "source")
ORG_TEXT_FIELDS = ("name", "level", "province", "district", "commune", "parent")


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: GraphML and GEXF want one type per attribute, and None is none."""
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def flat_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy with flat, typed attributes (str, int, bool) and labels, in id order."""
    out = nx.DiGraph()
    for node_id in sorted(G.nodes):
        a = G.nodes[node_id]
        kind = a.get("kind") or "document"
        if kind == "organization":
            attrs = {f: a.get(f) for f in ORG_TEXT_FIELDS}
            attrs.update(label=a.get("name") or node_id, kind=kind, type="organization",
                         type_name="Cơ quan", level_name=level_name(a.get("level")))
        else:
            issuer = G.nodes[a["issuer"]] if a.get("issuer") in G else None
            attrs = {f: a.get(f) for f in DOC_TEXT_FIELDS}
            level = level_of(a, issuer)
            attrs.update(
                label=doc_label(a, (issuer or {}).get("name")), kind=kind, type=a.get("doc_type") or "other",
                type_name=type_name(a.get("doc_type")), level=level, level_name=level_name(level),
                issuer_name=(issuer or {}).get("name"), year=a.get("year"), ingested=bool(a.get("ingested")),
                flags="; ".join(sorted(a.get("flags") or [])),
            )
        out.add_node(node_id, **_clean(attrs))
    for source, target in sorted(G.edges):
        data = G.edges[source, target]
        edge_type = data.get("type") or "CITES"
        out.add_edge(source, target, **_clean({
            "relation": edge_type, "label": relation_name(edge_type),
            "evidence_count": len(data.get("evidence") or []),
        }))
    return out


def export_bytes(G: nx.DiGraph, fmt: str) -> bytes:
    """The graph in `fmt` (graphml or gexf), UTF-8."""
    flat = flat_graph(G)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
        return buffer.getvalue()
    if fmt == "gexf":
        nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True)
        return GEXF_DATE.sub(FIXED_DATE, buffer.getvalue())
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "export_bytes", "flat_graph"]
