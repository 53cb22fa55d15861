"""The client keeps working through faults: waits, retries, timeouts, ids, limits.

Every fault is injected into the sandbox through ``/_sandbox/faults`` and met over a
real socket.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time

import pytest

from tests.network_helpers import clear_proxy_environment
from tests.sandbox_admin import inject_fault, received
from tests.test_client import client_for
from tui.errors import (
    BadRequestError,
    CelonisError,
    CelonisTimeoutError,
    FailureClass,
    ForbiddenError,
    NotJsonError,
    RateLimitedError,
    ServerError,
)
from tui.http_errors import parse_retry_after, wait_reason
from tui.net_settings import RetryPolicy, Timeouts

SPACES = "/package-manager/api/spaces"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


class Waits:
    """Records what the client announced before each wait."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, str]] = []

    async def __call__(self, seconds: float, error: CelonisError) -> None:
        self.seen.append((seconds, wait_reason(error)))


def calls(base_url: str, path: str) -> list[int]:
    return [r["status"] for r in received(base_url) if r["path"] == path]


def test_retry_after_in_both_standard_forms_and_garbage() -> None:
    now = time.time()
    in_a_minute = email.utils.formatdate(now + 60, usegmt=True)

    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(in_a_minute, now=now) == pytest.approx(60, abs=1)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True)) == 0.0
    for garbage in ("soon", "-5", "1.5e3", "", "Mon, 99 Foo 2025"):
        assert parse_retry_after(garbage) is None


async def test_429_with_an_http_date_waits_until_then(sandbox_url: str) -> None:
    waits = Waits()
    when = email.utils.formatdate(time.time() + 1, usegmt=True)
    async with client_for(sandbox_url, on_wait=waits) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=SPACES, kind="status", status=429, retry_after=when
        )
        spaces = await client.spaces()

    assert spaces
    [(seconds, reason)] = waits.seen
    assert 0 <= seconds <= 2 and reason == "Rate limited"
    assert calls(sandbox_url, SPACES) == [429, 200]


async def test_garbage_retry_after_falls_back_to_backoff(sandbox_url: str) -> None:
    waits = Waits()
    policy = RetryPolicy(backoff=0.05)
    async with client_for(sandbox_url, on_wait=waits, retry=policy) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=SPACES, kind="status", status=503, retry_after="later"
        )
        await client.spaces()

    assert waits.seen == [(0.05, "Celonis is unavailable (503)")]


async def test_the_reset_header_is_read_when_retry_after_is_missing(
    sandbox_url: str,
) -> None:
    waits = Waits()
    async with client_for(sandbox_url, on_wait=waits) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=SPACES,
            kind="status",
            status=429,
            headers={"x-ratelimit-reset": "0"},
        )
        await client.spaces()

    assert waits.seen == [(0.0, "Rate limited")]


async def test_a_wait_longer_than_the_bound_is_reported_not_slept(
    sandbox_url: str,
) -> None:
    waits = Waits()
    async with client_for(sandbox_url, on_wait=waits) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=SPACES, kind="status", status=429, retry_after="120"
        )
        started = time.monotonic()
        with pytest.raises(RateLimitedError) as raised:
            await client.spaces()

    assert time.monotonic() - started < 2
    assert waits.seen == []
    assert "asked to wait 120 s, longer than the 30 s this app waits" in (
        raised.value.cause
    )
    assert raised.value.fix == "Retry in about 120 s."


async def test_a_rate_limit_that_persists_stops_after_the_attempts(
    sandbox_url: str,
) -> None:
    policy = RetryPolicy(attempts=3)
    async with client_for(sandbox_url, retry=policy) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=SPACES,
            kind="status",
            status=429,
            retry_after="0",
            times=None,
            body={"title": "Too Many Requests", "supportId": "RL-4711"},
        )
        with pytest.raises(RateLimitedError) as raised:
            await client.spaces()

    assert calls(sandbox_url, SPACES) == [429, 429, 429]
    assert "still failing after 3 attempts" in raised.value.cause
    assert "support id RL-4711" in raised.value.cause


async def test_the_wait_can_be_cancelled(sandbox_url: str) -> None:
    waiting = asyncio.Event()

    async def announced(seconds: float, error: CelonisError) -> None:
        waiting.set()

    async with client_for(sandbox_url, on_wait=announced) as client:
        await client.token()
        inject_fault(
            sandbox_url, path=SPACES, kind="status", status=429, retry_after="25"
        )
        task = asyncio.create_task(client.spaces())
        await asyncio.wait_for(waiting.wait(), 5)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    assert time.monotonic() - started < 1
    assert calls(sandbox_url, SPACES) == [429]


async def test_a_trace_id_in_the_body_is_shown(sandbox_url: str) -> None:
    policy = RetryPolicy(attempts=1)
    async with client_for(sandbox_url, retry=policy) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=SPACES,
            kind="status",
            status=502,
            body={"title": "Bad Gateway", "traceId": "7f3a-99c1"},
        )
        with pytest.raises(ServerError) as raised:
            await client.spaces()

    assert raised.value.support_id == "7f3a-99c1"
    assert "(support id 7f3a-99c1)" in raised.value.cause


async def test_a_signal_is_never_repeated_after_a_server_error(
    sandbox_url: str,
) -> None:
    path = "/oe/api/packages/po_demo/signals"
    async with client_for(sandbox_url, retry=RetryPolicy(backoff=0.01)) as client:
        inject_fault(sandbox_url, path=path, kind="status", status=500, times=3)
        with pytest.raises(ServerError):
            await client.send_signal("po_demo", "start-process", {})

    assert calls(sandbox_url, path) == [500]


async def test_a_refused_signal_is_a_bad_request_naming_the_event(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        with pytest.raises(BadRequestError) as raised:
            await client.send_signal("po_demo", "no-such-event", {})

    assert raised.value.failure_class is FailureClass.INPUT
    assert "no event type 'no-such-event'" in raised.value.cause


async def test_a_token_request_is_retried_after_a_server_error(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path="/oauth2/token", kind="status", status=503)
    async with client_for(sandbox_url, retry=RetryPolicy(backoff=0.01)) as client:
        token = await client.token()

    assert token.value
    assert calls(sandbox_url, "/oauth2/token") == [503, 200]


async def test_json_labelled_as_text_is_named_with_its_content_type(
    sandbox_url: str,
) -> None:
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(sandbox_url, path=SPACES, kind="wrong_content_type")
        with pytest.raises(NotJsonError) as raised:
            await client.spaces()

    assert "text/plain" in raised.value.cause and SPACES in raised.value.cause


async def test_insufficient_scope_in_a_401_names_the_scope_without_renewing(
    sandbox_url: str,
) -> None:
    challenge = 'Bearer error="insufficient_scope", scope="studio"'
    async with client_for(sandbox_url) as client:
        await client.token()
        inject_fault(
            sandbox_url,
            path=SPACES,
            kind="status",
            status=401,
            headers={"WWW-Authenticate": challenge},
            body={"error": "insufficient_scope"},
        )
        with pytest.raises(ForbiddenError) as raised:
            await client.spaces()

    assert raised.value.missing_scope == "studio"
    assert "Studio spaces" in raised.value.cause
    assert calls(sandbox_url, "/oauth2/token") == [200]


async def test_connect_and_read_timeouts_have_their_own_messages(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path="/oauth2/token", kind="latency", seconds=1.0)
    async with client_for(sandbox_url, timeouts=Timeouts(read=0.3)) as client:
        with pytest.raises(CelonisTimeoutError) as slow:
            await client.token()

    with socket.socket() as full:
        full.bind(("127.0.0.1", 0))
        full.listen(0)
        port = full.getsockname()[1]
        queued = [socket.socket() for _ in range(4)]
        for sock in queued:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
        try:
            silent = f"http://127.0.0.1:{port}"
            async with client_for(silent, timeouts=Timeouts(connect=0.3)) as client:
                with pytest.raises(CelonisTimeoutError) as unreachable:
                    await client.token()
        finally:
            for sock in queued:
                sock.close()

    assert "did not answer within 0.3 s" in slow.value.cause
    assert "CELONIS_CONNECT_TIMEOUT" in slow.value.fix
    assert "did not accept a connection within 0.3 s" in unreachable.value.cause
    assert "CELONIS_CONNECT_CONNECT_TIMEOUT" in unreachable.value.fix
