"""The result of one step of a connection test, as people and scripts read it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from tui.auth_method import AuthMethod
from tui.errors import CelonisError, FailureClass


class Outcome(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIPPED = "SKIPPED"


@dataclass(frozen=True)
class CheckResult:
    check: str
    title: str
    outcome: Outcome
    seconds: float = 0.0
    detail: str = ""
    cause: str = ""
    fix: str = ""
    code: str = ""
    failure_class: str = ""
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Not failed.

        A check SKIPPED by design (no package named, no TLS on a loopback team) does
        not fail a test; one skipped because of a failure sits behind that FAIL.
        """
        return self.outcome is not Outcome.FAIL

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        data["seconds"] = round(self.seconds, 3)
        return data

    def line(self) -> str:
        text = f"{self.outcome.value:<7} {self.title} ({self.seconds * 1000:.0f} ms)"
        if self.detail:
            text += f": {self.detail}"
        return text


@dataclass
class TestFindings:
    """What a connection test learnt that the stored connection should remember."""

    __test__ = False

    auth_method: AuthMethod | None = None
    granted_scopes: tuple[str, ...] = ()
    missing_scopes: list[str] = field(default_factory=list)
    package_id: str | None = None
    instance_id: str | None = None


def failed(
    check: str,
    title: str,
    seconds: float,
    error: CelonisError,
    *,
    detail: str = "",
) -> CheckResult:
    return CheckResult(
        check=check,
        title=title,
        outcome=Outcome.FAIL,
        seconds=seconds,
        detail=detail,
        cause=error.cause,
        fix=error.fix,
        code=error.code,
        failure_class=error.failure_class.value,
        url=error.url,
        extra={"details": error.details} if error.details else {},
    )


def failed_plainly(
    check: str,
    title: str,
    seconds: float,
    *,
    cause: str,
    fix: str,
    code: str,
    failure_class: FailureClass,
) -> CheckResult:
    return CheckResult(
        check=check,
        title=title,
        outcome=Outcome.FAIL,
        seconds=seconds,
        cause=cause,
        fix=fix,
        code=code,
        failure_class=failure_class.value,
    )


def skipped(check: str, title: str, why: str) -> CheckResult:
    return CheckResult(check=check, title=title, outcome=Outcome.SKIPPED, detail=why)
