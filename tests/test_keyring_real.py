"""The secret store against a real Secret Service (gnome-keyring on D-Bus).

Locally these tests skip when no Secret Service is reachable; in CI, where
``CELONIS_CONNECT_REQUIRE_REAL_PARTS=1`` is set, they fail instead. The locked case
starts its own private Secret Service (with-secret-service.sh) and locks it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.real_parts import (
    REPO_ROOT,
    WITH_SECRET_SERVICE,
    has_secret_service,
    has_secret_service_tools,
    require_real_part,
)
from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.keyring_status import KeyringState, classify_keyring
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import KeyringSecretStore
from tui.service import ConnectionService

BR04_SECRET = "a\\u0142b\\\\c\"d'e ł😀+/=%:"


@pytest.fixture
def real_keyring() -> None:
    require_real_part(has_secret_service(), "no Secret Service on a D-Bus session")
    import keyring
    import keyring.core

    keyring.core.init_backend()
    backend = keyring.get_keyring()
    first = getattr(backend, "backends", [backend])[0]
    assert "SecretService" in type(first).__module__


def test_classifier_sees_an_unlocked_secret_service(real_keyring: None) -> None:
    status = classify_keyring()

    assert status.state is KeyringState.OK
    assert "SecretService" in status.backend


def test_backslash_secret_round_trips_and_deletes(real_keyring: None) -> None:
    store = KeyringSecretStore()
    name = f"test-{uuid.uuid4()}"
    try:
        store.save(name, Secret(BR04_SECRET))

        assert store.load(name) == Secret(BR04_SECRET)
        store.save(name, Secret("rotated-secret"))
        assert store.load(name) == Secret("rotated-secret")
    finally:
        store.delete(name)
    assert store.load(name) is None


def test_service_stores_the_secret_in_the_keyring_and_not_the_file(
    real_keyring: None, tmp_path: Path
) -> None:
    name = f"acme-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "connections.json"
    service = ConnectionService(ConnectionStore(path), KeyringSecretStore())
    connection = Connection(
        name=name, team_url="https://acme.eu-1.celonis.cloud", client_id="cid-123"
    )
    try:
        stored = service.save(connection, Secret(BR04_SECRET))

        assert stored.secret_location is SecretLocation.KEYRING
        assert service.secret_for(stored) == Secret(BR04_SECRET)
        assert "ł😀" not in path.read_text(encoding="utf-8")
    finally:
        service.remove(name)
    assert KeyringSecretStore().load(name) is None


def test_a_really_locked_collection_is_named_without_a_prompt_or_a_hang() -> None:
    require_real_part(
        has_secret_service_tools(), "gnome-keyring and dbus-run-session are missing"
    )
    done = subprocess.run(
        [str(WITH_SECRET_SERVICE), sys.executable, "-m", "tests.locked_probe"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WSS_NO_INSTALL": "1"},
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["state"] == "locked"
    assert "unlock prompt that cannot be shown" in report["message"]
    assert report["probe_seconds"] < 3
    assert "collection is locked" in report["save_error"]
    assert "gnome-keyring-daemon --replace --unlock" in report["save_error"]
    assert report["save_seconds"] < 3
    assert report["still_locked"] is True
    info = json.loads(report["info"]["stdout"])
    assert info["keyring"]["state"] == "locked"
    add = report["add"]
    assert add["code"] == 17 and "collection is locked" in add["stderr"]
    assert "Traceback" not in add["stderr"] and add["seconds"] < 10
