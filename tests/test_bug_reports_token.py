"""Bug reports about the token request: BR-08, BR-09 and BR-10.

Each case of ``shared/cases/README.md`` is one or more tests named ``test_brNN_...``;
BR-12 to BR-18 are in ``test_bug_reports_calls.py`` and BR-15 in
``test_tls_paths.py``, beside the local TLS server it needs.
"""

from __future__ import annotations

import pytest

from tests.local_proxy import LocalProxy
from tests.network_helpers import (
    clear_proxy_environment,
    connection,
    diagnose,
    everything_shown,
)
from tests.sandbox_admin import PO_SCOPES, inject_fault, received, register_client
from tui.checks import Outcome
from tui.diagnosis import ConnectionTest
from tui.oauth import AuthMethod
from tui.secret import Secret
from tui.service import ConnectionService

SPECIAL_ID = "cid 1/Q"
SPECIAL_SECRET = "z/tZ9+Vw:X2/8bL+w=%41"
TOKEN = "/oauth2/token"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


def token_auth(base_url: str) -> list[str]:
    return [r["auth"] for r in received(base_url) if r["path"] == TOKEN]


@pytest.mark.parametrize("registered", list(AuthMethod))
async def test_br08_special_characters_with_the_registered_method(
    sandbox_url: str, registered: AuthMethod
) -> None:
    register_client(sandbox_url, SPECIAL_ID, SPECIAL_SECRET, method=registered.value)
    stored = connection(sandbox_url, SPECIAL_ID, auth_method=registered)

    test = ConnectionTest(stored, Secret(SPECIAL_SECRET))
    results = {r.check: r async for r in test.run()}

    assert results["token"].outcome is Outcome.OK
    assert registered.label in results["token"].detail
    expected = "basic" if registered is AuthMethod.BASIC else "post"
    assert token_auth(sandbox_url) == [expected]
    assert SPECIAL_SECRET not in everything_shown(results)


async def test_br08_the_other_method_is_tried_after_invalid_client_and_remembered(
    sandbox_url: str, memory_service: ConnectionService
) -> None:
    register_client(
        sandbox_url, SPECIAL_ID, SPECIAL_SECRET, method="client_secret_post"
    )
    stored = memory_service.save(
        connection(sandbox_url, SPECIAL_ID, auth_method=AuthMethod.BASIC), None
    )

    test = ConnectionTest(stored, Secret(SPECIAL_SECRET))
    results = [r async for r in test.run()]
    memory_service.record_test(stored.name, results, test.findings)

    token = next(r for r in results if r.check == "token")
    assert (token.outcome, token.code) == (Outcome.WARN, "auth_method_switched")
    assert "Client secret post" in token.detail
    remembered = memory_service.get(stored.name)
    assert remembered is not None and remembered.auth_method is AuthMethod.POST
    assert token_auth(sandbox_url)[:2] == ["basic", "post"]


async def test_br08_invalid_client_names_method_and_hides_the_secret(
    sandbox_url: str,
) -> None:
    register_client(sandbox_url, SPECIAL_ID, SPECIAL_SECRET)

    results = await diagnose(sandbox_url, "not-" + SPECIAL_SECRET, SPECIAL_ID)

    token = results["token"]
    assert (token.code, token.failure_class) == ("invalid_client", "credentials")
    assert "invalid_client" in token.cause
    for words in ("client id", "secret", "auth method", "Client secret post"):
        assert words in token.fix
    assert SPECIAL_SECRET not in everything_shown(results)
    assert token_auth(sandbox_url) == ["basic", "post"]


async def test_br09_the_scopes_a_client_lacks_are_named_and_the_rest_confirmed(
    sandbox_url: str, memory_service: ConnectionService
) -> None:
    allowed = ["studio", "integration.data-pools"]
    ticked = [
        "studio",
        "package-manager",
        "integration.data-pools",
        "action-engine.projects",
    ]
    register_client(sandbox_url, "cid-123", "scoped-secret", scopes=allowed)
    stored = memory_service.save(
        connection(sandbox_url, "cid-123", scopes=ticked), Secret("scoped-secret")
    )

    test = ConnectionTest(stored, Secret("scoped-secret"))
    results = {r.check: r async for r in test.run()}
    memory_service.record_test(stored.name, list(results.values()), test.findings)

    token, scopes = results["token"], results["scopes"]
    assert (token.code, token.failure_class) == ("invalid_scope", "scopes")
    assert "id and secret are fine" in token.fix
    assert "not allowed package-manager, action-engine.projects" in scopes.cause
    assert "requested: " + " ".join(ticked) in scopes.cause
    assert "A token for studio integration.data-pools is granted" in scopes.cause
    assert "Admin & Settings > Applications" in scopes.fix
    assert test.findings.granted_scopes == tuple(allowed)
    assert len(token_auth(sandbox_url)) <= 1 + len(ticked) + 1
    kept = memory_service.get(stored.name)
    assert kept is not None
    assert (kept.auth_method, kept.secret_location) == (
        stored.auth_method,
        stored.secret_location,
    )


async def test_br09_granted_scopes_come_from_the_token_response(
    sandbox_url: str,
) -> None:
    register_client(sandbox_url, "all-po", "all-po-secret", scopes=PO_SCOPES)
    test = ConnectionTest(
        connection(sandbox_url, "all-po", scopes=[]), Secret("all-po-secret")
    )

    results = {r.check: r async for r in test.run()}

    assert results["scopes"].outcome is Outcome.OK
    assert test.findings.granted_scopes == tuple(PO_SCOPES)


async def test_br10_an_html_token_page_is_named_not_parsed(sandbox_url: str) -> None:
    inject_fault(sandbox_url, path=TOKEN, kind="html")

    results = await diagnose(sandbox_url)

    token = results["token"]
    assert (token.outcome, token.code) == (Outcome.FAIL, "not_json")
    assert f"{sandbox_url}{TOKEN} answered 200 with text/html" in token.cause
    assert "login or proxy page, or a wrong team/realm URL" in token.cause
    assert "Sign in" in token.extra["details"]
    assert "Traceback" not in everything_shown(results)


async def test_br10_a_redirect_to_a_login_page_is_not_followed(
    sandbox_url: str,
) -> None:
    inject_fault(
        sandbox_url, path=TOKEN, kind="redirect", status=302, location="/login"
    )

    results = await diagnose(sandbox_url)

    token = results["token"]
    assert token.code == "redirect"
    assert "answered 302, redirecting to /login" in token.cause
    assert "login or proxy page" in token.cause
    assert "/login" not in [r["path"] for r in received(sandbox_url)]


async def test_br10_json_without_an_access_token_is_not_a_success(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path=TOKEN, kind="status", status=200, body={"ok": 1})

    results = await diagnose(sandbox_url)

    token = results["token"]
    assert token.code == "unexpected_response"
    assert "answered 200 with application/json that holds no access_token" in (
        token.cause
    )


async def test_br10_the_token_request_is_a_form_that_accepts_json(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        results = await diagnose(sandbox_url)
        asked = [a for a in proxy.asked if a.target.endswith(TOKEN)]

    assert results["token"].outcome is Outcome.OK
    request = asked[0]
    assert request.method == "POST"
    assert request.header("content-type") == "application/x-www-form-urlencoded"
    assert request.header("accept") == "application/json"
    assert request.header("authorization") == "(hidden)"
