"""Probes below HTTP: name lookup, TCP connect, proxy tunnel and TLS handshake.

Each probe does one step with a timeout and returns what it found, or raises the
typed error that names the cause. They use asyncio streams rather than httpx so
that each step can fail on its own and be reported as itself. Proxy credentials go
only into the ``Proxy-Authorization`` header, never into a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from dataclasses import dataclass

from tui.errors import (
    CelonisError,
    CelonisTimeoutError,
    ConnectError,
    DnsError,
    ProxyError,
    TlsError,
)
from tui.proxy_route import Route
from tui.tls import explain_handshake, explain_verification
from tui.transport_errors import proxy_fix

Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]
HEAD_LIMIT = 16_384


@dataclass(frozen=True)
class TlsFacts:
    version: str
    subject: str
    issuer: str
    not_after: str


async def resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order."""
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
        )
    except socket.gaierror as error:
        raise DnsError(
            f"The host {host} could not be found (DNS: {error.strerror or error})",
            fix="Check the team and realm in the URL; on a company network the "
            "name may only resolve through a proxy (HTTPS_PROXY).",
        ) from None
    except TimeoutError:
        raise DnsError(
            f"Looking up {host} took longer than {timeout:g} s (DNS)",
            fix="Check this machine's DNS servers; on a company network a proxy "
            "may be needed (HTTPS_PROXY).",
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


async def connect(host: str, port: int, timeout: float) -> Streams:
    """An open TCP connection to ``host:port``."""
    try:
        return await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        raise CelonisTimeoutError(
            f"No TCP connection to {host}:{port} within {timeout:g} s",
            fix="A firewall may drop the traffic; this network may need a proxy "
            "(HTTPS_PROXY). On a slow link raise the connect timeout "
            "(CELONIS_CONNECT_CONNECT_TIMEOUT or --connect-timeout).",
        ) from None
    except socket.gaierror as error:
        raise DnsError(
            f"The host {host} could not be found (DNS: {error.strerror or error})",
            fix="Check the team and realm in the URL.",
        ) from None
    except ConnectionRefusedError:
        raise ConnectError(
            f"{host}:{port} refused the connection: nothing listens there, or a "
            "firewall rejects it",
            fix="Check the team URL and port; this network may need a proxy "
            "(HTTPS_PROXY).",
        ) from None
    except OSError as error:
        raise ConnectError(
            f"Could not connect to {host}:{port}: {error.strerror or error}",
            fix="Check the network and the team URL; this network may need a proxy "
            "(HTTPS_PROXY).",
        ) from None


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), 1.0)


async def read_status(reader: asyncio.StreamReader, route: Route) -> tuple[int, str]:
    """The status code and reason of an HTTP answer from the proxy."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) closed the "
            "connection without a valid answer",
            fix=proxy_fix(route),
        ) from None
    parts = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) does not speak HTTP",
            fix=proxy_fix(route),
        )
    return int(parts[1]), parts[2].strip() if len(parts) > 2 else ""


def _proxy_head(first_line: str, host: str, route: Route) -> bytes:
    lines = [first_line, f"Host: {host}", "User-Agent: celonis-connect"]
    credentials = route.proxy_authorization()
    if credentials:
        lines.append(f"Proxy-Authorization: {credentials}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def open_tunnel(route: Route, host: str, port: int, timeout: float) -> Streams:
    """A CONNECT tunnel through the route's proxy to ``host:port``."""
    reader, writer = await connect(route.proxy_host, route.proxy_port, timeout)
    target = f"{host}:{port}"
    try:
        writer.write(_proxy_head(f"CONNECT {target} HTTP/1.1", target, route))
        status, reason = await asyncio.wait_for(read_status(reader, route), timeout)
    except TimeoutError:
        await close(writer)
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) did not answer "
            f"within {timeout:g} s",
            fix=proxy_fix(route),
        ) from None
    except CelonisError:
        await close(writer)
        raise
    if not 200 <= status < 300:
        await close(writer)
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) refused to open a "
            f"tunnel to {target}: {status} {reason}",
            fix=proxy_fix(route, status),
            status=status,
        )
    return reader, writer


async def forward(route: Route, url: str, host: str, timeout: float) -> int:
    """Ask the route's proxy to fetch ``url`` (plain http); the status it answers."""
    reader, writer = await connect(route.proxy_host, route.proxy_port, timeout)
    try:
        writer.write(_proxy_head(f"GET {url} HTTP/1.1", host, route))
        status, reason = await asyncio.wait_for(read_status(reader, route), timeout)
    except TimeoutError:
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) did not answer "
            f"within {timeout:g} s",
            fix=proxy_fix(route),
        ) from None
    finally:
        await close(writer)
    if status in (403, 407):
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) refused to forward "
            f"the request to {host}: {status} {reason}",
            fix=proxy_fix(route, status),
            status=status,
        )
    return status


async def handshake(
    host: str, port: int, context: ssl.SSLContext, timeout: float, route: Route
) -> TlsFacts:
    """Shake hands with ``host`` over TLS, verifying its certificate."""
    if route.proxied:
        _, writer = await open_tunnel(route, host, port, timeout)
    else:
        _, writer = await connect(host, port, timeout)
    try:
        await asyncio.wait_for(
            writer.start_tls(
                context, server_hostname=host, ssl_handshake_timeout=timeout + 1
            ),
            timeout,
        )
        return _facts(writer)
    except ssl.SSLCertVerificationError as error:
        problem = explain_verification(error)
        raise TlsError(
            f"TLS certificate verification failed for {host}: {problem.reason}",
            fix=problem.fix,
        ) from None
    except ssl.SSLError as error:
        problem = explain_handshake(error)
        raise TlsError(
            f"The TLS handshake with {host} failed: {problem.reason}", fix=problem.fix
        ) from None
    except (TimeoutError, ConnectionError, OSError) as error:
        what = "did not finish" if isinstance(error, TimeoutError) else "was cut off"
        raise TlsError(
            f"The TLS handshake with {host} {what} ({type(error).__name__})",
            fix="A firewall or proxy may be blocking TLS; this network may need a "
            "proxy (HTTPS_PROXY).",
        ) from None
    finally:
        await close(writer)


def _facts(writer: asyncio.StreamWriter) -> TlsFacts:
    tls = writer.get_extra_info("ssl_object")
    if not isinstance(tls, ssl.SSLObject):
        return TlsFacts("TLS", "", "", "")
    cert = tls.getpeercert() or {}
    return TlsFacts(
        version=tls.version() or "TLS",
        subject=_name(cert.get("subject", ())),
        issuer=_name(cert.get("issuer", ())),
        not_after=_date(cert.get("notAfter")),
    )


def _date(text: object) -> str:
    """A certificate time like ``Jun  1 12:00:00 2027 GMT`` as ``2027-06-01``."""
    if not isinstance(text, str):
        return ""
    try:
        seconds = ssl.cert_time_to_seconds(text)
    except ValueError:
        return text
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def _name(parts: object) -> str:
    """The common name (or organisation) from a certificate name tuple."""
    found: dict[str, str] = {}
    if isinstance(parts, tuple):
        for rdn in parts:
            for key, value in rdn:
                found.setdefault(str(key), str(value))
    return found.get("commonName") or found.get("organizationName") or ""
