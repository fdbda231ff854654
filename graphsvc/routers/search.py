"""`GET /api/resolve` (fuzzy: pick one document), `GET /api/search` (whole words, paged, filtered),
`GET /api/provinces` (the valid province names of a map)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.common_coverage import province_names
from queries.models import Level, MapYear, ResolveResult, SearchResult

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(require_read_access)])

MAX_QUERY_CHARS = 200
MAX_CANDIDATES = 50
MAX_PAGE = 200
MAX_OFFSET = 1_000_000

QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="free text")]
Limit = Annotated[int, Query(ge=1, le=MAX_CANDIDATES)]


@router.get("/resolve", response_model=ResolveResult, summary="Resolve text to ranked documents")
async def resolve(
    request: Request, queries: Queries, q: QueryText, limit: Limit = 10
) -> ResolveResult:
    """Accent-, case- and typo-tolerant lookup; `ambiguous` when several candidates tie near the top."""
    return await run_query(request, queries.resolve, q, limit=limit)


@router.get("/search", response_model=SearchResult, summary="Search by whole words or số hiệu, paged")
async def search(
    request: Request, queries: Queries,
    q: Annotated[str, Query(
        max_length=MAX_QUERY_CHARS,
        description="words (whole words, in order) or a số hiệu; may be empty with filters")] = "",
    type: Annotated[str | None, Query(max_length=40,
        description="doc_type code: ke_hoach, chi_thi, …")] = None,
    level: Annotated[Level | Literal["unknown"] | None, Query(description="issuing level")] = None,
    province: Annotated[str | None, Query(max_length=100, description="province name")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="year of issue")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> SearchResult:
    """`Tư Nghĩa` finds `huyện Tư Nghĩa`, never `chủ nghĩa`; with diacritics they must agree.
    Số hiệu matches first, then newest first. `total` counts every match; `items` is one page."""
    return await run_query(request, queries.search, q, doc_type=type, level=level, province=province,
                           year=year, offset=offset, limit=limit)


@router.get("/provinces", response_model=list[str], summary="Province names of a map")
async def provinces(
    map: Annotated[MapYear, Query(description="2019 (63 provinces) or 2025 (34)")] = "2019",
) -> list[str]:
    """The valid `province` values of the coverage endpoints, in Vietnamese order."""
    return province_names(map)
