"""Per-directive facts stored beside a stored walk (`queries.neo4j_closure`), so that the whole-tree
questions of the Neo4j backend need neither a traversal nor the catalog of every document.

For a big tree the loader stores, besides the walk itself:
- `levels`, `provinces`: each implementer's level and province as its `DocSummary` says them (parallel to
  the walk's `ids`; "" for none: Neo4j lists hold no null), so `implementers(level=…, province=…)` filters
  the stored walk and reads the summaries of one page only;
- `coverage_<level>`: the serialised `coverage(target, level)` answer for the province, district and commune
  levels on the target's default map, with no province, status or overdue filter (what the API's coverage
  page asks first), computed by `queries.common_coverage.coverage_result` — the very function the backends
  call per request — and stored as the JSON the API returns, zlib-compressed (a national commune table
  with its documents is 10–25 MB of JSON at 100,000 documents: Neo4j reads a string that long in seconds,
  its compressed bytes, ~15× smaller, in a fraction of that); `coverage_map` names the map.

Summaries come from the export's own nodes, as the database holds them (None and empty lists are no
properties there; `summary_of` reads nothing the loader adds), so they equal the backend's.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from queries.common import summary_of
from queries.common_coverage import NoSuchLevel, coverage_result, default_map
from queries.models import DocSummary

COVERAGE_LEVELS = ("province", "district", "commune")
COMPRESSION = 6  # zlib level: the same bytes for the same answer (a reload rewrites nothing)
SCALARS = (str, int, float, bool)


@dataclass(frozen=True)
class Facts:
    """What is stored beside one walk (see the module docstring)."""

    levels: list[str]
    provinces: list[str]
    coverage_map: str
    coverage: dict[str, bytes] = field(default_factory=dict)  # level -> the answer's JSON, compressed


def _as_stored(node: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A node's attributes as Neo4j keeps them: no None, no empty list (the loader's rule)."""
    if node is None:
        return None
    return {k: v for k, v in node.items() if v is not None and not (isinstance(v, list) and not v)}


def export_summaries(export: Mapping[str, Any], ids: Iterable[str]) -> dict[str, DocSummary]:
    """`DocSummary` of each document among `ids`, with its issuer organization (as the backend finds it)."""
    nodes = {n["id"]: n for n in export.get("nodes", [])}
    found: dict[str, DocSummary] = {}
    for doc_id in ids:
        node = nodes.get(doc_id)
        if node is None or node.get("kind") != "document":
            continue
        issuer = nodes.get(node.get("issuer") or "")
        issuer = issuer if issuer is not None and issuer.get("kind") == "organization" else None
        found[doc_id] = summary_of(doc_id, _as_stored(node) or {}, _as_stored(issuer))
    return found


def facts_of(target: str, ids: list[str], summaries: Mapping[str, DocSummary],
             gazetteer: Any = None) -> Facts:
    """The facts of the walk of `target` whose implementers are `ids` (answer order)."""
    levels: list[str] = [summaries[d].level or "" for d in ids]
    provinces = [summaries[d].province or "" for d in ids]
    head = summaries[target]
    map_year = default_map(head.date)
    members = [summaries[d] for d in sorted(ids)]  # the backend's order (`Neo4jQueries._coverage`)
    coverage: dict[str, bytes] = {}
    for level in COVERAGE_LEVELS:
        try:
            answer = coverage_result(head, members, level, None, gazetteer, map_year)  # type: ignore[arg-type]
        except NoSuchLevel:  # districts on the 2025 map
            continue
        coverage[level] = zlib.compress(answer.model_dump_json(by_alias=True).encode("utf-8"), COMPRESSION)
    return Facts(levels=levels, provinces=provinces, coverage_map=map_year, coverage=coverage)


def coverage_body(stored: bytes) -> bytes:
    """The JSON of a stored coverage answer."""
    return zlib.decompress(stored)


__all__ = ["COVERAGE_LEVELS", "Facts", "coverage_body", "export_summaries", "facts_of"]
