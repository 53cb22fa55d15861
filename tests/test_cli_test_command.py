"""``celonis-connect test NAME --json``: one exit code per class of failure.

The command runs in this process against the sandbox, with secrets in memory, so
each class of failure can be arranged quickly and over real sockets.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.local_proxy import LocalProxy
from tests.local_tls import TestCa, TlsRelay
from tests.network_helpers import clear_proxy_environment, closed_port, connection
from tests.sandbox_admin import inject_fault
from tui import exit_codes
from tui.cli import build_parser, handlers
from tui.context import AppContext
from tui.errors import FailureClass
from tui.secret import Secret

CODES = exit_codes.BY_CLASS


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_environment(monkeypatch)
    for name in ("CELONIS_CONNECT_TIMEOUT", "CELONIS_CONNECT_CONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)


def store(
    context: AppContext,
    team: str,
    client_id: str = "po-connector",
    secret: str | None = "sandbox-po-secret",
    **extra: Any,
) -> None:
    stored = connection(team, client_id, name="demo", **extra)
    context.service.save(stored, Secret(secret) if secret else None)


def run_test(context: AppContext, *argv: str) -> tuple[int, dict[str, Any]]:
    args = build_parser().parse_args(["test", "demo", "--json", *argv])
    out = io.StringIO()
    code = handlers()["test"](context, args, out)
    report: dict[str, Any] = json.loads(out.getvalue()) if out.getvalue() else {}
    return code, report


def failing(report: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in report["checks"] if c["outcome"] == "FAIL")


def test_a_passing_test_exits_0_and_says_so(sandbox_context: AppContext) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")

    code, report = run_test(sandbox_context)

    assert code == exit_codes.OK == report["exit_code"]
    assert report["passed"] is True and report["failure_class"] is None


@pytest.mark.parametrize(
    ("client_id", "secret", "failure_class", "check"),
    [
        ("po-connector", "not-the-secret", FailureClass.CREDENTIALS, "token"),
        ("po-no-triggers", "sandbox-short-secret", FailureClass.SCOPES, "token"),
        ("po-not-granted", "sandbox-new-secret", FailureClass.PERMISSIONS, "package"),
        ("po-connector", None, FailureClass.KEYRING, "token"),
    ],
)
def test_oauth_and_permission_failures_have_their_own_codes(
    sandbox_context: AppContext,
    client_id: str,
    secret: str | None,
    failure_class: FailureClass,
    check: str,
) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "", client_id, secret)

    code, report = run_test(sandbox_context)

    assert code == CODES[failure_class] == report["exit_code"]
    assert report["failure_class"] == failure_class.value
    assert failing(report)["check"] == check


def test_an_unreachable_team_is_the_network_code(sandbox_context: AppContext) -> None:
    store(sandbox_context, f"http://127.0.0.1:{closed_port()}")

    code, report = run_test(sandbox_context)

    assert code == CODES[FailureClass.NETWORK]
    assert failing(report)["check"] == "tcp"


def test_an_untrusted_certificate_is_the_tls_code(
    sandbox_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    ca = TestCa.create(tmp_path)
    port = sandbox_context.sandbox.port if sandbox_context.sandbox else 0
    with TlsRelay(ca.server_context(), port) as relay:
        store(sandbox_context, relay.base_url)
        code, report = run_test(sandbox_context)

    assert code == CODES[FailureClass.TLS]
    assert "unknown issuer" in failing(report)["cause"]


def test_a_refusing_proxy_is_the_proxy_code_and_ignoring_it_passes(
    sandbox_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")
    with LocalProxy(refuse=True) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url("u", "proxy-secret-pw"))
        refused, report = run_test(sandbox_context)
        ignored, _ = run_test(sandbox_context, "--ignore-proxy-env")

    assert refused == CODES[FailureClass.PROXY]
    assert failing(report)["check"] == "route"
    assert "proxy-secret-pw" not in json.dumps(report)
    assert ignored == exit_codes.OK


def test_a_broken_token_answer_is_the_server_code(sandbox_context: AppContext) -> None:
    base = sandbox_context.sandbox_url or ""
    store(sandbox_context, base)
    inject_fault(base, path="/oauth2/token", kind="html", times=None)

    code, report = run_test(sandbox_context)

    assert code == CODES[FailureClass.SERVER]
    assert "login or proxy page" in failing(report)["cause"]


def test_timeout_flag_sets_the_wait_and_names_itself(
    sandbox_context: AppContext,
) -> None:
    base = sandbox_context.sandbox_url or ""
    store(sandbox_context, base)
    inject_fault(base, path="/oauth2/token", kind="latency", seconds=1.0)

    code, report = run_test(sandbox_context, "--timeout", "0.3")

    assert code == CODES[FailureClass.NETWORK]
    assert "within 0.3 s" in failing(report)["cause"]


def test_a_bad_timeout_in_the_environment_is_a_usage_error_naming_it(
    sandbox_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")
    monkeypatch.setenv("CELONIS_CONNECT_TIMEOUT", "soon")

    code, _ = run_test(sandbox_context)

    assert code == exit_codes.USAGE
    assert "CELONIS_CONNECT_TIMEOUT" in capsys.readouterr().err


def test_a_bad_timeout_flag_is_refused_by_the_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["test", "demo", "--timeout", "-1"])

    assert exited.value.code == exit_codes.USAGE
    assert "--timeout must be more than 0" in capsys.readouterr().err


def test_a_signal_needs_yes(
    sandbox_context: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")

    code, report = run_test(sandbox_context, "--signal", "start-process")

    assert code == exit_codes.USAGE and report == {}
    assert "starts a process" in capsys.readouterr().err
    assert sandbox_context.sandbox is not None
    assert sandbox_context.sandbox.state.signals() == []


def test_a_confirmed_signal_starts_one_process(sandbox_context: AppContext) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")

    code, report = run_test(sandbox_context, "--signal", "start-process", "--yes")

    assert code == exit_codes.OK
    orchestration = report["checks"][-1]
    assert orchestration["check"] == "orchestration"
    assert "signal start-process accepted by po_demo" in orchestration["detail"]
    assert sandbox_context.sandbox is not None
    assert len(sandbox_context.sandbox.state.signals()) == 1


def test_an_unknown_event_type_is_the_input_code(sandbox_context: AppContext) -> None:
    store(sandbox_context, sandbox_context.sandbox_url or "")

    code, report = run_test(sandbox_context, "--signal", "no-such-event", "--yes")

    assert code == CODES[FailureClass.INPUT]
    assert "no event type 'no-such-event'" in failing(report)["cause"]


def test_the_readme_documents_every_exit_code() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Exit codes of `celonis-connect test`", 1)[1]

    for failure_class, code in CODES.items():
        assert f"| {code} | {failure_class.value} |" in section
    assert f"| {exit_codes.OK} |" in section and f"| {exit_codes.USAGE} |" in section


def test_refusals_report_the_class_their_exit_code_stands_for(
    sandbox_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report = run_test(sandbox_context)
    assert (code, report["failure_class"], report["exit_code"]) == (1, "other", 1)

    store(sandbox_context, sandbox_context.sandbox_url or "")
    monkeypatch.setenv("CELONIS_CONNECT_TIMEOUT", "soon")
    code, report = run_test(sandbox_context)
    assert (code, report["failure_class"], report["exit_code"]) == (2, "usage", 2)
