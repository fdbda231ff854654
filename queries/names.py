"""Vietnamese names for the codes the graph uses (doc types, levels, relation types).

The palette (`queries.palette`) holds the names the pages and the Neo4j style show; the ingest's table
(`ingest.symbols.TYPE_LABELS`) the ones document labels use. Every code has a name here.

>>> type_name("quy_dinh"), level_name("province"), level_name(None), relation_name("IMPLEMENTS")
('Quy định', 'Tỉnh', 'Chưa rõ', 'Thực hiện')
"""
from __future__ import annotations

from ingest.symbols import TYPE_LABELS
from queries.palette import DOC_TYPES, EDGES, LEVELS

UNKNOWN = "Chưa rõ"


def type_name(doc_type: str | None) -> str:
    """Vietnamese name of a doc_type: the labels' name, else the palette's (`Văn bản` when unknown)."""
    key = doc_type or "other"
    if key in TYPE_LABELS:
        return TYPE_LABELS[key]
    style = DOC_TYPES.get(key)
    return style.name if style else TYPE_LABELS["other"]


def level_name(level: str | None) -> str:
    """Vietnamese name of an issuing level (`Chưa rõ` when unknown)."""
    style = LEVELS.get(level or "")
    return style.name if style else UNKNOWN


def relation_name(edge_type: str) -> str:
    """Short Vietnamese name of an edge type (the type itself when it has none)."""
    style = EDGES.get(edge_type)
    return style.name if style else edge_type


def code_name(kind: str, key: str) -> str:
    """Name of a stats key: `kind` is "type", "level" or "year" (`unknown` -> `Chưa rõ`)."""
    if key == "unknown":
        return UNKNOWN
    if kind == "type":
        return type_name(key)
    if kind == "level":
        return level_name(key)
    return key


__all__ = ["UNKNOWN", "code_name", "level_name", "relation_name", "type_name"]
