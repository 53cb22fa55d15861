"""When tests that need real OS parts may skip, and whether those parts exist.

Some tests need parts of the machine that a developer may not have: a Secret
Service on D-Bus (for ``keyring``), gnome-keyring and dbus-run-session (for
``scripts/with-secret-service.sh``) or tmux (for ``scripts/tmux-drive.sh``).
Locally such tests skip with a reason. In CI,
``CELONIS_CONNECT_REQUIRE_REAL_PARTS=1`` is set and the same checks fail
instead, so a broken CI image cannot turn the real-part tests into silent skips.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REQUIRE_REAL_PARTS_ENV = "CELONIS_CONNECT_REQUIRE_REAL_PARTS"

REPO_ROOT = Path(__file__).resolve().parent.parent
WITH_SECRET_SERVICE = REPO_ROOT / "scripts" / "with-secret-service.sh"
TMUX_DRIVE = REPO_ROOT / "scripts" / "tmux-drive.sh"

SECRET_SERVICE_TOOLS = ("gnome-keyring-daemon", "dbus-run-session", "dbus-send")

_CHECK_TIMEOUT = 10.0

# Exits 0 when keyring's SecretService backend considers itself usable.
_PRIORITY_CHECK = (
    "from keyring.backends.SecretService import Keyring\nKeyring.priority\n"
)


def real_parts_required() -> bool:
    """True when ``CELONIS_CONNECT_REQUIRE_REAL_PARTS`` asks for real parts."""
    value = os.environ.get(REQUIRE_REAL_PARTS_ENV, "").strip().lower()
    return value in {"1", "true", "yes", "on"}


def require_real_part(available: bool, reason: str) -> None:
    """Skip the current test with ``reason`` unless ``available``.

    With ``CELONIS_CONNECT_REQUIRE_REAL_PARTS=1`` the test fails instead.
    """
    __tracebackhide__ = True  # report the skip/failure at the caller
    if available:
        return
    if real_parts_required():
        pytest.fail(
            f"{reason} ({REQUIRE_REAL_PARTS_ENV}=1, so this is a failure, not a skip)",
            pytrace=False,
        )
    pytest.skip(reason)


def missing_tools(*names: str) -> list[str]:
    """The programs among ``names`` that are not on PATH."""
    return [name for name in names if shutil.which(name) is None]


def has_secret_service_tools() -> bool:
    """True when ``scripts/with-secret-service.sh`` can run without installing."""
    return not missing_tools(*SECRET_SERVICE_TOOLS)


def has_tmux() -> bool:
    """True when a tmux binary is on PATH."""
    return shutil.which("tmux") is not None


def has_secret_service() -> bool:
    """True when a Secret Service is usable from this environment.

    That needs ``DBUS_SESSION_BUS_ADDRESS`` and either an owner of
    ``org.freedesktop.secrets`` on that bus, or keyring's SecretService backend
    accepting the bus (its ``priority`` does not raise). Both are checked in
    subprocesses with a timeout, so a hanging bus cannot block the tests. The
    result is cached per bus address.
    """
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return False
    return _secret_service_on_bus(address)


@functools.cache
def _secret_service_on_bus(address: str) -> bool:
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    if shutil.which("dbus-send") is not None:
        name_check = [
            "dbus-send",
            "--session",
            "--print-reply=literal",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]
        ok, output = _run(name_check, env)
        if ok and "true" in output:
            return True
    ok, _ = _run([sys.executable, "-c", _PRIORITY_CHECK], env)
    return ok


def _run(argv: list[str], env: dict[str, str]) -> tuple[bool, str]:
    try:
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_CHECK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False, ""
    return done.returncode == 0, done.stdout
