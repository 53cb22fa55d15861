"""The changes a save will make, for a last look; nothing is written before y."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from styles import stylesheet


class PermissionDiffDialog(ModalScreen[bool]):
    CSS_PATH = [stylesheet("permission_diff_dialog")]
    HELP = """
Every change the save makes, one principal per line: its actions now, after, and
the actions added (+) and removed (-). Nothing else is touched. y saves, n or esc
goes back with the edits kept.
"""
    BINDINGS = [
        Binding("y", "answer(True)", "Save", id="permission-diff-yes"),
        Binding("n,escape", "answer(False)", "Back", id="permission-diff-no"),
    ]

    def __init__(self, title: str, lines: list[str], note: str) -> None:
        super().__init__()
        self.heading = title
        self.lines = lines
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="permission-diff-box"):
            yield Static(self.heading, id="permission-diff-title", markup=False)
            with VerticalScroll(id="permission-diff-lines"):
                yield Static("\n".join(self.lines), markup=False)
            yield Static(self.note, classes="hint", markup=False)
            yield Static("y saves · n or esc goes back", classes="hint")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
