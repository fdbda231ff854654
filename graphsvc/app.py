"""The FastAPI application factory: JSON API under /api, HTML pages, static files, OpenAPI at /docs.

`create_app(settings, queries)` builds an app; its lifespan opens the backend named by the settings
(networkx: the graph kept in the data dir; neo4j: a driver, closed on shutdown) unless a ready
`queries` object is given. Routes reach the backend through the `get_queries` dependency.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware
from swagger_ui_bundle import swagger_ui_path

from graphsvc.compression import CompressForGzipClients
from graphsvc.response_cache import ResponseCacheMiddleware
from graphsvc.routers.deps import get_queries, run_query  # noqa: F401  (re-exported)
from graphsvc.routes import ROUTERS, render_error, render_not_found
from graphsvc.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from graphsvc.settings import Settings
from graphsvc.view import STATIC_DIR, VIS_DIR
from ingest.store import StoreDamaged
from ingest.workers import start_forkserver
from queries.interface import DocumentNotFound, GraphQueries
from queries.neo4j_backend import Neo4jQueries
from queries.neo4j_catalog import preload
from queries.snapshot_backend import SnapshotQueries

GUIDE_DIR = STATIC_DIR / "neo4j-guide"
UPLOAD_PATH_PREFIX = "/api/admin/"


def open_backend(settings: Settings) -> tuple[GraphQueries, Callable[[], None] | None]:
    """The query backend named by the settings, and how to close it (or None)."""
    if settings.backend == "neo4j":
        import neo4j  # heavy: the driver is slow to import; loaded only when the service uses Neo4j

        driver = neo4j.GraphDatabase.driver(
            settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password),
        )
        # The data dir's serving snapshot is the catalog when Neo4j holds that very graph (checked per
        # load stamp: `queries.neo4j_catalog`); read here, once, unless preloaded before a fork.
        queries = Neo4jQueries(driver, settings.neo4j_database, data_dir=settings.data_dir)
        preload(settings.data_dir)
        return queries, driver.close
    return load_networkx(settings.data_dir), None


def load_networkx(data_dir: Path) -> GraphQueries:
    """The embedded backend over the graph kept in `data_dir` (empty when nothing was ingested): its
    serving snapshot (queries.snapshot), answering as the networkx backend does."""
    backend: GraphQueries = SnapshotQueries.from_data_dir(Path(data_dir))
    return backend


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path not in ("/openapi.json",)


async def _not_found(request: Request, exc: Exception) -> Response:
    """404 with "did you mean" suggestions: JSON under /api, an HTML page elsewhere."""
    assert isinstance(exc, DocumentNotFound)
    if _wants_html(request):
        return render_not_found(request, exc.doc_id, exc.suggestions)
    return JSONResponse(
        status_code=404,
        content={"detail": f"document not found: {exc.doc_id}", "suggestions": exc.suggestions},
    )


async def _bad_value(request: Request, exc: Exception) -> Response:
    """A backend refusing a parameter value (ValueError) is a 422, like FastAPI's own validation."""
    return JSONResponse(status_code=422, content={"detail": str(exc)})


async def _bad_params_page(request: Request, exc: Exception) -> Response:
    """Validation errors: FastAPI's JSON under /api, a short HTML page for pages."""
    assert isinstance(exc, RequestValidationError)
    if _wants_html(request):
        return render_error(request, 422, "Tham số không hợp lệ (invalid parameters)")
    return await request_validation_exception_handler(request, exc)


def body_limit_for(settings: Settings) -> Callable[[str], int]:
    """Body bound of a path: uploads may be large, everything else is small."""
    upload_limit = settings.upload_body_limit()

    def limit_for(path: str) -> int:
        return upload_limit if path.startswith(UPLOAD_PATH_PREFIX) else settings.max_body_bytes

    return limit_for


def create_app(settings: Settings | None = None, queries: GraphQueries | None = None) -> FastAPI:
    """Build the service. `settings` default to the environment; `queries` to the configured backend."""
    settings = settings if settings is not None else Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        close: Callable[[], None] | None = None
        if settings.api_key:  # uploads are ingested by worker processes of a forkserver started from here
            start_forkserver()
        if app.state.queries is None:
            app.state.queries, close = await run_in_threadpool(open_backend, settings)
        try:
            yield
        finally:
            if close is not None:
                close()

    app = FastAPI(
        title="cpgraph",
        summary="Citation knowledge graph of Vietnamese child-protection law",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by the pages router (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.queries = queries
    app.state.ingest_lock = asyncio.Lock()

    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(DocumentNotFound, _not_found)
    app.add_exception_handler(ValueError, _bad_value)
    app.add_exception_handler(RequestValidationError, _bad_params_page)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
    app.mount("/vendor/vis", StaticFiles(directory=VIS_DIR), name="vendor-vis")  # from the pyvis package
    if GUIDE_DIR.is_dir():
        app.mount("/guide", StaticFiles(directory=GUIDE_DIR, html=True), name="guide")
    app.add_exception_handler(StoreDamaged, _store_damaged)
    # innermost: answers compressed for clients that accept gzip (browsers do: a district coverage table
    # of 4 MB travels as ~0.3 MB)
    app.add_middleware(CompressForGzipClients)
    # then repeated reads answered from the backend's byte cache (as sent: compressed or not), inside
    # the security middlewares
    app.add_middleware(ResponseCacheMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit_for(settings))
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.host_allow_list())
    app.add_middleware(SecurityHeadersMiddleware)
    return app


async def _store_damaged(request: Request, exc: Exception) -> Response:
    """A damaged data dir found while reloading: say so (503), keep serving the graph already loaded."""
    return JSONResponse(status_code=503, content={"detail": str(exc)})
