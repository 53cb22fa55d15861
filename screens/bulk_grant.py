"""All Permissions for one principal on several packages, with a result per package.

The list holds the packages the connection sees; space marks them. ctrl+s reads
each marked package and shows the plan (what changes, what is already so); y runs
it package by package and fills in each result with its reason. esc during a run
stops after the current package and reports the rest as not run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from screens.filter_bar import FilterBar
from screens.key_footer import KeyFooter
from screens.permission_diff_dialog import PermissionDiffDialog
from styles import stylesheet
from tui.cancel import CancelToken
from tui.connection import Connection
from tui.errors import CelonisError
from tui.permission_bulk import (
    BulkPlan,
    BulkResult,
    guided_steps,
    plan_bulk,
    run_bulk,
    summary,
)
from tui.permission_model import ALL_PERMISSIONS_TEMPLATE, TEMPLATES
from tui.permission_port import PollPolicy
from tui.permission_session import WriterHolder, WriterUnavailable
from tui.wording import counted

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp

POLICY = PollPolicy(interval=1.0, timeout=10.0)
GUIDED = PollPolicy(interval=2.0, timeout=300.0)


class BulkGrantScreen(Screen[None]):
    CSS_PATH = [stylesheet("bulk_grant")]
    HELP = """
Give one principal (by default this connection's own OAuth client) the All
Permissions template on every marked package. space marks, / filters, e changes
the principal. ctrl+s shows the plan and runs it on y; each package then reads
applied, already so, failed (with the reason) or not run.
"""
    BINDINGS = [
        Binding("space", "mark", "Mark", id="bulk-mark"),
        Binding("slash", "filter", "Filter", id="bulk-filter"),
        Binding("e", "principal", "Principal", id="bulk-principal"),
        Binding("ctrl+s", "plan", "Apply", id="bulk-apply"),
        Binding("r", "refresh", "Refresh", show=False, id="bulk-refresh"),
        Binding("escape", "back", "Back", id="bulk-back"),
        Binding("q", "close", "Back", show=False, id="bulk-back-q"),
    ]

    def __init__(
        self,
        connection: Connection,
        marked: Sequence[str] = (),
        *,
        guided: bool | None = None,
        policy: PollPolicy | None = None,
    ) -> None:
        super().__init__()
        self.connection = connection
        self.marked = set(marked)
        self.guided = guided
        self.policy = policy
        self.packages: list[tuple[str, str]] = []
        self.shown: list[tuple[str, str]] = []
        self.results: dict[str, BulkResult] = {}
        self.worker: Worker[None] | None = None
        self.cancel = CancelToken()
        self.holder: WriterHolder | None = None

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"Template {ALL_PERMISSIONS_TEMPLATE} for principal:", classes="hint"
        )
        yield Input(self.connection.client_id, id="bulk-principal-input", compact=True)
        yield FilterBar("Filter packages by key or name", id="bulk-filter-input")
        yield DataTable(id="bulk-table", cursor_type="row")
        yield Static("", id="bulk-detail", markup=False)
        yield Static("", id="bulk-status", classes="status-line", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Bulk grant as {self.connection.name}"
        service = self.connect_app.context.service
        self.holder = WriterHolder(self.connection, service, guided=self.guided)
        table = self.query_one("#bulk-table", DataTable)
        table.add_columns("", "Key", "Result", "Package")
        table.focus()
        self.action_refresh()

    async def on_unmount(self) -> None:
        if self.holder is not None:
            await self.holder.close()

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_running

    @property
    def principal(self) -> str:
        return self.query_one("#bulk-principal-input", Input).value.strip()

    def set_status(self, text: str) -> None:
        self.query_one("#bulk-status", Static).update(text)

    def action_refresh(self) -> None:
        if not self.busy:
            self.worker = self.load()

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def load(self) -> None:
        assert self.holder is not None
        self.set_status("Loading the packages this connection sees ...")
        try:
            client = await self.holder.client()
            nodes = await client.packages()
        except (WriterUnavailable, CelonisError) as error:
            self.set_status(f"FAILED: {error}")
            return
        listed = [(node.key, node.name) for node in nodes]
        self.packages = sorted(listed, key=lambda p: (p[0] not in self.marked, p[1]))
        self.apply_view()
        self.set_status(
            f"{counted(len(self.packages), 'package')}; {len(self.marked)} marked."
        )

    def apply_view(self) -> None:
        text = self.query_one("#bulk-filter-input", FilterBar).value.casefold()
        self.shown = [p for p in self.packages if text in f"{p[0]} {p[1]}".casefold()]
        table = self.query_one("#bulk-table", DataTable)
        row = table.cursor_row
        table.clear()
        for key, name in self.shown:
            result = self.results.get(key)
            mark = "[x]" if key in self.marked else "[ ]"
            status = result.status.value if result else ""
            table.add_row(*(Text(cell) for cell in (mark, key, status, name)))
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        self.describe_current()

    def current(self) -> str | None:
        row = self.query_one("#bulk-table", DataTable).cursor_row
        return self.shown[row][0] if 0 <= row < len(self.shown) else None

    def describe_current(self) -> None:
        key = self.current()
        result = self.results.get(key or "")
        text = result.line() if result else (key or "")
        self.query_one("#bulk-detail", Static).update(text)

    @on(DataTable.RowHighlighted, "#bulk-table")
    def row_moved(self) -> None:
        self.describe_current()

    def action_mark(self) -> None:
        key = self.current()
        if key is None or self.busy:
            return
        self.marked.symmetric_difference_update({key})
        self.apply_view()
        self.set_status(f"{len(self.marked)} marked; ctrl+s reviews and applies.")

    def action_filter(self) -> None:
        self.query_one("#bulk-filter-input", FilterBar).open()

    @on(Input.Changed, "#bulk-filter-input")
    def filter_changed(self) -> None:
        self.apply_view()

    @on(Input.Submitted)
    def input_done(self) -> None:
        self.query_one("#bulk-table").focus()

    def action_principal(self) -> None:
        self.query_one("#bulk-principal-input", Input).focus()

    def action_plan(self) -> None:
        if self.busy:
            return
        if not self.marked or not self.principal:
            self.set_status("Mark packages with space and name a principal first.")
            return
        self.worker = self.review()

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def review(self) -> None:
        assert self.holder is not None
        keys = [key for key, _ in self.packages if key in self.marked]
        self.set_status(f"Reading {len(keys)} packages ... (esc cancels)")
        try:
            writer = await self.holder.writer()
        except WriterUnavailable as error:
            self.set_status(f"FAILED: {error}")
            return
        plans = await plan_bulk(writer, keys, self.principal, TEMPLATES["all"])
        lines = [plan.line() for plan in plans]
        lines += [step.text() for step in await guided_steps(writer, plans)]
        note = f"Applied by {writer.applies_by}, one package at a time."
        title = f"{ALL_PERMISSIONS_TEMPLATE} for {self.principal} on {len(keys)}?"
        dialog = PermissionDiffDialog(title, lines, note)
        self.app.push_screen(dialog, lambda yes: self.confirmed(plans, yes))
        self.set_status("Review the plan: y applies it.")

    def confirmed(self, plans: list[BulkPlan], yes: bool | None) -> None:
        if yes and not self.busy:
            self.cancel = CancelToken()
            self.worker = self.apply(plans)

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def apply(self, plans: list[BulkPlan]) -> None:
        assert self.holder is not None
        writer = await self.holder.writer()
        policy = self.policy or (GUIDED if writer.guided else POLICY)
        done: list[BulkResult] = []
        for plan in plans:
            self.results.pop(plan.package_key, None)
        async for result in run_bulk(writer, plans, policy, cancel=self.cancel):
            done.append(result)
            self.results[result.package_key] = result
            self.apply_view()
            self.set_status(f"{len(done)} of {len(plans)} done (esc stops) ...")
        self.set_status(f"Done: {summary(done)}. Each row says why.")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.worker and event.state is WorkerState.ERROR:
            self.set_status(f"Stopped: {event.worker.error}")

    def action_back(self) -> None:
        bar = self.query_one("#bulk-filter-input", FilterBar)
        if self.focused is not self.query_one("#bulk-table"):
            if bar.has_focus and not bar.active:
                bar.clear_filter()
            self.query_one("#bulk-table").focus()
        elif self.busy:
            self.cancel.cancel()
            self.set_status("Stopping after the current package ...")
        elif bar.active:
            bar.clear_filter()
            self.apply_view()
        else:
            self.dismiss()

    def action_close(self) -> None:
        self.cancel.cancel()
        self.dismiss()
