"""What the OS keyring can do on this machine, found without prompting anyone.

The probe never stores a secret. It asks keyring which backend it chose; for the
Secret Service it reads whether the default collection is locked (a property read,
which shows no unlock prompt); for other backends that cannot prompt it reads one
entry that does not exist. It runs under a deadline because a keyring that waits
for a prompt would otherwise block for ever.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum

from tui.deadline import DeadlineExceeded, call_with_deadline
from tui.keyring_backend import (
    BackendKind,
    ChosenBackend,
    CollectionState,
    chosen_backend,
    rejected_backends,
    secret_service_collection,
)
from tui.keyring_fixes import backend_fixes, locked_fixes, session_fixes

PROBE_ENTRY = "celonis-connect-probe (never stored)"


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
    rejected: tuple[str, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.state is KeyringState.OK

    def summary(self) -> str:
        return f"keyring {self.state.value}: {self.message}"


def classify_keyring() -> KeyringStatus:
    """Classify the keyring that ``keyring`` chose. Blocking: keep it off the UI."""
    try:
        chosen = chosen_backend()
    except Exception as error:
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            "none",
            f"keyring could not start a backend: {error}",
            session_fixes(),
            tuple(rejected_backends()),
        )
    if chosen.kind is BackendKind.SECRET_SERVICE:
        return _secret_service_status(chosen.name)
    if chosen.kind is BackendKind.OTHER:
        return _read_probe_status(chosen.name)
    return _status_by_kind(chosen)


def _status_by_kind(chosen: ChosenBackend) -> KeyringStatus:
    name = chosen.name
    if chosen.kind is BackendKind.FAIL:
        no_bus = (
            "" if os.environ.get("DBUS_SESSION_BUS_ADDRESS") else "; D-Bus is not set"
        )
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            name,
            f"no OS keyring is usable: keyring chose {name} (no Secret Service "
            f"answered on a D-Bus session{no_bus})",
            session_fixes(),
            tuple(rejected_backends()),
        )
    if chosen.kind is BackendKind.NULL:
        return KeyringStatus(
            KeyringState.DISABLED,
            name,
            "the keyring is switched off (null backend): nothing can be stored in it",
            backend_fixes(),
        )
    if chosen.kind is BackendKind.PROMPTING:
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            name,
            f"{name} asks for its password on the terminal, which would freeze this "
            "app, so it is not used",
            backend_fixes(),
        )
    if chosen.kind is BackendKind.PLAINTEXT:
        return KeyringStatus(
            KeyringState.INSECURE,
            name,
            f"{name} keeps secrets unencrypted in a file, so it is not used",
            backend_fixes(),
        )
    return KeyringStatus(KeyringState.OK, name, f"secrets go to {name}")


def _secret_service_status(name: str) -> KeyringStatus:
    try:
        state = secret_service_collection()
    except Exception as error:
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            name,
            f"the Secret Service cannot be reached ({type(error).__name__}: {error})",
            session_fixes(),
        )
    if state is CollectionState.MISSING:
        return KeyringStatus(
            KeyringState.LOCKED,
            name,
            "the Secret Service has no default collection; creating one needs a "
            "prompt that cannot be shown in this session",
            locked_fixes(),
        )
    if state is CollectionState.LOCKED:
        return KeyringStatus(
            KeyringState.LOCKED,
            name,
            "the Secret Service collection is locked and would wait for an unlock "
            "prompt that cannot be shown in this session",
            locked_fixes(),
        )
    return KeyringStatus(KeyringState.OK, name, "secrets go to the Secret Service")


def _read_probe_status(name: str) -> KeyringStatus:
    import keyring

    from tui.secret_store import SERVICE

    try:
        keyring.get_password(SERVICE, PROBE_ENTRY)
    except Exception as error:
        return status_for_error(name, error)
    return KeyringStatus(KeyringState.OK, name, f"secrets go to {name}")


def status_for_error(name: str, error: Exception) -> KeyringStatus:
    """The state a keyring error shows: locked, or unavailable."""
    kind = f"{type(error).__module__}.{type(error).__name__}"
    from tui.log_setup import REDACTOR

    text = REDACTOR.redact(str(error)) or kind
    if "Locked" in kind or "Prompt dismissed" in text or "locked" in text.lower():
        return KeyringStatus(
            KeyringState.LOCKED,
            name,
            f"the keyring is locked ({text})",
            locked_fixes(),
        )
    if "NoKeyringError" in kind or "No recommended backend" in text:
        return KeyringStatus(
            KeyringState.UNAVAILABLE,
            name,
            f"no OS keyring is usable here ({text})",
            session_fixes(),
            tuple(rejected_backends()),
        )
    return KeyringStatus(
        KeyringState.UNAVAILABLE,
        name,
        f"the keyring failed: {kind}: {text}",
        session_fixes(),
    )


def probe_keyring(deadline: float = 8.0) -> KeyringStatus:
    try:
        return call_with_deadline("the keyring check", deadline, classify_keyring)
    except DeadlineExceeded:
        return KeyringStatus(
            KeyringState.SLOW,
            "unknown",
            f"the keyring did not answer within {deadline:g} s; it may be waiting "
            "for an unlock prompt that cannot be shown in this session",
            locked_fixes(),
        )
