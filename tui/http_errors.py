"""Turn what httpx raises and what a team answers into the app's typed errors."""

from __future__ import annotations

import email.utils
import json
import re
import ssl
import time

import httpx

from tui.errors import (
    CelonisError,
    CelonisTimeoutError,
    ConnectError,
    ForbiddenError,
    NotFoundError,
    NotJsonError,
    ProxyError,
    RateLimitedError,
    ServerError,
    TlsError,
    TokenRejectedError,
)
from tui.models import FrontendError

_BEARER_PARAM = re.compile(r'(\w+)="([^"]*)"')


def transport_error(
    error: httpx.TransportError, url: str, timeout: float
) -> CelonisError:
    """Explain a failure below HTTP: timeout, TLS, proxy, DNS or a dropped line."""
    if isinstance(error, httpx.TimeoutException):
        phase = "connect" if isinstance(error, httpx.ConnectTimeout) else "answer"
        return CelonisTimeoutError(
            f"Celonis did not {phase} within {timeout:g} s ({url})",
            fix="Retry; on a slow network raise the timeout (CELONIS_CONNECT_TIMEOUT).",
            url=url,
        )
    if isinstance(error, httpx.ProxyError):
        return ProxyError(
            f"The proxy refused or failed the request to {url}: {error}",
            fix="Check HTTPS_PROXY / NO_PROXY and the proxy's credentials.",
            url=url,
        )
    tls_reason = _tls_reason(error)
    if tls_reason is not None:
        return TlsError(
            f"TLS certificate verification failed for {httpx.URL(url).host}: "
            f"{tls_reason}",
            fix="If a company proxy inspects TLS, point SSL_CERT_FILE at its CA bundle "
            "or add the CA to the system trust store.",
            url=url,
        )
    if isinstance(error, httpx.RemoteProtocolError):
        return ConnectError(
            f"The connection to {url} was dropped before the answer was complete",
            fix="Retry; if it keeps happening a proxy or firewall may be cutting it.",
            url=url,
        )
    text = str(error) or type(error).__name__
    if "Name or service not known" in text or "getaddrinfo" in text:
        return ConnectError(
            f"The host of {url} could not be found (DNS)",
            fix="Check the team and realm in the URL.",
            url=url,
        )
    return ConnectError(
        f"Could not connect to {url}: {text}",
        fix="Check the team URL, the network and any proxy settings.",
        url=url,
    )


def _tls_reason(error: BaseException) -> str | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or str(seen)
        if isinstance(seen, ssl.SSLError):
            return seen.reason or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def body_preview(response: httpx.Response, limit: int = 200) -> str:
    """A short printable start of a body, for a details view."""
    text = response.content[: limit * 4].decode("utf-8", errors="replace")
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return re.sub(r"\s+", " ", printable).strip()[:limit]


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
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, moment.timestamp() - current)


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
    suffix = f": {said}" if said else ""
    if status == 401:
        return TokenRejectedError(
            f"The team rejected the access token for {what} (401){suffix}",
            fix="Check that the team URL is the team this OAuth client belongs to.",
            url=url,
            status=status,
        )
    if status == 403:
        scope = challenge.get("scope", "")
        if challenge.get("error") == "insufficient_scope" or scope:
            cause = (
                f"The token lacks the scope {scope or '(unnamed)'} needed for {what}"
            )
            fix = f"Add {scope} to the OAuth client's scopes and to this connection."
        else:
            cause = f"The OAuth client has no permission for {what} (403){suffix}"
            fix = (
                "Give the OAuth client the permission in Studio (package Permissions)."
            )
        return ForbiddenError(
            cause, fix=fix, url=url, status=status, missing_scope=scope
        )
    if status == 404:
        return NotFoundError(
            f"{what} was not found or is not visible to this client (404){suffix}",
            fix="Check the id or key, and the client's permissions.",
            url=url,
            status=status,
        )
    if status in (429, 503):
        wait = parse_retry_after(response.headers.get("retry-after"))
        reset = response.headers.get("x-ratelimit-reset")
        if wait is None and reset and reset.isdigit():
            wait = float(reset)
        label = "is rate limiting" if status == 429 else "is unavailable"
        return RateLimitedError(
            f"The team {label} ({status}) for {what}{suffix}",
            fix="Wait and retry.",
            url=url,
            status=status,
            retry_after=wait,
            support_id=body.support_id or "",
        )
    support = body.support_id or ""
    support_note = f" (support id {support})" if support else ""
    return ServerError(
        f"The team answered {status} for {what}{suffix}{support_note}",
        fix="Retry later; give the support id to Celonis support if it persists.",
        url=url,
        status=status,
        support_id=support,
    )
