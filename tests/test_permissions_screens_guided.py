"""The real-team path on screen: Studio steps, a live check, a cancel; and bulk."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from screens.bulk_grant import BulkGrantScreen
from screens.guided_grant import GuidedGrantScreen
from screens.permissions import PermissionsScreen
from tests.permission_helpers import sandbox_grants, seeded_connection
from tests.pilot_helpers import screen_text, settle, type_text
from tests.sandbox_admin import grant
from tests.test_permissions_screens import SIZE, store_connections
from tui.app import CelonisConnectApp
from tui.context import AppContext
from tui.permission_port import PollPolicy

QUICK = PollPolicy(interval=0.05, timeout=5.0)


async def open_guided(pilot: Pilot[Any], url: str, policy: PollPolicy) -> None:
    connection = seeded_connection(url, "po-not-granted", "fresh", "po_demo")
    screen = PermissionsScreen(connection, "po_demo", guided=True, policy=policy)
    await pilot.app.push_screen(screen)
    await settle(pilot)


async def test_guided_steps_then_the_check_passes_when_the_grant_lands(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guided(pilot, sandbox_url, QUICK)
        shown = screen_text(pilot)
        assert "Read from the client's own actions on the package" in shown
        assert "Saved by you, in Studio" in shown

        await pilot.press("a", "ctrl+s")
        await settle(pilot)
        assert "Applied by you, in Studio" in screen_text(pilot)
        grant(sandbox_url, "po-not-granted", "po_demo", delay_seconds=0.3)
        await pilot.press("y")
        await settle(pilot)

        assert isinstance(app.screen, GuidedGrantScreen)
        shown = screen_text(pilot)
        assert "1. Open Studio" in shown and "key po_demo" in shown
        assert '"po-not-granted" as a user' in shown
        assert 'choose "All Permissions"' in shown and "5. Save." in shown
        assert "VERIFIED" in shown

        await pilot.press("escape")
        await settle(pilot)
        shown = screen_text(pilot)
        assert isinstance(app.screen, PermissionsScreen)
        assert "VERIFIED: Verified on po_demo" in shown
        assert "po-not-granted | application | All Permissions | " in shown


async def test_the_check_counts_down_and_esc_cancels_it(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guided(pilot, sandbox_url, PollPolicy(interval=0.1, timeout=60))
        await pilot.press("a", "ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause(0.6)

        assert isinstance(app.screen, GuidedGrantScreen)
        shown = screen_text(pilot)
        assert "Waiting for the change" in shown and "left (esc cancels)" in shown
        assert "0:5" in shown

        await pilot.press("escape")
        await settle(pilot)
        assert "Check cancelled; nothing is confirmed" in screen_text(pilot)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PermissionsScreen)
        assert "-> All Permissions" in screen_text(pilot)
        assert "Not verified: the check was cancelled" in screen_text(pilot)


async def test_bulk_reports_every_package_with_a_403_in_the_middle(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        connection = seeded_connection(sandbox_url, "po-connector", "po", "po_demo")
        await app.push_screen(PermissionsScreen(connection, "po_demo"))
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, BulkGrantScreen)
        app.screen.query_one("#bulk-principal-input", Input).value = "po-not-granted"
        for search in ("action_flow", "ticket"):
            await pilot.press("slash")
            await type_text(pilot, search)
            await pilot.press("enter", "space", "escape")
        await pilot.pause()
        assert "3 marked" in screen_text(pilot)

        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "All Permissions for po-not-granted on 3?" in shown
        assert "po_demo: PO Connector (new)" in shown

        await pilot.press("y")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Done: 2 applied, 1 failed of 3 packages" in shown
        assert "[x] | po_demo | applied" in shown
        assert "[x] | action_flow_templates | failed" in shown
        assert "[x] | ticket_triage | applied" in shown

    assert set(sandbox_grants(sandbox_url, "po-not-granted")) == {
        "po_demo",
        "ticket_triage",
    }


async def test_an_admin_adds_a_client_the_export_lacks_and_verifies_it(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        connection = seeded_connection(sandbox_url, "studio-admin", "admin", "po_demo")
        screen = PermissionsScreen(connection, "po_demo", guided=True, policy=QUICK)
        await app.push_screen(screen)
        await settle(pilot)
        assert "Read from the Permissions Export API" in screen_text(pilot)
        assert "po-not-granted" not in screen_text(pilot)

        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "po-not-granted")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "granted")
        await pilot.press("enter", "a", "ctrl+s")
        await settle(pilot)
        grant(sandbox_url, "po-not-granted", "po_demo", delay_seconds=0.2)
        await pilot.press("y")
        await settle(pilot)

        shown = screen_text(pilot)
        assert 'space "Automation Lab"' in shown
        assert 'package "Process Orchestration Demo" (key po_demo)' in shown
        assert "VERIFIED" in shown


async def test_the_own_view_cannot_list_other_principals(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guided(pilot, sandbox_url, QUICK)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "po-connector")
        await pilot.press("enter")
        await settle(pilot)

        assert "po-connector cannot be added" in screen_text(pilot)
        assert "authorization.permissions:read" in screen_text(pilot)
