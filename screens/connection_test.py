"""Test a stored connection step by step: each check's outcome, time, cause and fix."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from styles import stylesheet
from tui.checks import CheckResult, Outcome
from tui.connection import Connection
from tui.diagnosis import ConnectionTest, summarise
from tui.secret_store import SecretStoreError

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp


def describe(result: CheckResult) -> str:
    lines = [result.line()]
    if result.outcome is Outcome.FAIL:
        lines.append(f"        Cause: {result.cause}")
        if result.fix:
            lines.append(f"        Fix:   {result.fix}")
        if result.extra.get("details"):
            lines.append(f"        Answer began: {result.extra['details'][:160]}")
    return "\n".join(lines)


class ConnectionTestScreen(Screen[None]):
    HELP = """
Each check runs after the one before it. OK and WARN pass; the first FAIL is the
cause to fix, with the fix beneath it; SKIPPED checks needed an earlier one.
"""
    CSS_PATH = [stylesheet("connection_test")]
    BINDINGS = [
        Binding("r", "rerun", "Run again", id="test-rerun"),
        Binding("escape", "back", "Cancel / back", id="test-back"),
        Binding("q", "back", "Back", show=False, id="test-back-q"),
    ]

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection
        self.results: list[CheckResult] = []
        self.runner: Worker[None] | None = None

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"Connection {self.connection.name}: {self.connection.team_url}, "
            f"client {self.connection.client_id}",
            id="test-heading",
            markup=False,
        )
        yield VerticalScroll(id="test-results")
        yield Static("", id="test-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Test {self.connection.name}"
        self.action_rerun()

    def action_rerun(self) -> None:
        if self.runner is not None and self.runner.is_running:
            return
        self.query_one("#test-results", VerticalScroll).remove_children()
        self.results = []
        self.runner = self.run_checks()

    def action_back(self) -> None:
        if self.runner is not None and self.runner.is_running:
            self.runner.cancel()
            self.set_status("Cancelled. Press r to run again, esc to go back.")
            return
        self.dismiss()

    def set_status(self, text: str) -> None:
        self.query_one("#test-status", Static).update(text)

    @work(exclusive=True, group="connection-test", exit_on_error=False)
    async def run_checks(self) -> None:
        service = self.connect_app.context.service
        started = time.monotonic()
        self.set_status("Reading the secret ... (esc cancels)")
        try:
            secret = await asyncio.to_thread(service.secret_for, self.connection)
        except SecretStoreError as error:
            secret = None
            self.set_status(f"Secret could not be read: {error}")
        test = ConnectionTest(self.connection, secret)
        box = self.query_one("#test-results", VerticalScroll)
        self.set_status("Running the checks ... (esc cancels)")
        async for result in test.run():
            self.results.append(result)
            outcome_class = f"outcome-{result.outcome.value.lower()}"
            await box.mount(
                Static(describe(result), classes=f"check {outcome_class}", markup=False)
            )
            self.set_status(
                f"Running ... {len(self.results)} checks done (esc cancels)"
            )
        await asyncio.to_thread(
            service.record_test, self.connection.name, self.results, test.findings
        )
        passed = all(r.passed for r in self.results)
        verdict = "PASSED" if passed else "FAILED"
        seconds = time.monotonic() - started
        self.set_status(
            f"{verdict}: {summarise(self.results)} in {seconds:.1f} s. "
            "r runs again, esc goes back."
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.runner and event.state is WorkerState.ERROR:
            self.set_status(
                f"The test stopped: {event.worker.error}. Press r to retry."
            )
