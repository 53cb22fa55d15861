"""Bearer-token checks shared by every API endpoint of the sandbox."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from tui.sandbox.errors import insufficient_scope, invalid_token
from tui.sandbox.model import Token
from tui.sandbox.request_log import note_caller
from tui.sandbox.state import SandboxState


def authorize(
    request: Request, state: SandboxState, scope: str | None = None
) -> Token | JSONResponse:
    """The caller's live token, or the 401/403 response to send instead.

    `scope` is the OAuth scope the endpoint needs; None accepts any valid token.
    """
    authorization = request.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return invalid_token("Send 'Authorization: Bearer <access token>'.")

    token = state.tokens.lookup(value.strip())
    if token is None:
        note_caller(request.scope, "bearer", state.tokens.owner(value.strip()))
        return invalid_token("The access token is unknown or has expired.")

    note_caller(request.scope, "bearer", token.client_id)
    if scope is not None and scope not in token.scopes:
        return insufficient_scope(scope)
    return token
