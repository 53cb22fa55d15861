"""Setup step 1: the team URL, normalised and checked for reachability."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from screens.setup_base import SetupStepScreen
from tui.checks import Outcome
from tui.setup_checks import check_reachable
from tui.setup_flow import SetupStep
from tui.urls import EXAMPLE_URL, KNOWN_REALMS, TeamUrlError, normalise_team_url


class SetupEnvironmentScreen(SetupStepScreen):
    STEP = SetupStep.ENVIRONMENT
    HELP = """
Step 1 of the guided setup: the Celonis team (environment) the Action Flow runs in.
Paste its address in any form; the normalised origin is shown and checked for
reachability. pagedown or ctrl+j goes on; esc leaves and keeps the progress.
"""

    def compose_step(self) -> ComposeResult:
        team = self.progress.team_url or self.connect_app.context.sandbox_url or ""
        yield Static(
            "Enter your Celonis team's address, as in the browser's address bar, "
            f"for example {EXAMPLE_URL}. Known realms: {', '.join(KNOWN_REALMS)}.",
            classes="setup-text",
        )
        with Horizontal(classes="form-row"):
            yield Label("Team URL", classes="form-label")
            yield Input(
                team, id="setup-team", compact=True, placeholder=f"e.g. {EXAMPLE_URL}"
            )
        yield Static("", id="setup-team-hint", classes="setup-text", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_hint(self.query_one("#setup-team", Input).value)
        self.query_one("#setup-team", Input).focus()

    @on(Input.Changed, "#setup-team")
    def team_changed(self, event: Input.Changed) -> None:
        self.show_hint(event.value)

    @on(Input.Submitted, "#setup-team")
    def team_submitted(self) -> None:
        self.action_next()

    def show_hint(self, text: str) -> None:
        hint = self.query_one("#setup-team-hint", Static)
        try:
            hint.update(f"Will use: {normalise_team_url(text).origin}")
        except TeamUrlError as error:
            hint.update(f"Team URL: {error}" if text.strip() else "")

    def action_next(self) -> None:
        text = self.query_one("#setup-team", Input).value
        try:
            team = normalise_team_url(text)
        except TeamUrlError as error:
            self.set_status(f"Team URL: {error}")
            return
        self.set_status(f"Checking that {team.origin} answers ... (esc leaves)")
        self.check(team.origin)

    @work(exclusive=True, group="setup-reachable", exit_on_error=False)
    async def check(self, origin: str) -> None:
        result = await check_reachable(normalise_team_url(origin))
        if result.outcome is Outcome.FAIL:
            self.set_status(f"FAIL {result.cause}\nFix: {result.fix}")
            return
        self.update_progress(team_url=origin)
        self.advance()
