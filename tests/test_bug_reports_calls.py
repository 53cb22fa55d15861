"""Bug reports about API calls: BR-12, BR-13, BR-16 and BR-18.

Each case of ``shared/cases/README.md`` is one or more tests named ``test_brNN_...``;
BR-08 to BR-10 are in ``test_bug_reports_token.py`` and BR-15 in
``test_tls_paths.py``, beside the local TLS server it needs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from tests.local_proxy import LocalProxy
from tests.network_helpers import (
    clear_proxy_environment,
    connection,
    diagnose,
)
from tests.sandbox_admin import inject_fault, received, register_client
from tests.test_client import client_for
from tui.checks import Outcome
from tui.diagnosis import ConnectionTest
from tui.errors import (
    CelonisTimeoutError,
    FailureClass,
    ForbiddenError,
    RedirectError,
    ServerError,
    UnexpectedResponseError,
)
from tui.net_settings import NetworkSettings, RetryPolicy, Timeouts
from tui.secret import Secret
from tui.urls import normalise_team_url

TOKEN = "/oauth2/token"
NODES = "/pacman/api/core/packages/po_demo/nodes"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


async def test_br12_a_missing_scope_names_the_scope_and_the_screen(
    sandbox_url: str,
) -> None:
    register_client(
        sandbox_url, "pools", "pools-secret", scopes=["integration.data-pools"]
    )
    stored = connection(sandbox_url, "pools", scopes=["integration.data-pools"])

    results = {
        r.check: r async for r in ConnectionTest(stored, Secret("pools-secret")).run()
    }

    studio = results["studio"]
    assert (studio.code, studio.failure_class) == ("forbidden", "permissions")
    assert "lacks the scope studio needed for Studio" in studio.cause
    assert "Admin & Settings > Applications" in studio.fix


async def test_br12_no_rights_on_a_package_names_the_permission(
    sandbox_url: str,
) -> None:
    async with client_for(
        sandbox_url, "po-not-granted", "sandbox-new-secret"
    ) as client:
        with pytest.raises(ForbiddenError) as raised:
            await client.package_nodes("po_demo")

    assert "no permission for the nodes of package po_demo (403)" in raised.value.cause
    assert "Access is Denied" in raised.value.cause
    assert "permission in Studio" in raised.value.fix


async def test_br12_a_token_of_another_team_is_renewed_once_then_explained(
    sandbox_url: str,
) -> None:
    spaces = "/package-manager/api/spaces"
    body: dict[str, Any] = {
        "error": "invalid_token",
        "error_description": "The token was issued for another team.",
    }
    inject_fault(
        sandbox_url, path=spaces, kind="status", status=401, times=2, body=body
    )

    results = await diagnose(sandbox_url)

    studio = results["studio"]
    assert (studio.code, studio.failure_class) == ("token_rejected", "credentials")
    assert "issued for another team" in studio.cause
    assert "a fresh token was rejected too" in studio.cause
    assert "team URL" in studio.fix
    assert [r["status"] for r in received(sandbox_url) if r["path"] == spaces] == [
        401,
        401,
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "acme.eu-1.celonis.cloud",
        "acme.eu-1.celonis.cloud/",
        "https://acme.eu-1.celonis.cloud/package-manager/ui/",
        " HTTPS://ACME.EU-1.Celonis.Cloud ",
        "http://acme.eu-1.celonis.cloud",
        "https://acme.eu-1.celonis.cloud/oauth2/token",
    ],
)
def test_br13_every_shape_becomes_the_https_origin(typed: str) -> None:
    team = normalise_team_url(typed)

    assert team.origin == "https://acme.eu-1.celonis.cloud"
    assert team.token_url == "https://acme.eu-1.celonis.cloud/oauth2/token"


async def test_br13_credentials_never_follow_a_redirect_to_another_host(
    sandbox_url: str,
) -> None:
    with LocalProxy() as elsewhere:
        inject_fault(
            sandbox_url,
            path="/package-manager/api/spaces",
            kind="redirect",
            status=307,
            location=f"http://127.0.0.1:{elsewhere.port}/steal",
        )
        async with client_for(sandbox_url) as client:
            with pytest.raises(RedirectError) as raised:
                await client.spaces()
        reached = elsewhere.asked

    assert reached == []
    assert "another host" in raised.value.cause
    assert "no credentials went there" in raised.value.cause


async def test_br16_a_slow_token_endpoint_has_its_own_timeout_message(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path=TOKEN, kind="latency", seconds=1.5)
    settings = NetworkSettings(Timeouts(connect=5, read=0.4))

    results = await diagnose(sandbox_url, settings=settings)

    token = results["token"]
    assert (token.code, token.failure_class) == ("timeout", "network")
    assert "Celonis did not answer within 0.4 s" in token.cause
    assert "CELONIS_CONNECT_TIMEOUT" in token.fix and "--timeout" in token.fix
    assert results["studio"].outcome is Outcome.SKIPPED


async def test_br16_the_default_timeouts_wait_for_a_slow_answer(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path=TOKEN, kind="latency", seconds=1.0)

    results = await diagnose(sandbox_url)

    assert results["token"].outcome is Outcome.OK
    assert NetworkSettings().timeouts == Timeouts(connect=10, read=45)


def _after_first_page(base_url: str, client: Any, **fault: Any) -> None:
    """Inject ``fault`` once the first page has been asked for."""

    async def hook(request: httpx.Request) -> None:
        offset = parse_qs(request.url.query.decode()).get("offset", ["0"])[0]
        later = request.url.path.endswith("/nodes") and offset != "0"
        if later and not getattr(hook, "done", False):
            inject_fault(base_url, **fault)
            hook.done = True  # type: ignore[attr-defined]

    client._http.event_hooks["request"].append(hook)


async def test_br16_a_list_that_timed_out_is_not_shown_as_complete(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url, timeouts=Timeouts(read=0.3)) as client:
        _after_first_page(sandbox_url, client, path=NODES, kind="latency", seconds=1)
        with pytest.raises(CelonisTimeoutError) as raised:
            await client.package_nodes("po_demo", page_size=1)

    assert "did not answer within 0.3 s" in raised.value.cause
    assert "the list is incomplete: 1 node loaded before page 2" in raised.value.cause


async def test_br18_a_failing_later_page_says_how_far_the_list_got(
    sandbox_url: str,
) -> None:
    policy = RetryPolicy(attempts=2, backoff=0.01)
    async with client_for(sandbox_url, retry=policy) as client:
        _after_first_page(
            sandbox_url, client, path=NODES, kind="status", status=500, times=None
        )
        with pytest.raises(ServerError) as raised:
            await client.package_nodes("po_demo", page_size=1)

    assert "still failing after 2 attempts" in raised.value.cause
    assert "the list is incomplete: 1 node loaded before page 2" in raised.value.cause


async def test_br18_a_repeated_page_stops_the_loop_with_an_error(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        [first, *_] = await client.package_nodes("po_demo", page_size=1)
        page = [{"id": first.id, "key": first.key, "name": first.name}]
        inject_fault(
            sandbox_url, path=NODES, kind="status", status=200, body=page, times=None
        )
        with pytest.raises(UnexpectedResponseError) as raised:
            await client.package_nodes("po_demo", page_size=1)

    assert f"sent node {first.id} again on page 2" in raised.value.cause
    assert "the list is incomplete: 1 node loaded before page 2" in raised.value.cause
    assert raised.value.failure_class is FailureClass.SERVER
