"""`/_sandbox/permissions/{packageKey}`: the sandbox's own package-permission API.

A real Celonis team has no public write API for package permissions; this one
exists so the app's edit-save-verify loop can run over HTTP against the sandbox.
`GET` lists every principal (users, groups, all registered clients) with its actions
on the package and a version that bumps on every change. `PUT` takes
`{"expected_version", "principal_id", "actions"}` and is allowed to clients holding
MANAGE on the package or registered as admin; a stale version answers 409.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint, read_json_object
from tui.sandbox.bearer import authorize
from tui.sandbox.errors import access_denied, not_found, simple_error
from tui.sandbox.model import VersionConflict, normalize_actions
from tui.sandbox.seed import grant_actions
from tui.sandbox.state import SandboxState


def _edit(
    data: dict[str, Any], state: SandboxState
) -> tuple[int, str, tuple[str, ...]]:
    """Validate a PUT body into (expected_version, principal_id, actions)."""
    version = data.get("expected_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError("'expected_version' must be an integer")

    principal = data.get("principal_id")
    if not isinstance(principal, str) or not principal:
        raise ValueError("'principal_id' must be a non-empty string")
    if not state.has_principal(principal):
        raise ValueError(f"no user, group or client with id '{principal}'")

    actions = grant_actions(data, "permissions") if data.get("template") else None
    if actions is None:
        raw = data.get("actions")
        if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
            raise ValueError("'actions' must be a list of action names")
        actions = tuple(raw)
    return version, principal, normalize_actions(actions)


def _permissions(state: SandboxState) -> Endpoint:
    async def permissions(request: Request) -> Response:
        token = authorize(request, state)
        if isinstance(token, Response):
            return token

        key = request.path_params["package_key"]
        if state.package(key) is None:
            return not_found(f"No package with key '{key}'.")
        if request.method == "GET":
            return JSONResponse(state.permission_sheet(key).transport())

        client = state.client(token.client_id)
        is_admin = client is not None and client.admin
        if not is_admin and "MANAGE" not in state.caller_actions(token.client_id, key):
            return access_denied(
                f"Changing permissions of package '{key}' needs MANAGE on it."
            )

        try:
            version, principal, actions = _edit(await read_json_object(request), state)
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))

        try:
            sheet = state.set_permissions(key, principal, actions, version)
        except VersionConflict as conflict:
            body = {
                "error": "conflict",
                "error_description": "The permissions changed since they were read.",
                "current_version": conflict.current_version,
            }
            return JSONResponse(body, status_code=409)
        return JSONResponse(sheet.transport())

    return permissions


def routes(state: SandboxState) -> list[Route]:
    return [
        Route(
            "/_sandbox/permissions/{package_key}",
            _permissions(state),
            methods=["GET", "PUT"],
        )
    ]
