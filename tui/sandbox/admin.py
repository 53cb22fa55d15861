"""The sandbox's own admin calls under `/_sandbox/` (these are NOT Celonis APIs).

They need no authentication and exist so tests and demos can shape the team:
register or rotate a client, simulate the "grant package permissions" step of the
Celonis UI (optionally delayed), read the state and the request log, and change
the token lifetime. No answer ever contains a client secret or an access token.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint, read_json_object
from tui.sandbox.errors import simple_error
from tui.sandbox.model import AUTH_METHODS, Client
from tui.sandbox.seed import grant_actions
from tui.sandbox.state import SandboxState


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{name}' must be a non-empty string")
    return value


def parse_client(data: dict[str, Any]) -> Client:
    """Validate a `POST /_sandbox/clients` body."""
    client_id = _text(data, "client_id")
    secret = _text(data, "client_secret")

    method = data.get("auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        raise ValueError(f"'auth_method' must be one of {', '.join(AUTH_METHODS)}")

    scopes = data.get("scopes", [])
    if not isinstance(scopes, list) or not all(
        isinstance(s, str) and s and not any(c.isspace() for c in s) for s in scopes
    ):
        raise ValueError("'scopes' must be a list of scope strings without spaces")

    admin = data.get("admin", False)
    if not isinstance(admin, bool):
        raise ValueError("'admin' must be true or false")

    name = data.get("name", client_id)
    if not isinstance(name, str):
        raise ValueError("'name' must be a string")
    return Client(client_id, secret, name, method, tuple(scopes), admin)


def _clients(state: SandboxState) -> Endpoint:
    async def register(request: Request) -> Response:
        try:
            client = parse_client(await read_json_object(request))
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))

        state.register_client(client)
        return JSONResponse(client.public(), status_code=201)

    return register


def _grants(state: SandboxState) -> Endpoint:
    async def grant(request: Request) -> Response:
        try:
            data = await read_json_object(request)
            principal = data.get("client_id", data.get("principal_id"))
            if not isinstance(principal, str) or not principal:
                raise ValueError("give 'client_id' or 'principal_id'")
            key = _text(data, "package_key")
            actions = grant_actions(data, "grant")
            delay = data.get("delay_seconds", 0)
            if (
                isinstance(delay, bool)
                or not isinstance(delay, int | float)
                or delay < 0
            ):
                raise ValueError("'delay_seconds' must be a number >= 0")
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))

        if state.package(key) is None:
            return simple_error(404, "not_found", f"no package with key '{key}'")
        if not state.has_principal(principal):
            return simple_error(404, "not_found", f"no principal with id '{principal}'")

        try:
            granted = state.grant(principal, key, actions, float(delay))
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))

        body = {
            "principal_id": principal,
            "package_key": key,
            "actions": list(granted),
            "delay_seconds": float(delay),
        }
        return JSONResponse(body, status_code=201)

    return grant


def _state(state: SandboxState) -> Endpoint:
    async def snapshot(request: Request) -> Response:
        return JSONResponse(state.snapshot())

    return snapshot


def _requests(state: SandboxState) -> Endpoint:
    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            state.request_log.clear()
            return Response(status_code=204)
        return JSONResponse(state.request_log.entries())

    return requests


def _settings(state: SandboxState) -> Endpoint:
    async def settings(request: Request) -> Response:
        try:
            data = await read_json_object(request)
            lifetime = data.get("token_lifetime_seconds")
            if isinstance(lifetime, bool) or not isinstance(lifetime, int | float):
                raise ValueError("'token_lifetime_seconds' must be a number")
            state.token_lifetime_seconds = float(lifetime)
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))
        return JSONResponse({"token_lifetime_seconds": state.token_lifetime_seconds})

    return settings


def routes(state: SandboxState) -> list[Route]:
    return [
        Route("/_sandbox/clients", _clients(state), methods=["POST"]),
        Route("/_sandbox/grants", _grants(state), methods=["POST"]),
        Route("/_sandbox/state", _state(state), methods=["GET"]),
        Route("/_sandbox/requests", _requests(state), methods=["GET", "DELETE"]),
        Route("/_sandbox/settings", _settings(state), methods=["POST"]),
    ]
