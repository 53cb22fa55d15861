"""The permissions matrix: every package of the load against the four actions.

A summary line counts where the connection holds each action; ``/`` narrows the
rows like the browser does, and ``enter`` opens the package's details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from screens.filter_bar import FilterBar
from screens.key_footer import KeyFooter
from screens.row_table import Column, RowTable
from styles import stylesheet
from tui.permission_matrix import mark, matrix_summary, verdict
from tui.permissions import PACKAGE_ACTIONS
from tui.studio import LoadResult, PackageRow
from tui.studio_view import PackageView, SortOrder


def action_column(action: str) -> Column[PackageRow]:
    """``[x]`` or ``[ ]`` under the action's name."""
    width = len(action)
    return Column(action, width, lambda row: mark(action in row.actions).center(width))


COLUMNS: tuple[Column[PackageRow], ...] = (
    Column("Package", 0, lambda row: row.name, middle=True),
    Column("Key", 14, lambda row: row.key),
    *(action_column(action) for action in PACKAGE_ACTIONS),
    Column("Verdict", 15, verdict),
)


class PermissionMatrixScreen(Screen[None]):
    HELP = """
Every package of the load against the connection's actions: [x]
granted, [ ] not. The verdict says All Permissions or which
actions are missing; the top line counts them. / filters, esc
leaves the filter, then clears it, then goes back; enter shows the
package.
"""
    CSS_PATH = [stylesheet("permission_matrix")]
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="matrix-filter"),
        Binding("enter", "details", "Details", id="matrix-details"),
        Binding("escape", "back", "Back", id="matrix-back"),
        Binding("q", "close", "Back", show=False, id="matrix-back-q"),
    ]

    def __init__(
        self,
        result: LoadResult,
        view: PackageView,
        open_details: Callable[[PackageRow], None],
    ) -> None:
        super().__init__()
        self.result = result
        self.view = view
        self.open_details = open_details

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="matrix-summary", markup=False)
        yield FilterBar("Filter by name, key, id or space", id="matrix-filter-input")
        yield RowTable(COLUMNS, id="matrix-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Permissions matrix"
        self.apply_view()
        self.table.focus()

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#matrix-filter-input", FilterBar)

    @property
    def table(self) -> RowTable[PackageRow]:
        return cast("RowTable[PackageRow]", self.query_one("#matrix-table"))

    def apply_view(self) -> None:
        shown = self.view.show(self.filter_bar.value, SortOrder.NAME)
        self.table.show(shown, keep=self.table.current)
        summary = matrix_summary(shown)
        if self.filter_bar.active:
            summary += f" (filter {self.filter_bar.value!r})"
        if not self.result.complete:
            summary = "PARTIAL load, not the whole team: " + summary
        self.query_one("#matrix-summary", Static).update(summary)

    def action_filter(self) -> None:
        self.filter_bar.open()

    @on(Input.Changed, "#matrix-filter-input")
    def filter_changed(self) -> None:
        self.apply_view()

    @on(Input.Submitted, "#matrix-filter-input")
    def filter_done(self) -> None:
        self.table.focus()

    def action_details(self) -> None:
        row = self.table.current
        if row is not None:
            self.open_details(row)

    def action_back(self) -> None:
        if self.filter_bar.has_focus:
            if not self.filter_bar.active:
                self.filter_bar.clear_filter()
            self.table.focus()
        elif self.filter_bar.active:
            self.filter_bar.clear_filter()
            self.apply_view()
        else:
            self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
