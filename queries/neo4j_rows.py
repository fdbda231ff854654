"""The rows an export becomes in Neo4j (pure): node properties and labels, relationship keys, digests.

Every node carries `load_hash`, a digest of what the export says about it *and about its outgoing
relationships* (`outgoing_signatures`): the loader (`queries.neo4j_loader`) compares it with the
database's to write only what changed, and the bulk import (`queries.neo4j_bulk`) writes the same rows.

Display helpers stored beside the export fields: `label` and `caption` (for Browser captions:
"145/KH-UBND · UBND Quảng Ngãi"), `level` of the issuing body (for colours), and the evidence of an
edge as parallel lists `evidence_in`, `evidence_start`, `evidence_end`, `evidence_text` (Neo4j
properties cannot hold maps), present only on relationships that have evidence, its sentences in
`evidence_order`.
"""
from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from queries import cypher
from queries.common import doc_label, level_of, so_hieu, type_name

SCALARS = (str, int, float, bool)


def _property_value(value: Any) -> Any:
    """A value Neo4j can store: scalars and lists of scalars as they are, anything else as JSON text."""
    if value is None or isinstance(value, SCALARS):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, SCALARS) for v in value):
        return list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# Long names of bodies as captions abbreviate them (the Browser cuts captions to the node's circle).
ISSUER_ABBREVIATIONS = (
    ("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"),
    ("Ban Thường vụ ", ""), ("Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy"),
    ("Ban Chấp hành Đảng bộ huyện", "Huyện ủy"), ("Lao động - Thương binh và Xã hội", "LĐTBXH"),
    ("Lao động, Thương binh và Xã hội", "LĐTBXH"), ("Giáo dục và Đào tạo", "GDĐT"),
    ("Văn hóa, Thể thao và Du lịch", "VHTTDL"), ("Thủ tướng Chính phủ", "Thủ tướng"),
)
# Unit words after a body's abbreviation: `UBND tỉnh Quảng Ngãi` -> `UBND Quảng Ngãi`.
UNIT_WORDS = ("tỉnh ", "thành phố ", "huyện ", "quận ", "thị xã ", "xã ", "phường ", "thị trấn ")
SHORT_ISSUER_CHARS = 26
NAMED_CAPTION_CHARS = 40


def short_issuer(name: str | None) -> str | None:
    """A body's name short enough for a caption.

    >>> short_issuer("UBND tỉnh Quảng Ngãi"), short_issuer("Ban Thường vụ Huyện ủy Hà Trung")
    ('UBND Quảng Ngãi', 'Huyện ủy Hà Trung')
    >>> short_issuer("Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang")
    'Sở LĐTBXH Bắc Giang'
    """
    if not name:
        return None
    text = " ".join(name.split())
    for long, short in ISSUER_ABBREVIATIONS:
        text = text.replace(long, short).strip()
    for word in UNIT_WORDS:
        text = text.replace(" " + word, " ")
    if len(text) > SHORT_ISSUER_CHARS:
        cut = text[:SHORT_ISSUER_CHARS]
        text = (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"
    return text


def caption(attrs: Mapping[str, Any], issuer_name: str | None = None) -> str:
    """Browser caption of a node: số hiệu and a short issuer (`145/KH-UBND · UBND Quảng Ngãi`), a law's
    name, or an organization's name."""
    if attrs.get("kind") == "organization":
        return str(attrs.get("name") or attrs.get("id") or "")
    number = so_hieu(attrs.get("number"), attrs.get("symbol"), attrs.get("year"), attrs.get("doc_type"))
    title = str(attrs.get("title") or "").strip()
    if attrs.get("doc_type") in ("luat", "cong_uoc") and title:
        if len(title) > NAMED_CAPTION_CHARS:
            title = title[:NAMED_CAPTION_CHARS].rsplit(" ", 1)[0] + "…"
        return title
    head = number or (type_name(attrs.get("doc_type")) + " (không số)" if attrs.get("doc_type") else None)
    parts = [p for p in (head, short_issuer(issuer_name)) if p]
    if not parts:
        return str(attrs.get("id") or "")
    return " · ".join(parts)


def edge_rows(export: Mapping[str, Any]) -> dict[tuple[str, str, str], Mapping[str, Any]]:
    """(source, target, type) -> the export's edge ({"source", "target", "type", "evidence"}).

    The export's own mappings, not copies: at national scale a copy per edge is most of the cost."""
    rows: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    types = cypher.REL_TYPES
    for edge in export.get("edges", []):
        if edge["type"] not in types:
            raise ValueError(f"relationship type {edge['type']!r} is not in CONTRACT.md")
        rows[(edge["source"], edge["target"], edge["type"])] = edge
    return rows


def _edge_order(item: tuple[tuple[str, str, str], Mapping[str, Any]]) -> tuple[str, str, str]:
    return item[0]


def outgoing_signatures(edges: Mapping[tuple[str, str, str], Mapping[str, Any]]) -> dict[str, bytes]:
    """source id -> canonical bytes of its outgoing edges (sorted): part of its node's digest."""
    out: dict[str, list[tuple[tuple[str, str, str], Mapping[str, Any]]]] = defaultdict(list)
    for item in edges.items():
        out[item[0][0]].append(item)
    dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
    return {source: dumps([edge for _key, edge in sorted(items, key=_edge_order)], option=sort_keys)
            for source, items in out.items()}


@functools.lru_cache(maxsize=1024)
def _labels_of(kind: str | None, doc_type: str | None, level: str | None) -> tuple[list[str], list[str]]:
    return cypher.extra_labels(kind, doc_type, level)


def node_rows(export: Mapping[str, Any],
              outgoing: Mapping[str, bytes] | None = None) -> dict[str, dict[str, Any]]:
    """id -> {"kind", "labels", "drop" (extra Neo4j labels to set / remove), "props"} for every node.

    `outgoing` (see `outgoing_signatures`) goes into each node's `load_hash`."""
    return dict(iter_node_rows(export, outgoing))


def iter_node_rows(export: Mapping[str, Any],
                   outgoing: Mapping[str, bytes] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """`node_rows` one at a time, in the export's order (a load writes while the rest are built)."""
    nodes = {n["id"]: n for n in export.get("nodes", [])}
    outgoing = outgoing or {}
    dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
    for node_id, node in nodes.items():
        props: dict[str, Any] = {}
        for key, value in node.items():
            if value is None or value == []:
                continue  # Neo4j stores no null; an empty list reads back as a missing property
            props[key] = value if isinstance(value, SCALARS) else _property_value(value)
        kind = node.get("kind")
        if kind == "document":
            issuer = nodes.get(node.get("issuer") or "")
            issuer = issuer if issuer and issuer.get("kind") == "organization" else None
            level = level_of(node, issuer)
            if level is not None:
                props["level"] = level
            props["label"] = doc_label(node, (issuer or {}).get("name"))
            props["caption"] = caption(node, (issuer or {}).get("name"))
        else:
            props["caption"] = caption(node)
        labels, drop = _labels_of(kind, node.get("doc_type"), props.get("level"))
        digest = hashlib.sha1(dumps(props, option=sort_keys))
        digest.update(repr(labels).encode())
        digest.update(outgoing.get(node_id, b""))
        props["load_hash"] = digest.hexdigest()[:16]
        yield node_id, {"kind": kind, "labels": labels, "drop": drop, "props": props}


def evidence_order(evidence: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    """Sort key of an edge's evidence: (document, start, end), as both load paths write it."""
    return evidence["in"], evidence["start"], evidence["end"]
