"""One query interface, two backends (networkx and Neo4j), identical answers.

Document ids are those of the graph (CONTRACT.md). Methods that take an id raise
`DocumentNotFound` (with "did you mean" suggestions) when it is not in the graph.
Bounds: depths and result sizes are capped; results say `truncated` when a cap cut them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from queries.models import (
    CoverageResult,
    CoverageStatus,
    DescendantsResult,
    DocumentDetail,
    ImplementersResult,
    LineageResult,
    MapYear,
    Neighbourhood,
    ResolveResult,
    SearchResult,
    StatsResult,
    UnitLevel,
)

MAX_DEPTH = 12
MAX_RESULTS = 5000


class DocumentNotFound(LookupError):
    """No document with that id; `suggestions` are ids of likely ones."""

    def __init__(self, doc_id: str, suggestions: list[str] | None = None) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id
        self.suggestions = suggestions or []


@runtime_checkable
class GraphQueries(Protocol):
    def resolve(self, text: str, limit: int = 10) -> ResolveResult:
        """Accent-, case- and typo-tolerant lookup: 'chi thi 28', 'CT 28', '28/CT-TW', 'luat tre em'."""
        ...

    def document(self, doc_id: str) -> DocumentDetail:
        """Metadata, flags, in- and out-relations with their evidence."""
        ...

    def implementers(
        self,
        doc_id: str,
        transitive: bool = True,
        max_depth: int = 6,
        level: UnitLevel | None = None,
        province: str | None = None,
        limit: int = 500,
    ) -> ImplementersResult:
        """Documents that implement it (IMPLEMENTS edges pointing at it), each with its chain."""
        ...

    def lineage(self, doc_id: str, max_depth: int = 8, limit: int = 200) -> LineageResult:
        """Every IMPLEMENTS chain upward to the root documents."""
        ...

    def descendants(self, doc_id: str, max_depth: int = 4, limit: int = 500) -> DescendantsResult:
        """The implementing documents below it, as a tree."""
        ...

    def coverage(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> CoverageResult:
        """For each unit of that level on the map (default: the map in force on the directive's date):
        its implementing documents and lag; filtered by status; with a per-province breakdown.
        Raises `UnknownProvince` (queries.common_coverage) for a province not on the map."""
        ...

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> StatsResult:
        """Counts by type, level and year; most cited; one page of referenced-but-missing and flagged."""
        ...

    def search(
        self, q: str = "", doc_type: str | None = None, level: str | None = None, province: str | None = None,
        year: int | None = None, offset: int = 0, limit: int = 20,
    ) -> SearchResult:
        """Whole-word / phrase or số hiệu matches, filtered and paged, with the total."""
        ...

    def neighbourhood(self, doc_id: str, depth: int = 2, limit: int = 300) -> Neighbourhood:
        """The documents within `depth` citation edges of it (both directions), for the graph view."""
        ...

    def reload(self, data_dir: Path) -> GraphQueries:
        """A backend answering over the graph now kept in `data_dir` (after an ingest), for the caller to
        use from then on: networkx reads it into a new backend; Neo4j writes it into the database and
        returns itself. Raises `ingest.store.StoreDamaged` when the kept graph is damaged."""
        ...
