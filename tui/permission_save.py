"""Save a diff through a writer: change by change, stopping at the first refusal.

Each change names the version the previous one left, so a change made by someone
else in between is a conflict, never an overwrite. A conflict reads the package
again and reports what the other side changed. The outcome lists what was applied,
what failed and why, and what was not tried, so a partial save is never silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.errors import CelonisError, ConflictError
from tui.permission_model import PackagePermissions, PrincipalChange, compare
from tui.permission_port import GuidedStep, PermissionWriter, Verification


@dataclass(frozen=True)
class Conflict:
    """The package changed under the edit: what it shows now and what moved."""

    read: PackagePermissions
    current: PackagePermissions | None
    moved: tuple[PrincipalChange, ...]

    def lines(self) -> list[str]:
        if self.current is None:
            return ["The permissions changed since they were read."]
        was = self.read.version
        now = self.current.version
        head = f"The permissions changed since they were read (version {was} -> {now})"
        if not self.moved:
            return [head + "."]
        return [head + "; changed meanwhile:"] + [f"  {c.line()}" for c in self.moved]


@dataclass
class SaveOutcome:
    package_key: str
    changes: tuple[PrincipalChange, ...]
    applied: list[PrincipalChange] = field(default_factory=list)
    steps: list[GuidedStep] = field(default_factory=list)
    state: PackagePermissions | None = None
    failed: PrincipalChange | None = None
    error: CelonisError | None = None
    conflict: Conflict | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def latest(self) -> PackagePermissions | None:
        """The newest state this save learnt: after a conflict, or after a write."""
        moved = self.conflict.current if self.conflict else None
        return moved or self.state

    @property
    def to_verify(self) -> list[PrincipalChange]:
        """The changes a verification should look for: applied or guided."""
        return self.applied + [step.change for step in self.steps]

    @property
    def not_tried(self) -> list[PrincipalChange]:
        done = len(self.applied) + len(self.steps) + (self.failed is not None)
        return list(self.changes[done:])

    def lines(self) -> list[str]:
        lines = [f"applied: {change.line()}" for change in self.applied]
        if self.failed is not None and self.error is not None:
            lines.append(f"NOT applied: {self.failed.line()}")
            lines.append(f"  why: {self.error.cause}")
            if self.error.fix:
                lines.append(f"  fix: {self.error.fix}")
        if self.conflict is not None:
            lines.extend(self.conflict.lines())
        lines.extend(f"not tried: {change.line()}" for change in self.not_tried)
        return lines


async def save_changes(
    writer: PermissionWriter,
    sheet: PackagePermissions,
    changes: Sequence[PrincipalChange],
) -> SaveOutcome:
    outcome = SaveOutcome(sheet.package_key, tuple(changes))
    version = sheet.version
    for change in changes:
        try:
            result = await writer.apply(change, version)
        except ConflictError as error:
            outcome.failed, outcome.error = change, error
            outcome.conflict = await _conflict(writer, outcome.state or sheet)
            return outcome
        except CelonisError as error:
            outcome.failed, outcome.error = change, error
            return outcome
        if isinstance(result, GuidedStep):
            outcome.steps.append(result)
        else:
            outcome.applied.append(change)
            outcome.state = result
            version = result.version
    return outcome


async def _conflict(writer: PermissionWriter, known: PackagePermissions) -> Conflict:
    """Read the package again to show what someone else changed."""
    try:
        current = await writer.read(known.package_key)
    except CelonisError:
        return Conflict(known, None, ())
    return Conflict(known, current, tuple(compare(known, current)))


def verified_sheet(
    sheet: PackagePermissions, verification: Verification
) -> PackagePermissions:
    """What to show after a verification.

    The state it read, when that is the same kind of sheet; otherwise the sheet with
    the actions it saw put in, when it verified. A failed check changes nothing.
    """
    state = verification.state
    if state is not None and state.source is sheet.source:
        return state
    if verification.verified:
        for principal_id, actions in verification.seen.items():
            sheet = sheet.with_actions(principal_id, actions)
    return sheet
