"""Dependencies shared by the routers: the backend in use, and bounded query execution."""
from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from queries.interface import GraphQueries

T = TypeVar("T")


def get_queries(request: Request) -> GraphQueries:
    """FastAPI dependency: the backend in use (it may be swapped by a reload, never left empty)."""
    queries: GraphQueries = request.app.state.queries
    return queries


# Route parameter type: `queries: Queries` gives the backend in use.
Queries = Annotated[GraphQueries, Depends(get_queries)]


async def run_query(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking query in the thread pool, bounded by `query_timeout_s` (503 when it runs over)."""
    timeout = request.app.state.settings.query_timeout_s
    call = functools.partial(fn, *args, **kwargs)
    try:
        return await asyncio.wait_for(run_in_threadpool(call), timeout)
    except TimeoutError as exc:
        raise HTTPException(status_code=503, detail=f"query took longer than {timeout:g} s") from exc
