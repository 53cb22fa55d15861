"""`build_app(state)`: the Starlette application the sandbox server runs.

Middleware, outermost first: the request log, then fault injection. Unknown paths
and methods answer JSON errors like the rest of the API.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from tui.sandbox import (
    admin,
    admin_faults,
    authorization,
    oauth,
    orchestration,
    pacman,
    permission_editor,
    studio,
)
from tui.sandbox.fault_middleware import FaultMiddleware
from tui.sandbox.request_log import RequestLogMiddleware
from tui.sandbox.state import SandboxState

MAX_BODY_BYTES = 1024 * 1024


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    key = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(status, "ERROR")
    information = error.detail if isinstance(error, HTTPException) else "Server error"
    body = {"frontendErrorKey": key, "errorInformation": information}
    headers = getattr(error, "headers", None)
    return JSONResponse(body, status_code=status, headers=headers)


def build_app(state: SandboxState) -> Starlette:
    routes: list[BaseRoute] = [
        *oauth.routes(state),
        *studio.routes(state),
        *pacman.routes(state),
        *authorization.routes(state),
        *orchestration.routes(state),
        *admin.routes(state),
        *admin_faults.routes(state),
        *permission_editor.routes(state),
    ]
    middleware = [
        Middleware(RequestLogMiddleware, log=state.request_log, tokens=state.tokens),
        Middleware(FaultMiddleware, book=state.faults),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error},
        max_body_size=MAX_BODY_BYTES,
    )
