"""The Studio steps for a change no API can make, and a live check until it took.

The check starts at once and reads the package every few seconds with the
connection's own token, counting down to its timeout; esc cancels it, v starts it
again. Leaving hands the last verification back to the screen that asked.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.permission_port import (
    GuidedStep,
    PermissionWriter,
    PollPolicy,
    PollProgress,
    Verification,
)


class GuidedGrantScreen(Screen[Verification | None]):
    CSS_PATH = [stylesheet("guided_grant")]
    HELP = """
The public Celonis API cannot write package permissions, so this step is yours:
follow the numbered steps in Studio and press Save there. Meanwhile the app reads
the package again every few seconds until it shows the change. esc cancels the
check (press it again to go back), v checks again, c copies the name to search.
"""
    BINDINGS = [
        Binding("v", "verify", "Verify", id="guided-verify"),
        Binding("c", "copy", "Copy name", id="guided-copy"),
        Binding("escape", "back", "Cancel / back", id="guided-back"),
        Binding("q", "close", "Back", show=False, id="guided-back-q"),
    ]

    def __init__(
        self,
        writer: PermissionWriter,
        package_key: str,
        steps: Sequence[GuidedStep],
        policy: PollPolicy,
    ) -> None:
        super().__init__()
        self.writer = writer
        self.package_key = package_key
        self.steps = list(steps)
        self.policy = policy
        self.result: Verification | None = None
        self.checker: Worker[None] | None = None
        self.deadline = 0.0
        self.reads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="guided-steps"):
            text = "\n\n".join(step.text() for step in self.steps)
            yield Static(text, id="guided-text", markup=False)
        yield Static("", id="guided-status", classes="status-line", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Apply in Studio: {self.package_key}"
        self.set_interval(0.5, self.tick)
        self.action_verify()

    @property
    def running(self) -> bool:
        return self.checker is not None and self.checker.is_running

    def set_status(self, text: str) -> None:
        self.query_one("#guided-status", Static).update(text)

    def action_verify(self) -> None:
        if not self.running:
            self.deadline = time.monotonic() + self.policy.timeout
            self.reads = 0
            self.checker = self.check()

    @work(exclusive=True, group="guided-verify", exit_on_error=False)
    async def check(self) -> None:
        self.tick()
        changes = [step.change for step in self.steps]
        self.result = await self.writer.verify(
            self.package_key, changes, self.policy, progress=self.noted
        )
        verdict = "VERIFIED" if self.result.verified else "NOT VERIFIED"
        after = "esc goes back" if self.result.verified else "v checks again"
        self.set_status(f"{verdict}: {self.result.summary()}. {after}.")

    def noted(self, progress: PollProgress) -> None:
        self.reads = progress.attempt
        self.tick()

    def tick(self) -> None:
        if not self.running:
            return
        left = max(0, int(self.deadline - time.monotonic()))
        self.set_status(
            f"Waiting for the change: {self.reads} reads, every "
            f"{self.policy.interval:g} s, {left // 60}:{left % 60:02d} left "
            "(esc cancels)"
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.checker:
            return
        if event.state is WorkerState.CANCELLED:
            self.set_status(
                "Check cancelled; nothing is confirmed. v checks again, esc goes back."
            )
        elif event.state is WorkerState.ERROR:
            self.set_status(f"The check stopped: {event.worker.error}. v retries.")

    def action_copy(self) -> None:
        names = sorted({step.change.principal.name for step in self.steps})
        self.app.copy_to_clipboard("\n".join(names))
        self.notify(f"Copied {', '.join(names)}.", title="Clipboard", timeout=4)

    def action_back(self) -> None:
        if self.running and self.checker is not None:
            self.checker.cancel()
            return
        self.dismiss(self.result)

    def action_close(self) -> None:
        if self.checker is not None:
            self.checker.cancel()
        self.dismiss(self.result)
