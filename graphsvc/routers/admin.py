"""Writing endpoints (API key required): upload documents to ingest, re-ingest, reload the backend.

The API key is checked from the headers before the body is read. Uploads are then streamed to
`DATA_DIR/uploads/` under collision-free names (`graphsvc.uploads`), bounded in count, size and type
while they arrive, and only once the ingest lock is held: an upload during another ingest (this
service's or a `cpgraph ingest` on the same data dir) is refused with 409 and writes nothing.
Ingests run one at a time in a worker thread; reads go on against the previous graph until the new
backend is swapped in.
"""
from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from graphsvc import uploads
from graphsvc.security import require_api_key
from graphsvc.settings import Settings
from ingest import faults
from ingest.pipeline import ingest_locked
from ingest.report import printable
from ingest.store import StoreLocked, locked

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_api_key)])

UPLOAD_DIR = "uploads"

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong API key"},
    403: {"description": "writing disabled (no API key configured)"},
    409: {"description": "another ingest is running"},
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    413: {"description": "too many files, or a file or the body too large"},
    415: {"description": "file type not accepted"},
    422: {"description": "no file, or not a multipart body"},
    507: {"description": "no space left in the data dir"},
}
# The request body of an upload, declared by hand: the endpoint parses it itself, after the key check.
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files"],
            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                     "description": "documents: .txt .md .docx .doc .pdf .html"}},
        }}},
    }
}


class Failure(BaseModel):
    path: str
    message: str


class IngestReport(BaseModel):
    """What an upload or re-ingest did."""

    saved: list[str] = Field(default_factory=list, description="stored file names, in upload order")
    files_read: int = 0
    documents: int = 0
    citations: int = 0
    unresolved: int = 0
    failures: list[Failure] = Field(default_factory=list)
    reloaded: bool = False


def upload_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / UPLOAD_DIR


@contextlib.contextmanager
def store_lock(data_dir: Path) -> Iterator[None]:
    """The data dir's ingest lock, or 409 when a `cpgraph ingest` holds it."""
    try:
        with locked(data_dir):
            yield
    except StoreLocked as exc:
        raise HTTPException(409, "another ingest is running on this data dir; try again later") from exc


@contextlib.contextmanager
def disk_errors() -> Iterator[None]:
    """A full disk or an unwritable data dir is a clear answer, not a 500."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise HTTPException(507, "no space left in the data dir") from exc
        if exc.errno == errno.ENAMETOOLONG:
            raise HTTPException(422, "file name too long") from exc
        raise HTTPException(422, f"cannot write the upload: {exc.strerror or exc}") from exc


def run_ingest(paths: list[Path], data_dir: Path) -> IngestReport:
    """Call the ingest pipeline (blocking; runs in a worker thread; the caller holds the lock)."""
    # one worker process (forkserver: safe from this threaded server), bounded per file in time and memory
    summary = ingest_locked(paths, data_dir, workers=1)
    return IngestReport(
        files_read=summary.files_read, documents=summary.documents, citations=summary.citations,
        unresolved=summary.unresolved,
        failures=[Failure(path=printable(p), message=printable(m)) for p, m in summary.failures],
    )


def reload_backend(request: Request) -> None:
    """Swap in a backend that sees the graph now kept in the data dir (whichever backend is in use)."""
    app = request.app
    app.state.queries = app.state.queries.reload(Path(app.state.settings.data_dir))


async def ingest_and_reload(request: Request, paths: list[Path]) -> IngestReport:
    """Ingest and reload; the caller holds both locks."""
    settings: Settings = request.app.state.settings
    report = await run_in_threadpool(run_ingest, paths, Path(settings.data_dir))
    await run_in_threadpool(reload_backend, request)
    report.reloaded = True
    return report


@router.post("/documents", response_model=IngestReport, responses=UPLOAD_ERRORS, summary="Upload and ingest",
             openapi_extra=UPLOAD_BODY)
async def upload_documents(request: Request, ingest: bool = True) -> IngestReport:
    """Store the files under `uploads/` (collision-free names) and, unless `ingest=false`, ingest them."""
    settings: Settings = request.app.state.settings
    lock = request.app.state.ingest_lock
    if lock.locked():
        raise HTTPException(409, "an ingest is already running")
    async with lock:
        with store_lock(Path(settings.data_dir)), disk_errors():
            folder = upload_dir(settings)
            folder.mkdir(parents=True, exist_ok=True)
            files = await uploads.receive(request, folder, settings)
            faults.point("upload:received")
            names = uploads.place(folder, files)
            faults.point("upload:placed")
            if not ingest:
                return IngestReport(saved=names)
            report = await ingest_and_reload(request, [folder / name for name in names])
    report.saved = names
    return report


@router.post("/reingest", response_model=IngestReport, responses=AUTH_ERRORS, summary="Ingest uploads again")
async def reingest(request: Request) -> IngestReport:
    """Ingest every file under `uploads/` again (unchanged files change nothing) and reload."""
    settings: Settings = request.app.state.settings
    folder = upload_dir(settings)
    paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) \
        if folder.is_dir() else []
    if not paths:
        raise HTTPException(422, "nothing uploaded yet")
    lock = request.app.state.ingest_lock
    if lock.locked():
        raise HTTPException(409, "an ingest is already running")
    async with lock:
        with store_lock(Path(settings.data_dir)):
            return await ingest_and_reload(request, [folder])


@router.post("/reload", response_model=IngestReport, responses=AUTH_ERRORS, summary="Reload the backend")
async def reload(request: Request) -> IngestReport:
    """Re-read the graph kept in the data dir (networkx) or load it into Neo4j again."""
    lock = request.app.state.ingest_lock
    if lock.locked():
        raise HTTPException(409, "an ingest is already running")
    async with lock:
        await run_in_threadpool(reload_backend, request)
    return IngestReport(reloaded=True)
