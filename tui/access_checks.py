"""What the token may reach: Studio, the package's permission, the Orchestration Engine.

Scopes only open APIs; the OAuth client also needs object permissions. Studio access
reads spaces and packages (a 401 gets one fresh token, a 403 names the scope or
permission). The package check reads the client's own actions on the package. The
Orchestration Engine check sends one signal, which starts a process, so it runs only
when the caller has asked and confirmed.
"""

from __future__ import annotations

import asyncio
import time

from tui.checks import (
    CheckResult,
    Outcome,
    TestFindings,
    failed,
    failed_plainly,
    skipped,
)
from tui.client import CelonisClient
from tui.errors import CelonisError, FailureClass, ForbiddenError
from tui.models import ContentNode
from tui.permissions import describe_actions, has_all_permissions, missing_actions
from tui.wording import counted

STUDIO = "Studio access"
PACKAGE = "Package permission"
ORCHESTRATION = "Orchestration Engine"
GRANT_FIX = (
    "In Studio open the package's Permissions, find the OAuth client as a user, "
    "give it the All Permissions template and save. Or press p on the Connections "
    "screen: it leads through those steps and checks that they took effect."
)
SIGNAL_HOW = (
    "not run: a signal starts a real process, so it is sent only on request: "
    "o on the test screen, s at the setup's last step, or --signal EVENT --yes"
)


async def studio_check(
    client: CelonisClient,
) -> tuple[CheckResult, list[ContentNode] | None]:
    started = time.monotonic()
    spaces, packages = await asyncio.gather(
        client.spaces(), client.packages(), return_exceptions=True
    )
    for answer in (spaces, packages):
        if isinstance(answer, CelonisError):
            return failed("studio", STUDIO, time.monotonic() - started, answer), None
        if isinstance(answer, BaseException):
            raise answer
    assert isinstance(spaces, list) and isinstance(packages, list)
    detail = (
        f"{counted(len(spaces), 'space')}, {counted(len(packages), 'package')} visible"
    )
    result = CheckResult(
        "studio", STUDIO, Outcome.OK, time.monotonic() - started, detail
    )
    return result, packages


def package_check(
    client_id: str,
    package_key: str | None,
    packages: list[ContentNode],
    findings: TestFindings,
) -> CheckResult:
    if not package_key:
        return skipped("package", PACKAGE, "no package named (use --package KEY)")
    package = next((p for p in packages if p.key == package_key), None)
    if package is None:
        return failed_plainly(
            "package",
            PACKAGE,
            0.0,
            cause=f"Package {package_key} is not visible to client {client_id}: it "
            "holds no permission on it, or the key is wrong",
            fix=GRANT_FIX,
            code="package_not_granted",
            failure_class=FailureClass.PERMISSIONS,
        )
    findings.package_id = package.id
    actions = set(package.permissions)
    if not has_all_permissions(actions):
        return failed_plainly(
            "package",
            PACKAGE,
            0.0,
            cause=f"On {package.key} the client holds {describe_actions(actions)}; "
            f"missing {', '.join(missing_actions(actions))}",
            fix=GRANT_FIX,
            code="package_permission_incomplete",
            failure_class=FailureClass.PERMISSIONS,
        )
    detail = f"All Permissions on {package.key} (id {package.id})"
    return CheckResult("package", PACKAGE, Outcome.OK, 0.0, detail)


async def orchestration_check(
    client: CelonisClient,
    package_key: str | None,
    event: str | None,
    findings: TestFindings,
) -> CheckResult:
    """Send one signal of type ``event`` to the package (this starts a process)."""
    if not event:
        return skipped("orchestration", ORCHESTRATION, SIGNAL_HOW)
    if not package_key:
        return skipped("orchestration", ORCHESTRATION, "no package named")
    started = time.monotonic()
    try:
        accepted = await client.send_signal(package_key, event, {})
    except ForbiddenError as error:
        if not error.missing_scope:
            error.cause += "; a signal needs Use and Edit on the package"
            error.fix = GRANT_FIX
        return failed("orchestration", ORCHESTRATION, time.monotonic() - started, error)
    except CelonisError as error:
        return failed("orchestration", ORCHESTRATION, time.monotonic() - started, error)
    findings.instance_id = accepted.instance_id
    instance = accepted.instance_id or "(the team gave no id)"
    detail = f"signal {event} accepted by {package_key}; process instance {instance}"
    return CheckResult(
        "orchestration", ORCHESTRATION, Outcome.OK, time.monotonic() - started, detail
    )
