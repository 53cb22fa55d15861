"""The request log behind `GET /_sandbox/requests`, and the ASGI middleware filling it.

Each entry is `{method, path, status, auth, client_id}`: the path without its query
string, how the caller authenticated (`basic`, `post`, `bearer` or `none`) and which
client that was. Secrets, tokens and query values never reach the log. The sandbox's
own `/_sandbox/` admin calls are not logged, except the permission editor, which the
app calls like an API.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Any

from tui.sandbox.client_auth import basic_client_id
from tui.sandbox.scope_util import header, is_sandbox_path
from tui.sandbox.tokens import TokenStore

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

CALLER_KEY = "sandbox.caller"
LOGGED_ADMIN = "/_sandbox/permissions/"


def note_caller(scope: Scope, auth: str, client_id: str | None) -> None:
    """Let a handler tell the log how the caller authenticated."""
    scope[CALLER_KEY] = (auth, client_id)


class RequestLog:
    """A bounded, thread-safe list of request summaries."""

    def __init__(self, limit: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit)

    def add(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _caller_from_headers(scope: Scope, tokens: TokenStore) -> tuple[str, str | None]:
    authorization = header(scope, b"authorization")
    if authorization is None:
        return "none", None

    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "basic":
        return "basic", basic_client_id(authorization)
    if scheme.lower() == "bearer":
        return "bearer", tokens.owner(value.strip())
    return "none", None


class RequestLogMiddleware:
    """Outermost middleware: records every API request once its status is known."""

    def __init__(self, app: ASGIApp, log: RequestLog, tokens: TokenStore) -> None:
        self.app = app
        self.log = log
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if scope["type"] == "http" else ""
        if not path or (is_sandbox_path(path) and not path.startswith(LOGGED_ADMIN)):
            await self.app(scope, receive, send)
            return

        status: int | None = None

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            auth, client_id = scope.get(CALLER_KEY) or _caller_from_headers(
                scope, self.tokens
            )
            self.log.add(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "auth": auth,
                    "client_id": client_id,
                }
            )
