"""The one port through which package permissions are read, changed and verified.

The public Celonis API can read permissions but has no call that writes them
(reference sections 5 and 11), so a change reaches a team in one of two ways, each
an adapter of :class:`PermissionWriter`:

- :class:`tui.sandbox_permission_endpoint.SandboxPermissionWriter` writes through
  the sandbox's own endpoint and answers with the new state;
- :class:`tui.guided_permission_writer.GuidedPermissionWriter` answers with the
  exact steps to take in Studio, and its ``verify`` polls until they took effect.

Either way, ``verify`` reads the package again until every changed principal holds
what was asked, so a save is only reported once it is seen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from tui.cancel import CancelToken
from tui.errors import CelonisError
from tui.permission_model import PackagePermissions, PrincipalChange, actions_text
from tui.wording import counted


@dataclass(frozen=True)
class GuidedStep:
    """What a person must do in Studio for one change, as numbered lines."""

    package_key: str
    change: PrincipalChange
    lines: tuple[str, ...]

    def text(self) -> str:
        return "\n".join(self.lines)


Applied = PackagePermissions | GuidedStep


@dataclass(frozen=True)
class PollPolicy:
    """How often and how long verification asks the team again."""

    interval: float = 2.0
    timeout: float = 300.0


class VerifyOutcome(StrEnum):
    VERIFIED = "verified"
    TIMED_OUT = "timed out"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class PollProgress:
    """One unsuccessful look, for a countdown on screen or a line on stderr."""

    attempt: int
    seconds_left: float
    seen: Mapping[str, frozenset[str]]
    error: CelonisError | None = None


Progress = Callable[[PollProgress], None]


@dataclass(frozen=True)
class Verification:
    """What the team showed when verification stopped, and why it stopped."""

    outcome: VerifyOutcome
    package_key: str
    expected: Mapping[str, frozenset[str]]
    seen: Mapping[str, frozenset[str]] = field(default_factory=dict)
    attempts: int = 0
    seconds: float = 0.0
    state: PackagePermissions | None = None
    error: CelonisError | None = None

    @property
    def verified(self) -> bool:
        return self.outcome is VerifyOutcome.VERIFIED

    def mismatches(self) -> list[str]:
        return [
            f"{pid} holds {actions_text(self.seen.get(pid, frozenset()))}, "
            f"expected {actions_text(wanted)}"
            for pid, wanted in self.expected.items()
            if self.seen.get(pid, frozenset()) != wanted
        ]

    def summary(self) -> str:
        done = f"after {counted(self.attempts, 'read')} in {self.seconds:.1f} s"
        if self.verified:
            held = "; ".join(
                f"{pid} holds {actions_text(actions)}"
                for pid, actions in self.expected.items()
            )
            return f"Verified on {self.package_key} {done}: {held}"
        if self.outcome is VerifyOutcome.CANCELLED:
            return f"Verification cancelled {done}; nothing is confirmed"
        reason = "; ".join(self.mismatches()) or "nothing could be read"
        if self.error is not None:
            reason += f" (last error: {self.error.cause})"
        if self.outcome is VerifyOutcome.TIMED_OUT:
            return f"Not seen on {self.package_key} {done}: {reason}"
        return f"Verification failed on {self.package_key}: {reason}"


class PermissionWriter(Protocol):
    """Reads a package's permissions, applies one change, verifies the result."""

    @property
    def guided(self) -> bool:
        """True when a person applies the change in Studio and this only verifies."""
        ...

    @property
    def applies_by(self) -> str:
        """Who or what applies a change, in words for the screen."""
        ...

    async def read(self, package_key: str) -> PackagePermissions: ...

    async def apply(
        self, change: PrincipalChange, expected_version: int | None
    ) -> Applied:
        """Apply one change, or say how; ConflictError when the version moved."""
        ...

    async def verify(
        self,
        package_key: str,
        changes: Sequence[PrincipalChange],
        policy: PollPolicy,
        *,
        cancel: CancelToken | None = None,
        progress: Progress | None = None,
    ) -> Verification: ...
