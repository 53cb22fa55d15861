"""Ask the team again and again until a package shows the expected actions.

Each look calls ``observe``, which returns what every changed principal holds now.
A look that fails for a passing reason (network, a 5xx) is retried at the next
tick; one that can never succeed (a 403, rejected credentials, a missing scope)
stops at once. The loop ends at the deadline, on a cancelled token, or when the
task running it is cancelled.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from tui.cancel import CancelToken
from tui.errors import CelonisError, FailureClass
from tui.permission_model import PackagePermissions
from tui.permission_port import (
    PollPolicy,
    PollProgress,
    Progress,
    Verification,
    VerifyOutcome,
)

TICK = 0.05
PASSING = {FailureClass.NETWORK, FailureClass.SERVER}


@dataclass(frozen=True)
class Observation:
    """What one look saw: each watched principal's actions, and the sheet if read."""

    seen: Mapping[str, frozenset[str]]
    state: PackagePermissions | None = None


Observe = Callable[[], Awaitable[Observation]]


async def poll_until(
    package_key: str,
    expected: Mapping[str, frozenset[str]],
    observe: Observe,
    policy: PollPolicy,
    *,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> Verification:
    started = time.monotonic()
    attempts = 0
    last = Observation({})
    error: CelonisError | None = None

    def stop(outcome: VerifyOutcome) -> Verification:
        return Verification(
            outcome,
            package_key,
            dict(expected),
            dict(last.seen),
            attempts,
            time.monotonic() - started,
            last.state,
            error,
        )

    while True:
        if cancel is not None and cancel.cancelled:
            return stop(VerifyOutcome.CANCELLED)

        attempts += 1
        try:
            last = await observe()
            error = None
        except CelonisError as failure:
            error = failure
            if failure.failure_class not in PASSING:
                return stop(VerifyOutcome.FAILED)
        else:
            if all(last.seen.get(pid) == want for pid, want in expected.items()):
                return stop(VerifyOutcome.VERIFIED)

        left = policy.timeout - (time.monotonic() - started)
        if left <= 0:
            return stop(VerifyOutcome.TIMED_OUT)
        if progress is not None:
            progress(PollProgress(attempts, left, dict(last.seen), error))
        await _pause(min(policy.interval, left), cancel)


async def _pause(seconds: float, cancel: CancelToken | None) -> None:
    """Sleep, waking early when the token is cancelled."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if cancel is not None and cancel.cancelled:
            return
        await asyncio.sleep(min(TICK, left))
