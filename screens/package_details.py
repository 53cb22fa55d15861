"""One package in full: both identifiers and where each is used, and live checks.

The checks ask Studio for the node by its id and pacman for its nodes by its key,
so the user sees the connection's actions as the team reports them right now.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.client import RetryPolicy
from tui.connection import Connection
from tui.package_checks import check_package, signal_path
from tui.permission_matrix import mark
from tui.permissions import PACKAGE_ACTIONS
from tui.studio import PackageRow
from tui.studio_access import StudioAccessError, connection_client

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp

OSC52_HINT = "sent over the terminal (OSC 52)"


def copy_text(screen: Screen[Any], text: str, what: str) -> None:
    """Put ``text`` on the clipboard of the user's own terminal and say what it was."""
    screen.app.copy_to_clipboard(text)
    screen.notify(f"Copied {what}; {OSC52_HINT}.", title="Clipboard", timeout=4)


def copy_package(screen: Screen[Any], row: PackageRow, origin: str) -> None:
    """Copy the key and, on the next line, the Studio link of ``row``."""
    link = row.studio_link(origin)
    if not link:
        copy_text(screen, row.key, f"key {row.key} (no Studio link: it has no space)")
        return
    copy_text(screen, f"{row.key}\n{link}", f"key {row.key} and its Studio link")


def facts(row: PackageRow, origin: str) -> str:
    """The package's fields, one per line, naming what each identifier is for."""
    granted = "  ".join(
        f"{mark(action in row.actions)} {action}" for action in PACKAGE_ACTIONS
    )
    link = row.studio_link(origin) or "(none: the package has no space id)"
    return "\n".join(
        [
            f"Key      {row.key}",
            "         (Orchestration Engine and pacman calls use the key)",
            f"Id       {row.id}",
            "         (Studio links and package-manager nodes use the id)",
            f"Space    {row.space_name}  {row.space_id}",
            f"Version  {row.version}    Last change {row.changed} UTC",
            f"Actions  {row.actions_text}",
            f"         {granted}",
            f"Signals  POST {signal_path(row)}",
            "Studio link:",
            link,
        ]
    )


class PackageDetailsScreen(Screen[None]):
    HELP = """
One package: its key (for Orchestration Engine and pacman calls)
and its id (for Studio links), its space, version and the
connection's actions. The live checks read the package by id from
Studio and its nodes by key from pacman, which needs Edit package.
c copies key and link, k the key, l the link; r checks again.
"""
    CSS_PATH = [stylesheet("package_details")]
    BINDINGS = [
        Binding("c", "copy", "Copy key+link", id="package-copy"),
        Binding("k", "copy_key", "Copy key", show=False, id="package-copy-key"),
        Binding("l", "copy_link", "Copy link", show=False, id="package-copy-link"),
        Binding("r", "check", "Check again", id="package-check"),
        Binding("escape", "back", "Back", id="package-back"),
        Binding("q", "back", "Back", show=False, id="package-back-q"),
    ]

    def __init__(
        self,
        row: PackageRow,
        origin: str,
        connection: Connection,
        retry: RetryPolicy | None = None,
    ) -> None:
        super().__init__()
        self.row = row
        self.origin = origin
        self.connection = connection
        self.retry = retry
        self.checker: Worker[None] | None = None

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="package-body"):
            yield Static(self.row.name, id="package-name", markup=False)
            yield Static(facts(self.row, self.origin), id="package-facts", markup=False)
            yield Static("", id="package-checks", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Package {self.row.key}"
        self.action_check()

    def set_checks(self, text: str) -> None:
        self.query_one("#package-checks", Static).update(text)

    def action_check(self) -> None:
        if self.checker is None or not self.checker.is_running:
            self.checker = self.run_checks()

    @work(exclusive=True, group="package-checks", exit_on_error=False)
    async def run_checks(self) -> None:
        self.set_checks("Live checks: asking the team ... (esc cancels)")
        service = self.connect_app.context.service
        try:
            client = await asyncio.to_thread(
                connection_client, service, self.connection, retry=self.retry
            )
        except StudioAccessError as error:
            self.set_checks(f"Live checks cannot run: {error}")
            return
        async with client:
            checks = await check_package(client, self.row)
        lines = [check.line() for check in checks]
        self.set_checks("Live checks (r runs them again):\n" + "\n".join(lines))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.checker:
            return
        if event.state is WorkerState.CANCELLED:
            self.set_checks("Live checks cancelled; r runs them again.")
        elif event.state is WorkerState.ERROR:
            self.set_checks(f"Live checks stopped: {event.worker.error}")

    def action_back(self) -> None:
        if self.checker is not None and self.checker.is_running:
            self.checker.cancel()
            return
        self.dismiss()

    def action_copy(self) -> None:
        copy_package(self, self.row, self.origin)

    def action_copy_key(self) -> None:
        copy_text(self, self.row.key, f"key {self.row.key}")

    def action_copy_link(self) -> None:
        link = self.row.studio_link(self.origin)
        if link:
            copy_text(self, link, "the Studio link")
        else:
            self.notify("This package has no space id, so no Studio link.")
