"""A modal that explains a failure: what happened, and what to do next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from styles import stylesheet


class ErrorDialog(ModalScreen[None]):
    CSS_PATH = [stylesheet("error_dialog")]
    BINDINGS = [
        Binding("escape", "close", "Close", id="error-close"),
        Binding("enter", "close", "Close", show=False, id="error-close-enter"),
    ]

    def __init__(self, title: str, cause: str, fix: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.cause = cause
        self.fix = fix

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(self.title_text, id="error-title")
            yield Static(self.cause, id="error-cause", markup=False)
            if self.fix:
                yield Static(f"What to do: {self.fix}", id="error-fix", markup=False)
            yield Button("Close", id="error-close-button")

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
