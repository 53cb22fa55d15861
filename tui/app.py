"""The Textual application: the only module under ``tui/`` that imports Textual."""

from __future__ import annotations

import logging

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from screens.connections import ConnectionsScreen
from screens.error_dialog import ErrorDialog
from styles import stylesheet
from tui.context import AppContext
from tui.keyring_status import KeyringStatus

log = logging.getLogger(__name__)


class CelonisConnectApp(App[int]):
    """Connect Action Flows to Process Orchestration, by keyboard, in a terminal."""

    TITLE = "celonis-connect"
    CSS_PATH = [stylesheet("base")]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.keyring_status: KeyringStatus | None = None
        if context.sandbox_url:
            self.sub_title = f"sandbox {context.sandbox_url}"

    def on_mount(self) -> None:
        self.push_screen(ConnectionsScreen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for workers that failed in a way their screen did not expect."""
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        log.error("worker %s failed: %s", event.worker.name, error, exc_info=error)
        self.push_screen(
            ErrorDialog(
                "Something went wrong",
                f"{type(error).__name__}: {error}",
                f"The details are in the log: {self.context.paths.log_file}",
            )
        )
