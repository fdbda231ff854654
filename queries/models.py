"""Answers of the query interface: plain pydantic models, shared by both backends and the API.

Every backend (networkx, Neo4j) returns exactly these models, so parity tests compare
`model_dump()` outputs, and the FastAPI service uses them as response models.
Lists are always in a deterministic order (documented per field).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["central", "province", "district", "commune", "unit"]
UnitLevel = Literal["province", "district", "commune"]
RelationType = Literal["IMPLEMENTS", "CITES", "AMENDS", "REPEALS"]


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
    direction: Literal["out", "in"]
    other: DocSummary
    evidence: list[Evidence] = Field(default_factory=list)


class DocumentDetail(BaseModel):
    """`document(id)`: metadata, flags, relations with evidence."""

    document: DocSummary
    source: str | None = None
    issuer_parent: str | None = None
    outgoing: list[Relation] = Field(default_factory=list, description="by type, then other.id")
    incoming: list[Relation] = Field(default_factory=list, description="by type, then other.id")


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


class LineageResult(BaseModel):
    """`lineage(id)`: every IMPLEMENTS chain upward from the document to a root (ids, document first)."""

    document: DocSummary
    chains: list[list[str]] = Field(description="sorted lexicographically")
    nodes: dict[str, DocSummary] = Field(description="every document named in a chain")
    roots: list[str] = Field(description="sorted ids of the chains' top documents")
    truncated: bool = False


class TreeNode(BaseModel):
    document: DocSummary
    relation: str | None = Field(default=None, description="type of the edge to the parent in the tree")
    children: list[TreeNode] = Field(default_factory=list, description="by date, then id")


class DescendantsResult(BaseModel):
    """`descendants(id)`: the documents implementing it, as a tree (each document once, shallowest place)."""

    root: TreeNode
    count: int
    truncated: bool = False


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


class CoverageResult(BaseModel):
    target: DocSummary
    level: UnitLevel
    province: str | None = None
    total: int
    covered: int
    units: list[CoverageUnit] = Field(description="by province, district, name")
    unmatched: list[DocSummary] = Field(
        default_factory=list,
        description="implementing documents of that level whose unit is not in the gazetteer",
    )


class CountItem(BaseModel):
    key: str
    count: int


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
    missing: list[CitedItem] = Field(description="referenced but not ingested: what to collect next")
    conflicts: list[DocSummary] = Field(description="documents carrying flags")


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
