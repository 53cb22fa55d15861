"""The team client over real sockets against the sandbox server."""

from __future__ import annotations

import pytest

from tests.sandbox_admin import (
    PO_SCOPES,
    grant,
    inject_fault,
    received,
    register_client,
)
from tui.client import CelonisClient, RetryPolicy, Timeouts
from tui.errors import (
    CelonisTimeoutError,
    ConnectError,
    ForbiddenError,
    InvalidClientError,
    InvalidScopeError,
    NotJsonError,
    RedirectError,
    ServerError,
    UnexpectedResponseError,
)
from tui.oauth import AuthMethod, Credentials
from tui.secret import Secret
from tui.urls import normalise_team_url

SPECIAL_ID = "cid 1/Q"
SPECIAL_SECRET = "z/tZ9+Vw:X2/8bL+w=%41"


def client_for(
    base_url: str,
    client_id: str = "po-connector",
    secret: str = "sandbox-po-secret",
    method: AuthMethod = AuthMethod.BASIC,
    scopes: list[str] | None = None,
    **options: object,
) -> CelonisClient:
    credentials = Credentials(
        client_id=client_id,
        client_secret=Secret(secret),
        auth_method=method,
        scopes=tuple(PO_SCOPES if scopes is None else scopes),
    )
    team = normalise_team_url(base_url)
    return CelonisClient(team, credentials, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", list(AuthMethod))
async def test_special_characters_work_with_both_auth_methods(
    sandbox_url: str, method: AuthMethod
) -> None:
    register_client(sandbox_url, SPECIAL_ID, SPECIAL_SECRET, method=method.value)

    async with client_for(sandbox_url, SPECIAL_ID, SPECIAL_SECRET, method) as client:
        token = await client.token()

    assert token.granted_scopes == tuple(PO_SCOPES)
    auth = [r["auth"] for r in received(sandbox_url) if r["path"] == "/oauth2/token"]
    assert auth == ["basic" if method is AuthMethod.BASIC else "post"]


async def test_the_other_auth_method_is_invalid_client_and_never_leaks(
    sandbox_url: str,
) -> None:
    async with client_for(
        sandbox_url, "po-connector-post", "sandbox-post-secret", AuthMethod.BASIC
    ) as client:
        with pytest.raises(InvalidClientError) as raised:
            await client.token()

    message = f"{raised.value.cause} {raised.value.fix}"
    assert "invalid_client" in message
    assert "Client secret post" in message
    assert "sandbox-post-secret" not in message


async def test_a_disallowed_scope_is_invalid_scope_not_invalid_client(
    sandbox_url: str,
) -> None:
    async with client_for(
        sandbox_url, "po-no-triggers", "sandbox-short-secret"
    ) as client:
        with pytest.raises(InvalidScopeError) as raised:
            await client.token()

    assert "triggers:manage" in raised.value.cause
    assert "id and secret are fine" in raised.value.fix


async def test_token_is_cached_until_it_nearly_expires(sandbox_url: str) -> None:
    async with client_for(sandbox_url) as client:
        first = await client.token()
        second = await client.token()
        renewed = await client.token(fresh=True)

    assert first is second
    assert renewed.value != first.value
    tokens = [r for r in received(sandbox_url) if r["path"] == "/oauth2/token"]
    assert len(tokens) == 2


async def test_studio_lists_parse_and_carry_the_callers_actions(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        spaces = await client.spaces()
        packages = await client.packages()
        demo = next(p for p in packages if p.key == "po_demo")
        node = await client.node(demo.id)
        tree = await client.space_nodes(demo.space_id or "")
        editable = await client.editable_packages()

    assert {s.id for s in spaces} >= {p.space_id for p in packages}
    assert set(demo.permissions) >= {"USE", "EDIT", "DELETE", "MANAGE"}
    assert node.key == "po_demo"
    assert demo.id in {n.id for n in tree}
    assert "po_demo" in {p.key for p in editable}


async def test_expired_token_is_renewed_once_and_the_call_succeeds(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(sandbox_url, kind="expire_tokens")

        spaces = await client.spaces()

    assert spaces
    statuses = [
        r["status"]
        for r in received(sandbox_url)
        if r["path"] == "/package-manager/api/spaces"
    ]
    assert statuses == [401, 200]


async def test_missing_studio_scope_names_the_scope(sandbox_url: str) -> None:
    register_client(
        sandbox_url, "pools-only", "pools-secret", scopes=["orchestration-engine"]
    )

    async with client_for(
        sandbox_url, "pools-only", "pools-secret", scopes=["orchestration-engine"]
    ) as client:
        with pytest.raises(ForbiddenError) as raised:
            await client.spaces()

    assert raised.value.missing_scope == "studio"
    assert "studio" in raised.value.cause


async def test_an_html_login_page_is_named_not_parsed(sandbox_url: str) -> None:
    inject_fault(sandbox_url, path="/oauth2/token", kind="html")

    async with client_for(sandbox_url) as client:
        with pytest.raises(NotJsonError) as raised:
            await client.token()

    error = raised.value
    assert "/oauth2/token" in error.cause
    assert "text/html" in error.cause
    assert "login or proxy page" in error.cause
    assert "Sign in" in error.details


async def test_json_without_access_token_is_not_a_success(sandbox_url: str) -> None:
    inject_fault(
        sandbox_url, path="/oauth2/token", kind="status", status=200, body={"ok": True}
    )

    async with client_for(sandbox_url) as client:
        with pytest.raises(UnexpectedResponseError) as raised:
            await client.token()

    assert "access_token" in raised.value.cause


async def test_token_request_never_follows_a_redirect(sandbox_url: str) -> None:
    inject_fault(
        sandbox_url,
        path="/oauth2/token",
        kind="redirect",
        status=302,
        location="http://127.0.0.2:9/login",
    )

    async with client_for(sandbox_url) as client:
        with pytest.raises(RedirectError) as raised:
            await client.token()

    assert "127.0.0.2" in raised.value.cause
    assert [r["path"] for r in received(sandbox_url)] == ["/oauth2/token"]


async def test_a_slow_answer_times_out_with_its_own_message(sandbox_url: str) -> None:
    inject_fault(sandbox_url, path="/oauth2/token", kind="latency", seconds=1.0)

    async with client_for(
        sandbox_url, timeouts=Timeouts(connect=2, read=0.2)
    ) as client:
        with pytest.raises(CelonisTimeoutError) as raised:
            await client.token()

    assert "did not answer within 0.2 s" in raised.value.cause


async def test_server_errors_are_retried_then_reported_with_the_support_id(
    sandbox_url: str,
) -> None:
    async with client_for(
        sandbox_url, retry=RetryPolicy(attempts=2, backoff=0.01)
    ) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path="/package-manager/api/spaces",
            kind="status",
            status=500,
            times=5,
        )
        with pytest.raises(ServerError) as raised:
            await client.spaces()

    assert raised.value.status == 500
    assert raised.value.support_id
    assert raised.value.support_id in raised.value.cause
    spaces_calls = [
        r for r in received(sandbox_url) if r["path"] == "/package-manager/api/spaces"
    ]
    assert len(spaces_calls) == 2


async def test_rate_limit_waits_as_retry_after_asks(sandbox_url: str) -> None:
    waits: list[float] = []

    async def note_wait(seconds: float, error: object) -> None:
        waits.append(seconds)

    async with client_for(sandbox_url, on_wait=note_wait) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path="/package-manager/api/spaces",
            kind="status",
            status=429,
            retry_after="0",
        )
        spaces = await client.spaces()

    assert spaces
    assert waits == [0.0]


async def test_a_dropped_connection_is_reported_as_such(sandbox_url: str) -> None:
    async with client_for(sandbox_url, retry=RetryPolicy(attempts=1)) as client:
        await client.token()
        inject_fault(sandbox_url, path="/package-manager/api/packages", kind="drop")
        with pytest.raises(ConnectError) as raised:
            await client.packages()

    assert "dropped" in raised.value.cause


async def test_paged_pacman_nodes_are_all_read(sandbox_url: str) -> None:
    async with client_for(sandbox_url) as client:
        whole = await client.package_nodes("po_demo", page_size=500)
        paged = await client.package_nodes("po_demo", page_size=1)

    assert len(whole) >= 2
    assert [n.id for n in paged] == [n.id for n in whole]


async def test_nothing_listens_is_a_connection_error() -> None:
    async with client_for("http://127.0.0.1:9") as client:
        with pytest.raises(ConnectError) as raised:
            await client.token()

    assert "127.0.0.1:9" in raised.value.cause


def test_grant_helper_and_state_never_show_secrets(sandbox_url: str) -> None:
    register_client(sandbox_url, "leak-check", "leak-check-secret-value")
    grant(sandbox_url, "leak-check", "po_demo")

    import httpx

    state = httpx.get(f"{sandbox_url}/_sandbox/state").text
    log = httpx.get(f"{sandbox_url}/_sandbox/requests").text
    assert "leak-check" in state
    assert "leak-check-secret-value" not in state + log
