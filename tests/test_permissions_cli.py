"""``celonis-connect grant`` against a real sandbox, then the connection test.

The secrets come from ``CELONIS_CONNECT_SECRET_<NAME>``, as a script would give them.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from tests.permission_helpers import PO_SCOPES, sandbox_grants
from tests.sandbox_admin import grant
from tui import exit_codes
from tui.cli import main
from tui.errors import ConflictError, FailureClass
from tui.permission_grant import GrantRun
from tui.permission_reader import EXPORT_SCOPE
from tui.permission_save import SaveOutcome

PERMISSIONS = exit_codes.BY_CLASS[FailureClass.PERMISSIONS]
ALL = frozenset({"USE", "EDIT", "DELETE", "MANAGE"})


def add(url: str, name: str, client_id: str, *scopes: str) -> None:
    wanted = [arg for scope in (*PO_SCOPES, *scopes) for arg in ("--scope", scope)]
    args = ["add", name, "--team", url, "--client-id", client_id, *wanted]
    assert main(args) == exit_codes.OK


def run_grant(line: str) -> int:
    return main(["grant", *line.split()])


@pytest.fixture
def connections(
    sandbox_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    add(sandbox_url, "admin", "studio-admin", EXPORT_SCOPE)
    add(sandbox_url, "fresh", "po-not-granted")
    add(sandbox_url, "po", "po-connector")
    monkeypatch.setenv("CELONIS_CONNECT_SECRET_ADMIN", "sandbox-admin-secret")
    monkeypatch.setenv("CELONIS_CONNECT_SECRET_FRESH", "sandbox-new-secret")
    monkeypatch.setenv("CELONIS_CONNECT_SECRET_PO", "sandbox-po-secret")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    return sandbox_url


def test_grant_then_the_connection_test_shows_the_package_green(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = main(["test", "fresh", "--package", "po_demo"])
    capsys.readouterr()

    code = run_grant(
        "admin --package po_demo --principal po-not-granted --template all --yes"
    )
    out = capsys.readouterr().out

    assert before == PERMISSIONS
    assert code == exit_codes.OK, out
    assert "read from the sandbox's own permissions endpoint, version" in out
    assert (
        "PO Connector (new) (client po-not-granted): none -> All Permissions "
        "(+USE +EDIT +DELETE +MANAGE)" in out
    )
    assert "Verified on po_demo" in out
    assert "sandbox-admin-secret" not in out

    assert main(["test", "fresh", "--package", "po_demo"]) == exit_codes.OK
    assert "All Permissions on po_demo" in capsys.readouterr().out


def test_json_report_has_the_diff_and_the_verified_state(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_grant(
        "admin --package ticket_triage --principal po-not-granted "
        "--action use --action EDIT --yes --json"
    )
    report = json.loads(capsys.readouterr().out)

    assert code == exit_codes.OK
    (change,) = report["changes"]
    assert change["after"] == ["USE", "EDIT"] and change["before"] == []
    assert report["verification"]["outcome"] == "verified"
    held = {p["id"]: p["actions"] for p in report["state"]["principals"]}
    assert held["po-not-granted"] == ["USE", "EDIT"]
    assert sandbox_grants(connections, "po-not-granted") == {
        "ticket_triage": ["USE", "EDIT"]
    }


def test_without_a_terminal_or_yes_it_shows_the_diff_and_refuses(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["grant", "admin", "--package", "po_demo", "--principal", "po-not-granted"]
    )
    out, err = capsys.readouterr()

    assert code == exit_codes.USAGE
    assert "none -> All Permissions" in out
    assert "pass --yes" in err
    assert sandbox_grants(connections, "po-not-granted") == {}


def test_a_caller_without_manage_gets_the_permissions_exit_code(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_grant(
        "po --package action_flow_templates --principal po-not-granted --yes"
    )
    out, err = capsys.readouterr()

    assert code == PERMISSIONS
    assert "NOT applied" in out and "needs MANAGE" in err
    assert sandbox_grants(connections, "po-not-granted") == {}


def test_nothing_to_change_is_success(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_grant("po --package po_demo --yes")

    assert code == exit_codes.OK
    assert "po-connector already holds All Permissions" in capsys.readouterr().out


def test_guided_prints_the_studio_steps_and_polls_until_it_lands(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    grant(connections, "po-not-granted", "po_demo", delay_seconds=0.3)
    code = run_grant(
        "fresh --package po_demo --guided --yes --interval 0.05 --timeout 5"
    )
    out, err = capsys.readouterr()

    assert code == exit_codes.OK, out + err
    assert "Changes are applied by you, in Studio" in out
    assert '3. Search "po-not-granted" as a user' in out
    assert "Verified on po_demo" in out
    assert "waiting for the change" in err


def test_guided_that_never_lands_times_out_with_the_permissions_code(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_grant(
        "fresh --package po_demo --guided --yes --json --interval 0.05 --timeout 0.3"
    )
    report = json.loads(capsys.readouterr().out)

    assert code == PERMISSIONS
    assert report["verification"]["outcome"] == "timed out"
    assert report["steps"] and "All Permissions" in report["steps"][0]


def test_another_principal_needs_the_export_scope_in_guided_mode(
    connections: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_grant("po --package po_demo --guided --yes --principal po-not-granted")

    assert code == exit_codes.BY_CLASS[FailureClass.SCOPES]
    assert EXPORT_SCOPE in capsys.readouterr().err


def test_a_conflict_exits_with_the_permissions_code() -> None:
    run = GrantRun("po_demo", "po-not-granted", ALL)
    run.outcome = SaveOutcome("po_demo", ())
    run.outcome.error = ConflictError("changed since read")

    assert run.exit_code() == PERMISSIONS
    assert run.as_json()["error"]["code"] == "conflict"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "expected"), [("y", 0), ("n", 1)])
def test_at_a_terminal_it_asks_before_applying(
    connections: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    expected: int,
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal(answer + "\n"))

    code = run_grant("admin --package po_demo --principal po-not-granted")
    out = capsys.readouterr().out

    assert code == expected
    assert "Apply these changes? [y/N]" in out
    granted = sandbox_grants(connections, "po-not-granted")
    assert ("po_demo" in granted) is (answer == "y")
