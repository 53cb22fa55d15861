"""One grant from start to end: read, diff, confirm, apply (or guide), verify.

The command line runs this; it says each step as it happens through ``say`` and
asks ``confirm`` once, after the diff and before anything is written. The run
remembers everything it learnt, for a JSON report and an exit code per failure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tui import exit_codes
from tui.cancel import CancelToken
from tui.errors import CelonisError, FailureClass
from tui.permission_model import (
    PackagePermissions,
    PermissionSource,
    PrincipalChange,
    actions_text,
    diff,
    with_principal,
)
from tui.permission_port import (
    PermissionWriter,
    PollPolicy,
    Progress,
    Verification,
    VerifyOutcome,
)
from tui.permission_reader import EXPORT_SCOPE
from tui.permission_save import SaveOutcome, save_changes

Confirm = Callable[[], Awaitable[bool]]
Say = Callable[[str], None]
INTERRUPTED = 130


@dataclass
class GrantRun:
    package_key: str
    principal_id: str
    actions: frozenset[str]
    sheet: PackagePermissions | None = None
    changes: list[PrincipalChange] = field(default_factory=list)
    outcome: SaveOutcome | None = None
    verification: Verification | None = None
    error: CelonisError | None = None
    problem: str = ""
    problem_class: FailureClass = FailureClass.INPUT
    refused: str = ""
    declined: bool = False

    def exit_code(self) -> int:
        if self.error is not None:
            return exit_codes.for_failure_class(self.error.failure_class)
        if self.problem:
            return exit_codes.for_failure_class(self.problem_class)
        if self.refused:
            return exit_codes.USAGE
        if self.declined:
            return exit_codes.FAILED
        if self.outcome is not None and self.outcome.error is not None:
            return exit_codes.for_failure_class(self.outcome.error.failure_class)
        return self._verification_code()

    def _verification_code(self) -> int:
        check = self.verification
        if check is None or check.verified:
            return exit_codes.OK
        if check.outcome is VerifyOutcome.CANCELLED:
            return INTERRUPTED
        failure = check.error.failure_class if check.error else None
        if check.outcome is VerifyOutcome.FAILED and failure is not None:
            return exit_codes.for_failure_class(failure)
        return exit_codes.for_failure_class(FailureClass.PERMISSIONS)

    def as_json(self) -> dict[str, Any]:
        outcome = self.outcome
        check = self.verification
        conflict = outcome.conflict if outcome else None
        return {
            "package": self.package_key,
            "principal": self.principal_id,
            "actions": actions_text(self.actions),
            "read": self.sheet.describe_source() if self.sheet else None,
            "changes": [change.as_json() for change in self.changes],
            "declined": self.declined,
            "problem": self.problem or self.refused or None,
            "applied": [c.as_json() for c in outcome.applied] if outcome else [],
            "steps": [step.text() for step in outcome.steps] if outcome else [],
            "conflict": conflict.lines() if conflict else None,
            "error": _error_json(self.error or (outcome.error if outcome else None)),
            "verification": _verification_json(check),
            "state": check.state.as_json() if check and check.state else None,
        }


def _error_json(error: CelonisError | None) -> dict[str, str] | None:
    if error is None:
        return None
    return {"code": error.code, "cause": error.cause, "fix": error.fix}


def _verification_json(check: Verification | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "outcome": check.outcome.value,
        "summary": check.summary(),
        "attempts": check.attempts,
        "seconds": round(check.seconds, 2),
    }


async def run_grant(
    writer: PermissionWriter,
    run: GrantRun,
    *,
    confirm: Confirm,
    say: Say,
    policy: PollPolicy,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> GrantRun:
    try:
        run.sheet = with_principal(await writer.read(run.package_key), run.principal_id)
    except CelonisError as error:
        run.error = error
        return run
    say(f"Package {run.sheet.title()}: {run.sheet.describe_source()}")
    say(f"Changes are applied by {writer.applies_by}.")
    if run.sheet.principal(run.principal_id) is None:
        _unlisted(run, run.sheet)
        return run

    run.changes = diff(run.sheet, {run.principal_id: run.actions})
    if not run.changes:
        held = actions_text(run.sheet.actions_of(run.principal_id))
        say(f"Nothing to change: {run.principal_id} already holds {held}.")
        return run
    say("Changes:")
    for change in run.changes:
        say(f"  {change.line()}")
    if not await confirm():
        run.declined = True
        return run

    run.outcome = await save_changes(writer, run.sheet, run.changes)
    for line in run.outcome.lines():
        say(line)
    for step in run.outcome.steps:
        say(step.text())
    if run.outcome.error is not None:
        return run

    say("Verifying: reading the package again ...")
    run.verification = await writer.verify(
        run.package_key,
        run.outcome.to_verify,
        policy,
        cancel=cancel,
        progress=progress,
    )
    say(run.verification.summary())
    return run


def _unlisted(run: GrantRun, sheet: PackagePermissions) -> None:
    if sheet.source is PermissionSource.OWN:
        run.problem = (
            f"this connection sees only its own client, not {run.principal_id}: "
            f"give it {EXPORT_SCOPE}, or run grant with a connection of "
            f"{run.principal_id} itself"
        )
        run.problem_class = FailureClass.SCOPES
        return
    run.problem = f"no user, group or client {run.principal_id} on {sheet.package_key}"
