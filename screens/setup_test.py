"""Setup step 5: the full connection test; every check green, or its fix shown."""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from screens.connection_test import describe
from screens.setup_base import SetupSession, SetupStepScreen
from tui.checks import CheckResult, Outcome
from tui.diagnosis import ConnectionTest
from tui.setup_flow import SetupStep

STEP_FOR_CHECK = {
    "url": "1 Environment",
    "token": "2 OAuth client",
    "scopes": "2 OAuth client",
    "package": "3 Package",
}


class SetupTestScreen(SetupStepScreen):
    STEP = SetupStep.TEST
    BINDINGS = [Binding("r", "run", "Run again", id="setup-test-rerun")]
    HELP = """
Step 5: the stored connection is tested end to end. When a check fails, its cause
and fix are shown with the step that fixes it; pageup goes back there. r runs the
test again.
"""

    def __init__(self, session: SetupSession) -> None:
        super().__init__(session)
        self.passed = False

    def compose_step(self) -> ComposeResult:
        yield Static("", id="setup-test-results", classes="check", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.action_run()

    def action_run(self) -> None:
        self.set_status("Testing ... (esc leaves)")
        self.run_test()

    @work(exclusive=True, group="setup-test", exit_on_error=False)
    async def run_test(self) -> None:
        service = self.connect_app.context.service
        connection = service.get(self.progress.connection_name)
        if connection is None:
            self.set_status("The connection is not stored: pageup to step 4 and save.")
            return
        secret = self.session.secret or await asyncio.to_thread(
            service.secret_for, connection
        )
        test = ConnectionTest(connection, secret)
        results: list[CheckResult] = []
        box = self.query_one("#setup-test-results", Static)
        async for result in test.run():
            results.append(result)
            box.update("\n".join(describe(r) for r in results))
        await asyncio.to_thread(
            service.record_test, connection.name, results, test.findings
        )
        self.passed = all(r.passed for r in results)
        failure = next((r for r in results if r.outcome is Outcome.FAIL), None)
        if failure is None:
            self.set_status("PASSED: every check is green. pagedown: the Action Flow.")
        else:
            step = STEP_FOR_CHECK.get(failure.check, "the step named above")
            self.set_status(f"FAILED at {failure.title}: fix it in step {step}.")

    def action_next(self) -> None:
        if not self.passed:
            self.set_status("The test has not passed yet: fix the failing check first.")
            return
        self.advance()
