"""The data of a serving snapshot (`queries.snapshot`): plain records, shared by its builder and codec."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from queries.models import DocSummary

SNAPSHOT_VERSION = 3  # 2: relation rows and resolve forms packed per document; 3: resolve columns

# A relation row: other document, edge type, evidence offset and length in the evidence file.
Row = tuple[str, str, int, int]


class Closure(NamedTuple):
    """The breadth-first implementer walk of one document at MAX_DEPTH (`queries.common.implementer_walk`).

    `ordered` lists (depth, date key, id) sorted, as `implementers` ranks them; `parent` gives each
    document's chain; a walk to depth d < MAX_DEPTH is this one cut at d (truncated when `deepest` > d).
    """

    ordered: list[tuple[int, str, str]]
    parent: dict[str, str]
    deepest: int
    truncated: bool  # the walk at MAX_DEPTH itself was cut


class Placement(NamedTuple):
    """Where a document counts for coverage at its own level: pre-2025 unit, and 2025 units (+ via)."""

    unit2019: tuple[str, str] | None  # (unit code, province code)
    units2025: tuple[tuple[str, str], ...]
    via2025: str | None


@dataclass
class Stats:
    """Everything `stats()` reports, computed once: a call only slices pages."""

    organizations: int
    edges: dict[str, int]
    by_type: Counter[str]
    by_level: Counter[str]
    by_year: Counter[str]
    ranked: list[tuple[str, int]]  # cited documents, most cited first
    missing: list[tuple[str, int]]  # the ranked ones not ingested
    conflicts: list[str]  # flagged documents, in id order


@dataclass
class Snapshot:
    key: str  # SHA-256 of the graph.json it was made from
    doc_ids: list[str]
    summaries: dict[str, DocSummary]
    implementers_of: dict[str, list[str]]
    implemented_by: dict[str, list[str]]
    index: Any  # queries.common_resolve.ResolveIndex
    details: Mapping[str, tuple[str | None, str | None, str | None]]  # source, issuer parent id and name
    outgoing: Mapping[str, list[Row]]  # read back packed (`snapshot_codec.Packed`): decoded per document
    incoming: Mapping[str, list[Row]]
    stats: Stats
    closures: dict[str, Closure] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)
    province_key: dict[str, str | None] = field(default_factory=dict)
    # (document, level) -> offset and length in the coverage file of the default coverage answer's JSON
    coverage_json: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    version: int = SNAPSHOT_VERSION
