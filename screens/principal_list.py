"""The list of principals: find by name, a table of actions as text, the one in full.

``/`` opens the find line (Studio's dialog finds an OAuth client by name "as a
user"); the table narrows as the user types and keeps its cursor on the same
principal. enter on a row posts :class:`PrincipalList.Chosen`.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from screens.filter_bar import FilterBar
from tui.permission_model import Draft, Principal, actions_text

NAME_WIDTH = 26


def cells(principal: Principal, draft: Draft) -> tuple[Text, ...]:
    """Plain text cells: a team's names may hold brackets that are not markup."""
    edit = ""
    if principal.id in draft.edits:
        edit = "-> " + actions_text(draft.edits[principal.id])
    name = principal.name
    if len(name) > NAME_WIDTH:
        name = name[: NAME_WIDTH - 1] + "…"
    shown = (name, principal.type.lower(), principal.actions_text, edit)
    return tuple(Text(cell) for cell in shown)


def detail(principal: Principal, draft: Draft) -> str:
    text = f"{principal.label()}: {principal.actions_text}"
    if principal.id in draft.edits:
        text += f" -> {actions_text(draft.edits[principal.id])} (unsaved)"
    return text


class PrincipalList(Vertical):
    DEFAULT_CSS = """
    PrincipalList {
        height: 1fr;
    }
    PrincipalList > DataTable {
        height: 1fr;
    }
    PrincipalList > #principal-detail {
        height: auto;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    class Chosen(Message):
        """The user pressed enter on a principal."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.draft: Draft | None = None
        self.shown: list[Principal] = []

    def compose(self) -> ComposeResult:
        yield FilterBar("Find a principal by name", id="principal-filter")
        yield DataTable[Text](id="principal-table", cursor_type="row")
        yield Static("", id="principal-detail", markup=False)

    def on_mount(self) -> None:
        self.table.add_columns("Principal", "Type", "Actions", "Edit")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#principal-table", DataTable)

    @property
    def finder(self) -> FilterBar:
        return self.query_one("#principal-filter", FilterBar)

    @property
    def current_id(self) -> str | None:
        row = self.table.cursor_row
        return self.shown[row].id if 0 <= row < len(self.shown) else None

    def show(self, draft: Draft) -> None:
        """Fill the table from ``draft``, narrowed by the find line."""
        self.draft = draft
        current = self.current_id
        self.shown = draft.sheet.search(self.finder.value)
        self.table.clear()
        for principal in self.shown:
            self.table.add_row(*cells(principal, draft), key=principal.id)
        ids = [principal.id for principal in self.shown]
        if current in ids:
            self.table.move_cursor(row=ids.index(current))
        self.describe()

    def describe(self) -> None:
        line = self.query_one("#principal-detail", Static)
        principal = (
            self.draft.sheet.principal(self.current_id or "") if self.draft else None
        )
        if principal is not None and self.draft is not None:
            line.update(detail(principal, self.draft))
        elif self.finder.active:
            line.update(f"No principal matches {self.finder.value!r}; esc clears it.")
        else:
            line.update("")

    def find(self) -> None:
        self.finder.open()

    def leave_find(self) -> bool:
        """Handle esc for the find line; False when there was nothing to leave."""
        if self.finder.has_focus:
            if not self.finder.active:
                self.finder.clear_filter()
            self.table.focus()
        elif self.finder.active:
            self.finder.clear_filter()
            if self.draft is not None:
                self.show(self.draft)
        else:
            return False
        return True

    @on(Input.Changed, "#principal-filter")
    def find_changed(self) -> None:
        if self.draft is not None:
            self.show(self.draft)

    @on(Input.Submitted, "#principal-filter")
    def find_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#principal-table")
    def moved(self) -> None:
        self.describe()

    @on(DataTable.RowSelected, "#principal-table")
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Chosen())
