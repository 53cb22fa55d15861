"""TLS over real sockets: a server on loopback signed by a CA made in the test.

BR-15 (a TLS-inspecting proxy and custom CA bundles) is covered here as
``test_br15a`` to ``test_br15c``: the reason of each failed verification is named
with its own fix, ``SSL_CERT_FILE`` is honoured, and nothing ever suggests turning
verification off. The same server is also reached through the local proxy's tunnel.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local_proxy import LocalProxy
from tests.local_tls import TestCa, TlsRelay
from tests.network_helpers import (
    clear_proxy_environment,
    diagnose,
    everything_shown,
    first_failure,
    no_failure,
)
from tui.checks import Outcome
from tui.client import CelonisClient
from tui.errors import FailureClass, TlsConfigError, TlsError
from tui.oauth import AuthMethod, Credentials
from tui.sandbox import SandboxServer
from tui.secret import Secret
from tui.urls import TeamUrl

PASSWORD = "pr0xy-pa55word"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


@pytest.fixture
def test_ca(tmp_path: Path) -> TestCa:
    return TestCa.create(tmp_path / "ca")


@pytest.fixture
def tls_team(test_ca: TestCa, sandbox: SandboxServer) -> Iterator[TlsRelay]:
    with TlsRelay(test_ca.server_context(), sandbox.port) as relay:
        yield relay


@pytest.fixture
def trusted(test_ca: TestCa, monkeypatch: pytest.MonkeyPatch) -> TestCa:
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.pem_path))
    return test_ca


async def test_br15b_ssl_cert_file_with_the_inspecting_ca_works(
    tls_team: TlsRelay, trusted: TestCa
) -> None:
    results = await diagnose(tls_team.base_url)

    assert no_failure(results), everything_shown(results)
    tls = results["tls"]
    assert tls.outcome is Outcome.OK
    assert "TLSv1" in tls.detail and "Test Inspection CA" in tls.detail
    assert f"SSL_CERT_FILE ({trusted.pem_path})" in tls.detail
    assert results["route"].detail == "direct: no proxy is set in the environment"
    assert results["token"].outcome is Outcome.OK


async def test_br15a_an_unknown_issuer_is_named_with_where_trust_comes_from(
    tls_team: TlsRelay, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)

    results = await diagnose(tls_team.base_url)

    tls = first_failure(results)
    assert (tls.check, tls.code, tls.failure_class) == ("tls", "tls", "tls")
    assert tls.cause.startswith(
        "TLS certificate verification failed for 127.0.0.1: unknown issuer"
    )
    assert "SSL_CERT_FILE" in tls.fix and "system trust store" in tls.fix
    assert results["token"].detail == "the team cannot be reached (see TLS)"
    said = everything_shown(results).lower()
    for never in ("verify=false", "disable", "insecure", "turn off", "--no-verify"):
        assert never not in said


async def test_br15c_a_missing_ca_bundle_is_a_configuration_error_naming_it(
    tls_team: TlsRelay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "corp-bundle.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))

    results = await diagnose(tls_team.base_url)
    credentials = Credentials("po-connector", Secret("x"), AuthMethod.BASIC, ())
    team = TeamUrl(tls_team.base_url, "127.0.0.1", "t", "local", True)
    async with CelonisClient(team, credentials) as client:
        with pytest.raises(TlsConfigError) as raised:
            await client.token()

    tls = first_failure(results)
    assert (tls.check, tls.code, tls.failure_class) == ("tls", "tls_config", "tls")
    assert tls.cause == f"SSL_CERT_FILE names {missing}, which does not exist"
    assert "PEM CA bundle" in tls.fix
    assert results["discovery"].detail == "TLS is not set up (see TLS)"
    assert results["token"].outcome is Outcome.SKIPPED
    assert str(missing) in raised.value.cause


async def test_an_expired_certificate_is_named_with_the_clock_as_the_fix(
    test_ca: TestCa, trusted: TestCa, sandbox: object
) -> None:
    context = test_ca.server_context(expired=True)
    with TlsRelay(context, sandbox.port) as relay:  # type: ignore[attr-defined]
        results = await diagnose(relay.base_url)

    tls = results["tls"]
    assert tls.failure_class == FailureClass.TLS
    assert "certificate has expired" in tls.cause
    assert "date and time" in tls.fix
    assert results["discovery"].outcome is Outcome.SKIPPED


async def test_a_certificate_for_another_name_is_a_hostname_mismatch(
    test_ca: TestCa, trusted: TestCa, sandbox: object
) -> None:
    context = test_ca.server_context(("login.portal.example",))
    with TlsRelay(context, sandbox.port) as relay:  # type: ignore[attr-defined]
        results = await diagnose(relay.base_url)

    tls = results["tls"]
    assert "hostname mismatch" in tls.cause
    assert "captive portal" in tls.fix


async def test_the_client_names_the_tls_reason_too(tls_team: TlsRelay) -> None:
    team = TeamUrl(tls_team.base_url, "127.0.0.1", "t", "local", True)
    credentials = Credentials("po-connector", Secret("x"), AuthMethod.BASIC, ())

    async with CelonisClient(team, credentials) as client:
        with pytest.raises(TlsError) as raised:
            await client.token()

    assert "unknown issuer" in raised.value.cause
    assert "SSL_CERT_FILE" in raised.value.fix


async def test_https_through_an_authenticated_proxy_tunnel(
    tls_team: TlsRelay, trusted: TestCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy("alice", PASSWORD) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url("alice", PASSWORD))
        results = await diagnose(tls_team.base_url)
        asked = proxy.asked

    assert no_failure(results), everything_shown(results)
    masked = f"http://alice:***@127.0.0.1:{proxy.port}"
    assert results["route"].detail.startswith(f"via proxy {masked} (from HTTPS_PROXY)")
    assert "through the proxy's tunnel" in results["tls"].detail
    assert "the proxy 127.0.0.1 (from HTTPS_PROXY)" in results["dns"].detail
    assert {(a.method, a.authorised) for a in asked} == {("CONNECT", True)}
    assert all(a.target == f"127.0.0.1:{tls_team.port}" for a in asked)
    assert PASSWORD not in everything_shown(results)


async def test_a_proxy_that_wants_credentials_is_a_proxy_error(
    tls_team: TlsRelay, trusted: TestCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy("alice", PASSWORD) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url("alice", "wrong-" + PASSWORD))
        results = await diagnose(tls_team.base_url)

    route = first_failure(results)
    assert route.check == "route"
    assert route.failure_class == FailureClass.PROXY
    assert "407 Proxy Authentication Required" in route.cause
    assert "user and password" in route.fix
    assert results["tls"].outcome is Outcome.SKIPPED
    assert results["token"].outcome is Outcome.SKIPPED
    assert PASSWORD not in everything_shown(results)
