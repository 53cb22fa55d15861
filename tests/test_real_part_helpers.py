"""The real-part helpers work: scripts/with-secret-service.sh, scripts/tmux-drive.sh
and the skip-or-fail rule in tests/real_parts.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.real_parts import (
    REQUIRE_REAL_PARTS_ENV,
    SECRET_SERVICE_TOOLS,
    TMUX_DRIVE,
    WITH_SECRET_SERVICE,
    has_secret_service,
    has_secret_service_tools,
    has_tmux,
    missing_tools,
    require_real_part,
)

TIMEOUT = 60.0


def _require_secret_service_tools() -> None:
    __tracebackhide__ = True
    require_real_part(
        has_secret_service_tools(),
        "scripts/with-secret-service.sh needs "
        f"{', '.join(missing_tools(*SECRET_SERVICE_TOOLS))} "
        "(apt-get install gnome-keyring dbus-daemon dbus-bin)",
    )


def _require_tmux() -> None:
    __tracebackhide__ = True
    require_real_part(has_tmux(), "tmux is not installed (apt-get install tmux)")


def _wrapper_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Never let the test install packages, and keep the caller's keyring
    # configuration (a pinned backend, keyringrc.cfg) out of the way.
    env["WSS_NO_INSTALL"] = "1"
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(
    argv: Sequence[str | Path], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in argv],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


def _explain(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"


# --- tests/real_parts.py --------------------------------------------------------


def test_require_real_part_passes_when_available(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(REQUIRE_REAL_PARTS_ENV, "1")
    require_real_part(True, "not used")


def test_require_real_part_skips_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_REAL_PARTS_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no frobnicator"):
        require_real_part(False, "no frobnicator")


def test_require_real_part_fails_when_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(REQUIRE_REAL_PARTS_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="no frobnicator"):
        require_real_part(False, "no frobnicator")


def test_has_secret_service_needs_a_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert has_secret_service() is False


# --- scripts/with-secret-service.sh ----------------------------------------------

KEYRING_ROUND_TRIP = textwrap.dedent(
    """
    import json
    import keyring
    from keyring.backends import SecretService

    kr = keyring.get_keyring()
    first = getattr(kr, "backends", [kr])[0]
    service, user = "celonis-connect-test", "alice"
    secret = "s3cret with spaces, 'quotes', ünïcödé ✓ 密码"
    keyring.set_password(service, user, secret)
    got = keyring.get_password(service, user)
    keyring.delete_password(service, user)
    after = keyring.get_password(service, user)
    print(json.dumps({
        "backend": f"{type(first).__module__}.{type(first).__qualname__}",
        "is_secret_service": isinstance(first, SecretService.Keyring),
        "round_trip": got == secret,
        "after_delete": after,
    }))
    """
)


@pytest.mark.real_keyring
def test_secret_service_round_trip(tmp_path: Path) -> None:
    _require_secret_service_tools()
    done = _run(
        [WITH_SECRET_SERVICE, sys.executable, "-c", KEYRING_ROUND_TRIP],
        _wrapper_env(tmp_path),
    )
    assert done.returncode == 0, _explain(done)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "backend": "keyring.backends.SecretService.Keyring",
        "is_secret_service": True,
        "round_trip": True,
        "after_delete": None,
    }, _explain(done)


@pytest.mark.real_keyring
def test_secret_service_exit_status_passes_through(tmp_path: Path) -> None:
    _require_secret_service_tools()
    done = _run([WITH_SECRET_SERVICE, "sh", "-c", "exit 7"], _wrapper_env(tmp_path))
    assert done.returncode == 7, _explain(done)


@pytest.mark.real_keyring
def test_secret_service_passes_arguments_unchanged(tmp_path: Path) -> None:
    _require_secret_service_tools()
    args = ["a b", "c'd", 'e"f', "$HOME", "", "x;", "-n"]
    done = _run(
        [WITH_SECRET_SERVICE, "sh", "-c", 'printf "<%s>\\n" "$@"', "sh", *args],
        _wrapper_env(tmp_path),
    )
    assert done.returncode == 0, _explain(done)
    assert done.stdout.splitlines() == [f"<{arg}>" for arg in args], _explain(done)


@pytest.mark.real_keyring
def test_has_secret_service_inside_the_wrapper(tmp_path: Path) -> None:
    _require_secret_service_tools()
    check = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "from tests.real_parts import has_secret_service\n"
        "sys.exit(0 if has_secret_service() else 1)\n"
    )
    done = _run(
        [WITH_SECRET_SERVICE, sys.executable, "-c", check], _wrapper_env(tmp_path)
    )
    assert done.returncode == 0, _explain(done)


# --- scripts/tmux-drive.sh -------------------------------------------------------

ECHO_PROGRAM = textwrap.dedent(
    """
    import sys
    print("READY", flush=True)
    line = sys.stdin.readline()
    print(f"GOT<{line.rstrip()}>", flush=True)
    sys.stdin.readline()  # until ctrl+d (end of file)
    sys.exit(3)
    """
)


@pytest.mark.tmux
def test_tmux_drive_types_and_gets_exit_status() -> None:
    _require_tmux()
    name = f"helpers-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def drive(*args: str) -> subprocess.CompletedProcess[str]:
        return _run([TMUX_DRIVE, *args])

    try:
        started = drive(
            "start",
            name,
            "-x",
            "100",
            "-y",
            "20",
            "--",
            sys.executable,
            "-c",
            ECHO_PROGRAM,
        )
        assert started.returncode == 0, _explain(started)

        waited = drive("wait", name, "READY", "20")
        assert waited.returncode == 0, _explain(waited)

        text = "hello wörld 'q' ✓;"
        typed = drive("type", name, text)
        assert typed.returncode == 0, _explain(typed)
        assert drive("keys", name, "Enter").returncode == 0

        seen = drive("assert", name, f"GOT<{text}>", "10")
        assert seen.returncode == 0, _explain(seen)
        absent = drive("assert-not", name, "GOT<nothing>")
        assert absent.returncode == 0, _explain(absent)

        stopped = drive("stop", name, "C-d")
        assert stopped.returncode == 3, _explain(stopped)
        assert stopped.stdout.startswith("exit=3"), _explain(stopped)
    finally:
        drive("kill", name)
