"""The Textual application: the only module under ``tui/`` that imports Textual."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.segment import Segments
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from screens.connections import ConnectionsScreen
from styles import stylesheet
from tui.context import AppContext
from tui.startup import resume_collection

if TYPE_CHECKING:
    from tui.keyring_status import KeyringStatus
    from tui.secret import Secret

log = logging.getLogger(__name__)


class CelonisConnectApp(App[int]):
    """Connect Action Flows to Process Orchestration, by keyboard, in a terminal."""

    TITLE = "celonis-connect"
    # The first screen's stylesheet is read with the app's own: a screen's
    # stylesheet read later makes Textual parse every stylesheet again, which
    # would add tens of milliseconds before the first screen is drawn.
    CSS_PATH = [stylesheet("base"), *ConnectionsScreen.CSS_PATH]
    ENABLE_COMMAND_PALETTE = True
    MODES = {"connections": ConnectionsScreen}
    DEFAULT_MODE = "connections"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
        Binding("f2", "info", "Info", show=False, id="info"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.keyring_status: KeyringStatus | None = None
        self.setup_secret: tuple[str, Secret] | None = None
        """The guided setup's client id and secret, in memory for this run only."""
        if context.sandbox_url:
            self.sub_title = f"sandbox {context.sandbox_url}"
        self.apply_key_overrides()

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_screen_drawn)

    def first_screen_drawn(self) -> None:
        """Start what was held back so that nothing delayed the first screen."""
        self.context.release_sandbox()
        resume_collection()

    def apply_key_overrides(self) -> None:
        """Keys remapped by binding id in the config file's ``keys`` table; set
        before the first screen is made, so its footer shows them from the start."""
        overrides = self.context.service.store.key_overrides()
        if overrides:
            self.set_keymap(overrides)
            log.info("applied %d remapped keys", len(overrides))

    def keep_setup_secret(self, client_id: str, secret: Secret) -> None:
        self.setup_secret = (client_id, secret)

    def action_info(self) -> None:
        from screens.info_screen import InfoScreen

        if not isinstance(self.screen, InfoScreen):
            self.push_screen(InfoScreen())

    def action_help(self) -> None:
        from screens.help_screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every key of the current screen as a command too."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action in seen or binding.action in ("quit", "command_palette"):
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description or binding.action,
                f"{key}: {binding.description or binding.action} on {screen.title}",
                partial(self.run_action, binding.action, active.node),
            )

    def _fatal_error(self) -> None:
        """Report a crash without the values of local variables.

        Textual's default crash report prints every frame's locals, and a frame on
        the way to the keyring may hold a secret or a passphrase as plain text.
        """
        from rich.traceback import Traceback

        self.bell()
        report = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(report, self.console.options))
        )
        self._close_messages_no_wait()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for workers that failed in a way their screen did not expect."""
        from screens.error_dialog import ErrorDialog

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
