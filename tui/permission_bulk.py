"""Apply one template to several packages, with a result for every package.

First a plan: each package is read and diffed for the one principal, so the user
sees every change before anything is written. Then each planned change is saved
and verified on its own. A package that fails (403, conflict, network) is reported
with its reason and the next package still runs; one never tried (after a cancel)
is reported as not run. No package is left out of the report.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui.cancel import CancelToken
from tui.errors import CelonisError
from tui.permission_model import (
    PackagePermissions,
    PrincipalChange,
    actions_text,
    diff,
    with_principal,
)
from tui.permission_port import (
    GuidedStep,
    PermissionWriter,
    PollPolicy,
    Verification,
    VerifyOutcome,
)
from tui.permission_save import save_changes
from tui.wording import counted


class BulkStatus(StrEnum):
    APPLIED = "applied"
    ALREADY = "already so"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class BulkPlan:
    """One package: its read, the change it needs (None: none), or why it failed."""

    package_key: str
    principal_id: str
    sheet: PackagePermissions | None = None
    change: PrincipalChange | None = None
    error: str = ""

    def line(self) -> str:
        if self.error:
            return f"{self.package_key}: cannot plan: {self.error}"
        if self.change is None:
            return f"{self.package_key}: already so"
        return f"{self.package_key}: {self.change.line()}"


@dataclass(frozen=True)
class BulkResult:
    package_key: str
    status: BulkStatus
    why: str
    verification: Verification | None = None

    def line(self) -> str:
        return f"{self.package_key}: {self.status.value}: {self.why}"


async def plan_bulk(
    writer: PermissionWriter,
    package_keys: Sequence[str],
    principal_id: str,
    actions: frozenset[str],
) -> list[BulkPlan]:
    plans = []
    for key in package_keys:
        try:
            sheet = with_principal(await writer.read(key), principal_id)
        except CelonisError as error:
            plans.append(BulkPlan(key, principal_id, error=error.cause))
            continue
        if sheet.principal(principal_id) is None:
            why = f"{principal_id} is not listed on it ({sheet.describe_source()})"
            plans.append(BulkPlan(key, principal_id, sheet, error=why))
            continue
        changes = diff(sheet, {principal_id: actions})
        plans.append(
            BulkPlan(key, principal_id, sheet, changes[0] if changes else None)
        )
    return plans


async def guided_steps(
    writer: PermissionWriter, plans: Sequence[BulkPlan]
) -> list[GuidedStep]:
    """The Studio steps of every planned change; none for a writer that applies.

    Only a guided writer's ``apply`` is free of effects, so any other writer is
    never called here: planning must not write.
    """
    if not writer.guided:
        return []
    steps = []
    for plan in plans:
        if plan.change is not None and plan.sheet is not None:
            applied = await writer.apply(plan.change, plan.sheet.version)
            if isinstance(applied, GuidedStep):
                steps.append(applied)
    return steps


async def run_bulk(
    writer: PermissionWriter,
    plans: Sequence[BulkPlan],
    policy: PollPolicy,
    *,
    cancel: CancelToken | None = None,
) -> AsyncIterator[BulkResult]:
    for plan in plans:
        if cancel is not None and cancel.cancelled:
            yield BulkResult(plan.package_key, BulkStatus.NOT_RUN, "cancelled before")
            continue
        yield await _run_one(writer, plan, policy, cancel)


async def _run_one(
    writer: PermissionWriter,
    plan: BulkPlan,
    policy: PollPolicy,
    cancel: CancelToken | None,
) -> BulkResult:
    key = plan.package_key
    if plan.error or plan.sheet is None:
        return BulkResult(key, BulkStatus.FAILED, plan.error or "not read")
    if plan.change is None:
        held = actions_text(plan.sheet.actions_of(plan.principal_id))
        return BulkResult(key, BulkStatus.ALREADY, f"already holds {held}")

    outcome = await save_changes(writer, plan.sheet, [plan.change])
    if outcome.error is not None:
        why = outcome.error.cause
        if outcome.conflict is not None:
            why = " ".join(line.strip() for line in outcome.conflict.lines())
        return BulkResult(key, BulkStatus.FAILED, why)

    verification = await writer.verify(key, [plan.change], policy, cancel=cancel)
    if verification.verified:
        held = actions_text(plan.change.after)
        why = f"verified: {plan.change.principal.name} holds {held}"
        return BulkResult(key, BulkStatus.APPLIED, why, verification)
    if verification.outcome is VerifyOutcome.CANCELLED:
        why = "cancelled while verifying; not confirmed"
        return BulkResult(key, BulkStatus.FAILED, why, verification)
    return BulkResult(key, BulkStatus.FAILED, verification.summary(), verification)


def summary(results: Sequence[BulkResult]) -> str:
    """E.g. ``2 applied, 1 already so, 1 failed of 4 packages``."""
    counts = {status: 0 for status in BulkStatus}
    for result in results:
        counts[result.status] += 1
    parts = [f"{n} {status.value}" for status, n in counts.items() if n]
    return f"{', '.join(parts) or 'nothing'} of {counted(len(results), 'package')}"
