"""The client-credentials token request, with both ways a client authenticates."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from urllib.parse import quote_plus

import httpx
from pydantic import ValidationError

from tui.auth_method import AuthMethod as AuthMethod
from tui.bounded_answer import bounded_request
from tui.errors import (
    CelonisError,
    InvalidClientError,
    InvalidScopeError,
    RedirectError,
    TokenRequestError,
    UnexpectedResponseError,
)
from tui.http_errors import body_preview, error_body, parse_json, status_error
from tui.log_setup import REDACTOR
from tui.models import TokenResponse
from tui.scopes import parse_scopes, scope_string
from tui.secret import Secret


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: Secret = field(repr=False)
    auth_method: AuthMethod
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class AccessToken:
    value: Secret = field(repr=False)
    granted_scopes: tuple[str, ...]
    expires_at: float
    lifetime: int

    def fresh(self, now: float | None = None) -> bool:
        return (time.monotonic() if now is None else now) < self.expires_at


def basic_header(client_id: str, client_secret: Secret) -> str:
    """RFC 6749 2.3.1: form-urlencode id and secret, then base64 ``id:secret``."""
    pair = f"{quote_plus(client_id)}:{quote_plus(client_secret.reveal())}"
    return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")


def token_request(credentials: Credentials) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and form fields of a client-credentials request."""
    headers = {"Accept": "application/json"}
    form = {"grant_type": "client_credentials"}
    if credentials.scopes:
        form["scope"] = scope_string(credentials.scopes)
    if credentials.auth_method is AuthMethod.BASIC:
        headers["Authorization"] = basic_header(
            credentials.client_id, credentials.client_secret
        )
    else:
        form["client_id"] = credentials.client_id
        form["client_secret"] = credentials.client_secret.reveal()
    return headers, form


def expiry_margin(lifetime: int) -> float:
    """Renew a little before the team would: a tenth of the lifetime, 5 to 60 s."""
    return float(min(60, max(5, lifetime // 10)))


async def request_token(
    http: httpx.AsyncClient, token_url: str, credentials: Credentials
) -> AccessToken:
    """Run the grant once; raise a typed error that says what the team refused."""
    if not credentials.client_secret:
        raise InvalidClientError(
            "No client secret is stored for this connection",
            fix="Enter the client secret again and save.",
            url=token_url,
        )
    headers, form = token_request(credentials)
    started = time.monotonic()
    response = await bounded_request(
        http, "POST", token_url, data=form, headers=headers
    )
    if response.is_redirect:
        raise RedirectError(
            f"The token endpoint {token_url} answered {response.status_code}, "
            f"redirecting to {response.headers.get('location', '(nowhere)')}; it was "
            "not followed and nothing was sent on. This looks like a login or proxy "
            "page, or a wrong team/realm URL.",
            fix="Use the team's https origin, like https://acme.eu-1.celonis.cloud; "
            "if a proxy or single sign-on page is in the way, ask for the Celonis API "
            "to be let through.",
            url=token_url,
            status=response.status_code,
        )
    if response.status_code in (400, 401):
        raise _oauth_error(response, credentials, token_url)
    if response.status_code >= 400:
        raise status_error(response, "the token request")
    data = parse_json(response)
    try:
        body = TokenResponse.model_validate(data)
    except ValidationError as error:
        content_type = response.headers.get("content-type", "(none)")
        lacking = (
            "holds no access_token"
            if not _has_token(data)
            else (f"is not a valid token answer ({_first_problem(error)})")
        )
        raise UnexpectedResponseError(
            f"{token_url} answered {response.status_code} with {content_type} that "
            f"{lacking}; the test cannot go on",
            fix="Check the team URL; this is not a Celonis token endpoint answer.",
            url=token_url,
            status=response.status_code,
            details=body_preview(response),
        ) from None
    granted = parse_scopes(body.scope) if body.scope else list(credentials.scopes)
    return AccessToken(
        value=Secret(body.access_token),
        granted_scopes=tuple(granted),
        expires_at=started + body.expires_in - expiry_margin(body.expires_in),
        lifetime=body.expires_in,
    )


def _has_token(data: object) -> bool:
    return isinstance(data, dict) and bool(data.get("access_token"))


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top)"
    return f"{where}: {first['msg']}"


def _oauth_error(
    response: httpx.Response, credentials: Credentials, url: str
) -> CelonisError:
    body = error_body(response)
    code = body.error or ""
    described = REDACTOR.redact(body.error_description or "")
    said = f" ({described})" if described else ""
    if code == "invalid_client" or (response.status_code == 401 and not code):
        return InvalidClientError(
            f"The client credentials were rejected (invalid_client){said}",
            fix=f"Check the client id, the secret and the auth method: this connection "
            f"uses {credentials.auth_method.label}; the client may be registered for "
            f"{credentials.auth_method.other.label}.",
            url=url,
            status=response.status_code,
        )
    if code == "invalid_scope":
        asked = scope_string(credentials.scopes) or "(none)"
        return InvalidScopeError(
            f"The client may not have every scope requested (invalid_scope): {asked}",
            fix="The id and secret are fine. Tick only scopes the client has, or add "
            "the missing ones in Admin & Settings > Applications > the OAuth client.",
            url=url,
            status=response.status_code,
        )
    if code:
        return TokenRequestError(
            f"The token endpoint refused the request ({code}){said}",
            fix="Check the team URL and the client's settings.",
            url=url,
            status=response.status_code,
        )
    return status_error(response, "the token request")
