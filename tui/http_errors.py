"""Turn what a team answers into the app's typed errors, and read its bodies safely.

Failures below HTTP (timeouts, TLS, proxies, DNS) live in ``tui.transport_errors``.
"""

from __future__ import annotations

import email.utils
import json
import re
import time

import httpx

from tui.errors import (
    BadRequestError,
    CelonisError,
    ForbiddenError,
    NotFoundError,
    NotJsonError,
    ProxyError,
    RateLimitedError,
    ServerError,
    TokenRejectedError,
)
from tui.log_setup import REDACTOR
from tui.models import FrontendError
from tui.printable import printable

_BEARER_PARAM = re.compile(r'(\w+)="([^"]*)"')
SUPPORT_ID_FIELDS = ("supportId", "support_id", "traceId", "trace_id", "requestId")


def body_preview(response: httpx.Response, limit: int = 200) -> str:
    """A short printable start of a body, for a details view."""
    text = response.content[: limit * 4].decode("utf-8", errors="replace")
    shown = "".join(ch if ch.isprintable() else " " for ch in text)
    return REDACTOR.redact(re.sub(r"\s+", " ", shown).strip())[:limit]


def is_json(response: httpx.Response) -> bool:
    content_type = response.headers.get("content-type", "").lower()
    return "json" in content_type


def parse_json(response: httpx.Response) -> object:
    """The JSON body, or :class:`NotJsonError` that names what came back instead."""
    url = str(response.request.url)
    content_type = response.headers.get("content-type", "(none)")
    looks_like_page = b"<html" in response.content[:2048].lower()
    if not is_json(response) or looks_like_page:
        hint = (
            " This looks like a login or proxy page, or a wrong team/realm URL."
            if looks_like_page or "html" in content_type
            else ""
        )
        raise NotJsonError(
            f"{url} answered {response.status_code} with {content_type}, "
            f"not JSON.{hint}",
            fix="Check the team URL; if a proxy or single sign-on page is in the way, "
            "ask for the Celonis API to be let through.",
            url=url,
            status=response.status_code,
            details=body_preview(response),
        )
    try:
        return json.loads(response.content)
    except ValueError:
        raise NotJsonError(
            f"{url} answered {response.status_code} with a body that is not valid JSON",
            fix="Retry; if it persists the team or a proxy is sending broken answers.",
            url=url,
            status=response.status_code,
            details=body_preview(response),
        ) from None


def error_body(response: httpx.Response) -> FrontendError:
    if not is_json(response):
        return FrontendError()
    try:
        return FrontendError.model_validate(json.loads(response.content))
    except ValueError:
        return FrontendError()


def bearer_challenge(response: httpx.Response) -> dict[str, str]:
    header = response.headers.get("www-authenticate", "")
    if not header.lower().startswith("bearer"):
        return {}
    return dict(_BEARER_PARAM.findall(header))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value in either RFC 9110 form.

    Returns None for a missing or unreadable value, so callers fall back to their
    own backoff instead of trusting garbage.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, moment.timestamp() - current)


def support_id(response: httpx.Response) -> str:
    """A support, trace or request id from a JSON error body, if it carries one."""
    if not is_json(response):
        return ""
    try:
        data = json.loads(response.content)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    for name in SUPPORT_ID_FIELDS:
        value = data.get(name)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()[:80]
    return ""


def status_error(response: httpx.Response, what: str) -> CelonisError:
    """The typed error for an HTTP error status on an API call."""
    url = str(response.request.url)
    status = response.status_code
    body = error_body(response)
    challenge = bearer_challenge(response)
    said = (
        body.error_description
        or body.error_information
        or body.detail
        or challenge.get("error_description")
        or body.error
        or ""
    )
    said = REDACTOR.redact(printable(said))
    suffix = f": {said}" if said else ""
    support = support_id(response)
    support_note = f" (support id {support})" if support else ""
    if status == 403 or challenge.get("error") == "insufficient_scope":
        return _forbidden(response, what, suffix, challenge)
    if status == 401:
        return TokenRejectedError(
            f"The team rejected the access token for {what} (401){suffix}",
            fix="Check that the team URL is the team this OAuth client belongs to.",
            url=url,
            status=status,
        )
    if status == 404:
        return NotFoundError(
            f"{what} was not found or is not visible to this client (404){suffix}",
            fix="Check the id or key, and the client's permissions.",
            url=url,
            status=status,
        )
    if status == 407:
        return ProxyError(
            f"A proxy asked for credentials (407) before {what}{suffix}",
            fix="Put the proxy's user and password in HTTPS_PROXY or HTTP_PROXY "
            "(http://user:password@proxy:port), or ask the proxy's admins.",
            url=url,
            status=status,
        )
    if status in (429, 503):
        return _rate_limited(response, what, suffix + support_note, support)
    if status in (400, 422):
        return BadRequestError(
            f"The team refused the request for {what} ({status}){suffix}{support_note}",
            fix="Check the values given (keys, event types, names) and try again.",
            url=url,
            status=status,
            support_id=support,
        )
    return ServerError(
        f"The team answered {status} for {what}{suffix}{support_note}",
        fix="Retry later; give the support id to Celonis support if it persists.",
        url=url,
        status=status,
        support_id=support,
    )


def _forbidden(
    response: httpx.Response, what: str, suffix: str, challenge: dict[str, str]
) -> ForbiddenError:
    scope = challenge.get("scope", "")
    if challenge.get("error") == "insufficient_scope" or scope:
        cause = f"The token lacks the scope {scope or '(unnamed)'} needed for {what}"
        fix = (
            f"Add {scope or 'the scope'} to the OAuth client in Admin & Settings > "
            "Applications, and tick it in this connection."
        )
    else:
        cause = f"The OAuth client has no permission for {what} (403){suffix}"
        fix = "Give the OAuth client the permission in Studio (package Permissions)."
    return ForbiddenError(
        cause,
        fix=fix,
        url=str(response.request.url),
        status=response.status_code,
        missing_scope=scope,
    )


def _rate_limited(
    response: httpx.Response, what: str, suffix: str, support: str
) -> RateLimitedError:
    status = response.status_code
    wait = parse_retry_after(response.headers.get("retry-after"))
    reset = response.headers.get("x-ratelimit-reset", "").strip()
    if wait is None and reset.isascii() and reset.isdigit():
        wait = float(reset)
    label = "is rate limiting" if status == 429 else "is unavailable"
    return RateLimitedError(
        f"The team {label} ({status}) for {what}{suffix}",
        fix="Wait a little and retry.",
        url=str(response.request.url),
        status=status,
        retry_after=wait,
        support_id=support,
    )


def wait_reason(error: CelonisError) -> str:
    """Why a call waits before trying again, in a few words for a status line."""
    if error.status == 429:
        return "Rate limited"
    if error.status == 503:
        return "Celonis is unavailable (503)"
    return f"The team answered {error.status or 'with an error'}"
