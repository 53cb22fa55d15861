"""Keyring backends that behave like the broken ones met on headless hosts."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, NoKeyringError, PasswordDeleteError


class DictKeyring(KeyringBackend):
    """A working keyring held in a dict.

    Priority 0 keeps these classes out of keyring's automatic choice and out of
    its chainer, which would otherwise consult them in every later test.
    """

    priority = 0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")


class EmptyReadBackKeyring(DictKeyring):
    """Accepts a backslash secret, then reads it back as '' (libsecret bug)."""

    def get_password(self, service: str, username: str) -> str | None:
        value = super().get_password(service, username)
        if value is not None and "\\" in value:
            return ""
        return value


class NoBackendKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("No recommended backend was available.")


class LockedKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class HangingKeyring(DictKeyring):
    """Waits for an unlock prompt nobody can answer, until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)
