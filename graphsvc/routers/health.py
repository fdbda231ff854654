"""`GET /api/health`: is the service up, and which backend answers."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

router = APIRouter(prefix="/api", tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    backend: str
    ingesting: bool


@router.get("/health", response_model=Health, summary="Liveness and backend in use")
async def health(request: Request) -> Health:
    """Always public (no API key), so load balancers and CI can poll it."""
    return Health(
        status="ok",
        backend=request.app.state.settings.backend,
        ingesting=request.app.state.ingest_lock.locked(),
    )
