"""Security at the web edge: response headers, request size limit, write guard.

- :class:`SecurityHeaders` adds a Content-Security-Policy (scripts and
  styles from this server only, no inline script, no framing) and the
  usual companions to every response.
- :class:`BodyLimit` refuses a request body larger than the limit with a
  413 JSON error before the app sees it (declared ``Content-Length`` is
  checked first; bodies without one are counted as they arrive).
- :func:`write_allowed` decides whether a request may write to the store:
  the server runs with ``--allow-writes``, or the request carries
  ``Authorization: Bearer <CLAIMGRAPH_TOKEN>``.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def error_body(status: int, message: str) -> bytes:
    """The JSON error object every error response carries."""
    return json.dumps({"error": {"status": status, "message": message}}).encode()


class SecurityHeaders:
    """ASGI middleware: add :data:`HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: answer 413 when a request body exceeds ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)
            return
        # Read the body now (it is at most max_bytes) and replay it to the app.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = error_body(
            413,
            f"request body larger than the {self.max_bytes}-byte limit; send a smaller "
            "article (the server's limit is CLAIMGRAPH_MAX_BYTES)",
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def write_allowed(headers: Mapping[str, str], *, allow_writes: bool, token: str) -> bool:
    """Whether a request with ``headers`` may write to the store."""
    if allow_writes:
        return True
    if not token:
        return False
    auth = headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


WRITE_REFUSED = (
    "writes are disabled on this server: start it with 'claimgraph serve --allow-writes', "
    "or set CLAIMGRAPH_TOKEN on the server and send 'Authorization: Bearer <token>'"
)
