"""Tick one principal's package actions, or take the All Permissions template."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.text_checkbox import TextCheckbox
from styles import stylesheet
from tui.permission_model import ALL_PERMISSIONS_TEMPLATE, Principal, actions_text
from tui.permissions import ACTION_LABELS, PACKAGE_ACTIONS


class PermissionEditDialog(ModalScreen[frozenset[str] | None]):
    CSS_PATH = [stylesheet("permission_edit_dialog")]
    HELP = """
The four package actions of Studio's permission dialog. space ticks the focused
one, a takes the All Permissions template, n clears all. ctrl+s keeps the choice
as an edit (nothing is saved yet); esc drops it.
"""
    BINDINGS = [
        Binding("a", "template", ALL_PERMISSIONS_TEMPLATE, id="permission-edit-all"),
        Binding("n", "clear", "None", id="permission-edit-none"),
        Binding("ctrl+s,ctrl+j", "keep", "Keep", id="permission-edit-keep"),
        Binding("escape", "cancel", "Cancel", id="permission-edit-cancel"),
        Binding("down", "app.focus_next", show=False, id="permission-edit-next"),
        Binding("up", "app.focus_previous", show=False, id="permission-edit-prev"),
    ]

    def __init__(self, principal: Principal, wanted: frozenset[str]) -> None:
        super().__init__()
        self.principal = principal
        self.wanted = wanted

    def compose(self) -> ComposeResult:
        with Vertical(id="permission-edit-box"):
            yield Static(self.principal.label(), id="permission-edit-who", markup=False)
            yield Static(
                f"Holds now: {actions_text(self.principal.actions)}",
                classes="hint",
                markup=False,
            )
            for action in PACKAGE_ACTIONS:
                yield TextCheckbox(
                    ACTION_LABELS[action],
                    action in self.wanted,
                    name=action,
                    id=f"permission-edit-{action.lower()}",
                )
            yield Static(
                "space ticks · a All Permissions · n none · ctrl+s keep · esc cancel",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextCheckbox).focus()

    def chosen(self) -> frozenset[str]:
        return frozenset(
            box.name or "" for box in self.query(TextCheckbox) if box.value
        )

    def action_template(self) -> None:
        for box in self.query(TextCheckbox):
            box.value = True

    def action_clear(self) -> None:
        for box in self.query(TextCheckbox):
            box.value = False

    def action_keep(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)
