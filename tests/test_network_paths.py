"""DNS, TCP and the proxy route over real sockets on loopback.

The team is the sandbox, reached straight or through the local HTTP proxy. Each
fault must be named for what it is, with its own fix, and never with a password in
the message. TLS is tested in ``test_tls_paths.py``.
"""

from __future__ import annotations

import socket

import pytest

from tests.local_proxy import LocalProxy
from tests.network_helpers import (
    clear_proxy_environment,
    closed_port,
    diagnose,
    everything_shown,
    first_failure,
    no_failure,
    outcomes,
)
from tui.client import CelonisClient
from tui.errors import DnsError, FailureClass, ProxyError
from tui.net_probes import resolve
from tui.net_settings import NetworkSettings, Timeouts
from tui.network_checks import NetworkChecks
from tui.oauth import AuthMethod, Credentials
from tui.secret import Secret
from tui.urls import TeamUrl

PASSWORD = "pr0xy-pa55word"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


async def test_a_forwarding_proxy_is_used_and_named(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy("bob", PASSWORD) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url("bob", PASSWORD))
        results = await diagnose(sandbox_url)
        asked = proxy.asked

    assert no_failure(results), everything_shown(results)
    assert "it forwards requests (HTTP 200)" in results["route"].detail
    assert "bob:***@" in results["route"].detail
    targets = {a.target for a in asked}
    assert f"{sandbox_url}/oauth2/token" in targets
    assert f"{sandbox_url}/package-manager/api/spaces" in targets
    assert all(a.authorised for a in asked)


async def test_a_refusing_proxy_is_reported_as_a_proxy_error(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy(refuse=True) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        results = await diagnose(sandbox_url)

    route = first_failure(results)
    assert (route.check, route.code) == ("route", "proxy")
    assert "refused to forward" in route.cause and "403" in route.cause
    assert "--ignore-proxy-env" in route.fix


async def test_a_refusing_proxy_is_a_proxy_error_for_the_client_too(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = TeamUrl(sandbox_url, "127.0.0.1", "t", "local", True)
    credentials = Credentials(
        "po-connector", Secret("sandbox-po-secret"), AuthMethod.BASIC, ()
    )
    with LocalProxy(refuse=True) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        async with CelonisClient(team, credentials) as client:
            with pytest.raises(ProxyError) as raised:
                await client.token()

    assert "refused" in raised.value.cause and "(403)" in raised.value.cause


async def test_no_proxy_sends_the_team_direct(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy(refuse=True) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        monkeypatch.setenv("NO_PROXY", "example.com, 127.0.0.1")
        results = await diagnose(sandbox_url)
        asked = proxy.asked

    assert no_failure(results), everything_shown(results)
    assert (
        results["route"].detail
        == "direct: NO_PROXY entry '127.0.0.1' matches 127.0.0.1"
    )
    assert asked == []


async def test_the_environments_proxies_can_be_ignored(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy(refuse=True) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        settings = NetworkSettings(ignore_proxy_env=True)
        results = await diagnose(sandbox_url, settings=settings)
        asked = proxy.asked

    assert no_failure(results), everything_shown(results)
    assert "the environment's proxies are ignored" in results["route"].detail
    assert asked == []


async def test_a_proxy_host_that_does_not_resolve_is_a_proxy_dns_error(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://carol:{PASSWORD}@proxy.invalid:3128")

    results = await diagnose(sandbox_url)

    dns = first_failure(results)
    assert dns.check == "dns"
    assert dns.failure_class == FailureClass.PROXY
    assert "proxy.invalid could not be found" in dns.cause
    assert "HTTP_PROXY" in dns.cause
    assert outcomes(results)["tcp"] == outcomes(results)["token"] == "SKIPPED"
    assert "not probed: DNS failed" in results["route"].detail
    assert PASSWORD not in everything_shown(results)


async def test_a_proxy_that_is_not_listening_is_a_proxy_error(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")

    results = await diagnose(sandbox_url)

    tcp = first_failure(results)
    assert (tcp.check, tcp.failure_class) == ("tcp", FailureClass.PROXY)
    assert "refused the connection" in tcp.cause and "proxy" in tcp.cause


async def test_a_team_name_that_does_not_resolve_fails_dns_first() -> None:
    team = TeamUrl(
        "https://acme.eu-1.invalid", "acme.eu-1.invalid", "acme", "eu-1", False
    )
    credentials = Credentials("c", Secret("s"), AuthMethod.BASIC, ())
    settings = NetworkSettings(Timeouts(connect=5, read=5))

    async with CelonisClient(team, credentials) as client:
        results = await NetworkChecks(team, client, settings).run()

    assert [r.outcome.value for r in results] == [
        "FAIL",
        "SKIPPED",
        "SKIPPED",
        "OK",
        "SKIPPED",
    ]
    assert results[3].detail == "direct: no proxy is set in the environment"
    assert results[0].code == "dns"
    assert "acme.eu-1.invalid could not be found" in results[0].cause
    with pytest.raises(DnsError):
        await resolve("acme.eu-1.invalid", 443, 5)


async def test_nothing_listening_fails_tcp_and_skips_the_rest() -> None:
    results = await diagnose(f"http://127.0.0.1:{closed_port()}")

    tcp = first_failure(results)
    assert (tcp.check, tcp.failure_class) == ("tcp", FailureClass.NETWORK)
    assert "refused the connection" in tcp.cause
    assert results["token"].detail == "the team cannot be reached (see TCP connect)"
    assert results["route"].outcome.value == "OK"
    assert results["discovery"].detail == "TCP connect failed"


async def test_a_silent_host_is_a_tcp_timeout_with_its_own_message() -> None:
    with socket.socket() as full:
        full.bind(("127.0.0.1", 0))
        full.listen(0)
        port = full.getsockname()[1]
        waiting = [socket.socket() for _ in range(4)]
        for sock in waiting:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
        settings = NetworkSettings(Timeouts(connect=0.5, read=0.5))
        try:
            results = await diagnose(f"http://127.0.0.1:{port}", settings=settings)
        finally:
            for sock in waiting:
                sock.close()

    tcp = first_failure(results)
    assert tcp.check == "tcp" and tcp.code == "timeout"
    assert "within 0.5 s" in tcp.cause
    assert "CELONIS_CONNECT_CONNECT_TIMEOUT" in tcp.fix
