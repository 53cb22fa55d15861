"""Lock the real Secret Service collection, then see what the app makes of it.

Run inside ``scripts/with-secret-service.sh`` as ``python -m tests.locked_probe``.
It locks the default collection (as a locked desktop session leaves it), then
probes the keyring, tries a save through the store, and runs the installed command
``info --json`` and ``add --secret-stdin``. It prints one JSON report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import secretstorage

from tui.keyring_status import probe_keyring
from tui.secret import Secret
from tui.secret_store import KeyringSecretStore, SecretStoreError

COMMAND = str(Path(sys.executable).parent / "celonis-connect")


def timed_save() -> tuple[str, float]:
    started = time.monotonic()
    try:
        KeyringSecretStore(deadline=5).save("locked-probe", Secret("S3cr3t-Value"))
    except SecretStoreError as error:
        return str(error), time.monotonic() - started
    return "", time.monotonic() - started


def run(*args: str, stdin: str = "") -> dict[str, Any]:
    started = time.monotonic()
    done = subprocess.run(
        [COMMAND, *args], input=stdin, capture_output=True, text=True, timeout=60
    )
    return {
        "code": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "seconds": time.monotonic() - started,
    }


def main() -> None:
    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    collection.lock()
    started = time.monotonic()
    status = probe_keyring(5)
    probe_seconds = time.monotonic() - started
    save_error, save_seconds = timed_save()
    report = {
        "state": status.state.value,
        "message": status.message,
        "probe_seconds": probe_seconds,
        "save_error": save_error,
        "save_seconds": save_seconds,
        "info": run("info", "--json"),
        "add": run(
            "add",
            "locked",
            "--team",
            "acme.eu-1.celonis.cloud",
            "--client-id",
            "cid-123",
            "--secret-stdin",
            stdin="S3cr3t-Value\n",
        ),
        "still_locked": collection.is_locked(),
    }
    connection.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
