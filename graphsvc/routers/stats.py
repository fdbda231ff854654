"""`GET /api/stats`: counts, most cited, referenced-but-missing, flagged documents."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graphsvc.routers.deps import Queries, run_query
from graphsvc.security import require_read_access
from queries.models import StatsResult

router = APIRouter(prefix="/api", tags=["stats"], dependencies=[Depends(require_read_access)])

MAX_TOP = 200


@router.get("/stats", response_model=StatsResult, summary="Corpus statistics")
async def stats(
    request: Request, queries: Queries, top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 20
) -> StatsResult:
    """Counts by type, level and year; the `top` most cited and missing documents; conflicts."""
    return await run_query(request, queries.stats, top=top)
