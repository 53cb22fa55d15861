"""Keyring backends that behave like the broken ones met on headless hosts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, NoKeyringError, PasswordDeleteError

BackendT = TypeVar("BackendT", bound=KeyringBackend)


@contextmanager
def installed(backend: BackendT) -> Iterator[BackendT]:
    """Make ``backend`` the keyring for the block; release any waiting calls after."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        release = getattr(backend, "release", None)
        if isinstance(release, threading.Event):
            release.set()


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


class PlaintextKeyring(DictKeyring):
    """Named like keyrings.alt's plaintext backend: it keeps secrets unencrypted."""


class PromptingKeyring(DictKeyring):
    """Poses as keyrings.cryptfile, which asks for its password on the terminal.

    Every call is counted: the app must never make one.
    """

    __module__ = "keyrings.cryptfile.cryptfile"

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        super().set_password(service, username, password)


class SlowSaveKeyring(DictKeyring):
    """Reads at once; a save waits until released (an unlock prompt nobody sees)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.saving = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saving.set()
        self.release.wait(30)
        super().set_password(service, username, password)


def null_keyring() -> KeyringBackend:
    """keyring's own null backend: stores nothing, reads nothing."""
    import keyring.backends.null

    return keyring.backends.null.Keyring()  # type: ignore[no-untyped-call]


def fail_keyring() -> KeyringBackend:
    """keyring's own fail backend, chosen when no OS keyring is usable."""
    import keyring.backends.fail

    return keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
