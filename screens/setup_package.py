"""Setup step 3: the package, and All Permissions on it for the OAuth client.

No public Celonis API writes package permissions, so the step shows exactly what to
do in Studio and then verifies, with the client's own token, that the package shows
All Permissions. In the sandbox the Studio step can be simulated with one key.
"""

from __future__ import annotations

import asyncio
import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from screens.connection_test import describe
from screens.setup_base import SetupSession, SetupStepScreen
from tui.checks import Outcome
from tui.setup_checks import package_access, simulate_studio_grant
from tui.setup_flow import SetupStep

VERIFY_SECONDS = 120.0
VERIFY_INTERVAL = 2.0


class SetupPackageScreen(SetupStepScreen):
    STEP = SetupStep.PACKAGE
    BINDINGS = [
        Binding("ctrl+g", "simulate", "Sandbox: grant", id="setup-simulate-grant"),
    ]
    HELP = """
Step 3: the package the Action Flow works with. Enter its key (Studio > the package
> Settings shows it). Then, in Studio, give the OAuth client All Permissions on it:
the steps are listed. pagedown checks, and keeps checking until the grant shows or
two minutes pass; esc stops a check. In the sandbox, ctrl+g does the Studio step.
"""

    def __init__(self, session: SetupSession) -> None:
        super().__init__(session)
        self.verifier: Worker[None] | None = None

    def compose_step(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Package key", classes="form-label")
            yield Input(
                self.progress.package_key,
                id="setup-package",
                compact=True,
                placeholder="e.g. po_demo",
            )
        yield Static("", id="setup-grant-steps", classes="setup-text", markup=False)
        yield Static("", id="setup-package-result", classes="check", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_steps(self.progress.package_key)
        self.query_one("#setup-package", Input).focus()

    @on(Input.Changed, "#setup-package")
    def package_changed(self, event: Input.Changed) -> None:
        self.show_steps(event.value.strip())

    def show_steps(self, key: str) -> None:
        shown = key or "<package key>"
        self.query_one("#setup-grant-steps", Static).update(
            "In Studio:\n"
            f"  1. Open the space that holds package {shown}.\n"
            f"  2. On package {shown} choose the menu (three dots) > Permissions.\n"
            f"  3. Search for the OAuth client '{self.progress.client_id}' as a user.\n"
            "  4. In its row choose the template 'All Permissions'.\n"
            "  5. Save. Then press pagedown here to verify."
            + (
                "\nSandbox: ctrl+g does steps 1-5 for you."
                if self.connect_app.context.sandbox is not None
                else ""
            )
        )

    @on(Input.Submitted, "#setup-package")
    def submitted(self) -> None:
        self.action_next()

    def package_key(self) -> str:
        return self.query_one("#setup-package", Input).value.strip()

    def action_simulate(self) -> None:
        sandbox = self.connect_app.context.sandbox_url
        if sandbox is None:
            self.set_status("Only the sandbox can simulate the Studio step.")
            return
        if not self.package_key():
            self.set_status("Package key is empty: enter it first.")
            return
        self.simulate(sandbox, self.package_key())

    @work(exclusive=True, group="setup-simulate", exit_on_error=False)
    async def simulate(self, base_url: str, key: str) -> None:
        try:
            await simulate_studio_grant(base_url, self.progress.client_id, key)
        except (ValueError, OSError) as error:
            self.set_status(f"Sandbox grant failed: {error}")
            return
        self.set_status(
            f"Sandbox: granted All Permissions on {key}. pagedown verifies."
        )

    def action_next(self) -> None:
        key = self.package_key()
        if not key:
            self.set_status("Package key is empty: enter the key from Studio.")
            return
        if self.session.secret is None:
            self.set_status("The secret is needed to verify: pageup to step 2.")
            return
        self.update_progress(package_key=key)
        self.verifier = self.verify()

    def action_leave(self) -> None:
        if self.verifier is not None and self.verifier.is_running:
            self.verifier.cancel()
            self.set_status("Stopped checking. pagedown checks again.")
            return
        super().action_leave()

    @work(exclusive=True, group="setup-verify", exit_on_error=False)
    async def verify(self) -> None:
        assert self.session.secret is not None
        deadline = time.monotonic() + VERIFY_SECONDS
        box = self.query_one("#setup-package-result", Static)
        while True:
            result = await package_access(self.progress, self.session.secret)
            box.update(describe(result))
            if result.outcome is Outcome.OK:
                self.advance()
                return
            left = deadline - time.monotonic()
            if result.check != "package" or left <= 0:
                self.set_status(f"Not verified: {result.cause}")
                return
            self.set_status(
                f"Not granted yet; checking again, {left:.0f} s left (esc stops)"
            )
            await asyncio.sleep(VERIFY_INTERVAL)
