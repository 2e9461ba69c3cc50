"""Headers every response carries, and reading a request body without trusting its size.

The page handles drafts that may contain personal or confidential information, so the
browser is told to load nothing from elsewhere, run no inline script, send no referrer
and keep no copy of any answer.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    # 'self' only: no CDN, no external fonts, no inline script or style to smuggle markup into.
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # A checked draft must not linger in a shared computer's cache or a proxy.
    "Cache-Control": "no-store",
}


class SecurityHeaders:
    """Pure ASGI middleware (not BaseHTTPMiddleware) so streamed and error responses get them too."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or `BodyTooLarge` as soon as it passes `limit` bytes.

    Content-Length is checked first, but a chunked body has none and a client may lie, so
    the stream is counted as well and never buffered beyond the limit.
    """
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
