"""Pure functions shared by both query backends (networkx and Neo4j), so their answers are identical.

Everything here works on plain data: node attribute dicts (the export fields of CONTRACT.md)
and adjacency callables. A backend fetches what it needs its own way, then calls these.

- `DocSummary` building (`summary_of`; labels in `queries.labels`, re-exported)
- ordering rules (`queries.ordering`, re-exported)
- relation rows (`make_relation`) and bounded traversals (`implementer_walk`, `lineage_chains`) with the
  chain tie-break rule
- what both backends do around the rules: bounds (`clamp`), count rows (`count_items`), coverage
  (`coverage_of`)
- the resolve index lives in `queries.common_resolve`, coverage in `queries.common_coverage`
  (re-exported here).

Imports point one way: labels, ordering and models below, the helpers here above them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ingest.normalize import fold

# Re-exported so backends import everything shared from one place.
from queries.common_coverage import coverage_result, coverage_units
from queries.common_resolve import ResolveIndex
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.labels import doc_label, level_of, so_hieu, unit_of
from queries.models import (
    CountItem,
    CoverageResult,
    CoverageStatus,
    DocSummary,
    Evidence,
    MapYear,
    Relation,
    UnitLevel,
)
from queries.names import code_name, relation_name, type_name
from queries.ordering import date_key, doc_order_key, lag_days, parse_date, relation_order_key
from queries.resolve_forms import index_forms

# Relation types between two documents (ISSUED_BY and PART_OF involve organizations).
DOC_RELATIONS = ("IMPLEMENTS", "CITES", "AMENDS", "REPEALS")

# ---------------------------------------------------------------- summaries


def summary_of(doc_id: str, attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> DocSummary:
    """The `DocSummary` of a document node, given its attributes and its issuer organization's."""
    issuer_name = (issuer or {}).get("name")
    province, district, commune = unit_of(attrs, issuer)
    return DocSummary(
        id=doc_id,
        label=doc_label(attrs, issuer_name),
        doc_type=attrs.get("doc_type") or "other",
        number=attrs.get("number"),
        symbol=attrs.get("symbol"),
        year=attrs.get("year"),
        date=attrs.get("date"),
        title=attrs.get("title"),
        issuer=attrs.get("issuer"),
        issuer_name=issuer_name,
        level=level_of(attrs, issuer),  # type: ignore[arg-type]
        province=province,
        district=district,
        commune=commune,
        ingested=bool(attrs.get("ingested")),
        flags=sorted(attrs.get("flags") or []),
    )


# ---------------------------------------------------------------- relation rows


EXCERPT_CHARS = 160


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut at the last word boundary before `limit` characters (`…` added).

    >>> excerpt("Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư", 25)
    'Thực hiện Chỉ thị số…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 3 else cut).rstrip(" ,;:") + "…"


def make_relation(edge_type: str, direction: str, other: DocSummary,
                  evidence: Iterable[Mapping[str, Any]]) -> Relation:
    """A relation row: evidence in (in, start, end) order, one per distinct sentence; its count; excerpt."""
    seen: set[str] = set()
    kept: list[Evidence] = []
    for e in sorted(evidence, key=lambda e: (e["in"], e["start"], e["end"])):
        key = " ".join(str(e["text"]).split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(Evidence.model_validate(dict(e)))
    return Relation(
        type=edge_type, type_name=relation_name(edge_type), direction=direction,  # type: ignore[arg-type]
        other=other, evidence=kept, evidence_count=len(kept),
        excerpt=excerpt(kept[0].text) if kept else None,
    )


def same_name(a: str | None, b: str | None) -> bool:
    """Place names compared accent- and case-insensitively."""
    return a is not None and b is not None and fold(a).strip() == fold(b).strip()


# ---------------------------------------------------------------- traversals


@dataclass
class Walk:
    """Result of a breadth-first walk down the IMPLEMENTS edges from a target.

    `depth[d]` is the shallowest depth of each reached document; `parent[d]` the document one
    level closer to the target that its chain goes through (the smallest id among those).
    """

    target: str
    depth: dict[str, int] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    truncated: bool = False

    def chain(self, doc_id: str) -> list[str]:
        """Ids from `doc_id` up to the target."""
        chain = [doc_id]
        while chain[-1] != self.target:
            chain.append(self.parent[chain[-1]])
        return chain


def implementer_walk(
    target: str,
    implementers_of: Callable[[str], Iterable[str]],
    max_depth: int,
    max_nodes: int | None = None,
) -> Walk:
    """Breadth-first walk over "who implements X", each document once at its shallowest depth.

    Each level's frontier is processed in id order, so a document's parent is the smallest id
    among the documents of the previous level it implements: deterministic, backend-independent.
    `truncated` when documents lie beyond `max_depth` or beyond `max_nodes`.
    """
    walk = Walk(target=target)
    seen = {target}
    frontier = [target]
    for level in range(1, max_depth + 2):
        found: list[str] = []
        for node in frontier:
            for child in sorted(set(implementers_of(node))):
                if child in seen:
                    continue
                if level > max_depth or (max_nodes is not None and len(walk.depth) >= max_nodes):
                    walk.truncated = True
                    return walk
                seen.add(child)
                walk.depth[child] = level
                walk.parent[child] = node
                found.append(child)
        if not found:
            break
        frontier = sorted(found)
    return walk


def lineage_chains(
    start: str, implemented_by: Callable[[str], Iterable[str]], max_depth: int, limit: int,
) -> tuple[list[list[str]], bool]:
    """Every IMPLEMENTS chain upward from `start` (start first), sorted; and whether a bound cut them.

    A chain ends at a document that implements nothing (a root), at a document whose every parent is
    already on the chain (cycle guard), or after `max_depth` steps (then `truncated`).
    At most `limit` chains are returned, the lexicographically smallest ones.
    """
    chains: list[list[str]] = []
    truncated = False
    stack: list[list[str]] = [[start]]
    # Depth-first, smallest parent first: chains come out in lexicographic order.
    while stack:
        if len(chains) >= limit:
            truncated = True
            break
        path = stack.pop()
        parents = sorted(p for p in set(implemented_by(path[-1])) if p not in path)
        if not parents or len(path) > max_depth:
            truncated = truncated or bool(parents)
            chains.append(path)
            continue
        stack.extend(path + [p] for p in reversed(parents))
    return chains, truncated


def neighbourhood_walk(
    focus: str, around: Callable[[str], Iterable[str]], depth: int, cap: int,
) -> tuple[list[str], bool]:
    """Documents within `depth` steps of `focus` over `around` (neighbours either way), at most `cap`,
    sorted; and whether the cap cut the walk. Each level visits its frontier and neighbours in id order,
    so the documents kept under the cap do not depend on the backend."""
    seen = {focus}
    frontier = [focus]
    truncated = False
    for _ in range(depth):
        found = []
        for node in frontier:
            for other in sorted(set(around(node))):
                if other in seen:
                    continue
                if len(seen) >= cap:
                    truncated = True
                    break
                seen.add(other)
                found.append(other)
        frontier = sorted(found)
    return sorted(seen), truncated


# ---------------------------------------------------------------- what both backends do around the rules


def clamp(value: int, low: int, high: int) -> int:
    """`value` within [low, high]: the bound every depth and page size of the interface goes through."""
    return max(low, min(value, high))


def page_bounds(offset: int, limit: int | None) -> tuple[int, int | None]:
    """Slice bounds of one page of a document's relations (`limit` None: to the end)."""
    start = max(offset, 0)
    return start, None if limit is None else start + max(limit, 0)


def stats_bounds(top: int, offset: int, limit: int) -> tuple[int, int, int]:
    """`stats()`'s most-cited count and page, within the interface's bounds."""
    return clamp(top, 0, MAX_RESULTS), max(offset, 0), clamp(limit, 0, MAX_RESULTS)


def count_items(rows: Iterable[tuple[str, int]], kind: str, by_key: bool = False) -> list[CountItem]:
    """Count rows by count (descending) then key, or by key alone; each with its Vietnamese name.

    >>> [(c.key, c.count) for c in count_items([("b", 1), ("a", 1), ("c", 5)], "year")]
    [('c', 5), ('a', 1), ('b', 1)]
    """
    items = sorted(rows, key=(lambda kv: kv[0]) if by_key else (lambda kv: (-kv[1], kv[0])))
    return [CountItem(key=k, count=v, name=code_name(kind, k)) for k, v in items]


def coverage_of(
    target: DocSummary,
    implementers_of: Callable[[str], Iterable[str]],
    summaries: Callable[[list[str]], Mapping[str, DocSummary]],
    gazetteer: Any,
    level: UnitLevel,
    province: str | None,
    map_year: MapYear | None,
    status: CoverageStatus,
    overdue_days: int | None,
) -> CoverageResult:
    """`coverage()` of either backend: every document implementing the target (any depth up to MAX_DEPTH),
    summarised by `summaries` (ids in id order), grouped by unit of the map (`coverage_result`)."""
    walk = implementer_walk(target.id, implementers_of, MAX_DEPTH)
    ids = sorted(walk.depth)
    found = summaries(ids)
    return coverage_result(target, [found[d] for d in ids], level, province, gazetteer, map_year, status,
                           overdue_days)


__all__ = [
    "DOC_RELATIONS", "ResolveIndex", "Walk", "clamp", "count_items", "coverage_of", "coverage_result",
    "coverage_units", "date_key", "doc_label", "doc_order_key", "excerpt", "implementer_walk", "index_forms",
    "lag_days", "level_of", "lineage_chains", "make_relation", "neighbourhood_walk", "page_bounds",
    "parse_date", "relation_order_key", "same_name", "so_hieu", "stats_bounds", "summary_of", "type_name",
    "unit_of",
]
