"""Secrets go to the keyring, are read back, and failures leave nothing half-saved."""

from __future__ import annotations

import time
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.keyring_backends import (
    DictKeyring,
    EmptyReadBackKeyring,
    HangingKeyring,
    LockedKeyring,
    NoBackendKeyring,
)
from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.secret import Secret
from tui.secret_input import SecretInputError, clean_secret
from tui.secret_location import SecretLocation
from tui.secret_store import (
    KeyringSecretStore,
    SecretStoreError,
    environment_variable,
)
from tui.service import ConnectionService

BACKSLASH_SECRET = "a\\u0142b\\\\c\"d'e ł😀+/=%:"


@pytest.fixture
def use_backend() -> Iterator[object]:
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def new_connection() -> Connection:
    return Connection(
        name="acme", team_url="https://acme.eu-1.celonis.cloud", client_id="cid-123"
    )


def test_round_trip_keeps_every_character(use_backend: object) -> None:
    backend = use_backend(DictKeyring())  # type: ignore[operator]
    store = KeyringSecretStore()

    store.save("acme", Secret(BACKSLASH_SECRET))

    assert store.load("acme") == Secret(BACKSLASH_SECRET)
    assert backend.values == {("celonis-connect", "acme"): BACKSLASH_SECRET}


def test_a_secret_read_back_empty_is_a_failed_save(
    use_backend: object, tmp_path: object
) -> None:
    use_backend(EmptyReadBackKeyring())  # type: ignore[operator]
    service = ConnectionService(
        ConnectionStore(tmp_path / "c.json"),  # type: ignore[operator]
        KeyringSecretStore(),
    )

    with pytest.raises(SecretStoreError) as raised:
        service.save(new_connection(), Secret(BACKSLASH_SECRET))

    assert "read back" in str(raised.value)
    assert service.connections() == []


def test_failed_save_keeps_the_previous_secret(use_backend: object) -> None:
    backend = use_backend(EmptyReadBackKeyring())  # type: ignore[operator]
    store = KeyringSecretStore()
    store.save("acme", Secret("old-secret"))

    with pytest.raises(SecretStoreError):
        store.save("acme", Secret(BACKSLASH_SECRET))

    assert backend.values[("celonis-connect", "acme")] == "old-secret"


def test_no_keyring_is_explained_with_the_fixes(use_backend: object) -> None:
    use_backend(NoBackendKeyring())  # type: ignore[operator]

    with pytest.raises(SecretStoreError) as raised:
        KeyringSecretStore().save("acme", Secret("x" * 8))

    message = str(raised.value)
    assert "No OS keyring" in message
    assert "PYTHON_KEYRING_BACKEND" in message
    assert "gnome-keyring-daemon" in message and "--unlock" in message


def test_locked_keyring_says_locked(use_backend: object) -> None:
    use_backend(LockedKeyring())  # type: ignore[operator]

    with pytest.raises(SecretStoreError) as raised:
        KeyringSecretStore().load("acme")

    assert "locked" in str(raised.value)


def test_hanging_keyring_stops_at_the_deadline(use_backend: object) -> None:
    backend = use_backend(HangingKeyring())  # type: ignore[operator]
    started = time.monotonic()
    try:
        with pytest.raises(SecretStoreError) as raised:
            KeyringSecretStore(deadline=0.3).load("acme")
    finally:
        backend.release.set()

    assert time.monotonic() - started < 2
    assert "did not answer" in str(raised.value)


def test_environment_override_is_read_but_never_written(
    use_backend: object, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = use_backend(DictKeyring())  # type: ignore[operator]
    service = ConnectionService(
        ConnectionStore(tmp_path / "c.json"),  # type: ignore[operator]
        KeyringSecretStore(),
    )
    stored = service.save(new_connection(), None)
    monkeypatch.setenv(environment_variable("acme"), "from-env")

    assert stored.secret_location is SecretLocation.MISSING
    assert service.secret_for(stored) == Secret("from-env")
    assert backend.values == {}


@pytest.mark.parametrize(
    ("pasted", "kept", "noted"),
    [
        ("  abc123  ", "abc123", True),
        ("abc123\n", "abc123", True),
        ("abc123", "abc123", False),
    ],
)
def test_pasted_secret_is_trimmed_with_a_note(
    pasted: str, kept: str, noted: bool
) -> None:
    cleaned = clean_secret(pasted)

    assert cleaned.secret.reveal() == kept
    assert bool(cleaned.note) is noted


@pytest.mark.parametrize(
    ("pasted", "said"),
    [
        ("abc\ndef", "line break"),
        ("abc\x1bdef", "control character"),
        ("", "empty"),
        ("x" * 5000, "limit is 4096"),
    ],
)
def test_unusable_secrets_are_refused_with_the_reason(pasted: str, said: str) -> None:
    with pytest.raises(SecretInputError) as raised:
        clean_secret(pasted)

    assert said in str(raised.value)


def test_secret_never_shows_in_its_repr() -> None:
    secret = Secret("hunter2-secret")

    assert "hunter2" not in repr(secret)
    assert "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret}"
