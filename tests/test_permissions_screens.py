"""The permissions screen at 80x24, driven by keys against the sandbox team."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.permissions import PermissionsScreen
from tests.permission_helpers import (
    sandbox_grants,
    seeded_client,
    seeded_connection,
)
from tests.pilot_helpers import screen_text, settle, type_text
from tui.app import CelonisConnectApp
from tui.context import AppContext
from tui.permission_model import diff
from tui.permission_save import save_changes
from tui.permission_session import writer_for
from tui.secret import Secret

SIZE = (80, 24)
SECRETS = {
    "admin": ("studio-admin", "sandbox-admin-secret"),
    "fresh": ("po-not-granted", "sandbox-new-secret"),
    "po": ("po-connector", "sandbox-po-secret"),
}
ANALYSTS = "be90370f-c1cc-47eb-844b-88eb6776f087"


def store_connections(context: AppContext, url: str) -> None:
    for name, (client_id, secret) in SECRETS.items():
        connection = seeded_connection(url, client_id, name, package="po_demo")
        context.service.save(connection, Secret(secret))


async def open_permissions(pilot: Pilot[Any], name: str, key: str) -> None:
    """From the Connections screen: highlight ``name``, press p, enter the key."""
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(name))
    await pilot.press("p")
    await settle(pilot)
    assert "which package key?" in screen_text(pilot)
    if key != "po_demo":
        await pilot.press(*["backspace"] * len("po_demo"))
        await type_text(pilot, key)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PermissionsScreen)


async def give_all_permissions(pilot: Pilot[Any], search: str) -> None:
    """Find the principal with /, open its editor, take the template, keep it."""
    await pilot.press("slash")
    await type_text(pilot, search)
    await pilot.press("enter")
    await pilot.press("space")
    await settle(pilot)
    assert "[ ] Use package" in screen_text(pilot)
    await pilot.press("a")
    await pilot.pause()
    assert "[x] Manage permissions" in screen_text(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_grant_all_permissions_see_the_diff_save_and_verify(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_permissions(pilot, "admin", "po_demo")
        shown = screen_text(pilot)
        assert "Process Orchestration Demo (po_demo)" in shown
        assert "Read from and saved by the sandbox's own permissions" in shown
        assert "PO Connector | application | All Permissions" in shown

        await give_all_permissions(pilot, "new")
        shown = screen_text(pilot)
        assert "PO Connector (new) | application | none | -> All Permissions" in shown
        assert "Analysts" not in shown

        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Save 1 change(s)" in shown
        assert "none -> All Permissions (+USE +EDIT +DELETE +MANAGE)" in shown
        assert "Nothing else is touched" in shown

        await pilot.press("y")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "VERIFIED: Verified on po_demo" in shown
        assert "PO Connector (new) | application | All Permissions | " in shown
        assert sandbox_grants(sandbox_url, "po-not-granted") == {
            "po_demo": ["USE", "EDIT", "DELETE", "MANAGE"]
        }

        await pilot.press("escape", "escape")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("fresh"))
        await pilot.press("t")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "All Permissions on po_demo" in shown
        assert "PASSED" in shown


async def test_a_refused_save_keeps_the_edits_on_screen(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_permissions(pilot, "po", "action_flow_templates")
        await give_all_permissions(pilot, "new")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

        shown = screen_text(pilot)
        assert "NOT SAVED" in shown and "needs MANAGE" in shown
        assert "Your edits are kept" in shown
        assert "-> All Permissions" in shown
        assert sandbox_grants(sandbox_url, "po-not-granted") == {}


async def test_a_change_made_meanwhile_is_shown_and_nothing_is_overwritten(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_permissions(pilot, "admin", "po_demo")
        await give_all_permissions(pilot, "new")

        async with seeded_client(sandbox_url, "po-connector") as other:
            writer = writer_for(other)
            theirs = await writer.read("po_demo")
            await save_changes(
                writer, theirs, diff(theirs, {ANALYSTS: frozenset({"USE"})})
            )

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "NOT SAVED" in shown and "changed since they were read" in shown
        assert "Analysts (group): none -> USE" in shown
        assert "-> All Permissions" in shown
        assert sandbox_grants(sandbox_url, "po-not-granted") == {}

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "none -> All Permissions" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "VERIFIED" in screen_text(pilot)
        assert "po_demo" in sandbox_grants(sandbox_url, "po-not-granted")


async def test_escape_with_unsaved_edits_asks_first(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_permissions(pilot, "admin", "po_demo")
        await pilot.press("a")
        await pilot.press("q")
        await settle(pilot)
        assert "Discard 1 unsaved edit?" in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PermissionsScreen)
        assert app.screen.draft is not None and len(app.screen.draft.edits) == 1
        await pilot.press("u")
        await pilot.press("q")
        await settle(pilot)
        assert app.screen.title == "Connections"


async def test_the_screen_has_help_and_every_key_an_id(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_permissions(pilot, "admin", "po_demo")
        await pilot.press("question_mark")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Help: Permissions of po_demo" in shown
        assert "permissions-save" in shown and "permissions-filter" in shown


async def test_the_studio_browser_opens_the_highlighted_package(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    store_connections(sandbox_context, sandbox_url)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("po"))
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "ticket")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

        assert isinstance(app.screen, PermissionsScreen)
        assert app.screen.title == "Permissions of ticket_triage"
        assert "Ticket Triage (ticket_triage) as po" in screen_text(pilot)
