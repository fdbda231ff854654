"""Pure functions shared by both query backends (networkx and Neo4j), so their answers are identical.

Everything here works on plain data: node attribute dicts (the export fields of CONTRACT.md)
and adjacency callables. A backend fetches what it needs its own way, then calls these.

- labels and `DocSummary` building (`doc_label`, `so_hieu`, `summary_of`)
- ordering rules (`date_key`, `doc_order_key`, `relation_order_key`)
- bounded traversals (`implementer_walk`, `lineage_chains`) with the chain tie-break rule
- the resolve index lives in `queries.common_resolve`, coverage in `queries.common_coverage`
  (re-exported here).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ingest.normalize import fold
from ingest.symbols import TYPE_LABELS

# Re-exported so backends import everything shared from one place (these modules import
# `queries.common` lazily, inside functions, so there is no import cycle).
from queries.common_coverage import coverage_result, coverage_units
from queries.common_resolve import ResolveIndex, index_forms
from queries.models import DocSummary, Evidence, Relation
from queries.names import relation_name
from queries.palette import STRENGTH

# Relation types between two documents (ISSUED_BY and PART_OF involve organizations).
DOC_RELATIONS = ("IMPLEMENTS", "CITES", "AMENDS", "REPEALS")
LEVELS = ("central", "province", "district", "commune", "unit")

# Vietnamese name of each doc_type of CONTRACT.md, as labels show it (the ingest's own table).
DOC_TYPE_NAMES: dict[str, str] = TYPE_LABELS

# Document types whose label is their name (title), followed by the số hiệu when known.
NAMED_TYPES = frozenset({"luat", "cong_uoc"})

# Types whose số hiệu carries the year: number/year/symbol (`56/2017/NĐ-CP`, `45/2021/TT-BGDĐT`).
YEAR_IN_NUMBER_TYPES = frozenset({"luat", "nghi_dinh", "thong_tu"})

# A Quốc hội symbol (`QH13`, `QH14`): laws and resolutions of the National Assembly carry the year.
QH_SYMBOL = re.compile(r"^QH\d+$")

# A Party symbol: type code, slash, body code (`CT/TW`, `KH/HU`, `CV/HU`, `CT/TU`); the number is
# joined with a hyphen (`20-CT/TW`). State symbols use a hyphen inside (`KH-UBND`, `QĐ-TTg`).
PARTY_SYMBOL = re.compile(r"^[^\s/-]+/[^\s/-]+$")

# `YYYY-MM-DD` or `YYYY-MM` (the day blank in the source).
DATE_SHAPE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?$")

FAR_FUTURE = "9999-12-31"


# ---------------------------------------------------------------- labels and summaries


def so_hieu(number: str | None, symbol: str | None, year: int | None, doc_type: str | None) -> str | None:
    """The số hiệu as written: `20-CT/TW`, `121/KH-UBND`, `56/2017/NĐ-CP`, `102/2016/QH13`.

    >>> so_hieu("20", "CT/TW", 2012, "chi_thi"), so_hieu("56", "NĐ-CP", 2017, "nghi_dinh")
    ('20-CT/TW', '56/2017/NĐ-CP')
    """
    if not number:
        return None
    if not symbol:
        return number
    if PARTY_SYMBOL.match(symbol):
        return f"{number}-{symbol}"
    if year and (doc_type in YEAR_IN_NUMBER_TYPES or QH_SYMBOL.match(symbol)):
        return f"{number}/{year}/{symbol}"
    return f"{number}/{symbol}"


def type_name(doc_type: str | None) -> str:
    """Vietnamese name of a doc_type (`Văn bản` when unknown)."""
    from queries.names import type_name as name

    return name(doc_type)


def doc_label(attrs: Mapping[str, Any], issuer_name: str | None = None) -> str:
    """Short human label of a document node.

    >>> doc_label({"doc_type": "chi_thi", "number": "28", "symbol": "CT/TW", "year": 2023})
    'Chỉ thị 28-CT/TW'
    >>> doc_label({"doc_type": "luat", "number": "102", "symbol": "QH13", "year": 2016,
    ...            "title": "Luật Trẻ em"})
    'Luật Trẻ em 102/2016/QH13'
    >>> doc_label({"doc_type": "ke_hoach", "date": "2024-05-09"}, "UBND thị trấn Hà Trung")
    'Kế hoạch (không số) · UBND thị trấn Hà Trung · 2024-05'
    """
    doc_type = attrs.get("doc_type")
    number = so_hieu(attrs.get("number"), attrs.get("symbol"), attrs.get("year"), doc_type)
    title = attrs.get("title")
    if doc_type in NAMED_TYPES and title:
        return f"{title} {number}" if number else str(title)
    name = type_name(doc_type)
    if number:
        return f"{name} {number}"
    if title and doc_type in ("chuong_trinh", "de_an"):
        return str(title)
    parts = [f"{name} (không số)"]
    if issuer_name:
        parts.append(issuer_name)
    date = attrs.get("date")
    if date:
        parts.append(str(date)[:7])
    elif attrs.get("year"):
        parts.append(str(attrs["year"]))
    return " · ".join(parts)


def level_of(attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> str | None:
    """Level of the issuing body; without an issuer level, the most local unit the node names."""
    level = (issuer or {}).get("level")
    if level in LEVELS:
        return str(level)
    for unit_level in ("commune", "district", "province"):
        if attrs.get(unit_level):
            return unit_level
    return None


def unit_of(attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> tuple[str | None, ...]:
    """(province, district, commune) of a document, each field falling back to the issuer's."""
    issuer = issuer or {}
    return tuple(attrs.get(f) or issuer.get(f) or None for f in ("province", "district", "commune"))


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


# ---------------------------------------------------------------- ordering


def date_key(date: str | None) -> str:
    """Sortable `YYYY-MM-DD` of a date (`YYYY-MM` counts as the 1st); unknown dates sort last."""
    if not date:
        return FAR_FUTURE
    m = DATE_SHAPE.match(date)
    if not m:
        return FAR_FUTURE
    return f"{m['y']}-{m['m']}-{m['d'] or '01'}"


def parse_date(date: str | None) -> dt.date | None:
    """The calendar date of `YYYY-MM-DD` / `YYYY-MM` (the 1st of the month), else None."""
    m = DATE_SHAPE.match(date or "")
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
    except ValueError:
        return None


def lag_days(target_date: str | None, doc_date: str | None) -> int | None:
    """Days from the target's date to the document's (None when either is unknown)."""
    start, end = parse_date(target_date), parse_date(doc_date)
    if start is None or end is None:
        return None
    return (end - start).days


def relation_order_key(relation: Relation) -> tuple[int, str, str, str]:
    """Relations on a document page: strongest first (IMPLEMENTS before CITES), then the other's date, id."""
    return (STRENGTH.get(relation.type, 9), relation.type, date_key(relation.other.date), relation.other.id)


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


def doc_order_key(doc: DocSummary) -> tuple[str, str]:
    """Documents in lists: by date (unknown last), then id."""
    return (date_key(doc.date), doc.id)


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


__all__ = [
    "DOC_RELATIONS", "DOC_TYPE_NAMES", "ResolveIndex", "Walk", "coverage_result", "coverage_units",
    "date_key",
    "doc_label", "doc_order_key", "excerpt", "implementer_walk", "index_forms", "lag_days", "level_of",
    "lineage_chains", "make_relation", "relation_order_key",
    "parse_date", "same_name", "so_hieu", "summary_of", "type_name", "unit_of",
]
