"""Saving secrets under faults: cancelled, too slow, refused, or the config fails."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import keyring.backend
import pytest

from tests.keyring_backends import (
    DictKeyring,
    PlaintextKeyring,
    PromptingKeyring,
    SlowSaveKeyring,
    installed,
    null_keyring,
)
from tui.cancel import Cancelled, CancelToken
from tui.connection import Connection
from tui.connection_store import ConnectionStore, StoreError
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import (
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStoreError,
)
from tui.service import ConnectionService

KEY = (SERVICE, "acme")


def acme() -> Connection:
    return Connection(
        name="acme", team_url="https://acme.eu-1.celonis.cloud", client_id="cid-123"
    )


def test_a_cancelled_save_is_undone_when_the_keyring_wakes_up() -> None:
    with installed(SlowSaveKeyring()) as backend:
        backend.values[KEY] = "old-secret"
        cancel = CancelToken()
        threading.Timer(0.1, cancel.cancel).start()

        with pytest.raises(Cancelled):
            KeyringSecretStore(deadline=10).save("acme", Secret("new-secret"), cancel)
        backend.release.set()
        time.sleep(0.3)

        assert backend.values[KEY] == "old-secret"


def test_a_save_past_the_deadline_fails_and_is_undone_later() -> None:
    with installed(SlowSaveKeyring()) as backend:
        started = time.monotonic()
        with pytest.raises(SecretStoreError) as raised:
            KeyringSecretStore(deadline=0.3).save("acme", Secret("new-secret"))
        assert time.monotonic() - started < 2
        backend.release.set()
        time.sleep(0.5)

        assert "did not answer the save within 0.3 s" in str(raised.value)
        assert "locked" in str(raised.value)
        assert KEY not in backend.values


@pytest.mark.parametrize(
    ("backend", "said"),
    [
        (null_keyring(), "switched off"),
        (PlaintextKeyring(), "unencrypted"),
        (PromptingKeyring(), "terminal"),
    ],
)
def test_unsafe_backends_are_refused_before_any_call(
    backend: keyring.backend.KeyringBackend, said: str
) -> None:
    with installed(backend), pytest.raises(SecretStoreError) as raised:
        KeyringSecretStore().save("acme", Secret("S3cr3t-Value"))

    assert said in str(raised.value)
    assert raised.value.fixes
    assert getattr(backend, "values", {}) == {}
    assert getattr(backend, "calls", 0) == 0


def test_a_failed_config_write_puts_the_previous_secret_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with installed(DictKeyring()) as backend:
        service = ConnectionService(
            ConnectionStore(tmp_path / "c.json"), KeyringSecretStore()
        )
        service.save(acme(), Secret("old-secret"))

        def disk_full(*args: object, **kwargs: object) -> None:
            raise StoreError("Cannot write c.json: No space left on device")

        monkeypatch.setattr(service.store, "upsert", disk_full)
        with pytest.raises(StoreError):
            service.save(acme(), Secret("new-secret"), replacing="acme")

        assert backend.values[KEY] == "old-secret"


def test_a_failed_config_write_of_a_new_connection_leaves_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = MemorySecretStore()
    service = ConnectionService(ConnectionStore(tmp_path / "c.json"), secrets)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise StoreError("Cannot write c.json: No space left on device")

    monkeypatch.setattr(service.store, "upsert", disk_full)
    with pytest.raises(StoreError):
        service.save(acme(), Secret("new-secret"))

    assert secrets.load("acme") is None


def test_a_new_connection_links_to_a_secret_kept_under_its_name(
    tmp_path: Path,
) -> None:
    secrets = MemorySecretStore()
    secrets.save("acme", Secret("kept-secret"))
    service = ConnectionService(ConnectionStore(tmp_path / "c.json"), secrets)

    stored = service.save(acme(), None, require_secret=True)

    assert stored.secret_location is SecretLocation.MEMORY
    assert service.secret_for(stored) == Secret("kept-secret")


def test_a_required_secret_that_is_nowhere_is_an_error(tmp_path: Path) -> None:
    service = ConnectionService(
        ConnectionStore(tmp_path / "c.json"), MemorySecretStore()
    )

    with pytest.raises(SecretStoreError, match="Client secret is empty"):
        service.save(acme(), None, require_secret=True)

    assert service.connections() == []


def test_a_secret_kept_elsewhere_is_named_not_silently_missing(
    tmp_path: Path,
) -> None:
    service = ConnectionService(
        ConnectionStore(tmp_path / "c.json"), MemorySecretStore()
    )
    in_keyring = acme().model_copy(update={"secret_location": SecretLocation.KEYRING})

    with pytest.raises(SecretStoreError) as raised:
        service.secret_for(in_keyring)

    assert "is in the OS keyring" in str(raised.value)
    assert "CELONIS_CONNECT_SECRET_ACME" in str(raised.value)


def test_a_rename_with_a_new_secret_leaves_no_secret_under_the_old_name(
    tmp_path: Path,
) -> None:
    secrets = MemorySecretStore()
    service = ConnectionService(ConnectionStore(tmp_path / "c.json"), secrets)
    service.save(acme(), Secret("old-secret"))
    renamed = acme().model_copy(update={"name": "acme-prod"})

    service.save(renamed, Secret("new-secret"), replacing="acme")

    assert secrets.load("acme") is None
    assert secrets.load("acme-prod") == Secret("new-secret")
    assert [c.name for c in service.connections()] == ["acme-prod"]
