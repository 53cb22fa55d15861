"""Studio package-manager endpoints: spaces, packages, the node tree, one node.

OAuth tokens need the `studio` scope. A team-admin client sees every package with
all actions; any other client sees only the packages it holds some action on, and
each node carries the caller's actions in `permissions`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint
from tui.sandbox.bearer import authorize
from tui.sandbox.errors import access_denied, bad_request, not_found
from tui.sandbox.model import ALL_ACTIONS
from tui.sandbox.state import SandboxState
from tui.sandbox.transports import asset_node, package_node, space_transport

STUDIO_SCOPE = "studio"
VIEWER_SPACE_ACTIONS = ("READ",)


def _spaces(state: SandboxState) -> Endpoint:
    async def spaces(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        visible = state.visible_packages(token.client_id)
        space_ids = {package.space_id for package, _ in visible}
        client = state.client(token.client_id)
        actions = ALL_ACTIONS if client and client.admin else VIEWER_SPACE_ACTIONS
        return JSONResponse(
            [
                space_transport(space, actions)
                for space in state.spaces()
                if space.id in space_ids
            ]
        )

    return spaces


def _packages(state: SandboxState) -> Endpoint:
    async def packages(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        visible = state.visible_packages(token.client_id)
        return JSONResponse([package_node(p, actions) for p, actions in visible])

    return packages


def _tree(state: SandboxState) -> Endpoint:
    async def tree(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        space_id = request.query_params.get("spaceId")
        if not space_id:
            return bad_request("Query parameter 'spaceId' is required.")

        nodes: list[dict[str, Any]] = []
        for package, actions in state.visible_packages(token.client_id):
            if package.space_id != space_id:
                continue
            nodes.append(package_node(package, actions))
            nodes.extend(asset_node(package, a, actions) for a in package.assets)
        return JSONResponse(nodes)

    return tree


def _node(state: SandboxState) -> Endpoint:
    async def node(request: Request) -> Response:
        token = authorize(request, state, STUDIO_SCOPE)
        if isinstance(token, Response):
            return token

        node_id = request.path_params["node_id"]
        found = state.node(node_id)
        if found is None:
            return not_found(f"No node with id '{node_id}'.")

        package, asset = found
        actions = state.caller_actions(token.client_id, package.key)
        if not actions:
            return access_denied("You do not have permission to access this node.")
        if asset is None:
            return JSONResponse(package_node(package, actions))
        return JSONResponse(asset_node(package, asset, actions))

    return node


def routes(state: SandboxState) -> list[Route]:
    prefix = "/package-manager/api"
    return [
        Route(f"{prefix}/spaces", _spaces(state), methods=["GET"]),
        Route(f"{prefix}/packages", _packages(state), methods=["GET"]),
        Route(f"{prefix}/nodes/tree", _tree(state), methods=["GET"]),
        Route(f"{prefix}/nodes/{{node_id}}", _node(state), methods=["GET"]),
    ]
