"""Ask for one word (a package key, a principal id), prefilled when there is a guess."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from styles import stylesheet


class PromptDialog(ModalScreen[str | None]):
    CSS_PATH = [stylesheet("prompt_dialog")]
    HELP = """
Type the value the question asks for (one word, no spaces). enter takes it, esc
goes back without it.
"""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt-cancel"),
        Binding("ctrl+j", "take", "Take", show=False, id="prompt-take"),
    ]

    def __init__(self, question: str, prefill: str = "", example: str = "") -> None:
        super().__init__()
        self.question = question
        self.prefill = prefill
        self.example = example

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, id="prompt-question", markup=False)
            yield Input(self.prefill, placeholder=self.example, id="prompt-value")
            yield Static("", id="prompt-error", classes="field-error")
            yield Static("enter takes it, esc goes back", classes="hint")

    @on(Input.Submitted, "#prompt-value")
    def submitted(self) -> None:
        self.action_take()

    def action_take(self) -> None:
        value = self.query_one("#prompt-value", Input).value.strip()
        if not value or any(ch.isspace() for ch in value):
            self.query_one("#prompt-error", Static).update("Enter one word, no spaces.")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
