"""Pasting a secret into the form: trimmed with a note, never cut, refused when huge."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.connection_form import ConnectionFormScreen
from tests.pilot_helpers import settle
from tests.secret_session import paste
from tui.app import CelonisConnectApp
from tui.context import AppContext

SIZE = (100, 40)


async def open_secret_field(app: CelonisConnectApp, pilot: Pilot[Any]) -> Input:
    await pilot.press("a")
    await settle(pilot)
    field = app.screen.query_one("#secret", Input)
    field.focus()
    await pilot.pause()
    return field


def note(app: CelonisConnectApp) -> str:
    return str(app.screen.query_one("#secret-note", Static).render())


async def test_surrounding_blanks_and_line_ends_are_trimmed_with_a_note(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = await open_secret_field(app, pilot)

        await paste(pilot, "  sandbox-po-secret\r\n")

        assert field.value == "sandbox-po-secret"
        assert "17 characters, hidden." in note(app)
        assert "Removed 4 surrounding spaces or line ends" in note(app)


async def test_an_inner_line_break_is_kept_visible_and_blocks_saving(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = await open_secret_field(app, pilot)

        await paste(pilot, "first-half\nsecond-half")
        assert field.value == "first-half\nsecond-half"
        assert "line break inside it" in note(app)
        assert "22 characters" in note(app)
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ConnectionFormScreen)
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "line break inside it" in error
    assert sandbox_context.service.connections() == []


async def test_a_control_character_blocks_saving(sandbox_context: AppContext) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_secret_field(app, pilot)

        await paste(pilot, "abc\x1bdef")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert "control character" in str(
            app.screen.query_one("#form-error", Static).render()
        )
    assert sandbox_context.service.connections() == []


async def test_a_paste_far_beyond_any_secret_is_refused_with_the_limit(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = await open_secret_field(app, pilot)

        await paste(pilot, "x" * 100_000)

        assert field.value == ""
        assert "100000 characters" in note(app)
        assert "at most 4096" in note(app)


async def test_the_length_of_a_typed_secret_shows_as_it_grows(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_secret_field(app, pilot)

        await pilot.press("a", "b", "c")

        assert note(app) == "3 characters, hidden."
