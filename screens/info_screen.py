"""Versions, files, keyring state and where secrets go, for support questions."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.info import collect_info, info_text

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp


class InfoScreen(Screen[None]):
    CSS_PATH = [stylesheet("info_screen")]
    TITLE = "Info"
    HELP = """
What this install is and where it keeps things: versions, the config, log and state
files, the keyring's state with the fix for this machine, and where secrets go. The
same text comes from `celonis-connect info`. c copies it.
"""
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="info-back"),
        Binding("c", "copy", "Copy", id="info-copy"),
        Binding("r", "refresh", "Refresh", id="info-refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="info-body"):
            yield Static("Gathering ...", id="info-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.gather()

    @work(exclusive=True, group="info", exit_on_error=False)
    async def gather(self) -> None:
        context = cast("CelonisConnectApp", self.app).context
        info = await asyncio.to_thread(collect_info, context)
        self.text = info_text(info)
        if context.sandbox_url:
            self.text = f"Sandbox team: {context.sandbox_url}\n{self.text}"
        self.query_one("#info-text", Static).update(self.text)

    def action_copy(self) -> None:
        if self.text:
            self.app.copy_to_clipboard(self.text)
            self.notify("Copied the info.")

    def action_back(self) -> None:
        self.dismiss()
