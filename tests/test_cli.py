"""The command line, as scripts use it: a real process against a real sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.keyring_backends import DictKeyring, NoBackendKeyring
from tests.real_parts import has_secret_service, require_real_part
from tui import exit_codes
from tui.cli import main
from tui.errors import FailureClass

COMMAND = [str(Path(sys.executable).parent / "celonis-connect")]


@pytest.fixture
def sandbox_process() -> Iterator[str]:
    process = subprocess.Popen(
        [*COMMAND, "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first_line = process.stdout.readline().strip()
    try:
        yield first_line
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_sandbox_prints_its_base_url_first_and_stops_on_interrupt(
    sandbox_process: str,
) -> None:
    import httpx

    assert sandbox_process.startswith("http://127.0.0.1:")
    discovery = httpx.get(f"{sandbox_process}/.well-known/openid-configuration")
    assert discovery.json()["token_endpoint"] == f"{sandbox_process}/oauth2/token"


def test_sandbox_refuses_a_host_off_loopback() -> None:
    done = run_cli("sandbox", "--host", "0.0.0.0")

    assert done.returncode == exit_codes.USAGE
    assert "0.0.0.0" in done.stderr
    assert "Traceback" not in done.stderr


def test_add_then_test_with_the_secret_from_the_environment(
    sandbox_process: str,
) -> None:
    added = run_cli(
        "add",
        "demo",
        "--team",
        sandbox_process,
        "--client-id",
        "po-connector",
        "--package",
        "po_demo",
    )
    env = {"CELONIS_CONNECT_SECRET_DEMO": "sandbox-po-secret"}
    tested = run_cli("test", "demo", "--json", env=env)
    listed = run_cli("list", "--json")

    assert added.returncode == 0, added.stderr
    assert tested.returncode == 0, tested.stdout + tested.stderr
    report = json.loads(tested.stdout)
    assert report["passed"] is True
    assert [c["check"] for c in report["checks"]] == [
        "url",
        "dns",
        "tcp",
        "tls",
        "route",
        "discovery",
        "token",
        "scopes",
        "studio",
        "package",
        "orchestration",
    ]
    stored = json.loads(listed.stdout)
    assert stored[0]["last_test"]["passed"] is True
    assert stored[0]["secret_location"] == "missing"


def test_a_wrong_secret_exits_with_the_credentials_code(sandbox_process: str) -> None:
    run_cli("add", "demo", "--team", sandbox_process, "--client-id", "po-connector")
    env = {"CELONIS_CONNECT_SECRET_DEMO": "not-the-secret"}

    tested = run_cli("test", "demo", "--json", env=env)
    plain = run_cli("test", "demo", env=env)

    assert tested.returncode == exit_codes.BY_CLASS[FailureClass.CREDENTIALS]
    checks = {c["check"]: c for c in json.loads(tested.stdout)["checks"]}
    token = checks["token"]
    assert (token["check"], token["outcome"], token["code"]) == (
        "token",
        "FAIL",
        "invalid_client",
    )
    assert "credentials were rejected" in plain.stdout
    assert "not-the-secret" not in tested.stdout + plain.stdout + plain.stderr
    assert run_cli("list", "--json").stdout.count('"name": "demo"') == 1


def test_bad_team_url_names_the_flag_and_the_fix() -> None:
    done = run_cli("add", "x", "--team", "acme.celonis.cloud", "--client-id", "c")

    assert done.returncode == exit_codes.USAGE
    assert "--team" in done.stderr
    assert "https://acme.eu-1.celonis.cloud" in done.stderr


def test_tui_without_a_terminal_exits_with_one_clear_line() -> None:
    done = run_cli(env={"TERM": "dumb"})

    assert done.returncode == exit_codes.USAGE
    assert done.stderr.count("\n") == 1
    assert "interactive terminal" in done.stderr


@pytest.fixture
def dict_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_add_reads_the_secret_from_stdin_into_the_keyring(
    dict_keyring: DictKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("  pasted-secret-1\n"))

    code = main(
        [
            "add",
            "acme",
            "--team",
            "acme.eu-1.celonis.cloud",
            "--client-id",
            "cid-123",
            "--secret-stdin",
        ]
    )

    assert code == 0
    assert dict_keyring.values == {("celonis-connect", "acme"): "pasted-secret-1"}
    out, err = capsys.readouterr()
    assert "OS keyring" in out
    assert "Removed" in err
    config = (
        Path(os.environ["XDG_CONFIG_HOME"]) / "celonis-connect" / "connections.json"
    )
    assert "pasted-secret-1" not in config.read_text()


def test_no_keyring_refuses_to_store_and_records_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    previous = keyring.get_keyring()
    keyring.set_keyring(NoBackendKeyring())
    monkeypatch.setattr(sys, "stdin", io.StringIO("S3cr3t-Value\n"))
    try:
        code = main(
            [
                "add",
                "acme",
                "--team",
                "acme.eu-1.celonis.cloud",
                "--client-id",
                "cid-123",
                "--secret-stdin",
            ]
        )
    finally:
        keyring.set_keyring(previous)

    assert code == exit_codes.BY_CLASS[FailureClass.KEYRING]
    err = capsys.readouterr().err
    assert "No OS keyring" in err and "PYTHON_KEYRING_BACKEND" in err
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_remove_deletes_the_connection_and_its_secret(
    dict_keyring: DictKeyring,
) -> None:
    import io

    sys_stdin = sys.stdin
    sys.stdin = io.StringIO("secret-to-remove\n")
    try:
        main(
            [
                "add",
                "gone",
                "--team",
                "acme.eu-1.celonis.cloud",
                "--client-id",
                "c",
                "--secret-stdin",
            ]
        )
    finally:
        sys.stdin = sys_stdin

    assert main(["remove", "gone"]) == 0
    assert dict_keyring.values == {}
    assert main(["remove", "gone"]) == exit_codes.FAILED


def test_the_installed_command_stores_in_the_real_keyring(sandbox_process: str) -> None:
    require_real_part(has_secret_service(), "no Secret Service on a D-Bus session")
    name = f"real-{os.getpid()}"
    added = run_cli(
        "add",
        name,
        "--team",
        sandbox_process,
        "--client-id",
        "po-connector",
        "--package",
        "po_demo",
        "--secret-stdin",
        stdin="sandbox-po-secret\n",
    )
    try:
        tested = run_cli("test", name)
    finally:
        removed = run_cli("remove", name)

    assert added.returncode == 0, added.stderr
    assert "OS keyring" in added.stdout
    assert tested.returncode == 0, tested.stdout
    assert removed.returncode == 0


def test_json_is_printed_even_when_the_test_cannot_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["test", "nosuch", "--json"])

    report = json.loads(capsys.readouterr().out)
    assert code == exit_codes.FAILED
    assert report["passed"] is False
    assert report["error"] == "no connection named nosuch"
    assert report["exit_code"] == code
