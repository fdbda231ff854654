"""Answers gzip-compressed for the clients that accept it, untouched for the others.

Starlette's `GZipMiddleware` also wraps the answers of clients that do not accept gzip (to add
`Vary: Accept-Encoding`), and on the way compares each body with itself: for a memoryview body (a
commune coverage table sent from the snapshot's mapped file, 23 MB at 100,000 documents) that
comparison walks every byte, ~100 ms. Here those answers pass straight through, with the header added.
"""
from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

GZIP_MIN_BYTES = 1024  # smaller answers gain nothing from compression
# Level 5: level 9 costs about twice the CPU for a few % fewer bytes.
GZIP_LEVEL = 5


class CompressForGzipClients:
    """GZip for requests that accept it; the others' answers as the app sends them, plus `Vary`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif "gzip" in Headers(scope=scope).get("accept-encoding", ""):
            await self.gzip(scope, receive, send)
        else:
            async def send_varying(message: Message) -> None:
                if message["type"] == "http.response.start":
                    MutableHeaders(scope=message).add_vary_header("Accept-Encoding")
                await send(message)

            await self.app(scope, receive, send_varying)


__all__ = ["GZIP_LEVEL", "GZIP_MIN_BYTES", "CompressForGzipClients"]
