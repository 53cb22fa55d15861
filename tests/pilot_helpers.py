"""Helpers for driving the app with Textual's pilot the way a user would."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(pilot: Pilot[Any]) -> str:
    """Everything the current screen shows in its Static widgets and tables."""
    from textual.widgets import DataTable, Input, Label

    screen = pilot.app.screen
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, Label | Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, DataTable):
            for row_key in widget.rows:
                parts.append(" | ".join(str(cell) for cell in widget.get_row(row_key)))
        elif isinstance(widget, Input) and not widget.password:
            parts.append(widget.value)
    return "\n".join(parts)
