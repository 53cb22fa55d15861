"""`celonis-connect spaces` and `packages`, run in-process against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.keyring_backends import DictKeyring, installed
from tests.sandbox_admin import inject_fault
from tui import exit_codes
from tui.cli import main
from tui.context import build_sandbox_context
from tui.errors import FailureClass

SECRET_ENV = "CELONIS_CONNECT_SECRET_DEMO"


@pytest.fixture
def demo(sandbox_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A stored connection for the seeded client, its secret in the environment."""
    added = main(["add", "demo", "--team", sandbox_url, "--client-id", "po-connector"])
    assert added == exit_codes.OK
    monkeypatch.setenv(SECRET_ENV, "sandbox-po-secret")
    return sandbox_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == exit_codes.OK, err
    return json.loads(out)


def test_spaces_lists_every_space_with_its_package_count(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spaces = run_json(capsys, "spaces", "demo")

    assert {(s["name"], s["packages"]) for s in spaces} == {
        ("Automation Lab", 4),
        ("Order to Cash", 1),
    }
    assert all(s["id"] and isinstance(s["actions"], list) for s in spaces)

    code, out, _ = run(capsys, "spaces", "demo")
    assert code == exit_codes.OK
    assert "Automation Lab\t4 packages" in out


def test_packages_lists_every_package_with_id_key_and_actions(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    packages = run_json(capsys, "packages", "demo")

    assert len(packages) == 5
    po_demo = next(p for p in packages if p["key"] == "po_demo")
    assert po_demo["allPermissions"] is True
    assert po_demo["actionsText"] == "All Permissions"
    assert po_demo["actions"] == ["USE", "EDIT", "DELETE", "MANAGE"]
    assert po_demo["id"] != po_demo["key"]
    assert po_demo["studioLink"] == (
        f"{demo}/package-manager/ui/views/ui/spaces/{po_demo['spaceId']}"
        f"/packages/{po_demo['id']}"
    )
    use_only = next(p for p in packages if p["actions"] == ["USE"])
    assert use_only["allPermissions"] is False

    code, out, _ = run(capsys, "packages", "demo")
    assert code == exit_codes.OK
    line = "\t".join(
        ["po_demo", "Process Orchestration Demo", "Automation Lab", "All Permissions"]
    )
    assert f"{line}\t{po_demo['id']}\n" in out


def test_packages_of_one_space_by_id_or_by_name(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spaces = run_json(capsys, "spaces", "demo")
    o2c = next(s for s in spaces if s["name"] == "Order to Cash")

    by_id = run_json(capsys, "packages", "demo", "--space", o2c["id"])
    by_name = run_json(capsys, "packages", "demo", "--space", "order to cash")

    assert [p["key"] for p in by_id] == ["order_management_starter_kit"]
    assert by_name == by_id
    code, _, err = run(capsys, "packages", "demo", "--space", "Nowhere")
    assert code == exit_codes.FAILED
    assert "no space with id or name 'Nowhere'" in err


def test_a_failed_list_is_one_line_and_the_exit_code_of_its_class(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    inject_fault(
        demo, path="/package-manager/api/packages", kind="status", status=500, times=10
    )

    code, out, err = run(capsys, "packages", "demo", "--json")

    assert code == exit_codes.for_failure_class(FailureClass.SERVER.value)
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("celonis-connect: demo: could not load packages: ")


def test_a_missing_secret_and_an_unknown_connection_are_named(
    demo: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "spaces", "nobody")
    assert code == exit_codes.FAILED
    assert "no connection named nobody" in err

    monkeypatch.delenv(SECRET_ENV)
    with installed(DictKeyring()):
        code, _, err = run(capsys, "spaces", "demo")
    assert code == exit_codes.for_failure_class(FailureClass.KEYRING.value)
    assert err.startswith("celonis-connect: no client secret for demo")
    assert f"or set {SECRET_ENV}" in err


def test_seed_size_builds_a_large_sandbox_team_for_the_app(tmp_path: Path) -> None:
    context = build_sandbox_context(tmp_path, seed_size="3x4")
    try:
        assert context.sandbox is not None
        assert len(context.sandbox.state.packages()) == 12
    finally:
        context.close()

    with pytest.raises(ValueError, match="500x40"):
        build_sandbox_context(tmp_path, seed_size="lots")


def test_seed_size_without_sandbox_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--seed-size", "5x5")

    assert code == exit_codes.USAGE
    assert "--seed-size needs --sandbox" in err
