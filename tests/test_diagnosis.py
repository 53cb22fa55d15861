"""The connection test against the sandbox: green for the right client, and each
wrong client gets its own cause and fix."""

from __future__ import annotations

import time

from tests.sandbox_admin import PO_SCOPES, grant, inject_fault, register_client
from tui.checks import CheckResult, Outcome
from tui.connection import Connection
from tui.diagnosis import CHECK_ORDER, ConnectionTest, summarise
from tui.oauth import AuthMethod
from tui.secret import Secret


def connection(
    team: str, client_id: str, method: AuthMethod = AuthMethod.BASIC, **extra: object
) -> Connection:
    values: dict[str, object] = {
        "name": "t",
        "team_url": team,
        "client_id": client_id,
        "auth_method": method,
        "scopes": PO_SCOPES,
        "package_key": "po_demo",
    }
    values.update(extra)
    return Connection.model_validate(values)


async def run(test: ConnectionTest) -> dict[str, CheckResult]:
    return {result.check: result async for result in test.run()}


async def test_the_right_client_passes_every_check(sandbox_url: str) -> None:
    test = ConnectionTest(
        connection(sandbox_url, "po-connector"), Secret("sandbox-po-secret")
    )

    results = await run(test)

    assert list(results) == list(CHECK_ORDER)
    assert list(results) == [
        "url",
        "dns",
        "tcp",
        "tls",
        "route",
        "discovery",
        "token",
        "scopes",
        "studio",
        "package",
        "orchestration",
    ]
    skipped = {c for c, r in results.items() if r.outcome is Outcome.SKIPPED}
    assert skipped == {"tls", "orchestration"}
    assert {r.outcome for c, r in results.items() if c not in skipped} == {Outcome.OK}
    assert "plain http on loopback" in results["tls"].detail
    assert "--signal EVENT --yes" in results["orchestration"].detail
    assert "All Permissions on po_demo" in results["package"].detail


async def test_a_wrong_secret_says_the_credentials_were_rejected(
    sandbox_url: str,
) -> None:
    test = ConnectionTest(connection(sandbox_url, "po-connector"), Secret("wrong"))

    results = await run(test)

    token = results["token"]
    assert token.outcome is Outcome.FAIL
    assert token.code == "invalid_client"
    assert "credentials were rejected" in token.cause
    assert "secret" in token.fix and "auth method" in token.fix
    later = ("scopes", "studio", "package", "orchestration")
    assert [results[c].outcome for c in later] == [Outcome.SKIPPED] * 4


async def test_the_other_auth_method_is_found_and_remembered(sandbox_url: str) -> None:
    test = ConnectionTest(
        connection(sandbox_url, "po-connector-post"), Secret("sandbox-post-secret")
    )

    results = await run(test)

    assert results["token"].outcome is Outcome.WARN
    assert "Client secret post" in results["token"].detail
    assert test.findings.auth_method is AuthMethod.POST
    assert results["package"].outcome is Outcome.OK


async def test_a_client_short_of_a_scope_is_told_which(sandbox_url: str) -> None:
    test = ConnectionTest(
        connection(sandbox_url, "po-no-triggers"), Secret("sandbox-short-secret")
    )

    results = await run(test)

    assert results["token"].code == "invalid_scope"
    scopes = results["scopes"]
    assert scopes.outcome is Outcome.FAIL
    assert "not allowed triggers:manage" in scopes.cause
    assert scopes.detail == "lacks triggers:manage"
    assert "add triggers:manage to the OAuth client" in scopes.fix
    assert "Process Orchestration needs it" in scopes.fix
    assert "untick" not in scopes.fix
    assert test.findings.missing_scopes == ["triggers:manage"]
    assert results["studio"].outcome is Outcome.OK
    assert results["package"].outcome is Outcome.OK
    assert "All Permissions on po_demo" in results["package"].detail
    assert summarise(list(results.values())) == "Granted scopes: lacks triggers:manage"


async def test_a_lacking_extra_scope_may_be_added_or_unticked(sandbox_url: str) -> None:
    register_client(sandbox_url, "po-extra", "extra-secret", scopes=PO_SCOPES)
    grant(sandbox_url, "po-extra", "po_demo")
    wanted = [*PO_SCOPES, "integration.data-pools"]
    test = ConnectionTest(
        connection(sandbox_url, "po-extra", scopes=wanted), Secret("extra-secret")
    )

    results = await run(test)

    scopes = results["scopes"]
    assert scopes.detail == "lacks integration.data-pools"
    assert "add integration.data-pools, or untick it" in scopes.fix
    assert "Process Orchestration needs" not in scopes.fix
    assert results["package"].outcome is Outcome.OK


async def test_a_client_not_granted_on_the_package_is_led_to_studio(
    sandbox_url: str,
) -> None:
    test = ConnectionTest(
        connection(sandbox_url, "po-not-granted"), Secret("sandbox-new-secret")
    )

    results = await run(test)

    package = results["package"]
    assert results["studio"].outcome is Outcome.OK
    assert package.code == "package_not_granted"
    assert "All Permissions" in package.fix


async def test_partial_permissions_name_what_is_missing(sandbox_url: str) -> None:
    register_client(sandbox_url, "half", "half-secret")
    grant(sandbox_url, "half", "po_demo", actions=["USE", "EDIT"])
    test = ConnectionTest(connection(sandbox_url, "half"), Secret("half-secret"))

    results = await run(test)

    assert results["package"].code == "package_permission_incomplete"
    assert "missing DELETE, MANAGE" in results["package"].cause


async def test_a_granted_scope_set_smaller_than_required_is_named(
    sandbox_url: str,
) -> None:
    register_client(sandbox_url, "studio-only", "studio-secret", scopes=["studio"])
    test = ConnectionTest(
        connection(sandbox_url, "studio-only", scopes=[]), Secret("studio-secret")
    )

    results = await run(test)

    assert results["token"].outcome is Outcome.OK
    assert results["scopes"].outcome is Outcome.FAIL
    assert "orchestration-engine" in results["scopes"].cause


async def test_no_secret_fails_the_token_check_without_a_request(
    sandbox_url: str,
) -> None:
    results = await run(ConnectionTest(connection(sandbox_url, "po-connector"), None))

    assert results["token"].code == "secret_missing"


async def test_a_bad_stored_url_fails_first_and_skips_the_rest() -> None:
    stored = connection("https://acme.celonis.cloud", "po-connector")

    results = await run(ConnectionTest(stored, Secret("x")))

    assert results["url"].outcome is Outcome.FAIL
    assert "realm" in results["url"].cause
    assert {r.outcome for c, r in results.items() if c != "url"} == {Outcome.SKIPPED}


async def test_independent_checks_run_at_the_same_time_and_report_in_order(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path="/.well-known/", kind="latency", seconds=0.6)
    inject_fault(sandbox_url, path="/oauth2/token", kind="latency", seconds=0.6)
    test = ConnectionTest(
        connection(sandbox_url, "po-connector"), Secret("sandbox-po-secret")
    )

    started = time.monotonic()
    results = await run(test)
    elapsed = time.monotonic() - started

    assert list(results) == list(CHECK_ORDER)
    assert results["discovery"].seconds >= 0.6 and results["token"].seconds >= 0.6
    assert elapsed < 1.1


async def test_a_missing_discovery_document_is_a_warning_not_a_failure(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path="/.well-known/", kind="status", status=404)
    test = ConnectionTest(
        connection(sandbox_url, "po-connector"), Secret("sandbox-po-secret")
    )

    results = await run(test)

    assert results["discovery"].outcome is Outcome.WARN
    assert "serves no discovery document" in results["discovery"].detail
    assert all(r.passed for r in results.values())


async def test_a_signal_waits_for_the_package_permission(sandbox_url: str) -> None:
    test = ConnectionTest(
        connection(sandbox_url, "po-not-granted"),
        Secret("sandbox-new-secret"),
        signal_event="start-process",
    )

    results = await run(test)

    assert results["package"].outcome is Outcome.FAIL
    orchestration = results["orchestration"]
    assert orchestration.outcome is Outcome.SKIPPED
    assert "package permission is missing" in orchestration.detail
