"""Failures below HTTP, each named for what it is: timeout, TLS, proxy, DNS, a cut line.

httpx raises one family of transport errors; a person needs to know whether the
team was slow, the certificate untrusted, the proxy unwilling or the name unknown,
because each has its own fix. When the route goes through a proxy, a failure to
reach the proxy is reported as a proxy failure, not as a failure of the team.
"""

from __future__ import annotations

import socket

import httpx

from tui.errors import (
    CelonisError,
    CelonisTimeoutError,
    ConnectError,
    DnsError,
    ProxyError,
    TlsError,
)
from tui.net_settings import CONNECT_TIMEOUT_ENV, NO_PROXY_ENV, READ_TIMEOUT_ENV
from tui.proxy_route import Route
from tui.tls import tls_problem


def proxy_fix(route: Route, status: int | None = None) -> str:
    """What to do when the proxy of ``route`` refused or failed."""
    if status == 407:
        return (
            f"The proxy wants a user and password: put them in {route.source} "
            "(http://user:password@proxy:port), or ask the proxy's admins."
        )
    return (
        f"Check {route.source} and NO_PROXY, or ask the proxy's admins to let "
        "*.celonis.cloud through; if this network needs no proxy, ignore the "
        f"environment's proxies ({NO_PROXY_ENV}=1 or --ignore-proxy-env)."
    )


def transport_error(
    error: httpx.TransportError, url: str, timeout: float, route: Route | None = None
) -> CelonisError:
    """Explain a failure below HTTP: timeout, TLS, proxy, DNS or a dropped line."""
    via = route if route is not None and route.proxied else None
    if isinstance(error, httpx.ProxyError) and via is not None:
        status = _leading_status(str(error))
        return ProxyError(
            f"The proxy {via.shown_proxy} (from {via.source}) refused the request to "
            f"{url}: {error}",
            fix=proxy_fix(via, status),
            url=url,
            status=status,
        )
    if isinstance(error, httpx.TimeoutException):
        return _timeout_error(error, url, timeout, via)
    problem = tls_problem(error)
    if problem is not None:
        through = f" (through the proxy {via.shown_proxy})" if via else ""
        what = "certificate verification" if problem.verification else "the handshake"
        return TlsError(
            f"TLS {what} failed for {httpx.URL(url).host}{through}: {problem.reason}",
            fix=problem.fix,
            url=url,
        )
    if isinstance(error, httpx.RemoteProtocolError):
        return ConnectError(
            f"The connection to {url} was dropped before the answer was complete",
            fix="Retry; if it keeps happening a proxy or firewall may be cutting it.",
            url=url,
        )
    if isinstance(error, httpx.ConnectError) and via is not None:
        return ProxyError(
            f"Could not connect to the proxy {via.shown_proxy} (from {via.source}): "
            f"{_plain(error)}",
            fix=proxy_fix(via),
            url=url,
        )
    if _is_dns_failure(error):
        return DnsError(
            f"The host {httpx.URL(url).host} could not be found (DNS)",
            fix="Check the team and realm in the URL; on a company network a proxy "
            "may be needed (HTTPS_PROXY).",
            url=url,
        )
    return ConnectError(
        f"Could not connect to {url}: {_plain(error)}",
        fix="Check the team URL, the network and any proxy settings.",
        url=url,
    )


def _timeout_error(
    error: httpx.TimeoutException, url: str, timeout: float, via: Route | None
) -> CelonisError:
    if isinstance(error, httpx.ConnectTimeout):
        if via is not None:
            return ProxyError(
                f"The proxy {via.shown_proxy} (from {via.source}) did not accept a "
                f"connection within {timeout:g} s",
                fix=proxy_fix(via),
                url=url,
            )
        return CelonisTimeoutError(
            f"Celonis did not accept a connection within {timeout:g} s ({url})",
            fix="Retry; on a slow network raise the connect timeout "
            f"({CONNECT_TIMEOUT_ENV} or --connect-timeout); a company network may "
            "need a proxy (HTTPS_PROXY).",
            url=url,
        )
    return CelonisTimeoutError(
        f"Celonis did not answer within {timeout:g} s ({url})",
        fix=f"Retry; on a slow network raise the timeout ({READ_TIMEOUT_ENV} or "
        "--timeout).",
        url=url,
    )


def _is_dns_failure(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    return "Name or service not known" in text or "getaddrinfo" in text


def _leading_status(text: str) -> int | None:
    first = text.split(" ", 1)[0]
    return int(first) if first.isdigit() and len(first) == 3 else None


def _plain(error: BaseException) -> str:
    return str(error) or type(error).__name__
