"""The connection test: each step checked, each failure named with its cause and fix.

Steps, in the order they are reported: the URL's form; the network (DNS, TCP, TLS,
route, discovery, run at the same time by :mod:`tui.network_checks`); the token and
its scopes (:mod:`tui.auth_checks`); Studio access, the package permission and, only
when asked and confirmed, one Orchestration Engine signal (:mod:`tui.access_checks`).
A step whose prerequisite failed is SKIPPED, not failed, so the first FAIL is the
cause to fix.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace

from tui.access_checks import (
    ORCHESTRATION,
    orchestration_check,
    package_check,
    studio_check,
)
from tui.auth_checks import no_secret, scope_check, scope_probe, token_check
from tui.checks import (
    CheckResult,
    Outcome,
    TestFindings,
    failed_plainly,
    skipped,
)
from tui.client import CelonisClient, RetryPolicy, Timeouts, WaitNotice
from tui.connection import Connection
from tui.errors import FailureClass
from tui.net_settings import NetworkSettings
from tui.network_checks import TITLES as NETWORK_TITLES
from tui.network_checks import NetworkChecks, first_failure
from tui.oauth import AccessToken, Credentials
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret import Secret
from tui.urls import TeamUrl, TeamUrlError, normalise_team_url

TITLES: dict[str, str] = {
    "url": "Team URL",
    **NETWORK_TITLES,
    "token": "Access token",
    "scopes": "Granted scopes",
    "studio": "Studio access",
    "package": "Package permission",
    "orchestration": ORCHESTRATION,
}
CHECK_ORDER: tuple[str, ...] = tuple(TITLES)
ACCESS_CHECKS = ("token", "scopes", "studio", "package", "orchestration")

__all__ = ["CHECK_ORDER", "ConnectionTest", "TestFindings", "summarise"]


class ConnectionTest:
    def __init__(
        self,
        connection: Connection,
        secret: Secret | None,
        *,
        package_key: str | None = None,
        settings: NetworkSettings | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        signal_event: str | None = None,
        on_wait: WaitNotice | None = None,
    ) -> None:
        self.connection = connection
        self.secret = secret
        self.package_key = package_key or connection.package_key
        self.settings = settings or NetworkSettings()
        if timeouts is not None:
            self.settings = replace(self.settings, timeouts=timeouts)
        self.retry = retry
        self.signal_event = signal_event
        self.on_wait = on_wait
        self.findings = TestFindings()

    async def run(self) -> AsyncIterator[CheckResult]:
        started = time.monotonic()
        try:
            team = normalise_team_url(self.connection.team_url)
        except TeamUrlError as error:
            yield failed_plainly(
                "url",
                TITLES["url"],
                time.monotonic() - started,
                cause=str(error),
                fix="Edit the connection and enter the team URL again.",
                code="bad_url",
                failure_class=FailureClass.INPUT,
            )
            for check in CHECK_ORDER[1:]:
                yield skipped(check, TITLES[check], "the team URL is not valid")
            return
        seconds = time.monotonic() - started
        yield CheckResult("url", TITLES["url"], Outcome.OK, seconds, team.origin)

        async with self._client(team) as client:
            network, token_phase = await asyncio.gather(
                NetworkChecks(team, client, self.settings).run(),
                self._token_phase(client),
            )
            for result in network:
                yield result
            blocker = first_failure(network)
            if blocker is not None and not token_phase[0].passed:
                why = f"the team cannot be reached (see {blocker.title})"
                for check in ACCESS_CHECKS:
                    yield skipped(check, TITLES[check], why)
                return
            async for result in self._access_checks(client, *token_phase):
                yield result

    async def _token_phase(
        self, client: CelonisClient
    ) -> tuple[CheckResult, AccessToken | None]:
        """The token check, run beside the network checks and reported after them.

        It needs none of their answers, so waiting for them would only add a round
        trip; if the network failed and the token did too, it is reported SKIPPED.
        """
        if not self.secret:
            return no_secret(), None
        return await token_check(client, self.findings)

    def _client(self, team: TeamUrl) -> CelonisClient:
        credentials = Credentials(
            client_id=self.connection.client_id,
            client_secret=self.secret or Secret(""),
            auth_method=self.connection.auth_method,
            scopes=tuple(self.connection.scopes),
        )
        return CelonisClient(
            team,
            credentials,
            timeouts=self.settings.timeouts,
            retry=self.retry,
            trust_env=self.settings.trust_env,
            on_wait=self.on_wait,
        )

    def _required_scopes(self) -> list[str]:
        wanted = list(PROCESS_ORCHESTRATION_MINIMUM)
        wanted += [s for s in self.connection.scopes if s not in wanted]
        return wanted

    async def _access_checks(
        self,
        client: CelonisClient,
        token_result: CheckResult,
        token: AccessToken | None,
    ) -> AsyncIterator[CheckResult]:
        yield token_result
        if token is None and token_result.code == "invalid_scope":
            yield await scope_probe(client, self.findings)
            if self.findings.granted_scopes:
                async for result in self._studio_onwards(client):
                    yield result
                return
        if token is None:
            if token_result.code != "invalid_scope":
                yield skipped("scopes", TITLES["scopes"], "there is no access token")
            for check in ACCESS_CHECKS[2:]:
                yield skipped(check, TITLES[check], "there is no access token")
            return

        yield scope_check(token, self._required_scopes(), self.findings)
        async for result in self._studio_onwards(client):
            yield result

    async def _studio_onwards(
        self, client: CelonisClient
    ) -> AsyncIterator[CheckResult]:
        """Studio, the package and the Orchestration Engine, with the client's token
        (one for the scopes it is allowed, when it was refused the full set)."""
        studio_result, packages = await studio_check(client)
        yield studio_result
        if packages is None:
            for check in ("package", "orchestration"):
                yield skipped(check, TITLES[check], "Studio could not be read")
            return

        package_result = package_check(
            self.connection.client_id, self.package_key, packages, self.findings
        )
        yield package_result
        if self.signal_event and package_result.outcome is Outcome.FAIL:
            why = "the package permission is missing (see Package permission)"
            yield skipped("orchestration", ORCHESTRATION, why)
            return
        yield await orchestration_check(
            client, self.package_key, self.signal_event, self.findings
        )


def summarise(results: list[CheckResult]) -> str:
    failures = [r for r in results if r.outcome is Outcome.FAIL]
    if not failures:
        ran = [r for r in results if r.outcome is not Outcome.SKIPPED]
        return f"all {len(ran)} checks that ran passed"
    first = failures[0]
    if first.code == "invalid_scope":
        first = next((r for r in failures if r.check == "scopes"), first)
    return f"{first.title}: {first.detail or first.code or 'failed'}"
