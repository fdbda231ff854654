"""Hardening of the service: security headers, bounded request bodies, API keys, safe file names.

The two middlewares are plain ASGI (no `BaseHTTPMiddleware`), so they add almost nothing per request.
"""
from __future__ import annotations

import contextlib
import hmac
import re
import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_KEY_HEADER = "x-api-key"

# Scripts come from the app only (page code lives in static files, data in JSON blocks);
# vis-network and Swagger UI set inline styles, hence 'unsafe-inline' for styles alone.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds `SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """Raised inside `receive` when a body passes its bound."""


class BodyLimitMiddleware:
    """Refuses request bodies over a bound (413): by Content-Length, and by counting streamed bytes.

    `limit_for(path)` gives the bound of a path (uploads get a larger one than queries).
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reject(send, 400, b'{"detail":"invalid Content-Length"}')
                    return
                if declared > limit:
                    await _reject(send, 413, b'{"detail":"request body too large"}')
                    return
        received = 0
        started = exceeded = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's own answer to the aborted body (FastAPI says 400) is replaced below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counting_receive, guarded_send)
        if exceeded and not started:
            await _reject(send, 413, b'{"detail":"request body too large"}')


async def _reject(send: Send, status: int, body: bytes) -> None:
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


def key_matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; an unset expected key matches nothing."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_api_key(request: Request) -> None:
    """Dependency of writing endpoints: 403 when writing is off (no key configured), 401 on a bad key."""
    expected = request.app.state.settings.api_key
    if not expected:
        raise HTTPException(status_code=403, detail="writing is disabled: set CPGRAPH_API_KEY")
    if not key_matches(request.headers.get(API_KEY_HEADER), expected):
        raise HTTPException(status_code=401, detail="missing or wrong API key (header X-API-Key)")


def require_read_access(request: Request) -> None:
    """Dependency of reading endpoints: open when `public_read`, else the API key is needed."""
    settings = request.app.state.settings
    if settings.public_read:
        return
    if not key_matches(request.headers.get(API_KEY_HEADER), settings.api_key):
        raise HTTPException(status_code=401, detail="reading needs the API key (header X-API-Key)")


# Characters kept in a stored file name: letters/digits of any script, dot, dash, underscore.
UNSAFE_FILENAME_CHARS = re.compile(r"[^\w.\-]+", re.UNICODE)
# Runs of dots (`..`), which must never survive into a name.
DOT_RUNS = re.compile(r"\.{2,}")
# Filler (`_`, `-`) left just before the suffix's dot by replaced characters: `bản cuối_.txt`.
FILLER_BEFORE_DOT = re.compile(r"[_\-]+\.")
MAX_FILENAME_CHARS = 120
# Bytes of a stored name in UTF-8 (file systems allow 255; `-` and 12 hex digits may be added to it).
MAX_FILENAME_BYTES = 200


def sanitize_filename(name: str) -> str:
    """A safe base name for an uploaded file: no directories, no traversal, no control characters.

    >>> sanitize_filename("../../etc/passwd")
    'passwd'
    >>> sanitize_filename("C:\\\\x\\\\Kế hoạch 60.txt")
    'Kế_hoạch_60.txt'
    >>> sanitize_filename("..")
    'upload'
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE_FILENAME_CHARS.sub("_", name)
    name = DOT_RUNS.sub(".", name)
    name = FILLER_BEFORE_DOT.sub(".", name).strip("._-")
    if len(name) > MAX_FILENAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_FILENAME_CHARS - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 10 \
            else name[:MAX_FILENAME_CHARS]
    while len(name.encode("utf-8")) > MAX_FILENAME_BYTES:  # Vietnamese letters take 2-3 bytes each
        stem, dot, suffix = name.rpartition(".")
        name = stem[:-1] + dot + suffix if dot and len(suffix) < 10 and len(stem) > 1 else name[:-1]
    return name or "upload"
