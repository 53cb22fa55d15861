"""Broken keyrings met through the command line: clear words, exit 17, no hang.

The backends are chosen the way a user would, with ``PYTHON_KEYRING_BACKEND``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.real_parts import REPO_ROOT
from tests.secret_session import write_settings

COMMAND = [str(Path(sys.executable).parent / "celonis-connect")]
KEYRING_EXIT = 17


def run_cli(
    backend: str, *args: str, stdin: str = ""
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": backend,
        "PYTHONPATH": str(REPO_ROOT),
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    started = time.monotonic()
    done = subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return done, time.monotonic() - started


ADD = ["add", "acme", "--team", "acme.eu-1.celonis.cloud", "--client-id", "cid-123"]


@pytest.mark.parametrize(
    ("backend", "state", "said"),
    [
        ("keyring.backends.fail.Keyring", "unavailable", "No OS keyring can be used"),
        ("keyring.backends.null.Keyring", "disabled", "switched off"),
        ("tests.keyring_backends.LockedKeyring", "locked", "locked"),
        ("tests.keyring_backends.HangingKeyring", "slow", "did not answer the save"),
        ("tests.keyring_backends.PromptingKeyring", "unavailable", "terminal"),
        ("tests.keyring_backends.PlaintextKeyring", "insecure", "unencrypted"),
    ],
)
def test_each_broken_keyring_is_named_and_nothing_is_recorded(
    backend: str, state: str, said: str
) -> None:
    write_settings(keyring_deadline=0.5)

    info, _ = run_cli(backend, "info", "--json")
    added, seconds = run_cli(backend, *ADD, "--secret-stdin", stdin="S3cr3t-Value\n")
    listed, _ = run_cli(backend, "list", "--json")

    assert info.returncode == 0, info.stderr
    keyring = json.loads(info.stdout)["keyring"]
    assert keyring["state"] == state
    assert keyring["fixes"]
    assert added.returncode == KEYRING_EXIT, added.stderr
    assert said in added.stderr
    assert "Fix:" in added.stderr
    assert "Traceback" not in added.stderr + info.stderr
    assert seconds < 10
    assert json.loads(listed.stdout) == []


def test_info_prints_paths_versions_and_where_secrets_go() -> None:
    done, _ = run_cli("keyring.backends.fail.Keyring", "info")

    assert done.returncode == 0, done.stderr
    for expected in (
        "python:",
        "textual:",
        "httpx:",
        "keyring:",
        "config_file:",
        "log_file:",
        "state_dir:",
        "state: unavailable",
        "rejected_backends:",
        "PYTHON_KEYRING_BACKEND: keyring.backends.fail.Keyring",
        "where: OS keyring",
        "encrypted-file",
        "CELONIS_CONNECT_SECRET_",
    ):
        assert expected in done.stdout, expected
