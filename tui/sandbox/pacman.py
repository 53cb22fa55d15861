"""Pacman (configuration-management) endpoints: the export list and package nodes.

Like the real service, the export list silently leaves out packages the caller may
not edit, and single-package calls need EDIT. The nodes list is paged with
`limit` (default 100, at most 500) and `offset`; an empty page ends it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint
from tui.sandbox.bearer import authorize
from tui.sandbox.errors import access_denied, bad_request, not_found
from tui.sandbox.state import SandboxState
from tui.sandbox.transports import export_entry, pacman_node

STUDIO_SCOPE = "studio"
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _export_list(state: SandboxState) -> Endpoint:
    async def export_list(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        flavors = request.query_params.getlist("flavors")
        if flavors and "STUDIO" not in flavors:
            return JSONResponse([])

        return JSONResponse(
            [
                export_entry(package)
                for package, actions in state.visible_packages(token.client_id)
                if "EDIT" in actions
            ]
        )

    return export_list


def _paging(request: Request) -> tuple[int, int]:
    """Return (limit, offset); ValueError says which parameter is bad."""
    values = []
    for name, default in (("limit", DEFAULT_LIMIT), ("offset", 0)):
        raw = request.query_params.get(name)
        try:
            value = default if raw in (None, "") else int(raw)
        except ValueError:
            raise ValueError(f"Query parameter '{name}' must be an integer.") from None
        if value < (1 if name == "limit" else 0):
            raise ValueError(f"Query parameter '{name}' is out of range.")
        values.append(value)
    return min(values[0], MAX_LIMIT), values[1]


def _nodes(state: SandboxState) -> Endpoint:
    async def nodes(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        key = request.path_params["package_key"]
        package = state.package(key)
        if package is None:
            return not_found(f"No package with key '{key}'.")
        if "EDIT" not in state.caller_actions(token.client_id, key):
            return access_denied("Access is Denied")

        try:
            limit, offset = _paging(request)
        except ValueError as error:
            return bad_request(str(error))

        page = package.assets[offset : offset + limit]
        return JSONResponse([pacman_node(package, asset) for asset in page])

    return nodes


def routes(state: SandboxState) -> list[Route]:
    return [
        Route(
            "/pacman/api/core/staging/packages/export/list",
            _export_list(state),
            methods=["GET"],
        ),
        Route(
            "/pacman/api/core/packages/{package_key}/nodes",
            _nodes(state),
            methods=["GET"],
        ),
    ]
