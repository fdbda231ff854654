"""Writing endpoints (API key required): upload documents to ingest, re-ingest, reload the backend.

Uploads are bounded in count, size and type; names are sanitised (no path traversal) and files are
kept under `DATA_DIR/uploads/`. Ingests run one at a time in a worker thread; reads go on against
the previous graph until the new backend is swapped in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from graphsvc.security import require_api_key, sanitize_filename
from graphsvc.settings import Settings

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_api_key)])

UPLOAD_DIR = "uploads"
CHUNK_BYTES = 64 * 1024

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong API key"},
    403: {"description": "writing disabled (no API key configured)"},
    409: {"description": "another ingest is running"},
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


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3` … before the suffix when already taken in this request."""
    if name not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    n = 2
    while True:
        candidate = f"{stem}-{n}{dot}{suffix}"
        if candidate not in taken:
            return candidate
        n += 1


async def save_upload(upload: UploadFile, target: Path, max_bytes: int) -> None:
    """Copy an upload to `target` in chunks, refusing (413) past `max_bytes`; no partial file is left."""
    size = 0
    tmp = target.with_name(target.name + ".part")
    try:
        with open(tmp, "wb") as out:
            while chunk := await upload.read(CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:
                    raise HTTPException(413, f"{target.name}: larger than {max_bytes} bytes")
                out.write(chunk)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def check_uploads(files: list[UploadFile], settings: Settings) -> list[str]:
    """Safe, distinct stored names for the uploads; 413 for too many files, 415 for a refused type."""
    if not files:
        raise HTTPException(422, "no file uploaded")
    if len(files) > settings.max_upload_files:
        raise HTTPException(413, f"at most {settings.max_upload_files} files per request")
    names: list[str] = []
    for upload in files:
        name = sanitize_filename(upload.filename or "")
        suffix = Path(name).suffix.lower()
        if suffix not in settings.allowed_suffixes:
            allowed = " ".join(settings.allowed_suffixes)
            raise HTTPException(415, f"{name}: type not accepted (allowed: {allowed})")
        names.append(unique_name(name, set(names)))
    return names


def run_ingest(paths: list[Path], data_dir: Path) -> IngestReport:
    """Call the ingest pipeline (blocking; runs in a worker thread)."""
    from ingest.pipeline import ingest

    # workers=1: no process pool forked from this multi-threaded server (a fork can inherit held locks)
    summary = ingest(paths, data_dir, workers=1)
    return IngestReport(
        files_read=summary.files_read, documents=summary.documents, citations=summary.citations,
        unresolved=summary.unresolved,
        failures=[Failure(path=str(p), message=str(m)) for p, m in summary.failures],
    )


def reload_backend(request: Request) -> None:
    """Swap in a backend that sees the current graph (networkx: re-read `graph.json`)."""
    app = request.app
    settings: Settings = app.state.settings
    if settings.backend == "neo4j":
        from ingest.export import load_export as read_export
        from ingest.store import GRAPH_FILE
        from queries.neo4j_loader import load_export

        graph_file = Path(settings.data_dir) / GRAPH_FILE
        if graph_file.exists():  # make the database hold exactly the kept graph
            load_export(app.state.queries.driver, read_export(graph_file), settings.neo4j_database)
        return
    from graphsvc.app import load_networkx

    app.state.queries = load_networkx(Path(settings.data_dir))


async def ingest_and_reload(request: Request, paths: list[Path]) -> IngestReport:
    lock = request.app.state.ingest_lock
    if lock.locked():
        raise HTTPException(409, "an ingest is already running")
    async with lock:
        settings: Settings = request.app.state.settings
        report = await run_in_threadpool(run_ingest, paths, Path(settings.data_dir))
        await run_in_threadpool(reload_backend, request)
        report.reloaded = True
        return report


@router.post("/documents", response_model=IngestReport, responses=AUTH_ERRORS, summary="Upload and ingest")
async def upload_documents(
    request: Request,
    files: Annotated[list[UploadFile], File(description="documents: .txt .md .docx .pdf .html")],
    ingest: bool = True,
) -> IngestReport:
    """Store the files under `uploads/` (sanitised names) and, unless `ingest=false`, ingest them."""
    settings: Settings = request.app.state.settings
    names = check_uploads(files, settings)
    folder = upload_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / name for name in names]
    for upload, target in zip(files, targets, strict=True):
        await save_upload(upload, target, settings.max_upload_bytes)
    if not ingest:
        return IngestReport(saved=names)
    report = await ingest_and_reload(request, targets)
    report.saved = names
    return report


@router.post("/reingest", response_model=IngestReport, responses=AUTH_ERRORS, summary="Ingest uploads again")
async def reingest(request: Request) -> IngestReport:
    """Ingest every file under `uploads/` again (unchanged files change nothing) and reload."""
    folder = upload_dir(request.app.state.settings)
    paths = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not paths:
        raise HTTPException(422, "nothing uploaded yet")
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
