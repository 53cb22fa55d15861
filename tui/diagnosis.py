"""The connection test: each step checked in turn, each failure named with its fix.

Steps: the URL's form, the token (with the other auth method tried after
``invalid_client`` and remembered), granted against required scopes (with a bounded
probe that names the scopes a client lacks), Studio access, and the package
permission when a package is named. A step whose prerequisite failed is SKIPPED, not
failed, so the first FAIL is the cause to fix.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from tui.checks import CheckResult, Outcome, failed, failed_plainly, skipped
from tui.client import CelonisClient, RetryPolicy, Timeouts
from tui.connection import Connection
from tui.errors import (
    CelonisError,
    FailureClass,
    InvalidClientError,
    InvalidScopeError,
)
from tui.models import ContentNode
from tui.oauth import AccessToken, AuthMethod, Credentials
from tui.permissions import describe_actions, has_all_permissions, missing_actions
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM, scope_string
from tui.secret import Secret
from tui.urls import TeamUrl, TeamUrlError, normalise_team_url

MAX_SCOPE_PROBES = 16
GRANT_FIX = (
    "In Studio open the package's Permissions, find the OAuth client as a user, "
    "give it the All Permissions template and save."
)


@dataclass
class TestFindings:
    """What the test learnt that the stored connection should remember."""

    auth_method: AuthMethod | None = None
    granted_scopes: tuple[str, ...] = ()
    missing_scopes: list[str] = field(default_factory=list)
    package_id: str | None = None


class ConnectionTest:
    def __init__(
        self,
        connection: Connection,
        secret: Secret | None,
        *,
        package_key: str | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.connection = connection
        self.secret = secret
        self.package_key = package_key or connection.package_key
        self.timeouts = timeouts
        self.retry = retry
        self.findings = TestFindings()

    async def run(self) -> AsyncIterator[CheckResult]:
        started = time.monotonic()
        try:
            team = normalise_team_url(self.connection.team_url)
        except TeamUrlError as error:
            yield failed_plainly(
                "url",
                "Team URL",
                time.monotonic() - started,
                cause=str(error),
                fix="Edit the connection and enter the team URL again.",
                code="bad_url",
                failure_class=FailureClass.INPUT,
            )
            for check, title in self._later_checks():
                yield skipped(check, title, "the team URL is not valid")
            return
        yield CheckResult(
            "url", "Team URL", Outcome.OK, time.monotonic() - started, team.origin
        )

        if not self.secret:
            yield failed_plainly(
                "token",
                "Access token",
                0.0,
                cause="No client secret is available for this connection",
                fix="Edit the connection, enter the client secret and save.",
                code="secret_missing",
                failure_class=FailureClass.KEYRING,
            )
            for check, title in self._later_checks()[1:]:
                yield skipped(check, title, "there is no access token")
            return

        async with self._client(team, self.secret) as client:
            async for result in self._checks_with_client(client):
                yield result

    def _later_checks(self) -> list[tuple[str, str]]:
        return [
            ("token", "Access token"),
            ("scopes", "Granted scopes"),
            ("studio", "Studio access"),
            ("package", "Package permission"),
        ]

    def _client(self, team: TeamUrl, secret: Secret) -> CelonisClient:
        credentials = Credentials(
            client_id=self.connection.client_id,
            client_secret=secret,
            auth_method=self.connection.auth_method,
            scopes=tuple(self.connection.scopes),
        )
        return CelonisClient(
            team, credentials, timeouts=self.timeouts, retry=self.retry
        )

    async def _checks_with_client(
        self, client: CelonisClient
    ) -> AsyncIterator[CheckResult]:
        token_result, token = await self._token_check(client)
        yield token_result
        if token is None:
            if token_result.code == "invalid_scope":
                yield await self._scope_probe(client)
            else:
                yield skipped("scopes", "Granted scopes", "there is no access token")
            yield skipped("studio", "Studio access", "there is no access token")
            yield skipped("package", "Package permission", "there is no access token")
            return

        yield self._scope_check(token)
        studio_result, packages = await self._studio_check(client)
        yield studio_result
        if packages is None:
            yield skipped("package", "Package permission", "Studio could not be read")
            return
        yield await self._package_check(client, packages)

    async def _token_check(
        self, client: CelonisClient
    ) -> tuple[CheckResult, AccessToken | None]:
        started = time.monotonic()
        method = client.auth_method
        try:
            token = await client.token(fresh=True)
        except InvalidClientError as first_error:
            return await self._try_other_method(client, started, first_error)
        except CelonisError as error:
            return failed(
                "token", "Access token", time.monotonic() - started, error
            ), None
        self.findings.auth_method = method
        detail = f"{method.label}, expires in {token.lifetime} s"
        return CheckResult(
            "token", "Access token", Outcome.OK, time.monotonic() - started, detail
        ), token

    async def _try_other_method(
        self, client: CelonisClient, started: float, first_error: InvalidClientError
    ) -> tuple[CheckResult, AccessToken | None]:
        method = client.auth_method
        client.use_auth_method(method.other)
        try:
            token = await client.token(fresh=True)
        except CelonisError:
            client.use_auth_method(method)
            seconds = time.monotonic() - started
            return failed("token", "Access token", seconds, first_error), None
        self.findings.auth_method = method.other
        detail = (
            f"the client is registered for {method.other.label}, not {method.label}; "
            "the connection now uses it"
        )
        return CheckResult(
            "token",
            "Access token",
            Outcome.WARN,
            time.monotonic() - started,
            detail,
            code="auth_method_switched",
        ), token

    def _required_scopes(self) -> list[str]:
        wanted = list(PROCESS_ORCHESTRATION_MINIMUM)
        wanted += [s for s in self.connection.scopes if s not in wanted]
        return wanted

    def _scope_check(self, token: AccessToken) -> CheckResult:
        granted = set(token.granted_scopes)
        self.findings.granted_scopes = token.granted_scopes
        missing = [s for s in self._required_scopes() if s not in granted]
        self.findings.missing_scopes = missing
        if missing:
            return failed_plainly(
                "scopes",
                "Granted scopes",
                0.0,
                cause=f"The token lacks {', '.join(missing)} (granted: "
                f"{scope_string(token.granted_scopes) or 'none'})",
                fix="Add the missing scopes to the OAuth client in Admin & Settings > "
                "Applications, and tick them in this connection.",
                code="missing_scopes",
                failure_class=FailureClass.SCOPES,
            )
        return CheckResult(
            "scopes",
            "Granted scopes",
            Outcome.OK,
            0.0,
            f"all {len(self._required_scopes())} required scopes granted",
        )

    async def _scope_probe(self, client: CelonisClient) -> CheckResult:
        """Ask for each requested scope alone to name the ones the client lacks."""
        started = time.monotonic()
        requested = list(client.credentials.scopes)[:MAX_SCOPE_PROBES]
        allowed: list[str] = []
        missing: list[str] = []
        for scope in requested:
            client.use_scopes((scope,))
            try:
                await client.token(fresh=True)
            except InvalidScopeError:
                missing.append(scope)
                continue
            except CelonisError as error:
                return failed(
                    "scopes", "Granted scopes", time.monotonic() - started, error
                )
            allowed.append(scope)
        client.use_scopes(tuple(requested))
        self.findings.missing_scopes = missing
        return failed_plainly(
            "scopes",
            "Granted scopes",
            time.monotonic() - started,
            cause=f"The client is not allowed {', '.join(missing) or 'the full set'} "
            f"(allowed: {', '.join(allowed) or 'none'}); the id and secret are fine",
            fix="In Admin & Settings > Applications, add "
            f"{', '.join(missing) or 'the scopes'} to the OAuth client; or untick them "
            "here if the connection does not need them.",
            code="invalid_scope",
            failure_class=FailureClass.SCOPES,
        )

    async def _studio_check(
        self, client: CelonisClient
    ) -> tuple[CheckResult, list[ContentNode] | None]:
        started = time.monotonic()
        try:
            spaces = await client.spaces()
            packages = await client.packages()
        except CelonisError as error:
            seconds = time.monotonic() - started
            return failed("studio", "Studio access", seconds, error), None
        detail = f"{len(spaces)} spaces, {len(packages)} packages visible"
        return CheckResult(
            "studio", "Studio access", Outcome.OK, time.monotonic() - started, detail
        ), packages

    async def _package_check(
        self, client: CelonisClient, packages: list[ContentNode]
    ) -> CheckResult:
        title = "Package permission"
        if not self.package_key:
            return skipped("package", title, "no package named (use --package KEY)")
        started = time.monotonic()
        package = next((p for p in packages if p.key == self.package_key), None)
        if package is None:
            return failed_plainly(
                "package",
                title,
                time.monotonic() - started,
                cause=f"Package {self.package_key} is not visible to client "
                f"{self.connection.client_id}: it holds no permission on it, or the "
                "key is wrong",
                fix=GRANT_FIX,
                code="package_not_granted",
                failure_class=FailureClass.PERMISSIONS,
            )
        self.findings.package_id = package.id
        actions = set(package.permissions)
        if not has_all_permissions(actions):
            return failed_plainly(
                "package",
                title,
                time.monotonic() - started,
                cause=f"On {package.key} the client holds {describe_actions(actions)}; "
                f"missing {', '.join(missing_actions(actions))}",
                fix=GRANT_FIX,
                code="package_permission_incomplete",
                failure_class=FailureClass.PERMISSIONS,
            )
        return CheckResult(
            "package",
            title,
            Outcome.OK,
            time.monotonic() - started,
            f"All Permissions on {package.key} (id {package.id})",
        )


def summarise(results: list[CheckResult]) -> str:
    failures = [r for r in results if r.outcome is Outcome.FAIL]
    if not failures:
        return f"all {len(results)} checks passed"
    first = failures[0]
    return f"{first.title}: {first.code or 'failed'}"
