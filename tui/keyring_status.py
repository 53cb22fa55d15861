"""What the OS keyring can do on this machine, found without prompting anyone.

The probe never stores or reads a secret: it asks keyring which backend it chose and,
for the Secret Service, whether the default collection is unlocked (a property read,
which shows no unlock prompt). It runs under a deadline because a Secret Service
that waits for a prompt would otherwise block for ever.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum

from tui.deadline import DeadlineExceeded, call_with_deadline

UNLOCK_RECIPE = (
    'dbus-run-session -- sh -c \'printf %s "$PW" | '
    "gnome-keyring-daemon --unlock --components=secrets; celonis-connect'"
)


class KeyringState(StrEnum):
    OK = "ok"
    DISABLED = "disabled"
    UNAVAILABLE = "unavailable"
    INSECURE = "insecure"
    LOCKED = "locked"
    SLOW = "slow"


@dataclass(frozen=True)
class KeyringStatus:
    state: KeyringState
    backend: str
    message: str
    fixes: tuple[str, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.state in (KeyringState.OK, KeyringState.INSECURE)

    def summary(self) -> str:
        return f"keyring {self.state.value}: {self.message}"


def _backend_name(backend: object) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _general_fixes() -> tuple[str, ...]:
    return (
        "Start an unlocked Secret Service for this shell: " + UNLOCK_RECIPE,
        "Or choose a backend on purpose: PYTHON_KEYRING_BACKEND=<module.Class>",
        "Or give the secret for one run: CELONIS_CONNECT_SECRET_<NAME>=... "
        "(read only, never stored)",
    )


def classify_keyring() -> KeyringStatus:
    """Classify the keyring that ``keyring`` chose. Blocking: keep it off the UI."""
    import keyring
    import keyring.backends.fail
    import keyring.backends.null

    try:
        backend = keyring.get_keyring()
    except Exception as error:
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            "none",
            f"keyring could not start a backend: {error}",
            _general_fixes(),
        )
    chosen = getattr(backend, "backends", [backend])
    first = chosen[0] if chosen else backend
    name = _backend_name(first)
    if isinstance(first, keyring.backends.fail.Keyring):
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            name,
            "no OS keyring is usable here (no Secret Service on a D-Bus session"
            + (
                ""
                if os.environ.get("DBUS_SESSION_BUS_ADDRESS")
                else "; D-Bus is not set"
            )
            + ")",
            _general_fixes(),
        )
    if isinstance(first, keyring.backends.null.Keyring):
        return KeyringStatus(
            KeyringState.DISABLED,
            name,
            "the keyring is switched off (null backend): nothing can be stored",
            _general_fixes(),
        )
    if "plaintext" in name.lower():
        return KeyringStatus(
            KeyringState.INSECURE,
            name,
            "the chosen backend keeps secrets in a plain file",
            ("Pick an encrypting backend with PYTHON_KEYRING_BACKEND.",),
        )
    if "SecretService" in name:
        return _secret_service_status(name)
    return KeyringStatus(KeyringState.OK, name, f"secrets go to {name}")


def _secret_service_status(name: str) -> KeyringStatus:
    try:
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            locked = bool(collection.is_locked())
        finally:
            connection.close()
    except Exception as error:
        return KeyringStatus(
            KeyringState.LOCKED,
            name,
            f"the Secret Service has no unlocked default collection ({error})",
            (
                "Unlock it from the desktop session, or from this shell: "
                'printf %s "$PW" | gnome-keyring-daemon --replace --unlock',
                *_general_fixes()[1:],
            ),
        )
    if locked:
        return KeyringStatus(
            KeyringState.LOCKED,
            name,
            "the Secret Service collection is locked and would wait for an unlock "
            "prompt that cannot be shown in this session",
            (
                "Unlock it from the desktop session, or from this shell: "
                'printf %s "$PW" | gnome-keyring-daemon --replace --unlock',
            ),
        )
    return KeyringStatus(KeyringState.OK, name, "secrets go to the Secret Service")


def probe_keyring(deadline: float = 8.0) -> KeyringStatus:
    try:
        return call_with_deadline("the keyring check", deadline, classify_keyring)
    except DeadlineExceeded:
        return KeyringStatus(
            KeyringState.SLOW,
            "unknown",
            f"the keyring did not answer within {deadline:g} s",
            _general_fixes(),
        )
