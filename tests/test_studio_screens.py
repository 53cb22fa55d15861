"""The Studio browser at 80x24, driven by key presses as a user would."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from screens.package_details import PackageDetailsScreen
from screens.permission_matrix import PermissionMatrixScreen
from screens.row_table import RowTable
from screens.studio_browser import StudioBrowserScreen
from tests.pilot_helpers import screen_text, settle, type_text
from tests.sandbox_admin import inject_fault
from tui.app import CelonisConnectApp
from tui.client import RetryPolicy
from tui.connection import Connection
from tui.context import AppContext
from tui.secret import Secret

SIZE = (80, 24)
FAST = RetryPolicy(attempts=2, longest_wait=0.05, backoff=0.01)


@pytest.fixture
def demo(sandbox_context: AppContext, sandbox_url: str) -> Connection:
    connection = Connection(
        name="demo", team_url=sandbox_url, client_id="po-connector", scopes=["studio"]
    )
    return sandbox_context.service.save(connection, Secret("sandbox-po-secret"))


def table_lines(pilot: Pilot[Any], selector: str) -> list[str]:
    """The lines a table paints right now, header first, blank lines dropped."""
    table = pilot.app.screen.query_one(selector, RowTable)
    lines = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
    return [line for line in lines if line]


def shown(pilot: Pilot[Any]) -> str:
    """Everything on screen: the texts plus the visible lines of every table."""
    tables = [
        "\n".join(table_lines(pilot, f"#{table.id}"))
        for table in pilot.app.screen.query(RowTable)
    ]
    return "\n".join([screen_text(pilot), *tables])


async def wait_for_text(pilot: Pilot[Any], text: str, timeout: float = 10) -> None:
    """Pause until ``text`` is on screen; slow machines take a moment longer."""
    for _ in range(int(timeout / 0.05)):
        if text in shown(pilot):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown(pilot)}")


async def open_browser(pilot: Pilot[Any]) -> StudioBrowserScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StudioBrowserScreen)
    return screen


async def test_filter_to_a_package_see_all_permissions_and_copy_its_key(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        assert "Complete: 2 spaces, 5 packages" in shown(pilot)
        assert "Showing 5 of 5 · all spaces · sorted by name" in shown(pilot)

        await pilot.press("slash")
        await type_text(pilot, "po_dem")
        await pilot.press("enter")
        await settle(pilot)

        rows = table_lines(pilot, "#studio-packages")
        assert len(rows) == 2 and "po_demo" in rows[1]
        assert rows[1].startswith("> ") and "All Permissions" in rows[1]
        assert "filter 'po_dem'" in shown(pilot)
        assert "po_demo · All Permissions · Automation Lab" in shown(pilot)

        await pilot.press("c")
        await settle(pilot)
        row, result = browser.shown[0], browser.result
        assert result is not None
        assert app.clipboard == f"po_demo\n{row.studio_link(result.origin)}"
        assert f"/packages/{row.id}" in app.clipboard

        await pilot.press("escape")
        await settle(pilot)
        assert len(browser.shown) == 5
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Connections"


async def test_esc_in_the_filter_keeps_it_and_typing_narrows_as_you_go(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)

        await pilot.press("slash", "t")
        await settle(pilot)
        after_t = len(browser.shown)
        await type_text(pilot, "icket")
        await settle(pilot)
        assert [r.key for r in browser.shown] == ["ticket_triage"]
        assert after_t > 1

        await pilot.press("escape")
        await settle(pilot)
        assert browser.table.has_focus
        assert [r.key for r in browser.shown] == ["ticket_triage"]

        await pilot.press("slash")
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert "No package matches" in shown(pilot)


async def test_a_space_narrows_the_list_and_s_sorts_by_last_change(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)

        await pilot.press("tab", "down", "down")
        await settle(pilot)
        assert [r.key for r in browser.shown] == ["order_management_starter_kit"]
        assert "Showing 1 of 5 · Order to Cash" in shown(pilot)
        assert "USE" in table_lines(pilot, "#studio-packages")[1]

        await pilot.press("home", "enter", "s")
        await settle(pilot)
        dates = [row.change_date or 0 for row in browser.shown]
        assert dates == sorted(dates, reverse=True)
        assert "Changed" in table_lines(pilot, "#studio-packages")[0]
        assert "sorted by last change" in shown(pilot)


async def test_details_show_both_identifiers_and_ask_with_the_right_one(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        await pilot.press("slash")
        await type_text(pilot, "po_demo")
        await pilot.press("enter", "enter")
        await settle(pilot)

        assert isinstance(app.screen, PackageDetailsScreen)
        row = browser.shown[0]
        text = shown(pilot)
        assert f"Key      {row.key}" in text and f"Id       {row.id}" in text
        assert "[x] USE  [x] EDIT  [x] DELETE  [x] MANAGE" in text
        assert "OK   Studio node by id: actions All Permissions" in text
        assert f"GET /package-manager/api/nodes/{row.id}" in text
        assert f"GET /pacman/api/core/packages/{row.key}/nodes" in text

        await pilot.press("k")
        assert app.clipboard == "po_demo"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen_stack[-1] is browser


async def test_details_of_a_use_only_package_show_pacman_refusing_it(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await pilot.press("slash")
        await type_text(pilot, "starter")
        await pilot.press("enter", "enter")
        await settle(pilot)

        text = shown(pilot)
        assert "Actions  USE" in text
        assert "[x] USE  [ ] EDIT  [ ] DELETE  [ ] MANAGE" in text
        assert "FAIL pacman nodes by key" in text and "Edit package" in text


async def test_the_matrix_shows_where_the_client_is_granted_and_where_not(
    sandbox_context: AppContext, demo: Connection
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)
        await pilot.press("m")
        await settle(pilot)

        assert isinstance(app.screen, PermissionMatrixScreen)
        text = shown(pilot)
        assert "All Permissions on 3 of 5 packages; USE 5, EDIT 4, DELETE 3" in text
        lines = table_lines(pilot, "#matrix-table")
        assert "USE EDIT DELETE MANAGE" in lines[0]
        po_demo = next(line for line in lines if "po_demo" in line)
        assert po_demo.count("[x]") == 4 and "All Permissions" in po_demo
        use_only = next(line for line in lines if "order_managem" in line)
        assert use_only.count("[x]") == 1 and "lacks 3 of 4" in use_only

        await pilot.press("slash")
        await type_text(pilot, "templ")
        await pilot.press("enter")
        await settle(pilot)
        assert "on 0 of 1 packages" in shown(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PackageDetailsScreen)
        assert app.screen.row.key == "action_flow_templates"


async def test_a_partial_load_is_labelled_with_what_loaded_and_r_retries(
    sandbox_context: AppContext, demo: Connection, sandbox_url: str
) -> None:
    packages = "/package-manager/api/packages"
    inject_fault(sandbox_url, path=packages, kind="status", status=500, times=10)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browser = StudioBrowserScreen(demo, retry=FAST)
        await app.push_screen(browser)
        await settle(pilot)

        text = shown(pilot)
        assert "PARTIAL: loaded spaces only (2 spaces, 0 packages). Press r" in text
        assert "packages failed: The team answered 500" in text
        assert "Complete" not in text
        await pilot.press("m")
        await settle(pilot)
        assert "PARTIAL load, not the whole team" in shown(pilot)
        await pilot.press("escape")

        httpx.delete(f"{sandbox_url}/_sandbox/faults").raise_for_status()
        await pilot.press("r")
        await settle(pilot)
        assert "Complete: 2 spaces, 5 packages" in shown(pilot)
        assert len(browser.shown) == 5


async def test_esc_cancels_a_slow_load_and_the_screen_stays_usable(
    sandbox_context: AppContext, demo: Connection, sandbox_url: str
) -> None:
    packages = "/package-manager/api/packages"
    inject_fault(sandbox_url, path=packages, kind="latency", seconds=5)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browser = StudioBrowserScreen(demo, retry=FAST)
        await app.push_screen(browser)
        await wait_for_text(pilot, "Loading packages ... (")

        assert "esc cancels" in shown(pilot)
        await pilot.press("escape")
        await settle(pilot)

        assert app.screen is browser
        assert "Cancelled; nothing is shown. Press r to load again." in shown(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Connections"


async def test_a_connection_without_a_secret_says_so_instead_of_loading(
    sandbox_context: AppContext, sandbox_url: str
) -> None:
    bare = Connection(name="nosecret", team_url=sandbox_url, client_id="po-connector")
    sandbox_context.service.save(bare, None)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await open_browser(pilot)

        assert "FAILED: no client secret for nosecret" in shown(pilot)
