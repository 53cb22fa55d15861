"""The checks the guided setup runs at each step, built on the client and the test."""

from __future__ import annotations

import time
from typing import Any

from tui.auth_method import AuthMethod
from tui.checks import CheckResult, Outcome, failed
from tui.client import CelonisClient
from tui.connection import Connection
from tui.diagnosis import ConnectionTest
from tui.errors import CelonisError, NotFoundError
from tui.oauth import Credentials
from tui.secret import Secret
from tui.setup_flow import SetupProgress
from tui.urls import TeamUrl

UNAUTHENTICATED = Credentials(
    client_id="", client_secret=Secret(""), auth_method=AuthMethod.BASIC, scopes=()
)


async def check_reachable(team: TeamUrl) -> CheckResult:
    """Whether the team answers at all: its discovery document, without credentials."""
    started = time.monotonic()
    title = "Team reachable"
    async with CelonisClient(team, UNAUTHENTICATED) as client:
        try:
            await client.discovery()
        except NotFoundError:
            return CheckResult(
                "reachable",
                title,
                Outcome.WARN,
                time.monotonic() - started,
                f"{team.origin} answered, without a discovery document",
            )
        except CelonisError as error:
            return failed("reachable", title, time.monotonic() - started, error)
    return CheckResult(
        "reachable", title, Outcome.OK, time.monotonic() - started, team.origin
    )


def connection_from(progress: SetupProgress, name: str = "setup") -> Connection:
    return Connection(
        name=progress.connection_name or name,
        team_url=progress.team_url,
        client_id=progress.client_id,
        auth_method=progress.auth_method,
        scopes=progress.scopes,
        package_key=progress.package_key or None,
    )


async def check_client(
    progress: SetupProgress, secret: Secret
) -> tuple[list[CheckResult], ConnectionTest]:
    """Token and scopes for the entered client; the test's findings come back too."""
    test = ConnectionTest(connection_from(progress), secret, package_key="")
    wanted = {"url", "token", "scopes"}
    results = [result async for result in test.run() if result.check in wanted]
    return results, test


async def send_test_signal(
    connection: Connection, secret: Secret, event_type: str, payload: dict[str, Any]
) -> str:
    """Post one signal to the package's Orchestration Engine; the instance id or ''."""
    from tui.studio_access import client_for

    async with client_for(connection, secret) as client:
        accepted = await client.send_signal(
            connection.package_key or "", event_type, payload
        )
    return accepted.instance_id or ""


async def package_access(progress: SetupProgress, secret: Secret) -> CheckResult:
    """How the entered client sees the chosen package: All Permissions or not."""
    test = ConnectionTest(connection_from(progress), secret)
    results = {result.check: result async for result in test.run()}
    package = results.get("package")
    if package is None:
        return CheckResult("package", "Package permission", Outcome.FAIL)
    if package.outcome is Outcome.SKIPPED:
        earlier = next(
            (r for r in results.values() if r.outcome is Outcome.FAIL), package
        )
        return earlier
    return package


async def simulate_studio_grant(
    base_url: str, client_id: str, package_key: str
) -> None:
    """Sandbox only: do what the admin does in Studio's Permissions dialog."""
    import httpx

    body = {
        "client_id": client_id,
        "package_key": package_key,
        "template": "ALL_PERMISSIONS",
    }
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        answer = await http.post("/_sandbox/grants", json=body)
    if answer.status_code >= 400:
        raise ValueError(
            f"the sandbox refused the grant ({answer.status_code}): {answer.text[:200]}"
        )
