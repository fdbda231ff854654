"""Answers of the query interface: plain pydantic models, shared by both backends and the API.

Every backend (networkx, Neo4j) returns exactly these models, so parity tests compare
`model_dump()` outputs, and the FastAPI service uses them as response models.
Lists are always in a deterministic order (documented per field).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field, model_validator

from queries import labels, names

Level = Literal["central", "province", "district", "commune", "unit"]
UnitLevel = Literal["province", "district", "commune"]


class DocSummary(BaseModel):
    """One document as lists show it."""

    id: str
    label: str = Field(description="short human label: 'Chỉ thị 28-CT/TW', 'Kế hoạch 121/KH-UBND'")
    doc_type: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = None
    title: str | None = None
    issuer: str | None = Field(default=None, description="organization node id")
    issuer_name: str | None = None
    level: Level | None = Field(default=None, description="level of the issuing body")
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    ingested: bool = False
    flags: list[str] = Field(default_factory=list)

    @computed_field(description="the số hiệu as written: '145/KH-UBND', '20-CT/TW'")  # type: ignore[prop-decorator]
    @property
    def so_hieu(self) -> str | None:
        return labels.so_hieu(self.number, self.symbol, self.year, self.doc_type)

    @computed_field(description="Vietnamese name of doc_type: 'Kế hoạch'")  # type: ignore[prop-decorator]
    @property
    def type_name(self) -> str:
        return names.type_name(self.doc_type)

    @computed_field(description="Vietnamese name of the level: 'Tỉnh', 'Huyện'")  # type: ignore[prop-decorator]
    @property
    def level_name(self) -> str:
        return names.level_name(self.level)


class Evidence(BaseModel):
    """A mention behind an edge (CONTRACT.md), in the text of document `in`."""

    in_: str = Field(alias="in", serialization_alias="in")
    start: int
    end: int
    text: str
    model_config = {"populate_by_name": True}


class Relation(BaseModel):
    """An edge seen from one document: `other` is the document at the other end."""

    type: str
    type_name: str = Field(default="", description="short Vietnamese name: 'Thực hiện', 'Trích dẫn'")
    direction: Literal["out", "in"]
    other: DocSummary
    evidence: list[Evidence] = Field(default_factory=list, description="one per distinct sentence")
    evidence_count: int = Field(default=0, description="number of distinct evidence sentences")
    excerpt: str | None = Field(default=None, description="first sentence, cut at a word boundary")


class DocumentDetail(BaseModel):
    """`document(id)`: metadata, flags, relations with evidence."""

    document: DocSummary
    source: str | None = None
    issuer_parent: str | None = None
    issuer_parent_name: str | None = Field(default=None, description="name of the issuing body's parent body")
    outgoing: list[Relation] = Field(default_factory=list,
                                     description="by strength (IMPLEMENTS first), then other's date, then id")
    incoming: list[Relation] = Field(default_factory=list,
                                     description="by strength (IMPLEMENTS first), then other's date, then id")
    # Paging of the two relation lists (the same offset and limit apply to each): the totals count every
    # relation; a backend answering without paging gives every relation, and totals = list lengths.
    outgoing_total: int | None = Field(default=None, description="relations in all, every page")
    incoming_total: int | None = Field(default=None, description="relations in all, every page")
    offset: int = Field(default=0, description="index of the first relation of each list on this page")
    limit: int | None = Field(default=None, description="relations per list on a page (None: all)")

    @model_validator(mode="after")
    def _whole_lists_count_themselves(self) -> DocumentDetail:
        if self.outgoing_total is None:
            self.outgoing_total = len(self.outgoing)
        if self.incoming_total is None:
            self.incoming_total = len(self.incoming)
        return self


class Candidate(BaseModel):
    """`resolve(text)`: a ranked candidate; score in [0, 1]."""

    document: DocSummary
    score: float
    matched: str = Field(description="the form of the document that matched the query")


class ResolveResult(BaseModel):
    query: str
    candidates: list[Candidate] = Field(description="best first; ties by id")
    ambiguous: bool = Field(description="true when more than one candidate scores near the best")


class Implementer(BaseModel):
    """A document that implements the target; `chain` runs from it up to the target (ids)."""

    document: DocSummary
    depth: int
    chain: list[str]


class ImplementersResult(BaseModel):
    target: DocSummary
    transitive: bool
    max_depth: int
    items: list[Implementer] = Field(description="by depth, then date, then id")
    truncated: bool = False


class Breadcrumb(BaseModel):
    """The longest chain from one root down to the document (breadcrumb order: root first)."""

    root: str
    path: list[DocSummary]


class LineageResult(BaseModel):
    """`lineage(id)`: every IMPLEMENTS chain upward from the document to a root (ids, document first)."""

    document: DocSummary
    chains: list[list[str]] = Field(description="sorted lexicographically")
    nodes: dict[str, DocSummary] = Field(description="every document named in a chain")
    roots: list[str] = Field(description="sorted ids of the chains' top documents")
    breadcrumbs: list[Breadcrumb] = Field(default_factory=list, description="one per root, in `roots` order")
    truncated: bool = False


class TreeNode(BaseModel):
    document: DocSummary
    relation: str | None = Field(default=None, description="type of the edge to the parent in the tree")
    children: list[TreeNode] = Field(default_factory=list, description="by date, then id")


class DescendantsResult(BaseModel):
    """`descendants(id)`: the documents implementing it, as a tree.

    Each document sits under each document it implements directly, except where that link is implied
    by a longer chain through another of its parents (so a district plan implementing both the
    directive and its province's plan sits under the province plan). A document may appear under
    several parents.
    """

    root: TreeNode
    count: int = Field(description="distinct documents below the root")
    placements: int = Field(default=0, description="tree nodes below the root (a document may repeat)")
    truncated: bool = False


MapYear = Literal["2019", "2025"]
CoverageStatus = Literal["all", "covered", "uncovered", "overdue"]


class CoverageUnit(BaseModel):
    code: str
    name: str
    level: UnitLevel
    province: str
    district: str | None = None
    lat: float | None = None
    lon: float | None = None
    successor_2025: str | None = Field(default=None, description="the unit that replaced it in 2025")
    covered: bool
    documents: list[DocSummary] = Field(default_factory=list, description="by date, then id")
    first_date: str | None = None
    lag_days: int | None = Field(default=None, description="days from the directive to the first document")
    overdue: bool | None = Field(
        default=None,
        description="with overdue_days=N: no document, or the first after N days (None without N)")
    via: list[str] = Field(
        default_factory=list,
        description="2025 map: the pre-2025 units whose documents count for this unit (names, sorted)")


class ProvinceCoverage(BaseModel):
    """One row of the per-province breakdown."""

    province: str
    code: str
    units: int
    covered: int
    percent: float = Field(description="covered / units, in percent, one decimal")
    first_date: str | None = None
    median_lag_days: float | None = None
    overdue: int | None = Field(default=None, description="late units (with overdue_days)")


class CoverageResult(BaseModel):
    target: DocSummary
    level: UnitLevel
    province: str | None = None
    map: MapYear = Field(default="2019",
        description="2019: 63 provinces with districts; 2025: 34, no districts")
    status: CoverageStatus = "all"
    overdue_days: int | None = None
    total: int = Field(description="units of the level (and province), whatever the status filter")
    covered: int
    overdue: int | None = Field(default=None, description="late units, with overdue_days")
    shown: int = Field(default=0, description="len(units) after the status filter")
    units: list[CoverageUnit] = Field(description="by province, district, name (Vietnamese order)")
    unmatched: list[DocSummary] = Field(
        default_factory=list,
        description="implementing documents of that level whose unit is not in the gazetteer",
    )
    provinces: list[ProvinceCoverage] = Field(default_factory=list, description="per-province breakdown")


class CountItem(BaseModel):
    key: str
    count: int
    name: str | None = Field(default=None, description="Vietnamese name of the key")


class CitedItem(BaseModel):
    document: DocSummary
    count: int = Field(description="number of distinct documents citing it")


class StatsResult(BaseModel):
    documents: int
    organizations: int
    edges: dict[str, int]
    by_type: list[CountItem]
    by_level: list[CountItem]
    by_year: list[CountItem]
    most_cited: list[CitedItem]
    missing: list[CitedItem] = Field(
        description="referenced but not ingested: what to collect next (one page)")
    conflicts: list[DocSummary] = Field(description="documents carrying flags (one page)")
    missing_total: int = 0
    conflicts_total: int = 0
    offset: int = 0
    limit: int = 0


class SearchHit(BaseModel):
    document: DocSummary
    matched: str = Field(description="the field that matched: số hiệu, title, issuer, place")


class SearchResult(BaseModel):
    """`search(q, filters)`: whole-word / số hiệu matches, paged."""

    query: str
    total: int
    offset: int
    limit: int
    items: list[SearchHit] = Field(description="số hiệu matches first, then by date (newest first), then id")


class TreeGroupProvince(BaseModel):
    province: str | None
    count: int
    items: list[Implementer]


class TreeGroup(BaseModel):
    level: str
    level_name: str
    count: int
    provinces: list[TreeGroupProvince]


class ImplementersTree(BaseModel):
    """The implementers grouped by level (central → commune) then province, with counts."""

    target: DocSummary
    total: int
    truncated: bool = False
    labels: dict[str, str] = Field(default_factory=dict, description="id -> label of every id in a chain")
    groups: list[TreeGroup]


class GraphNode(BaseModel):
    id: str
    kind: str
    label: str
    title: str | None = None
    doc_type: str | None = None
    level: str | None = None
    ingested: bool = False


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str


class Neighbourhood(BaseModel):
    """`neighbourhood(id, depth)`: the subgraph drawn by the graph page."""

    focus: str
    depth: int
    nodes: list[GraphNode] = Field(description="by id")
    edges: list[GraphEdge] = Field(description="by source, target")
    truncated: bool = False
