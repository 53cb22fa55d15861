"""What every step of the guided setup shares: progress, moving, leaving.

Each step is its own screen. The session (progress plus the secret while the user is
in the flow) is handed from step to step; progress is saved after every step and on
leaving, so the next visit resumes at the same step. The secret is never saved with
it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.secret import Secret
from tui.setup_flow import SetupProgress, SetupProgressStore, SetupStep

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp

STEP_SCREENS = {
    SetupStep.ENVIRONMENT: ("screens.setup_environment", "SetupEnvironmentScreen"),
    SetupStep.CLIENT: ("screens.setup_client", "SetupClientScreen"),
    SetupStep.PACKAGE: ("screens.setup_package", "SetupPackageScreen"),
    SetupStep.SAVE: ("screens.setup_save", "SetupSaveScreen"),
    SetupStep.TEST: ("screens.setup_test", "SetupTestScreen"),
    SetupStep.ACTION_FLOW: ("screens.setup_action_flow", "SetupActionFlowScreen"),
}


@dataclass
class SetupSession:
    store: SetupProgressStore
    progress: SetupProgress
    secret: Secret | None = None
    on_secret: Callable[[str, Secret], None] | None = None
    """Told the client id and its secret when one is entered, so the app can keep
    the secret in memory for a later return to the setup in the same run."""

    def save(self) -> None:
        self.store.save(self.progress)

    def remember(self, secret: Secret, client_id: str) -> None:
        self.secret = secret
        if self.on_secret is not None:
            self.on_secret(client_id, secret)


def step_screen(session: SetupSession, step: SetupStep) -> Screen[None]:
    module_name, class_name = STEP_SCREENS[step]
    module = importlib.import_module(module_name)
    screen_class = getattr(module, class_name)
    return cast("Screen[None]", screen_class(session))


class SetupStepScreen(Screen[None]):
    """A step: progress on top, the step's own widgets, then what happened."""

    HELP = """
The guided setup, one step per screen. pagedown (or ctrl+j) goes to the next step
once this one checks out; pageup goes back; esc leaves and keeps the progress.
"""

    CSS_PATH = [stylesheet("setup_base")]
    STEP: ClassVar[SetupStep] = SetupStep.ENVIRONMENT
    BINDINGS = [
        Binding("pagedown", "next", "Next", id="setup-next", priority=True),
        Binding(
            "ctrl+j",
            "next",
            "Next step",
            show=False,
            id="setup-next-alt",
            priority=True,
        ),
        Binding("pageup", "back", "Back", id="setup-back", priority=True),
        Binding("escape", "leave", "Leave", id="setup-leave"),
    ]

    def __init__(self, session: SetupSession) -> None:
        super().__init__()
        self.session = session

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    @property
    def progress(self) -> SetupProgress:
        return self.session.progress

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.progress.bar(), id="setup-progress", markup=False)
        with VerticalScroll(id="setup-body"):
            yield from self.compose_step()
        yield Static("", id="setup-status", classes="status-line", markup=False)
        yield KeyFooter()

    def compose_step(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = f"Setup {self.STEP.value}/6: {self.STEP.title}"
        if self.progress.step != self.STEP:
            self.session.progress = self.progress.model_copy(update={"step": self.STEP})
            self.session.save()

    def set_status(self, text: str) -> None:
        self.query_one("#setup-status", Static).update(text)

    def update_progress(self, **changes: object) -> None:
        self.session.progress = self.progress.model_copy(update=changes)
        self.session.save()

    def advance(self) -> None:
        """Mark this step done, save, and show the next one."""
        self.session.progress = self.progress.completed(self.STEP)
        self.session.save()
        if self.STEP is SetupStep.ACTION_FLOW:
            self.app.pop_screen()
            return
        self.app.switch_screen(step_screen(self.session, self.STEP.next))

    def action_back(self) -> None:
        if self.STEP is SetupStep.ENVIRONMENT:
            return
        self.session.save()
        self.app.switch_screen(step_screen(self.session, self.STEP.previous))

    def action_next(self) -> None:
        self.advance()

    def action_leave(self) -> None:
        self.session.save()
        self.app.pop_screen()
