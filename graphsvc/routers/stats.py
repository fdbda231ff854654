"""`GET /api/stats`: counts, most cited, referenced-but-missing, flagged documents (paged)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.models import StatsResult

router = APIRouter(prefix="/api", tags=["stats"], dependencies=[Depends(require_read_access)])

MAX_TOP = 200
MAX_PAGE = 500


@router.get("/stats", response_model=StatsResult, summary="Corpus statistics")
async def stats(
    request: Request, queries: Queries, top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000,
        description="first row of the missing/flagged pages")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="rows of the missing/flagged pages")] = 50,
) -> StatsResult:
    """Counts by type, level and year (with Vietnamese names); the `top` most cited; one page of the
    missing and flagged documents (`missing_total`, `conflicts_total` count them all)."""
    return await run_query(request, queries.stats, top=top, offset=offset, limit=limit)
