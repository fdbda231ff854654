"""Document queries: detail, implementers, lineage, descendants, coverage, neighbourhood.

Depths and result sizes are bounded by `Query(le=...)` (422 beyond), and the answers say
`truncated` when a bound cut them. An unknown id is a 404 with "did you mean" suggestions.
"""
from __future__ import annotations

import functools
import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from graphsvc.downloads import coverage_table, implementers_table, to_csv, to_xlsx
from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.common_chains import implementers_tree
from queries.common_coverage import NoSuchLevel, UnknownProvince, province_names, resolve_province
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.models import (
    CoverageResult,
    CoverageStatus,
    DescendantsResult,
    DocumentDetail,
    ImplementersResult,
    ImplementersTree,
    LineageResult,
    MapYear,
    Neighbourhood,
    UnitLevel,
)

router = APIRouter(prefix="/api/documents", tags=["documents"], dependencies=[Depends(require_read_access)])

# The graph view stays readable (and fast) only for small neighbourhoods.
MAX_NEIGHBOURHOOD_DEPTH = 4
MAX_NEIGHBOURHOOD_NODES = 1000
# Relations per list on one page of `/api/documents/{id}` (a directive has tens of thousands).
DOCUMENT_PAGE = 100

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such document; `suggestions` lists likely ids"},
}

DocId = Annotated[str, Path(min_length=1, max_length=300, description="document id (CONTRACT.md)")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH)]
Limit = Annotated[int, Query(ge=1, le=MAX_RESULTS)]
Province = Annotated[str | None, Query(min_length=1, max_length=100)]
Format = Annotated[Literal["json", "csv", "xlsx"], Query(description="json (default), csv or xlsx download")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    200: {"content": {"text/csv": {}, XLSX: {}},
          "description": "JSON; with `format=csv|xlsx` a download, one row per unit / document "
                         "(Vietnamese headers)"},
    422: {"description": "bad parameter; an unknown province gives `detail.valid`, the names of the map"},
}


def download(table: Any, fmt: str, name: str) -> Response:
    """The table as a CSV or XLSX attachment."""
    if fmt == "csv":
        return Response(to_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(to_xlsx(table), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def check_province(province: str | None) -> None:
    """422 with the valid names when `province` is on neither map."""
    if not province:
        return
    try:
        resolve_province(province, "2019")
    except UnknownProvince:
        try:
            resolve_province(province, "2025")
        except UnknownProvince as exc:
            raise HTTPException(422, detail={"message": str(exc), "valid": province_names("2019")}) from exc


def file_stem(doc_id: str, *parts: str | None) -> str:
    """A safe file name from the id and options: letters, digits, `-` and `_` only."""
    text = "-".join(p for p in (doc_id, *parts) if p)
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in text)[:120]


def paged_document(queries: Any, doc_id: str, offset: int, limit: int | None) -> DocumentDetail:
    """One page of a document's relation lists: asked of the backend when it pages (networkx, snapshot),
    else cut here from the whole answer (a backend whose `document` takes no `offset`/`limit`)."""
    if _pages(queries.document):
        detail: DocumentDetail = queries.document(doc_id, offset=offset, limit=limit)
        return detail
    whole: DocumentDetail = queries.document(doc_id)
    end = None if limit is None else offset + limit
    return whole.model_copy(update={
        "outgoing": whole.outgoing[offset:end], "incoming": whole.incoming[offset:end],
        "outgoing_total": len(whole.outgoing), "incoming_total": len(whole.incoming),
        "offset": offset, "limit": limit})


@functools.lru_cache(maxsize=16)
def _pages_of(function: Any) -> bool:
    return {"offset", "limit"} <= set(inspect.signature(function).parameters)


def _pages(method: Any) -> bool:
    return _pages_of(getattr(method, "__func__", method))


@router.get("/{doc_id}", response_model=DocumentDetail, responses=NOT_FOUND, summary="One document")
async def document(
    request: Request, queries: Queries, doc_id: DocId,
    offset: Annotated[int, Query(ge=0, le=10**7, description="first relation of each list")] = 0,
    limit: Annotated[int, Query(ge=0, le=MAX_RESULTS, description="relations per list")] = DOCUMENT_PAGE,
) -> Response:
    """Metadata, flags, and one page of the in- and out-relations with their evidence sentences:
    `offset`/`limit` apply to each list; `incoming_total`/`outgoing_total` count them all."""
    detail = await run_query(request, paged_document, queries, doc_id, offset, limit)
    # Serialised here: FastAPI would validate the whole answer again on the way out.
    return Response(detail.model_dump_json(by_alias=True), media_type="application/json")


@router.get("/{doc_id}/implementers", response_model=ImplementersResult, responses=DOWNLOADS,
            summary="Documents implementing it")
async def implementers(
    request: Request, queries: Queries, doc_id: DocId,
    transitive: bool = True, max_depth: Depth = 6,
    level: UnitLevel | None = None, province: Province = None, limit: Limit = 500,
    format: Format = "json",
) -> ImplementersResult | Response:
    """Direct (`transitive=false`) or down the chain, each with its chain up to the target.

    `format=csv|xlsx`: one row per document with its chain (labels). An unknown province is a 422."""
    check_province(province)
    result = await run_query(
        request, queries.implementers, doc_id,
        transitive=transitive, max_depth=max_depth, level=level, province=province, limit=limit,
    )
    if format != "json":
        return download(implementers_table(result), format, file_stem(doc_id, "implementers", level,
            province))
    return Response(result.model_dump_json(by_alias=True), media_type="application/json")


@router.get("/{doc_id}/implementers/tree", response_model=ImplementersTree, responses=NOT_FOUND,
            summary="Implementers grouped by level, then province")
async def implementers_grouped(
    request: Request, queries: Queries, doc_id: DocId, max_depth: Depth = 6, limit: Limit = 2000,
) -> ImplementersTree:
    """Every implementer down the chain, grouped by level (central → commune) then province, with counts."""
    result = await run_query(request, queries.implementers, doc_id, max_depth=max_depth, limit=limit)
    return implementers_tree(result)


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


@router.get("/{doc_id}/coverage", response_model=CoverageResult, responses=DOWNLOADS,
            summary="Which units have an implementing plan, and which do not")
async def coverage(
    request: Request, queries: Queries, doc_id: DocId,
    level: UnitLevel = "province", province: Province = None,
    map_year: Annotated[MapYear | None, Query(
        alias="map", description="2019 (63 provinces, districts) or 2025 (34, no districts); "
                                 "default: the map in force on the directive's date")] = None,
    status: Annotated[CoverageStatus, Query(
        description="all, covered, uncovered, or overdue (needs overdue_days)")] = "all",
    overdue_days: Annotated[int | None, Query(
        ge=0, le=36500, description="late: no plan within N days of the directive, or the first after N days")
    ] = None,
    format: Format = "json",
) -> CoverageResult | Response:
    """Per unit of `level` on the map (optionally within `province`): documents, first date, lag, late;
    filtered by `status`; with a per-province breakdown.
    An unknown province is a 422 listing the valid names."""
    as_json = getattr(queries, "coverage_json", None)  # the snapshot backend keeps answers serialised
    try:
        if format == "json" and as_json is not None:
            body = await run_query(request, as_json, doc_id, level=level, province=province,
                                   map_year=map_year, status=status, overdue_days=overdue_days)
            return Response(body, media_type="application/json")
        result = await run_query(request, queries.coverage, doc_id, level=level, province=province,
                                 map_year=map_year, status=status, overdue_days=overdue_days)
    except UnknownProvince as exc:
        raise HTTPException(422, detail={"message": str(exc), "valid": exc.valid}) from exc
    except NoSuchLevel as exc:
        raise HTTPException(422, detail={"message": str(exc)}) from exc
    if format != "json":
        stem = file_stem(doc_id, "coverage", level, result.map, status, province)
        return download(coverage_table(result), format, stem)
    # Serialised here: FastAPI would validate the 10,000 units of a national commune table again.
    return Response(result.model_dump_json(by_alias=True), media_type="application/json")


@router.get("/{doc_id}/neighbourhood", response_model=Neighbourhood, responses=NOT_FOUND,
            summary="Subgraph around a document")
async def neighbourhood(
    request: Request, queries: Queries, doc_id: DocId,
    depth: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_DEPTH)] = 2,
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_NODES)] = 300
) -> Neighbourhood:
    """Documents within `depth` citation edges (both directions): what the graph page draws."""
    return await run_query(request, queries.neighbourhood, doc_id, depth=depth, limit=limit)
