"""Shared pieces of the network tests: a clean proxy environment and a test runner."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from tests.sandbox_admin import PO_SCOPES
from tui.checks import CheckResult, Outcome
from tui.connection import Connection
from tui.diagnosis import ConnectionTest
from tui.secret import Secret

PROXY_VARIABLES = tuple(
    name
    for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    for name in (base, base.upper())
)


def clear_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PROXY_VARIABLES, "CELONIS_CONNECT_NO_PROXY_ENV"):
        monkeypatch.delenv(name, raising=False)


def connection(team: str, client_id: str = "po-connector", **extra: Any) -> Connection:
    values: dict[str, Any] = {
        "name": "t",
        "team_url": team,
        "client_id": client_id,
        "scopes": PO_SCOPES,
        "package_key": "po_demo",
    }
    values.update(extra)
    return Connection.model_validate(values)


async def diagnose(
    team: str,
    secret: str | None = "sandbox-po-secret",
    client_id: str = "po-connector",
    **options: Any,
) -> dict[str, CheckResult]:
    test = ConnectionTest(
        connection(team, client_id), Secret(secret) if secret else None, **options
    )
    return {result.check: result async for result in test.run()}


def outcomes(results: dict[str, CheckResult]) -> dict[str, str]:
    return {check: result.outcome.value for check, result in results.items()}


def first_failure(results: dict[str, CheckResult]) -> CheckResult:
    return next(r for r in results.values() if r.outcome is Outcome.FAIL)


def no_failure(results: dict[str, CheckResult]) -> bool:
    return all(result.outcome is not Outcome.FAIL for result in results.values())


def everything_shown(results: dict[str, CheckResult]) -> str:
    return json.dumps([result.as_json() for result in results.values()])


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
