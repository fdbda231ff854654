"""Document queries: detail, implementers, lineage, descendants, coverage, neighbourhood.

Depths and result sizes are bounded by `Query(le=...)` (422 beyond), and the answers say
`truncated` when a bound cut them. An unknown id is a 404 with "did you mean" suggestions.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.models import (
    CoverageResult,
    DescendantsResult,
    DocumentDetail,
    ImplementersResult,
    LineageResult,
    Neighbourhood,
    UnitLevel,
)

router = APIRouter(prefix="/api/documents", tags=["documents"], dependencies=[Depends(require_read_access)])

# The graph view stays readable (and fast) only for small neighbourhoods.
MAX_NEIGHBOURHOOD_DEPTH = 4
MAX_NEIGHBOURHOOD_NODES = 1000

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such document; `suggestions` lists likely ids"},
}

DocId = Annotated[str, Path(min_length=1, max_length=300, description="document id (CONTRACT.md)")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH)]
Limit = Annotated[int, Query(ge=1, le=MAX_RESULTS)]
Province = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("/{doc_id}", response_model=DocumentDetail, responses=NOT_FOUND, summary="One document")
async def document(
    request: Request, queries: Queries, doc_id: DocId
) -> DocumentDetail:
    """Metadata, flags, in- and out-relations with their evidence sentences."""
    return await run_query(request, queries.document, doc_id)


@router.get("/{doc_id}/implementers", response_model=ImplementersResult, responses=NOT_FOUND,
            summary="Documents implementing it")
async def implementers(
    request: Request, queries: Queries, doc_id: DocId,
    transitive: bool = True, max_depth: Depth = 6,
    level: UnitLevel | None = None, province: Province = None, limit: Limit = 500
) -> ImplementersResult:
    """Direct (`transitive=false`) or down the chain, each with its chain up to the target."""
    return await run_query(
        request, queries.implementers, doc_id,
        transitive=transitive, max_depth=max_depth, level=level, province=province, limit=limit,
    )


@router.get("/{doc_id}/lineage", response_model=LineageResult, responses=NOT_FOUND,
            summary="IMPLEMENTS chains up to the roots")
async def lineage(
    request: Request, queries: Queries, doc_id: DocId, max_depth: Depth = 8, limit: Limit = 200
) -> LineageResult:
    """Trace a document up to the directives it carries out."""
    return await run_query(request, queries.lineage, doc_id, max_depth=max_depth, limit=limit)


@router.get("/{doc_id}/descendants", response_model=DescendantsResult, responses=NOT_FOUND,
            summary="Implementing documents as a tree")
async def descendants(
    request: Request, queries: Queries, doc_id: DocId, max_depth: Depth = 4, limit: Limit = 500
) -> DescendantsResult:
    """Each implementing document once, at its shallowest place."""
    return await run_query(request, queries.descendants, doc_id, max_depth=max_depth, limit=limit)


@router.get("/{doc_id}/coverage", response_model=CoverageResult, responses=NOT_FOUND,
            summary="Which units have an implementing plan")
async def coverage(
    request: Request, queries: Queries, doc_id: DocId,
    level: UnitLevel = "province", province: Province = None,
) -> CoverageResult:
    """Per gazetteer unit of `level` (optionally within `province`): documents, first date, lag."""
    return await run_query(request, queries.coverage, doc_id, level=level, province=province)


@router.get("/{doc_id}/neighbourhood", response_model=Neighbourhood, responses=NOT_FOUND,
            summary="Subgraph around a document")
async def neighbourhood(
    request: Request, queries: Queries, doc_id: DocId,
    depth: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_DEPTH)] = 2,
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_NODES)] = 300
) -> Neighbourhood:
    """Documents within `depth` citation edges (both directions): what the graph page draws."""
    return await run_query(request, queries.neighbourhood, doc_id, depth=depth, limit=limit)
