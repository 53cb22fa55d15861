"""The OAuth half of the connection test: the access token and the scopes it carries.

The token is asked for with the connection's own auth method. Only after
``invalid_client`` is the other method tried, once; when it works, the findings
say so and the stored connection remembers it. ``invalid_scope`` is not a
credentials problem: a bounded probe asks for each requested scope alone to name
the ones the client lacks, then asks for the allowed ones together to confirm them.
"""

from __future__ import annotations

import time
from dataclasses import replace

from tui.checks import (
    CheckResult,
    Outcome,
    TestFindings,
    failed,
    failed_plainly,
    skipped,
)
from tui.client import CelonisClient
from tui.errors import CelonisError, FailureClass, InvalidClientError, InvalidScopeError
from tui.oauth import AccessToken
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM, scope_string

MAX_SCOPE_PROBES = 16
TOKEN = "Access token"
SCOPES = "Granted scopes"
APPLICATIONS = "Admin & Settings > Applications"


def no_secret() -> CheckResult:
    return failed_plainly(
        "token",
        TOKEN,
        0.0,
        cause="No client secret is available for this connection",
        fix="Edit the connection, enter the client secret and save.",
        code="secret_missing",
        failure_class=FailureClass.KEYRING,
    )


async def token_check(
    client: CelonisClient, findings: TestFindings
) -> tuple[CheckResult, AccessToken | None]:
    started = time.monotonic()
    method = client.auth_method
    try:
        token = await client.token(fresh=True)
    except InvalidClientError as first_error:
        return await _try_other_method(client, findings, started, first_error)
    except CelonisError as error:
        return failed("token", TOKEN, time.monotonic() - started, error), None
    findings.auth_method = method
    detail = f"{method.label}, expires in {token.lifetime} s"
    return CheckResult(
        "token", TOKEN, Outcome.OK, time.monotonic() - started, detail
    ), token


async def _try_other_method(
    client: CelonisClient,
    findings: TestFindings,
    started: float,
    first_error: InvalidClientError,
) -> tuple[CheckResult, AccessToken | None]:
    method = client.auth_method
    client.use_auth_method(method.other)
    try:
        token = await client.token(fresh=True)
    except CelonisError:
        client.use_auth_method(method)
        first_error.fix = (
            "Check the client id and the secret: both auth methods "
            f"({method.label} and {method.other.label}) were tried and refused. "
            "Copy them again from Admin & Settings > Applications."
        )
        return failed("token", TOKEN, time.monotonic() - started, first_error), None
    findings.auth_method = method.other
    detail = (
        f"the client is registered for {method.other.label}, not {method.label}; "
        "the connection now uses it"
    )
    result = CheckResult(
        "token",
        TOKEN,
        Outcome.WARN,
        time.monotonic() - started,
        detail,
        code="auth_method_switched",
    )
    return result, token


def scope_check(
    token: AccessToken, required: list[str], findings: TestFindings
) -> CheckResult:
    """Compare what the token was granted with what Process Orchestration needs."""
    granted = set(token.granted_scopes)
    findings.granted_scopes = token.granted_scopes
    missing = [scope for scope in required if scope not in granted]
    findings.missing_scopes = missing
    if missing:
        return failed_plainly(
            "scopes",
            SCOPES,
            0.0,
            cause=f"The token lacks {', '.join(missing)} (granted: "
            f"{scope_string(token.granted_scopes) or 'none'})",
            fix=f"Add the missing scopes to the OAuth client in {APPLICATIONS}, "
            "and tick them in this connection.",
            code="missing_scopes",
            failure_class=FailureClass.SCOPES,
        )
    detail = f"all {len(required)} required scopes granted"
    return CheckResult("scopes", SCOPES, Outcome.OK, 0.0, detail)


async def scope_probe(client: CelonisClient, findings: TestFindings) -> CheckResult:
    """Ask for each requested scope alone to name the ones the client lacks.

    When a token for the allowed ones together is granted, the client keeps it
    (and those scopes) so that later checks can go on with it.
    """
    started = time.monotonic()
    requested = list(client.credentials.scopes)
    allowed: list[str] = []
    missing: list[str] = []
    confirmed = False
    try:
        for scope in requested[:MAX_SCOPE_PROBES]:
            client.use_scopes((scope,))
            try:
                await client.token(fresh=True)
            except InvalidScopeError:
                missing.append(scope)
            else:
                allowed.append(scope)
        confirmed = await _confirm(client, allowed, findings)
    except CelonisError as error:
        return failed("scopes", SCOPES, time.monotonic() - started, error)
    finally:
        if not confirmed:
            client.use_scopes(tuple(requested))
    findings.missing_scopes = missing
    result = failed_plainly(
        "scopes",
        SCOPES,
        time.monotonic() - started,
        cause=_probe_cause(requested, allowed, missing, confirmed),
        fix=_probe_fix(missing),
        code="invalid_scope",
        failure_class=FailureClass.SCOPES,
    )
    lacking = f"lacks {', '.join(missing)}" if missing else "refused the set"
    return replace(result, detail=lacking)


def _probe_fix(missing: list[str]) -> str:
    """Add what Process Orchestration needs; what it does not need may go either
    way: added to the client, or unticked on the connection."""
    needed = [scope for scope in missing if scope in PROCESS_ORCHESTRATION_MINIMUM]
    optional = [scope for scope in missing if scope not in needed]
    if not missing:
        return f"In {APPLICATIONS}, compare the OAuth client's scopes with these."
    parts = []
    if needed:
        parts.append(
            f"In {APPLICATIONS}, add {', '.join(needed)} to the OAuth client: "
            "Process Orchestration needs " + ("it." if len(needed) == 1 else "them.")
        )
    if optional:
        parts.append(
            f"{'Also add' if needed else f'In {APPLICATIONS}, add'} "
            f"{', '.join(optional)}, or untick "
            + ("it" if len(optional) == 1 else "them")
            + " on this connection if the Action Flow does not use "
            + ("it." if len(optional) == 1 else "them.")
        )
    return " ".join(parts)


async def _confirm(
    client: CelonisClient, allowed: list[str], findings: TestFindings
) -> bool:
    """Whether a token for all the allowed scopes together is granted."""
    if not allowed:
        return False
    client.use_scopes(tuple(allowed))
    try:
        token = await client.token(fresh=True)
    except InvalidScopeError:
        return False
    findings.granted_scopes = token.granted_scopes
    return True


def _probe_cause(
    requested: list[str], allowed: list[str], missing: list[str], confirmed: bool
) -> str:
    cause = (
        f"The client is not allowed {', '.join(missing) or 'the full set'} "
        f"(allowed: {', '.join(allowed) or 'none'}; requested: "
        f"{scope_string(requested)}); the id and secret are fine"
    )
    if confirmed:
        cause += (
            f". A token for {scope_string(allowed)} is granted, and the checks "
            "below use it"
        )
    unprobed = len(requested) - MAX_SCOPE_PROBES
    if unprobed > 0:
        cause += f". {unprobed} more scopes were not probed"
    return cause


def no_token(check: str, title: str) -> CheckResult:
    return skipped(check, title, "there is no access token")
