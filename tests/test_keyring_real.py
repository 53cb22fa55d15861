"""The secret store against a real Secret Service (gnome-keyring on D-Bus).

Locally these tests skip when no Secret Service is reachable; in CI, where
``CELONIS_CONNECT_REQUIRE_REAL_PARTS=1`` is set, they fail instead.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.real_parts import has_secret_service, require_real_part
from tui.connection import Connection, SecretLocation
from tui.connection_store import ConnectionStore
from tui.keyring_status import KeyringState, classify_keyring
from tui.secret import Secret
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
