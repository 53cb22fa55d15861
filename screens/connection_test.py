"""Test a stored connection step by step: each check's outcome, time, cause and fix.

While the client waits before a retry (429, 503, a 5xx), the status line counts
down and esc cancels. ``o`` asks for an event type and, after a confirmation, runs
the test again with one Orchestration Engine signal, which starts a process.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from screens.confirm_dialog import ConfirmDialog
from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.checks import CheckResult, Outcome
from tui.connection import Connection
from tui.diagnosis import ConnectionTest, summarise
from tui.errors import CelonisError
from tui.http_errors import wait_reason
from tui.net_settings import SettingsError, settings_from_environment
from tui.secret_store import SecretStoreError

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp


def describe(result: CheckResult) -> str:
    lines = [result.line()]
    if result.outcome is Outcome.WARN and result.fix:
        lines.append(f"        Fix:   {result.fix}")
    if result.outcome is Outcome.FAIL:
        lines.append(f"        Cause: {result.cause}")
        if result.fix:
            lines.append(f"        Fix:   {result.fix}")
        if result.extra.get("details"):
            lines.append(f"        Answer began: {result.extra['details'][:160]}")
    return "\n".join(lines)


class ConnectionTestScreen(Screen[None]):
    HELP = """
The network checks run together, then the token, Studio and package checks. OK and
WARN pass; the first FAIL is the cause to fix, with the fix beneath it; SKIPPED
checks needed an earlier one. Press o to send one test signal (it starts a process),
e to edit the connection (the test runs again after a save).
"""
    CSS_PATH = [stylesheet("connection_test")]
    BINDINGS = [
        Binding("r", "rerun", "Run again", id="test-rerun"),
        Binding("o", "signal", "Signal test", id="test-signal"),
        Binding("e", "edit", "Edit", id="test-edit"),
        Binding("escape", "back", "Cancel / back", id="test-back"),
        Binding("q", "back", "Back", show=False, id="test-back-q"),
    ]

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection
        self.results: list[CheckResult] = []
        self.runner: Worker[None] | None = None
        self.signal_event: str | None = None
        self.wait_until: float | None = None
        self.wait_label = ""

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    def heading(self) -> str:
        connection = self.connection
        return (
            f"Connection {connection.name}: {connection.team_url}, "
            f"client {connection.client_id}"
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.heading(), id="test-heading", markup=False)
        yield VerticalScroll(id="test-results")
        yield Vertical(id="signal-box")
        yield Static("", id="test-status", classes="status-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Test {self.connection.name}"
        self.set_interval(0.25, self.show_wait)
        self.action_rerun()

    def action_rerun(self) -> None:
        if self.runner is not None and self.runner.is_running:
            return
        self.query_one("#test-results", VerticalScroll).remove_children()
        self.results = []
        self.runner = self.run_checks()

    def action_edit(self) -> None:
        from screens.connection_form import ConnectionFormScreen

        if self.runner is not None and self.runner.is_running:
            self.runner.cancel()
        current = self.connect_app.context.service.get(self.connection.name)
        self.app.push_screen(
            ConnectionFormScreen(current or self.connection), self.edited
        )

    def edited(self, saved: Connection | None) -> None:
        if saved is None:
            return
        self.connection = saved
        self.title = f"Test {saved.name}"
        self.query_one("#test-heading", Static).update(self.heading())
        self.set_status(f"Saved {saved.name}; testing it again.")
        self.action_rerun()

    def action_back(self) -> None:
        if self.query("#signal-event"):
            self.query_one("#signal-box", Vertical).remove_children()
            self.set_status("No signal sent.")
            return
        if self.runner is not None and self.runner.is_running:
            self.runner.cancel()
            self.set_status("Cancelled. Press r to run again, esc to go back.")
            return
        self.dismiss()

    def set_status(self, text: str) -> None:
        self.query_one("#test-status", Static).update(text)

    def action_signal(self) -> None:
        if self.runner is not None and self.runner.is_running:
            return
        if not self.connection.package_key:
            self.set_status(
                "Name a package on the connection first (esc, then e to edit)."
            )
            return
        box = self.query_one("#signal-box", Vertical)
        box.remove_children()
        box.mount(
            Static(
                f"Event type to send to {self.connection.package_key} "
                "(enter asks to confirm, esc cancels):",
                markup=False,
            ),
            Input(placeholder="event type, like start-process", id="signal-event"),
        )
        self.call_after_refresh(self.query_one("#signal-event", Input).focus)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "signal-event":
            return
        event.stop()
        chosen = event.value.strip()
        self.query_one("#signal-box", Vertical).remove_children()
        if not chosen:
            self.set_status("No signal sent.")
            return
        question = (
            f"Send a {chosen} signal to package {self.connection.package_key}? "
            "This starts a real process in Process Orchestration."
        )

        def answered(send: bool | None) -> None:
            if not send:
                self.set_status("No signal sent.")
                return
            self.signal_event = chosen
            self.action_rerun()

        self.app.push_screen(ConfirmDialog(question, "Send", "Cancel"), answered)

    async def note_wait(self, seconds: float, error: CelonisError) -> None:
        """Called by the client before it waits to retry: start the countdown."""
        self.wait_until = time.monotonic() + seconds
        self.wait_label = wait_reason(error)
        self.show_wait()

    def show_wait(self) -> None:
        if self.wait_until is None:
            return
        if self.runner is None or not self.runner.is_running:
            self.wait_until = None
            return
        left = math.ceil(self.wait_until - time.monotonic())
        if left <= 0:
            self.wait_until = None
            self.set_status(f"{self.wait_label}; retrying now (esc cancels)")
            return
        self.set_status(f"{self.wait_label}; retrying in {left} s (esc cancels)")

    @work(exclusive=True, group="connection-test", exit_on_error=False)
    async def run_checks(self) -> None:
        service = self.connect_app.context.service
        started = time.monotonic()
        self.set_status("Reading the secret ... (esc cancels)")
        try:
            secret = await asyncio.to_thread(service.secret_for, self.connection)
        except SecretStoreError as error:
            await self.show_secret_problem(error)
            return
        try:
            settings = settings_from_environment()
        except SettingsError as error:
            self.set_status(f"Network settings: {error}. Fix it and press r.")
            return
        signal, self.signal_event = self.signal_event, None
        test = ConnectionTest(
            self.connection,
            secret,
            settings=settings,
            signal_event=signal,
            on_wait=self.note_wait,
        )
        box = self.query_one("#test-results", VerticalScroll)
        self.set_status("Running the checks ... (esc cancels)")
        async for result in test.run():
            self.wait_until = None
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
            "r runs again, e edits, esc goes back."
        )

    async def show_secret_problem(self, error: SecretStoreError) -> None:
        """The secret could not be read: say why and how to fix it; record nothing."""
        await self.query_one("#test-results", VerticalScroll).mount(
            Static(
                f"FAIL    Client secret: {error}",
                classes="check outcome-fail",
                markup=False,
            )
        )
        self.set_status(
            "FAILED: the client secret could not be read (see above). "
            "r runs again, e edits, esc goes back."
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.runner and event.state is WorkerState.ERROR:
            self.set_status(
                f"The test stopped: {event.worker.error}. Press r to retry."
            )
