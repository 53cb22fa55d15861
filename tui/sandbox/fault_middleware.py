"""ASGI middleware that plays the active faults of a `FaultBook` on matching requests.

It sits inside the request log (so faulted requests are logged with the status the
client saw) and never touches the sandbox's own `/_sandbox/` paths.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
import zlib
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui.sandbox.asgi_util import is_sandbox_path
from tui.sandbox.faults import Fault, FaultBook

DROP_MESSAGE = "ASGI callable returned without completing response."

LOGIN_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sign in | Celonis</title></head><body><main>"
    '<h1>Sign in</h1><form method="post" action="/login">'
    '<label>Email <input name="username" type="email"></label>'
    '<label>Password <input name="password" type="password"></label>'
    '<button type="submit">Sign in</button></form></main></body></html>'
)


class _CutShortNoise(logging.Filter):
    """Hides uvicorn's complaints about answers the sandbox cuts short on purpose:
    those of a drop fault, and those still waiting (a latency fault, say) when the
    server is stopped, which uvicorn cancels and would print as tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message == DROP_MESSAGE or message.startswith("Cancel "):
            return False
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, asyncio.CancelledError)


def quiet_cut_short_answers() -> None:
    """Install the filter on uvicorn's error logger once per process."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _CutShortNoise) for f in logger.filters):
        logger.addFilter(_CutShortNoise())


def default_status_body(status: int) -> dict[str, Any]:
    if status == 500:
        return {
            "title": "Internal error",
            "status": 500,
            "detail": "An unexpected error occurred. Contact support with the id.",
            "errorCode": "ADMIN_FATAL_ERROR",
            "supportId": uuid.uuid4().hex[:12].upper(),
        }
    if status == 429:
        return {
            "title": "Too Many Requests",
            "status": 429,
            "detail": "The rate limit for this API was exceeded.",
            "errorCode": "LIMIT_RATE_EXCEEDED",
        }
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"title": title, "status": status, "detail": "Injected by the sandbox."}


async def _respond(
    send: Send, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    raw_headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers
    ]
    raw_headers.append((b"content-length", str(len(body)).encode()))
    await send(
        {"type": "http.response.start", "status": status, "headers": raw_headers}
    )
    await send({"type": "http.response.body", "body": body})


async def _status(fault: Fault, send: Send) -> None:
    body = fault.body if fault.body is not None else default_status_body(fault.status)
    headers = [("content-type", "application/json"), *fault.headers]
    if fault.retry_after is not None:
        headers.append(("retry-after", fault.retry_after))
    await _respond(send, fault.status, headers, json.dumps(body).encode())


async def _drop(send: Send) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send(
        {"type": "http.response.body", "body": b'{"items": [{"id": ', "more_body": True}
    )


async def _wrong_content_type(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    async def relabel(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [
                (k, v) for k, v in message["headers"] if k.lower() != b"content-type"
            ]
            kept.append((b"content-type", b"text/plain; charset=utf-8"))
            message = {**message, "headers": kept}
        await send(message)

    await app(scope, receive, relabel)


OVERSIZE_CHUNK = 1024 * 1024


async def _oversize(fault: Fault, send: Send) -> None:
    """`fault.size` bytes labelled JSON, sent a megabyte at a time; gzipped when
    asked (`fault.layers` times over), so that a body of many megabytes is a few
    kilobytes on the wire."""
    headers = [(b"content-type", b"application/json")]
    layers = [
        zlib.compressobj(wbits=31) for _ in range(fault.layers if fault.gzip else 0)
    ]
    if layers:
        codings = ", ".join("gzip" for _ in layers)
        headers.append((b"content-encoding", codings.encode()))
    elif fault.announce:
        headers.append((b"content-length", str(fault.size).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    remaining = fault.size
    while remaining > 0:
        count = min(OVERSIZE_CHUNK, remaining)
        remaining -= count
        part = b"0" * count
        for layer in layers:
            part = layer.compress(part) + (b"" if remaining else layer.flush())
        message = {"type": "http.response.body", "body": part}
        await send({**message, "more_body": remaining > 0})


class FaultMiddleware:
    def __init__(self, app: ASGIApp, book: FaultBook) -> None:
        self.app = app
        self.book = book

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_sandbox_path(scope["path"]):
            await self.app(scope, receive, send)
            return

        fault = self.book.take(scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return

        if fault.kind == "latency":
            await asyncio.sleep(fault.seconds)
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await _status(fault, send)
        elif fault.kind == "drop":
            await _drop(send)
        elif fault.kind == "html":
            html = [("content-type", "text/html; charset=utf-8")]
            await _respond(send, 200, html, LOGIN_PAGE.encode())
        elif fault.kind == "wrong_content_type":
            await _wrong_content_type(self.app, scope, receive, send)
        elif fault.kind == "redirect":
            where = [("location", fault.location or "/")]
            await _respond(send, fault.status, where, b"")
        elif fault.kind == "oversize":
            await _oversize(fault, send)
        else:
            await self.app(scope, receive, send)
