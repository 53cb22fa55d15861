"""Orchestration Engine: `POST /oe/api/packages/{packageKey}/signals`.

A signal starts a Process Orchestration. The caller needs the `orchestration-engine`
scope and both USE and EDIT on the package; `ce-type` must name one of the package's
event types and the body must be JSON. Each accepted signal is recorded in the state.
The real response body is not documented; the sandbox answers 202 `{instanceId}`.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint
from tui.sandbox.bearer import authorize
from tui.sandbox.errors import access_denied, not_found, simple_error
from tui.sandbox.state import SandboxState

OE_SCOPE = "orchestration-engine"
NEEDED_ACTIONS = ("USE", "EDIT")


def _signals(state: SandboxState) -> Endpoint:
    async def signals(request: Request) -> Response:
        token = authorize(request, state, OE_SCOPE)
        if isinstance(token, Response):
            return token

        key = request.path_params["package_key"]
        package = state.package(key)
        if package is None:
            return not_found(f"No package with key '{key}'.")

        held = state.caller_actions(token.client_id, key)
        missing = [action for action in NEEDED_ACTIONS if action not in held]
        if missing:
            return access_denied(
                f"Starting a process on package '{key}' needs USE and EDIT; "
                f"the caller lacks {' and '.join(missing)}."
            )

        event_type = request.headers.get("ce-type", "")
        if event_type not in package.event_types:
            known = ", ".join(package.event_types) or "none"
            return simple_error(
                400,
                "unknown_event_type",
                f"Package '{key}' has no event type '{event_type}' (known: {known}).",
            )

        content_type = request.headers.get("content-type", "").lower()
        try:
            if "json" not in content_type:
                raise ValueError("not JSON")
            payload = json.loads(await request.body())
        except ValueError:
            return simple_error(
                400,
                "invalid_body",
                "The body must be JSON sent as Content-Type: application/json.",
            )

        instance_id = state.record_signal(key, event_type, token.client_id, payload)
        return JSONResponse({"instanceId": instance_id}, status_code=202)

    return signals


def routes(state: SandboxState) -> list[Route]:
    return [
        Route(
            "/oe/api/packages/{package_key}/signals", _signals(state), methods=["POST"]
        )
    ]
