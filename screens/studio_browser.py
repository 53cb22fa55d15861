"""The Studio browser: spaces beside their packages, with the connection's actions.

Everything comes from one load of the spaces and packages lists in a worker; the
screen only arranges the rows that ``tui.studio`` and ``tui.studio_view`` produce.
A load that failed part way stays labelled PARTIAL with a retry, never complete.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from screens.filter_bar import FilterBar
from screens.key_footer import KeyFooter
from screens.package_details import PackageDetailsScreen, copy_package
from screens.permission_matrix import PermissionMatrixScreen
from screens.row_table import RowTable
from screens.studio_columns import (
    ALL_SPACES_ID,
    SPACE_COLUMNS,
    all_spaces,
    package_columns,
    package_line,
)
from styles import stylesheet
from tui.client import RetryPolicy
from tui.connection import Connection
from tui.errors import CelonisError
from tui.studio import LoadResult, PackageRow, SpaceRow, StudioCatalog
from tui.studio_access import StudioAccessError, connection_client
from tui.studio_view import PackageView, SortOrder

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp


class StudioBrowserScreen(Screen[None]):
    HELP = """
The team's Studio as this connection sees it: spaces on the left,
the packages of the chosen space on the right with the
connection's own actions on each (All Permissions when it holds
USE, EDIT, DELETE and MANAGE). tab moves between the lists. /
filters by name, key, id or space; esc leaves the filter, then
clears it, then goes back. s sorts by name or last change, enter
shows a package, c copies its key and Studio link, m opens the
permissions matrix, r loads again. A load that failed part way
says PARTIAL and names what is missing.
"""
    CSS_PATH = [stylesheet("studio_browser")]
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="studio-filter"),
        Binding("enter", "details", "Details", show=False, id="studio-details"),
        Binding("c", "copy", "Copy", id="studio-copy"),
        Binding("s", "sort", "Sort", show=False, id="studio-sort"),
        Binding("m", "matrix", "Matrix", id="studio-matrix"),
        Binding("p", "permissions", "Permissions", id="studio-permissions"),
        Binding("r", "refresh", "Refresh", show=False, id="studio-refresh"),
        Binding("escape", "back", "Back", id="studio-back"),
        Binding("q", "close", "Back", show=False, id="studio-back-q"),
    ]

    def __init__(
        self, connection: Connection, retry: RetryPolicy | None = None
    ) -> None:
        super().__init__()
        self.connection = connection
        self.retry = retry
        self.result: LoadResult | None = None
        self.view = PackageView(())
        self.order = SortOrder.NAME
        self.space_id: str | None = None
        self.shown: list[PackageRow] = []
        self.loader: Worker[None] | None = None
        self.progress = ""
        self.started = 0.0

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    @property
    def table(self) -> RowTable[PackageRow]:
        return cast("RowTable[PackageRow]", self.query_one("#studio-packages"))

    @property
    def spaces(self) -> RowTable[SpaceRow]:
        return cast("RowTable[SpaceRow]", self.query_one("#studio-spaces"))

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#studio-filter-input", FilterBar)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="studio-status", markup=False)
        yield Static("", id="studio-view", markup=False)
        yield FilterBar("Filter by name, key, id or space", id="studio-filter-input")
        with Horizontal(id="studio-panes"):
            yield RowTable(SPACE_COLUMNS, id="studio-spaces")
            yield RowTable(package_columns(self.order), id="studio-packages")
        yield Static("", id="studio-package", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Studio as {self.connection.name} sees it"
        self.set_interval(0.1, self.show_progress)
        self.action_refresh()
        self.table.focus()

    def action_refresh(self) -> None:
        if not self.load_running:
            self.started = time.monotonic()
            self.progress = "Starting ..."
            self.loader = self.load()

    @property
    def load_running(self) -> bool:
        return self.loader is not None and self.loader.is_running

    def set_progress(self, text: str) -> None:
        self.progress = text

    async def note_wait(self, seconds: float, error: CelonisError) -> None:
        self.progress = f"{error.cause}; retrying in {seconds:.1f} s"

    def show_progress(self) -> None:
        if self.load_running:
            seconds = time.monotonic() - self.started
            self.set_status(f"{self.progress} ({seconds:.1f} s, esc cancels)")

    def set_status(self, text: str) -> None:
        self.query_one("#studio-status", Static).update(text)

    @work(exclusive=True, group="studio-load", exit_on_error=False)
    async def load(self) -> None:
        self.progress = "Reading the secret ..."
        service = self.connect_app.context.service
        try:
            client = await asyncio.to_thread(
                connection_client,
                service,
                self.connection,
                retry=self.retry,
                on_wait=self.note_wait,
            )
        except StudioAccessError as error:
            self.set_status(f"FAILED: {error}. Press r to retry.")
            return
        async with client:
            result = await StudioCatalog(client, self.set_progress).load()
        self.show_result(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.loader:
            return
        if event.state is WorkerState.CANCELLED:
            kept = (
                "nothing is shown" if self.result is None else "showing the last load"
            )
            self.set_status(f"Cancelled; {kept}. Press r to load again.")
        elif event.state is WorkerState.ERROR:
            self.set_status(f"FAILED: {event.worker.error}. Press r to retry.")

    def show_result(self, result: LoadResult) -> None:
        self.result = result
        self.view = PackageView(result.packages)
        chosen = self.spaces.current
        space_rows = [all_spaces(len(result.packages)), *result.spaces]
        self.spaces.show(space_rows, keep=None)
        if chosen is not None:
            index = next((i for i, s in enumerate(space_rows) if s.id == chosen.id), 0)
            self.spaces.cursor = index
        self.apply_view()
        status = result.headline()
        if not result.complete:
            status += f". Press r to retry.\n{result.problems()}"
        self.set_status(status)
        self.query_one("#studio-status").set_class(not result.complete, "-partial")

    def apply_view(self) -> None:
        selected = self.table.current
        self.shown = self.view.show(self.filter_bar.value, self.order, self.space_id)
        self.table.show(self.shown, keep=selected)
        self.query_one("#studio-view", Static).update(self.view_line())
        self.describe_current()

    def view_line(self) -> str:
        """What the table shows, in words: count, space, filter and order."""
        space = self.spaces.current
        where = "all spaces" if self.space_id is None or space is None else space.name
        parts = [f"Showing {len(self.shown):,} of {len(self.view.rows):,}", where]
        if self.filter_bar.active:
            parts.append(f"filter {self.filter_bar.value.strip()!r}")
        parts.append(f"sorted by {self.order.value}")
        return " · ".join(parts)

    def describe_current(self) -> None:
        row = self.table.current
        text = package_line(row) if row is not None else self.empty_text()
        self.query_one("#studio-package", Static).update(text)

    def empty_text(self) -> str:
        if self.result is None:
            return ""
        if self.filter_bar.active:
            return (
                f"No package matches {self.filter_bar.value.strip()!r}; esc clears it."
            )
        return "No packages here."

    @on(RowTable.Highlighted, "#studio-packages")
    def row_moved(self) -> None:
        self.describe_current()

    @on(RowTable.Highlighted, "#studio-spaces")
    def space_moved(self) -> None:
        space = self.spaces.current
        space_id = None if space is None or space.id == ALL_SPACES_ID else space.id
        if space_id != self.space_id:
            self.space_id = space_id
            self.apply_view()

    def action_filter(self) -> None:
        self.filter_bar.open()

    @on(Input.Changed, "#studio-filter-input")
    def filter_changed(self) -> None:
        self.apply_view()

    @on(Input.Submitted, "#studio-filter-input")
    def filter_done(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        """Leave the filter, else cancel a load, else clear the filter, else go back."""
        if self.filter_bar.has_focus:
            if not self.filter_bar.active:
                self.filter_bar.clear_filter()
            self.table.focus()
        elif self.load_running and self.loader is not None:
            self.loader.cancel()
        elif self.filter_bar.active:
            self.filter_bar.clear_filter()
            self.apply_view()
        else:
            self.dismiss()

    def action_close(self) -> None:
        if self.loader is not None:
            self.loader.cancel()
        self.dismiss()

    def action_sort(self) -> None:
        self.order = self.order.next
        self.table.set_columns(package_columns(self.order))
        self.apply_view()

    def action_details(self) -> None:
        if self.spaces.has_focus:
            self.table.focus()
        elif self.table.current is not None:
            self.open_details(self.table.current)

    def open_details(self, row: PackageRow) -> None:
        if self.result is not None:
            origin = self.result.origin
            details = PackageDetailsScreen(row, origin, self.connection, self.retry)
            self.app.push_screen(details)

    def action_copy(self) -> None:
        row = self.table.current
        if row is not None and self.result is not None:
            copy_package(self, row, self.result.origin)

    def action_permissions(self) -> None:
        from screens.permissions import PermissionsScreen

        row = self.table.current
        if row is not None:
            self.app.push_screen(PermissionsScreen(self.connection, row.key))

    def action_matrix(self) -> None:
        if self.result is None:
            self.notify("Nothing is loaded yet.", severity="warning")
            return
        matrix = PermissionMatrixScreen(self.result, self.view, self.open_details)
        self.app.push_screen(matrix)
