"""The guided setup's progress: which step the user is on and what they chose.

Progress is saved after every step (atomically, mode 0600, in the state folder) so
leaving and coming back resumes where the user was. It never holds the secret: the
secret lives in the form while the user is in the flow and in the secret store once
the connection is saved.
"""

from __future__ import annotations

import json
import logging
from enum import IntEnum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from tui.atomic import write_private
from tui.auth_method import AuthMethod
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM

log = logging.getLogger(__name__)


class SetupStep(IntEnum):
    ENVIRONMENT = 1
    CLIENT = 2
    PACKAGE = 3
    SAVE = 4
    TEST = 5
    ACTION_FLOW = 6

    @property
    def title(self) -> str:
        return STEP_TITLES[self]

    @property
    def next(self) -> SetupStep:
        return SetupStep(min(self + 1, SetupStep.ACTION_FLOW))

    @property
    def previous(self) -> SetupStep:
        return SetupStep(max(self - 1, SetupStep.ENVIRONMENT))


STEP_TITLES = {
    SetupStep.ENVIRONMENT: "Environment",
    SetupStep.CLIENT: "OAuth client",
    SetupStep.PACKAGE: "Package",
    SetupStep.SAVE: "Save",
    SetupStep.TEST: "Test",
    SetupStep.ACTION_FLOW: "Action Flow",
}


class SetupProgress(BaseModel):
    step: SetupStep = SetupStep.ENVIRONMENT
    done: list[SetupStep] = []
    team_url: str = ""
    client_id: str = ""
    auth_method: AuthMethod = AuthMethod.BASIC
    scopes: list[str] = list(PROCESS_ORCHESTRATION_MINIMUM)
    space_id: str = ""
    package_key: str = ""
    package_id: str = ""
    package_name: str = ""
    connection_name: str = ""

    def completed(self, step: SetupStep) -> SetupProgress:
        """This progress with ``step`` done and the next step current."""
        done = sorted({*self.done, step})
        return self.model_copy(update={"done": done, "step": step.next})

    def bar(self) -> str:
        """The steps as text: ``[x]`` done, ``[>]`` current, ``[ ]`` to do."""
        marks = []
        for step in SetupStep:
            mark = "x" if step in self.done else (">" if step == self.step else " ")
            marks.append(f"[{mark}] {step.value} {step.title}")
        return "  ".join(marks)


class SetupProgressStore:
    """One progress file in the state folder; a damaged one starts afresh."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> SetupProgress:
        try:
            return SetupProgress.model_validate(json.loads(self.path.read_bytes()))
        except FileNotFoundError:
            return SetupProgress()
        except (OSError, ValueError, ValidationError) as error:
            log.warning(
                "setup progress in %s unreadable (%s); starting afresh",
                self.path,
                type(error).__name__,
            )
            return SetupProgress()

    def save(self, progress: SetupProgress) -> None:
        data = progress.model_dump_json(indent=2).encode("utf-8") + b"\n"
        try:
            write_private(self.path, data)
        except OSError as error:
            log.warning("setup progress not saved to %s: %s", self.path, error)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
