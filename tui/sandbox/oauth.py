"""OAuth endpoints: the client-credentials token endpoint, discovery, and the team.

`POST /oauth2/token` takes its parameters from the query string and from a
form-urlencoded or multipart body (the Celonis docs show all three). Each client is
registered for one authentication method and the other is refused as invalid_client.
An empty scope grants every scope the client is registered for.
"""

from __future__ import annotations

import hmac

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint
from tui.sandbox.bearer import authorize
from tui.sandbox.client_auth import ClientAuthError, presented_credentials
from tui.sandbox.errors import NO_STORE, invalid_client, oauth_error
from tui.sandbox.model import AUTH_METHODS
from tui.sandbox.request_log import note_caller
from tui.sandbox.state import SandboxState

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
AUTH_FAILED = "Client authentication failed."
KNOWN_SCOPES = (
    "orchestration-engine",
    "studio",
    "knowledge-models:query",
    "knowledge-models.augmented-attributes:update",
    "triggers:manage",
    "package-manager",
    "authorization.permissions:read",
)


class BadTokenRequest(Exception):
    """The token request is malformed (RFC 6749 invalid_request)."""


async def _token_params(request: Request) -> dict[str, str]:
    pairs: list[tuple[str, str]] = list(request.query_params.multi_items())
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(FORM_TYPES):
        try:
            form = await request.form()
        except Exception as error:
            raise BadTokenRequest("The request body could not be parsed.") from error
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                raise BadTokenRequest(f"Parameter '{name}' must not be a file.")
            pairs.append((name, value))

    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            raise BadTokenRequest(f"Parameter '{name}' is included more than once.")
        params[name] = value
    return params


def _scopes_granted(
    requested: str, registered: tuple[str, ...]
) -> tuple[str, ...] | None:
    wanted = set(requested.split())
    if not wanted:
        return registered
    if not wanted <= set(registered):
        return None
    return tuple(scope for scope in registered if scope in wanted)


def _token_endpoint(state: SandboxState) -> Endpoint:
    async def token(request: Request) -> Response:
        try:
            params = await _token_params(request)
        except BadTokenRequest as error:
            return oauth_error(400, "invalid_request", str(error))

        try:
            presented = presented_credentials(
                request.headers.get("authorization"), params
            )
        except ClientAuthError as error:
            return invalid_client(f"{AUTH_FAILED} {error}")

        auth = "basic" if presented.method == "client_secret_basic" else "post"
        note_caller(request.scope, auth, presented.client_id)
        client = state.client(presented.client_id)
        if (
            client is None
            or not hmac.compare_digest(
                presented.secret.encode(), client.secret.encode()
            )
            or client.auth_method != presented.method
        ):
            return invalid_client(AUTH_FAILED)

        grant_type = params.get("grant_type")
        if not grant_type:
            return oauth_error(
                400, "invalid_request", "Parameter 'grant_type' is missing."
            )
        if grant_type != "client_credentials":
            return oauth_error(
                400,
                "unsupported_grant_type",
                f"Grant type '{grant_type}' is not supported for this client.",
            )

        requested = params.get("scope", "")
        granted = _scopes_granted(requested, client.scopes)
        if granted is None:
            return oauth_error(
                400,
                "invalid_scope",
                f"The requested scope '{requested}' is invalid, unknown, or exceeds "
                "the scope granted to the client.",
            )

        lifetime = state.token_lifetime_seconds
        issued = state.tokens.issue(client.client_id, granted, lifetime)
        body = {
            "access_token": issued.value,
            "token_type": "Bearer",
            "expires_in": int(lifetime),
            "scope": " ".join(granted),
        }
        return JSONResponse(body, headers=NO_STORE)

    return token


def _discovery(state: SandboxState) -> Endpoint:
    async def openid_configuration(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        scopes = list(KNOWN_SCOPES)
        for client in state.clients():
            scopes.extend(s for s in client.scopes if s not in scopes)

        return JSONResponse(
            {
                "issuer": base,
                "token_endpoint": f"{base}/oauth2/token",
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
                "scopes_supported": scopes,
                "response_types_supported": ["token"],
            }
        )

    return openid_configuration


def _team(state: SandboxState) -> Endpoint:
    async def team(request: Request) -> Response:
        checked = authorize(request, state)
        if isinstance(checked, Response):
            return checked
        return JSONResponse(state.team.transport())

    return team


def routes(state: SandboxState) -> list[Route]:
    return [
        Route("/oauth2/token", _token_endpoint(state), methods=["POST"]),
        Route("/.well-known/openid-configuration", _discovery(state), methods=["GET"]),
        Route("/api/cloud/team", _team(state), methods=["GET"]),
    ]
