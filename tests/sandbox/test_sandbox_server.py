"""Seeds, the large generated team, and starting/stopping the sandbox server."""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tui.sandbox import (
    SandboxServer,
    large_seed,
    load_seed,
    parse_seed_size,
)
from tui.sandbox.seed import bundled_seed_data

ROOT = Path(__file__).resolve().parents[2]
AUTO_KEY = re.compile(r"^[0-9a-f]{8}(_[0-9a-f]{4}){3}_[0-9a-f]{12}$")
ALL = ("USE", "EDIT", "DELETE", "MANAGE")


def test_bundled_seed_is_a_believable_team() -> None:
    state = load_seed()

    packages = {p.key: p for p in state.packages()}
    assert state.team.name == "ACME Sandbox"
    assert 5 <= len(state.spaces()) <= 6
    assert 30 <= len(packages) <= 40
    assert packages["po_demo"].name == "Process Orchestration Demo"
    assert packages["po_demo"].event_types == ("start-process", "finish-step")
    assert sum(bool(AUTO_KEY.match(key)) for key in packages) >= 3
    assert len({p.change_date for p in packages.values()}) == len(packages)
    users = [p for p in state.principals() if p.type == "USER"]
    assert any(u.name == "anna.schmidt@acme.test" for u in users)
    methods = {c.client_id: c.auth_method for c in state.clients()}
    assert methods["po-connector-post"] == "client_secret_post"
    assert state.caller_actions("po-connector", "po_demo") == ALL
    assert state.caller_actions("po-not-granted", "po_demo") == ()


def test_load_seed_from_a_file(tmp_path: Path) -> None:
    data = bundled_seed_data()
    data["team"]["name"] = "Other Team"
    data["token_lifetime_seconds"] = 30
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(data))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    bad_grant = tmp_path / "bad_grant.json"
    data["grants"] = [{"principal_id": "x", "package_key": "po_demo", "actions": []}]
    bad_grant.write_text(json.dumps(data))

    state = load_seed(seed)

    assert state.team.name == "Other Team"
    assert state.token_lifetime_seconds == 30
    with pytest.raises(ValueError, match="not valid JSON"):
        load_seed(broken)
    with pytest.raises(ValueError, match="'x'"):
        load_seed(bad_grant)


def test_parse_seed_size() -> None:
    assert parse_seed_size("500x40") == (500, 40)
    assert parse_seed_size(" 3X2 ") == (3, 2)
    for text in ("", "500", "500x", "x40", "0x40", "5x-1", "ax b", "10x10x10"):
        with pytest.raises(ValueError, match="seed size"):
            parse_seed_size(text)
    with pytest.raises(ValueError, match="seed size must look like") as raised:
        parse_seed_size("5" * 5000 + "x1")
    assert len(str(raised.value)) < 200


def test_an_empty_seed_size_is_refused_not_ignored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import main

    assert main(["sandbox", "--seed-size", ""]) == 2
    assert "seed size must look like" in capsys.readouterr().err


def test_large_seed_is_built_and_served_fast() -> None:
    started = time.perf_counter()
    state = large_seed(500, 40)
    built = time.perf_counter() - started

    assert built < 2.0
    assert len(state.packages()) == 20_000
    assert len(state.spaces()) == 500
    assert state.package("po_demo") is not None
    assert state.caller_actions("po-connector", "pkg_0500_040") == ALL
    assert state.caller_actions("po-not-granted", "pkg_0500_040") == ()

    with SandboxServer(state) as server, httpx.Client(base_url=server.base_url) as http:
        token = http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=("po-connector", "sandbox-po-secret"),
        ).json()["access_token"]
        started = time.perf_counter()
        response = http.get(
            "/package-manager/api/packages",
            headers={"Authorization": f"Bearer {token}"},
        )
        served = time.perf_counter() - started

    assert response.status_code == 200
    assert len(response.json()) == 20_000
    assert served < 1.0


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com", "::"])
def test_server_refuses_non_loopback_hosts(host: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(host))):
        SandboxServer(host=host)


def test_server_starts_and_stops_quickly() -> None:
    started = time.perf_counter()
    server = SandboxServer()
    base_url = server.start()
    up = time.perf_counter() - started
    with httpx.Client(base_url=base_url) as http:
        assert http.get("/.well-known/openid-configuration").status_code == 200

    started = time.perf_counter()
    server.stop()
    down = time.perf_counter() - started
    server.stop()

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
    assert server.base_url == base_url
    assert up < 0.5
    assert down < 0.5
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url + "/.well-known/openid-configuration")


def test_server_on_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server = SandboxServer(host="::1")
        base_url = server.start()
    except OSError:
        pytest.skip("::1 cannot be bound here")

    try:
        assert base_url.startswith("http://[::1]:")
        assert httpx.get(base_url + "/.well-known/openid-configuration").is_success
    finally:
        server.stop()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_run_sandbox_in_the_foreground(
    stop_signal: signal.Signals, seed_secrets: dict[str, str]
) -> None:
    code = (
        "import sys\n"
        "from tui.sandbox import load_seed, run_sandbox\n"
        "sys.exit(run_sandbox('127.0.0.1', 0, load_seed(), sys.stdout))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        base_url = process.stdout.readline().strip()
        lines = [process.stdout.readline() for _ in range(7)]
        reachable = httpx.get(base_url + "/.well-known/openid-configuration")
        process.send_signal(stop_signal)
        code_returned = process.wait(timeout=10)
    finally:
        process.kill()
        process.wait()

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
    assert reachable.status_code == 200
    text = "".join(lines)
    for client_id in ("po-connector", "po-connector-post", "studio-admin"):
        assert client_id in text
    assert "post" in text
    for secret in seed_secrets.values():
        assert secret not in text
    assert code_returned == 0


def test_stopping_during_a_slow_answer_logs_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import threading

    caplog.set_level(logging.DEBUG)
    server = SandboxServer()
    server.start()
    fault = {"kind": "latency", "seconds": 30, "path": "/api/cloud/team"}
    httpx.post(f"{server.base_url}/_sandbox/faults", json=fault).raise_for_status()
    answered: list[BaseException | int] = []

    def ask() -> None:
        try:
            answered.append(httpx.get(f"{server.base_url}/api/cloud/team").status_code)
        except httpx.HTTPError as error:
            answered.append(error)

    asking = threading.Thread(target=ask)
    asking.start()
    for _ in range(200):
        if not server.state.faults.active():
            break
        time.sleep(0.01)
    server.stop()
    asking.join(10)

    assert answered, "the slow request was left hanging"
    uvicorn_records = [r for r in caplog.records if r.name.startswith("uvicorn")]
    assert not [r for r in uvicorn_records if r.exc_info or "Cancel" in r.message]
