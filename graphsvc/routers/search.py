"""`GET /api/resolve`: find documents from free text ('chi thi 28', 'luat tre em', '60/KH-UBND')."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.models import ResolveResult

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(require_read_access)])

MAX_QUERY_CHARS = 200
MAX_CANDIDATES = 50

QueryText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="free text")]
Limit = Annotated[int, Query(ge=1, le=MAX_CANDIDATES)]


@router.get("/resolve", response_model=ResolveResult, summary="Resolve text to ranked documents")
async def resolve(
    request: Request, queries: Queries, q: QueryText, limit: Limit = 10
) -> ResolveResult:
    """Accent-, case- and typo-tolerant lookup; `ambiguous` when several candidates tie near the top."""
    return await run_query(request, queries.resolve, q, limit=limit)


@router.get("/search", response_model=ResolveResult, summary="Alias of /api/resolve")
async def search(
    request: Request, queries: Queries, q: QueryText, limit: Limit = 10
) -> ResolveResult:
    """Same as `/api/resolve` (the search page calls this)."""
    return await run_query(request, queries.resolve, q, limit=limit)
