"""Where connection secrets live: the OS keyring, or memory for a sandbox run.

Every save is read back and compared; a value that comes back empty or different is
a failed save. An environment variable ``CELONIS_CONNECT_SECRET_<NAME>`` overrides a
stored secret for one run and is never written or deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable
from typing import Protocol, TypeVar

from tui.connection import SecretLocation
from tui.deadline import DeadlineExceeded, call_with_deadline
from tui.secret import Secret

log = logging.getLogger(__name__)
SERVICE = "celonis-connect"
MAX_SECRET_LENGTH = 4096
ResultT = TypeVar("ResultT")


class SecretStoreError(Exception):
    """A secret could not be saved, read or deleted; the message says what to do."""


def environment_variable(name: str) -> str:
    return "CELONIS_CONNECT_SECRET_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def secret_from_environment(name: str) -> Secret | None:
    value = os.environ.get(environment_variable(name))
    return Secret(value) if value else None


class SecretStore(Protocol):
    location: SecretLocation
    description: str

    def save(self, name: str, secret: Secret) -> None: ...

    def load(self, name: str) -> Secret | None: ...

    def delete(self, name: str) -> None: ...


class MemorySecretStore:
    """Secrets for this process only; used by the sandbox and when the user asks."""

    location = SecretLocation.MEMORY
    description = "memory only: secrets are forgotten when the app exits"

    def __init__(self) -> None:
        self._secrets: dict[str, Secret] = {}

    def save(self, name: str, secret: Secret) -> None:
        self._secrets[name] = secret

    def load(self, name: str) -> Secret | None:
        return self._secrets.get(name)

    def delete(self, name: str) -> None:
        self._secrets.pop(name, None)


class KeyringSecretStore:
    """The OS keyring through the ``keyring`` package, each call under a deadline."""

    location = SecretLocation.KEYRING

    def __init__(self, service: str = SERVICE, deadline: float = 15.0) -> None:
        self.service = service
        self.deadline = deadline
        self.description = f"OS keyring, service '{service}'"

    def save(self, name: str, secret: Secret) -> None:
        import keyring

        previous = self._call("read", lambda: keyring.get_password(self.service, name))
        self._call(
            "save", lambda: keyring.set_password(self.service, name, secret.reveal())
        )
        stored = self._call(
            "read back", lambda: keyring.get_password(self.service, name)
        )
        if stored != secret.reveal():
            self._restore(name, previous)
            got = "nothing" if not stored else "a different value"
            raise SecretStoreError(
                f"The keyring returned {got} when the secret was read back, so the "
                "save did not take; the secret was not stored."
            )
        log.info("stored the secret of %s in the keyring", name)

    def load(self, name: str) -> Secret | None:
        import keyring

        value = self._call("read", lambda: keyring.get_password(self.service, name))
        return Secret(value) if value else None

    def delete(self, name: str) -> None:
        import keyring
        import keyring.errors

        def remove() -> None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(self.service, name)

        self._call("delete", remove)

    def _restore(self, name: str, previous: str | None) -> None:
        import keyring

        if previous:
            self._call(
                "restore", lambda: keyring.set_password(self.service, name, previous)
            )

    def _call(self, what: str, action: Callable[[], ResultT]) -> ResultT:
        try:
            return call_with_deadline(f"keyring {what}", self.deadline, action)
        except DeadlineExceeded:
            raise SecretStoreError(
                f"The keyring did not answer the {what} within {self.deadline:g} s. It "
                "may be locked and waiting for an unlock prompt that cannot be shown "
                "here: unlock it from the desktop or with gnome-keyring-daemon "
                "--unlock."
            ) from None
        except Exception as error:
            raise SecretStoreError(_explain(error)) from None


def _explain(error: Exception) -> str:
    kind = f"{type(error).__module__}.{type(error).__name__}"
    text = str(error) or kind
    if "NoKeyringError" in kind or "No recommended backend" in text:
        return (
            "No OS keyring can be used on this machine (keyring chose its 'fail' "
            "backend: no Secret Service on a D-Bus session). Start an unlocked "
            "Secret Service (dbus-run-session + gnome-keyring-daemon --unlock), or "
            "choose a backend with PYTHON_KEYRING_BACKEND."
        )
    if "Locked" in kind or "Prompt dismissed" in text:
        return (
            f"The keyring is locked ({text}); unlock it from the desktop or with "
            "gnome-keyring-daemon --unlock, then try again."
        )
    return f"The keyring failed: {kind}: {text}"
