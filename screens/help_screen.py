"""Help for the screen underneath: what it is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from styles import stylesheet


def paragraphs(text: str) -> str:
    """Help text with its source line breaks joined, blank lines kept."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "\n\n".join(blocks)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = [stylesheet("help_screen")]
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help-close"),
    ]

    def __init__(self, about: Screen[object]) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        title = self.about.title or type(self.about).__name__
        with VerticalScroll(id="help-box"):
            yield Static(
                f"Help: {title}  (esc closes, arrows scroll)",
                id="help-title",
                markup=False,
            )
            if self.about.HELP:
                yield Static(paragraphs(self.about.HELP), id="help-text", markup=False)
            yield DataTable(id="help-keys", cursor_type="row", show_cursor=False)
            yield Static(
                "Keys can be changed by binding id in the config file "
                '("keys": {"<id>": "<key>"}).',
                classes="hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Binding id")
        rows: dict[str, tuple[list[str], str, list[str]]] = {}
        for active in self.about.active_bindings.values():
            if active.node not in (self.about, self.app):
                continue
            binding = active.binding
            keys, _, ids = rows.setdefault(
                binding.action, ([], binding.description or binding.action, [])
            )
            shown = self.app.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
            if binding.id and binding.id not in ids:
                ids.append(binding.id)
        for keys, does, ids in rows.values():
            table.add_row(", ".join(keys), does, ", ".join(ids))
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss()
