"""Setup step 6: what the Action Flow's connection window asks for, ready to copy."""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from screens.confirm_dialog import ConfirmDialog
from screens.setup_base import SetupStepScreen
from tui.errors import CelonisError
from tui.setup_checks import send_test_signal
from tui.setup_flow import SetupStep
from tui.urls import normalise_team_url


class SetupActionFlowScreen(SetupStepScreen):
    STEP = SetupStep.ACTION_FLOW
    BINDINGS = [
        Binding("c", "copy_client_id", "Copy", id="setup-copy-id"),
        Binding("s", "signal", "Signal", id="setup-signal"),
    ]
    HELP = """
Step 6: in the Action Flow, open the Process Orchestration module, Add a connection
and enter these values. c copies the client ID (over SSH too). s sends one test
signal to the package's Orchestration Engine after you confirm: it starts a process.
pagedown finishes the setup.
"""

    def compose_step(self) -> ComposeResult:
        progress = self.progress
        team = normalise_team_url(progress.team_url)
        yield Static(
            "In the Action Flow's Process Orchestration module, choose Add next to "
            "Connection; in 'Create a connection' enter:",
            classes="setup-text",
        )
        yield Static(
            f"  Client ID:     {progress.client_id}\n"
            f"  Client Secret: the secret of connection '{progress.connection_name}'"
            " (the one you registered; it is not shown again)\n"
            f"  Environment:   {team.origin} (team {team.team}, realm {team.realm})",
            id="setup-values",
            classes="setup-text",
            markup=False,
        )
        yield Static(
            "Then Save. Optional: send one test signal to package "
            f"{progress.package_key or '(none)'} with an event type:",
            classes="setup-text",
            markup=False,
        )
        with Horizontal(classes="form-row"):
            yield Label("Event type", classes="form-label")
            yield Input("start-process", id="setup-event", compact=True)

    def action_copy_client_id(self) -> None:
        self.app.copy_to_clipboard(self.progress.client_id)
        self.notify(f"Copied the client ID {self.progress.client_id}.")

    def action_signal(self) -> None:
        event = self.query_one("#setup-event", Input).value.strip()
        if not event or not self.progress.package_key:
            self.set_status("A package and an event type are needed for a signal.")
            return
        question = (
            f"Send event '{event}' to package {self.progress.package_key}? "
            "This starts a process in Process Orchestration."
        )
        self.app.push_screen(ConfirmDialog(question, "Send", "Cancel"), self._send)

    def _send(self, confirmed: bool | None) -> None:
        if confirmed:
            self.set_status("Sending the signal ...")
            self.signal(self.query_one("#setup-event", Input).value.strip())

    @work(exclusive=True, group="setup-signal", exit_on_error=False)
    async def signal(self, event: str) -> None:
        service = self.connect_app.context.service
        connection = service.get(self.progress.connection_name)
        if connection is None:
            self.set_status("The connection is not stored: go back to step 4.")
            return
        secret = self.session.secret or await asyncio.to_thread(
            service.secret_for, connection
        )
        if not secret:
            self.set_status("No secret is available for the connection.")
            return
        try:
            instance = await send_test_signal(connection, secret, event, {})
        except CelonisError as error:
            self.set_status(f"Signal refused: {error.cause}\nFix: {error.fix}")
            return
        self.set_status(f"Signal accepted; process instance {instance or '(no id)'}.")

    def action_next(self) -> None:
        self.session.store.clear()
        self.notify("Setup finished; the connection is in the list.")
        self.app.pop_screen()
