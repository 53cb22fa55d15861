"""The Permissions Export API: every grant of the team, read-only.

Needs the `authorization.permissions:read` scope; answers 204 with an empty body
when the team holds no grants at all.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint
from tui.sandbox.bearer import authorize
from tui.sandbox.state import SandboxState
from tui.sandbox.transports import permission_export_entry

PERMISSIONS_SCOPE = "authorization.permissions:read"


def _permissions(state: SandboxState) -> Endpoint:
    async def permissions(request: Request) -> Response:
        token = authorize(request, state, PERMISSIONS_SCOPE)
        if isinstance(token, Response):
            return token

        entries = state.grant_entries()
        if not entries:
            return Response(status_code=204)
        body = {"permissions": [permission_export_entry(e) for e in entries]}
        return JSONResponse(body)

    return permissions


def routes(state: SandboxState) -> list[Route]:
    return [
        Route(
            "/api/authorization/external/permissions",
            _permissions(state),
            methods=["GET"],
        )
    ]
