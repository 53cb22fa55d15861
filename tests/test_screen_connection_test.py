"""The test screen in use: faults explained, a rate limit counted down, a signal."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from screens.connection_test import ConnectionTestScreen
from tests.network_helpers import clear_proxy_environment, closed_port, connection
from tests.pilot_helpers import screen_text, settle, type_text
from tests.sandbox_admin import inject_fault
from tui.app import CelonisConnectApp
from tui.connection import Connection
from tui.context import AppContext
from tui.secret import Secret

SIZE = (100, 40)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)


def saved(context: AppContext, team: str | None = None) -> Connection:
    stored = connection(team or context.sandbox_url or "", name="demo")
    return context.service.save(stored, Secret("sandbox-po-secret"))


def status(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#test-status", Static).render())


async def wait_for_status(pilot: Pilot[Any], words: str, seconds: float = 10) -> str:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if words in status(pilot):
            return status(pilot)
    raise AssertionError(f"status never said {words!r}; it says {status(pilot)!r}")


@pytest.mark.parametrize(
    ("fault", "explained"),
    [
        ({"kind": "html"}, "This looks like a login or proxy page"),
        ({"kind": "redirect", "status": 302, "location": "/login"}, "answered 302"),
        ({"kind": "status", "status": 200, "body": {}}, "holds no access_token"),
        ({"kind": "latency", "seconds": 5}, "Celonis did not answer within 0.5 s"),
    ],
)
async def test_each_token_fault_has_its_own_explanation(
    sandbox_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    fault: dict[str, Any],
    explained: str,
) -> None:
    monkeypatch.setenv("CELONIS_CONNECT_TIMEOUT", "0.5")
    stored = saved(sandbox_context)
    inject_fault(sandbox_context.sandbox_url or "", path="/oauth2/token", **fault)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConnectionTestScreen(stored))
        await wait_for_status(pilot, "FAILED")
        shown = screen_text(pilot)

    assert explained in shown
    assert "FAIL    Access token" in shown and "Fix:" in shown


async def test_an_unreachable_team_is_explained_at_the_tcp_step(
    sandbox_context: AppContext,
) -> None:
    stored = saved(sandbox_context, f"http://127.0.0.1:{closed_port()}")
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConnectionTestScreen(stored))
        await wait_for_status(pilot, "FAILED")
        shown = screen_text(pilot)

    assert "FAIL    TCP connect" in shown
    assert "refused the connection" in shown
    assert "SKIPPED Access token" in shown


async def test_a_bad_timeout_setting_is_named_on_screen(
    sandbox_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CELONIS_CONNECT_CONNECT_TIMEOUT", "never")
    stored = saved(sandbox_context)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConnectionTestScreen(stored))
        said = await wait_for_status(pilot, "Network settings")

    assert "CELONIS_CONNECT_CONNECT_TIMEOUT" in said


async def test_a_rate_limit_counts_down_and_esc_cancels_the_wait(
    sandbox_context: AppContext,
) -> None:
    stored = saved(sandbox_context)
    inject_fault(
        sandbox_context.sandbox_url or "",
        path="/package-manager/api/spaces",
        kind="status",
        status=429,
        retry_after="20",
    )
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConnectionTestScreen(stored))
        first = await wait_for_status(pilot, "Rate limited; retrying in")
        later = await wait_for_status(pilot, "retrying in 18 s", seconds=5)
        await pilot.press("escape")
        await pilot.pause()
        after = status(pilot)
        screen = app.screen

    assert first in (
        "Rate limited; retrying in 20 s (esc cancels)",
        "Rate limited; retrying in 19 s (esc cancels)",
    )
    assert later == "Rate limited; retrying in 18 s (esc cancels)"
    assert after.startswith("Cancelled")
    assert isinstance(screen, ConnectionTestScreen)


async def test_o_sends_one_signal_only_after_confirmation(
    sandbox_context: AppContext,
) -> None:
    stored = saved(sandbox_context)
    sandbox = sandbox_context.sandbox
    assert sandbox is not None
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConnectionTestScreen(stored))
        await wait_for_status(pilot, "PASSED")
        assert "SKIPPED Orchestration Engine" in screen_text(pilot)

        await pilot.press("o")
        await pilot.pause()
        await type_text(pilot, "start-process")
        await pilot.press("enter")
        await pilot.pause()
        assert "starts a real process" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        declined = status(pilot)
        signals_after_no = len(sandbox.state.signals())

        await pilot.press("o")
        await pilot.pause()
        await type_text(pilot, "start-process")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await wait_for_status(pilot, "PASSED")
        shown = screen_text(pilot)

    assert declined == "No signal sent."
    assert signals_after_no == 0
    assert "OK      Orchestration Engine" in shown
    assert "signal start-process accepted by po_demo" in shown
    assert [s["event_type"] for s in sandbox.state.signals()] == ["start-process"]


async def test_e_edits_a_failing_connection_and_tests_it_again(
    sandbox_context: AppContext,
) -> None:
    stored = connection(sandbox_context.sandbox_url or "", name="demo")
    sandbox_context.service.save(stored, Secret("a-wrong-secret"))
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConnectionTestScreen)
        assert "invalid_client" in screen_text(pilot)

        await pilot.press("e")
        await settle(pilot)
        assert app.screen.title == "Edit demo"
        app.screen.query_one("#secret").focus()
        await settle(pilot)
        await type_text(pilot, "sandbox-po-secret")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ConnectionTestScreen)
        await wait_for_status(pilot, "PASSED")
        assert "sandbox-po-secret" not in screen_text(pilot)
