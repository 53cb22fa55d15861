"""The keyring's state at start, for every kind of broken keyring met on servers."""

from __future__ import annotations

import pytest

from tests.keyring_backends import (
    DictKeyring,
    HangingKeyring,
    LockedKeyring,
    NoBackendKeyring,
    PlaintextKeyring,
    PromptingKeyring,
    fail_keyring,
    installed,
    null_keyring,
)
from tui.keyring_backend import BackendKind, kind_of
from tui.keyring_status import KeyringState, probe_keyring


def test_a_working_keyring_is_ok() -> None:
    with installed(DictKeyring()):
        status = probe_keyring(2)

    assert status.state is KeyringState.OK
    assert status.usable
    assert status.backend == "tests.keyring_backends.DictKeyring"


def test_no_backend_is_unavailable_and_names_the_rejected_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with installed(fail_keyring()):
        status = probe_keyring(5)

    assert status.state is KeyringState.UNAVAILABLE
    assert "keyring.backends.fail.Keyring" in status.message
    assert "D-Bus is not set" in status.message
    assert any(r.startswith("SecretService.Keyring (") for r in status.rejected)
    assert any("DBUS_SESSION_BUS_ADDRESS" in r for r in status.rejected)
    fixes = " ".join(status.fixes)
    assert "dbus-run-session" in fixes and "gnome-keyring-daemon --unlock" in fixes
    assert "PYTHON_KEYRING_BACKEND" in fixes
    assert "encrypted-file" in fixes and "CELONIS_CONNECT_SECRET_" in fixes


def test_a_backend_that_raises_no_keyring_is_unavailable() -> None:
    with installed(NoBackendKeyring()):
        status = probe_keyring(2)

    assert status.state is KeyringState.UNAVAILABLE
    assert status.rejected


def test_the_null_backend_is_disabled() -> None:
    with installed(null_keyring()):
        status = probe_keyring(2)

    assert status.state is KeyringState.DISABLED
    assert not status.usable


def test_a_locked_keyring_is_locked_with_the_unlock_fix() -> None:
    with installed(LockedKeyring()):
        status = probe_keyring(2)

    assert status.state is KeyringState.LOCKED
    assert "gnome-keyring-daemon --replace --unlock" in status.fixes[0]


def test_a_keyring_that_never_answers_is_slow_within_the_deadline() -> None:
    with installed(HangingKeyring()):
        status = probe_keyring(0.3)

    assert status.state is KeyringState.SLOW
    assert "0.3 s" in status.message


def test_a_plaintext_backend_is_insecure_and_not_usable() -> None:
    with installed(PlaintextKeyring()):
        status = probe_keyring(2)

    assert status.state is KeyringState.INSECURE
    assert not status.usable
    assert any("--plaintext-secrets" in fix for fix in status.fixes)


def test_a_backend_that_prompts_on_the_terminal_is_never_called() -> None:
    with installed(PromptingKeyring()) as backend:
        status = probe_keyring(2)

    assert status.state is KeyringState.UNAVAILABLE
    assert "terminal" in status.message
    assert backend.calls == 0


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("keyring.backends.SecretService.Keyring", BackendKind.SECRET_SERVICE),
        ("keyring.backends.libsecret.Keyring", BackendKind.SECRET_SERVICE),
        ("keyring.backends.kwallet.DBusKeyring", BackendKind.KWALLET),
        ("keyrings.alt.file.PlaintextKeyring", BackendKind.PLAINTEXT),
        ("keyrings.cryptfile.file.PlaintextKeyring", BackendKind.PLAINTEXT),
        ("keyrings.alt.file.EncryptedKeyring", BackendKind.PROMPTING),
        ("keyrings.cryptfile.cryptfile.CryptFileKeyring", BackendKind.PROMPTING),
        ("keyring.backends.macOS.Keyring", BackendKind.OTHER),
    ],
)
def test_backends_are_told_apart_by_name(name: str, kind: BackendKind) -> None:
    assert kind_of(name) is kind
