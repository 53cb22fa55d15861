"""The main job on screen: add the seeded client as a connection, save, test it."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.pilot_helpers import screen_text, settle, type_text
from tui.app import CelonisConnectApp
from tui.context import AppContext
from tui.secret import Secret

SIZE = (80, 24)


async def add_connection(pilot: Pilot[Any], client_id: str, secret: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    await type_text(pilot, "demo")
    await pilot.press("tab", "tab")
    await type_text(pilot, client_id)
    await pilot.press("tab")
    await type_text(pilot, secret)
    await pilot.press("tab", "tab")
    await type_text(pilot, "po_demo")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_add_save_and_test_the_seeded_client_green(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Connections" in app.screen.title  # type: ignore[operator]
        assert "No connections yet" in screen_text(pilot)

        await add_connection(pilot, "po-connector", "sandbox-po-secret")

        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        row = screen_text(pilot)
        assert "po-connector" in row and "memory" in row and "never tested" in row

        await pilot.press("t")
        await settle(pilot)
        shown = screen_text(pilot)
        assert shown.count("OK ") == 9
        assert shown.count("SKIPPED") == 2
        assert "PASSED" in shown
        assert "All Permissions on po_demo" in shown

        await pilot.press("escape")
        await settle(pilot)
        assert "PASSED" in screen_text(pilot)

    stored = sandbox_context.service.get("demo")
    assert stored is not None and stored.last_test is not None
    assert stored.last_test.passed
    assert sandbox_context.service.secrets.load("demo") == Secret("sandbox-po-secret")


async def test_a_wrong_secret_is_diagnosed_and_nothing_stored_is_lost(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_connection(pilot, "po-connector", "not-the-secret")

        await pilot.press("t")
        await settle(pilot)
        shown = screen_text(pilot)

        assert "FAIL" in shown
        assert "client credentials were rejected (invalid_client)" in shown
        assert "Fix:" in shown and "auth method" in shown
        assert "not-the-secret" not in shown

    stored = sandbox_context.service.get("demo")
    assert stored is not None
    assert stored.client_id == "po-connector"
    assert stored.last_test is not None and not stored.last_test.passed


async def test_form_names_each_bad_field_and_keeps_what_was_typed(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        team = app.screen.query_one("#team", Input)
        team.value = "acme.celonis.cloud"
        await pilot.press("ctrl+s")
        await settle(pilot)

        shown = screen_text(pilot)
        assert "Name is empty" in shown
        assert "Client ID is empty" in shown
        assert "team and a realm" in shown
        assert "Client secret is empty" in shown
        assert team.value == "acme.celonis.cloud"
        assert sandbox_context.service.connections() == []


async def test_team_url_is_normalised_live(sandbox_context: AppContext) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(
            "#team", Input
        ).value = " HTTPS://ACME.EU-1.Celonis.Cloud/x "
        await pilot.pause()

        assert "Will use: https://acme.eu-1.celonis.cloud" in screen_text(pilot)


async def test_preset_ticks_exactly_the_orchestration_minimum(
    sandbox_context: AppContext,
) -> None:
    from screens.text_checkbox import TextCheckbox
    from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM, scope_string

    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        boxes = list(app.screen.query(TextCheckbox))
        for box in boxes:
            box.value = True
        await pilot.press("ctrl+o")
        await pilot.pause()

        ticked = [box.name or "" for box in boxes if box.value]
        assert ticked == list(PROCESS_ORCHESTRATION_MINIMUM)
        assert scope_string(ticked) in screen_text(pilot)
        assert "[x]" in str(boxes[0].render()) and "[ ]" in str(boxes[-1].render())


async def test_escape_with_typed_text_asks_before_discarding(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "half")
        await pilot.press("escape")
        await settle(pilot)
        assert "Discard what you typed" in screen_text(pilot)

        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "half"


async def test_delete_asks_then_removes_the_secret_too(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_connection(pilot, "po-connector", "sandbox-po-secret")
        await pilot.press("d")
        await settle(pilot)
        assert "Remove demo" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)

        assert app.screen.query_one(DataTable).row_count == 0
    assert sandbox_context.service.secrets.load("demo") is None
