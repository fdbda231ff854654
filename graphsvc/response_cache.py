"""Hot read answers served from the backend's byte cache, before routing (issue 13: throughput).

A GET under `/api/documents/`, `/api/resolve`, `/api/search` or `/api/stats` is a pure function of the
loaded graph and of its path and query string. When the backend keeps a `response_cache`
(`queries.byte_cache.ByteLRU`, the snapshot backend: its graph never changes, a reload builds a new
backend with an empty cache; `StampedByteLRU`, the Neo4j backend: one cache per load stamp, the stamp
read once per request), the first 200 answer's status line headers and body are kept, and the next
identical request is answered from them without FastAPI's routing, validation, thread pool and JSON. The
answer is kept as sent (compressed for a client accepting gzip): the key says which.

Placed inside the security middlewares (trusted hosts, security headers still apply), and only when
reading is public: with `public_read` off every request goes through the API key check.
"""
from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queries.byte_cache import StampedByteLRU

CACHED_PREFIXES = ("/api/documents/", "/api/resolve", "/api/search", "/api/stats")


class ResponseCacheMiddleware:
    """Answers repeated GETs from `app.state.queries.response_cache` when the backend has one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = _cache_for(scope)
        if isinstance(cache, StampedByteLRU):  # the graph may have changed: the cache of the loaded one
            cache = await run_in_threadpool(cache.current)
        if cache is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), _accepts_gzip(scope))
        kept = cache.get(key)
        if kept is not None:  # (headers, body): the body is sent as kept, never copied
            await send({"type": "http.response.start", "status": 200, "headers": kept[0]})
            await send({"type": "http.response.body", "body": kept[1]})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        whole = True

        async def keep(message: Message) -> None:
            nonlocal whole
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                whole = whole and not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, keep)
        size = sum(map(len, chunks))
        if start.get("status") == 200 and whole and chunks and cache.fits(size):
            headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
            body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
            cache.put(key, (headers, bytes(body)), size + sum(len(k) + len(v) for k, v in headers))


def _accepts_gzip(scope: Scope) -> bool:
    """Whether the answer is sent compressed (the GZip middleware inside decides the same way)."""
    return "gzip" in Headers(scope=scope).get("accept-encoding", "")


def _cache_for(scope: Scope) -> Any:
    """The backend's response cache when this request may use it, else None."""
    if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(CACHED_PREFIXES):
        return None
    app = scope.get("app")
    state = getattr(app, "state", None)
    settings = getattr(state, "settings", None)
    if settings is None or not settings.public_read:
        return None
    return getattr(getattr(state, "queries", None), "response_cache", None)


__all__ = ["CACHED_PREFIXES", "ResponseCacheMiddleware"]
