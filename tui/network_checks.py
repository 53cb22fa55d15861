"""The network half of the connection test: DNS, TCP, TLS, route and discovery.

The five checks do not wait for each other, so they run at the same time and are
then reported in this order. When a proxy applies, this machine never looks up or
connects to the team itself: DNS and TCP are checked against the proxy, and TLS is
checked through the proxy's tunnel, because that is the path every call takes. A
check whose ground fell away (no name, no connection, a refusing proxy) is reported
as SKIPPED with the reason, so the first FAIL is the one to fix.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

import httpx

from tui.checks import CheckResult, Outcome, failed, skipped
from tui.client import CelonisClient
from tui.errors import (
    CelonisError,
    CelonisTimeoutError,
    ConnectError,
    NotFoundError,
    ProxyError,
    TlsError,
)
from tui.net_probes import close, connect, forward, handshake, open_tunnel, resolve
from tui.net_settings import NetworkSettings
from tui.proxy_route import Route, route_for
from tui.tls import trust_context, trust_source
from tui.transport_errors import proxy_fix
from tui.urls import TeamUrl

TITLES = {
    "dns": "DNS",
    "tcp": "TCP connect",
    "tls": "TLS",
    "route": "Route",
    "discovery": "Discovery",
}
BLOCKS = {
    "dns": ("tcp", "tls", "route", "discovery"),
    "tcp": ("tls", "route", "discovery"),
    "route": ("tls", "discovery"),
    "tls": ("discovery",),
}
UNREACHABLE = (CelonisTimeoutError, ConnectError, TlsError, ProxyError)


@dataclass(frozen=True)
class Target:
    """Where this machine connects first: the team, or the proxy in between."""

    host: str
    port: int
    route: Route

    @property
    def label(self) -> str:
        if self.route.proxied:
            return f"the proxy {self.host} (from {self.route.source})"
        return self.host

    def blame(self, error: CelonisError) -> CelonisError:
        """The error as a proxy error when the proxy is what could not be reached."""
        if not self.route.proxied or isinstance(error, ProxyError):
            return error
        return ProxyError(
            f"{error.cause}; this is the proxy {self.route.shown_proxy} from "
            f"{self.route.source}",
            fix=proxy_fix(self.route),
        )


class NetworkChecks:
    """One run of the five network checks for one team and one client."""

    def __init__(
        self, team: TeamUrl, client: CelonisClient, settings: NetworkSettings
    ) -> None:
        self.team = team
        self.client = client
        self.timeout = settings.timeouts.connect
        self.route_error: CelonisError | None = None
        self.trust_error: CelonisError | None = None
        self.route = Route(team.origin)
        self.trust: ssl.SSLContext | None = None
        url = httpx.URL(team.origin)
        self.https = url.scheme == "https"
        self.port = url.port or (443 if self.https else 80)
        try:
            self.route = route_for(team.origin, trust_env=settings.trust_env)
        except CelonisError as error:
            self.route_error = error
        try:
            self.trust = trust_context() if self.https else None
        except CelonisError as error:
            self.trust_error = error

    @property
    def target(self) -> Target:
        if self.route.proxied:
            return Target(self.route.proxy_host, self.route.proxy_port, self.route)
        return Target(self.team.host, self.port, self.route)

    async def run(self) -> list[CheckResult]:
        """All five results, in order, with consequences of a failure SKIPPED."""
        if self.route_error is not None:
            return self._unusable_route(self.route_error)
        found = await asyncio.gather(
            self._timed("dns", self._dns),
            self._timed("tcp", self._tcp),
            self._timed("tls", self._tls),
            self._timed("route", self._route),
            self._timed("discovery", self._discovery),
        )
        return gate({result.check: result for result in found}, self.route)

    async def _timed(
        self, check: str, probe: Callable[[], Awaitable[CheckResult]]
    ) -> CheckResult:
        started = time.monotonic()
        try:
            result = await probe()
        except CelonisError as error:
            return failed(check, TITLES[check], time.monotonic() - started, error)
        if result.outcome is Outcome.SKIPPED:
            return result
        return replace(result, seconds=time.monotonic() - started)

    async def _dns(self) -> CheckResult:
        target = self.target
        try:
            addresses = await resolve(target.host, target.port, self.timeout)
        except CelonisError as error:
            raise target.blame(error) from None
        shown = ", ".join(addresses[:4]) + (" ..." if len(addresses) > 4 else "")
        return ok("dns", f"{target.label} resolves to {shown}")

    async def _tcp(self) -> CheckResult:
        target = self.target
        try:
            _, writer = await connect(target.host, target.port, self.timeout)
        except CelonisError as error:
            raise target.blame(error) from None
        peer = writer.get_extra_info("peername")
        await close(writer)
        address = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else "it"
        return ok("tcp", f"connected to {target.label} at {address}")

    async def _tls(self) -> CheckResult:
        if not self.https:
            return skipped("tls", "TLS", "plain http on loopback: no TLS to check")
        if self.trust_error is not None:
            raise self.trust_error
        if self.route.proxied and httpx.URL(self.route.proxy or "").scheme == "https":
            return skipped("tls", "TLS", "TLS inside an https proxy is not probed")
        assert self.trust is not None
        facts = await handshake(
            self.team.host, self.port, self.trust, self.timeout, self.route
        )
        through = " through the proxy's tunnel" if self.route.proxied else ""
        return ok(
            "tls",
            f"{facts.version}{through}; certificate for {facts.subject or '?'} "
            f"issued by {facts.issuer or '?'}, valid until {facts.not_after or '?'}; "
            f"trusted through {trust_source()}",
        )

    async def _route(self) -> CheckResult:
        route = self.route
        if not route.proxied:
            return ok("route", route.describe())
        if self.https:
            _, writer = await open_tunnel(
                route, self.team.host, self.port, self.timeout
            )
            await close(writer)
            return ok("route", f"{route.describe()}; it opens tunnels to the team")
        url = self.team.endpoint("/.well-known/openid-configuration")
        host = httpx.URL(self.team.origin).netloc.decode("ascii")
        status = await forward(route, url, host, self.timeout)
        return ok("route", f"{route.describe()}; it forwards requests (HTTP {status})")

    async def _discovery(self) -> CheckResult:
        if self.trust_error is not None:
            return skipped("discovery", "Discovery", "TLS is not set up (see TLS)")
        try:
            document = await self.client.discovery()
        except UNREACHABLE:
            raise
        except NotFoundError:
            return warn(
                "discovery",
                "the team serves no discovery document (404); the token URL "
                f"{self.team.token_url} is used as it is",
            )
        except CelonisError as error:
            return warn("discovery", error.cause, error.fix, error.code)
        expected = self.team.token_url
        if _without_scheme(document.token_endpoint) != _without_scheme(expected):
            return warn(
                "discovery",
                f"the discovery document names the token endpoint "
                f"{document.token_endpoint}; this app uses {expected}",
                "Check that the team URL is the team's own origin.",
                "discovery_mismatch",
            )
        return ok("discovery", f"token endpoint {document.token_endpoint}")

    def _unusable_route(self, error: CelonisError) -> list[CheckResult]:
        why = "the proxy setting is unusable (see Route)"
        results = [skipped(c, TITLES[c], why) for c in ("dns", "tcp", "tls")]
        results.append(failed("route", "Route", 0.0, error))
        results.append(skipped("discovery", "Discovery", why))
        return results


def ok(check: str, detail: str) -> CheckResult:
    return CheckResult(check, TITLES[check], Outcome.OK, detail=detail)


def warn(check: str, cause: str, fix: str = "", code: str = "") -> CheckResult:
    return CheckResult(
        check,
        TITLES[check],
        Outcome.WARN,
        detail=cause,
        cause=cause,
        fix=fix,
        code=code,
    )


def gate(results: dict[str, CheckResult], route: Route) -> list[CheckResult]:
    """The results in order, each one that a failed check made moot SKIPPED.

    A direct route needs no probe, so it stays as found: it still says how the
    team would be reached.
    """
    for blocker, blocked in BLOCKS.items():
        if results[blocker].outcome is not Outcome.FAIL:
            continue
        why = f"{TITLES[blocker]} failed"
        for check in blocked:
            if results[check].outcome is Outcome.SKIPPED:
                continue
            if check == "route" and not route.proxied:
                continue
            detail = why
            if check == "route":
                detail = f"{route.describe()}; not probed: {why}"
            results[check] = skipped(check, TITLES[check], detail)
    return [results[check] for check in TITLES]


def first_failure(results: list[CheckResult]) -> CheckResult | None:
    return next((r for r in results if r.outcome is Outcome.FAIL), None)


def _without_scheme(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.host}:{parsed.port or ''}{parsed.path.rstrip('/')}"
