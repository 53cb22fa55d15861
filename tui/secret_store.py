"""Where connection secrets live: the OS keyring, or memory for a sandbox run.

Every save is read back and compared; a value that comes back empty or different is
a failed save and the previous secret is put back. An environment variable
``CELONIS_CONNECT_SECRET_<NAME>`` overrides a stored secret for one run and is never
written or deleted. Every keyring call runs in a helper thread under a deadline and
can be cancelled; a save the caller gave up on is undone when it finishes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable
from typing import Protocol, TypeVar

from tui.cancel import Cancelled, CancelToken
from tui.deadline import DeadlineExceeded, Guard, call_guarded
from tui.keyring_backend import (
    BackendKind,
    CollectionState,
    backend_name,
    chosen_backend,
    secret_service_collection,
)
from tui.keyring_fixes import locked_fixes
from tui.keyring_status import KeyringStatus, classify_keyring, status_for_error
from tui.secret import Secret
from tui.secret_location import SecretLocation

log = logging.getLogger(__name__)
SERVICE = "celonis-connect"
MAX_SECRET_LENGTH = 4096
ResultT = TypeVar("ResultT")


class SecretStoreError(Exception):
    """A secret could not be saved, read or deleted; the fixes say what to do."""

    def __init__(self, message: str, fixes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.fixes = fixes

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"Fix: {fix}" for fix in self.fixes)])


def environment_variable(name: str) -> str:
    return "CELONIS_CONNECT_SECRET_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def secret_from_environment(name: str) -> Secret | None:
    value = (os.environ.get(environment_variable(name)) or "").strip()
    return Secret(value) if value else None


class SecretStore(Protocol):
    location: SecretLocation
    description: str

    def save(
        self, name: str, secret: Secret, cancel: CancelToken | None = None
    ) -> Secret | None:
        """Store, read back and compare; return the secret that was replaced."""
        ...

    def load(self, name: str, cancel: CancelToken | None = None) -> Secret | None: ...

    def delete(self, name: str) -> None: ...


class MemorySecretStore:
    """Secrets for this process only; used by the sandbox and when the user asks."""

    location = SecretLocation.MEMORY
    description = "memory only: secrets are forgotten when the app exits"

    def __init__(self) -> None:
        self._secrets: dict[str, Secret] = {}

    def save(
        self, name: str, secret: Secret, cancel: CancelToken | None = None
    ) -> Secret | None:
        previous = self._secrets.get(name)
        self._secrets[name] = secret
        return previous

    def load(self, name: str, cancel: CancelToken | None = None) -> Secret | None:
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

    def save(
        self, name: str, secret: Secret, cancel: CancelToken | None = None
    ) -> Secret | None:
        return self._run(
            "save", lambda guard: self._save_now(name, secret, guard), cancel
        )

    def load(self, name: str, cancel: CancelToken | None = None) -> Secret | None:
        return self._run("read", lambda _guard: self._load_now(name), cancel)

    def delete(self, name: str) -> None:
        self._run("delete", lambda _guard: self._delete_now(name), None)

    def _save_now(self, name: str, secret: Secret, guard: Guard) -> Secret | None:
        import keyring

        self._check_backend()
        previous = keyring.get_password(self.service, name)
        keyring.set_password(self.service, name, secret.reveal())
        stored = keyring.get_password(self.service, name)
        if stored != secret.reveal():
            self._put_back(name, previous)
            got = "nothing" if not stored else "a different value"
            raise SecretStoreError(
                f"The keyring returned {got} when the secret was read back, so the "
                "save did not take; the secret was not stored and the previous one "
                "was kept."
            )
        if not guard.commit():
            self._put_back(name, previous)
            log.info("undid a keyring save of %s that was given up on", name)
            return None
        log.info("stored the secret of %s in the keyring", name)
        return Secret(previous) if previous else None

    def _load_now(self, name: str) -> Secret | None:
        import keyring

        self._check_backend()
        value = keyring.get_password(self.service, name)
        return Secret(value) if value else None

    def _delete_now(self, name: str) -> None:
        self._check_backend()
        self._put_back(name, None)

    def _put_back(self, name: str, previous: str | None) -> None:
        import keyring
        import keyring.errors

        if previous:
            keyring.set_password(self.service, name, previous)
            return
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(self.service, name)

    def _check_backend(self) -> None:
        """Refuse backends that cannot keep a secret safely, before touching them."""
        chosen = chosen_backend()
        if chosen.kind is BackendKind.SECRET_SERVICE:
            if secret_service_collection() is CollectionState.UNLOCKED:
                return
        elif chosen.kind in (BackendKind.OTHER, BackendKind.KWALLET):
            return
        raise _error_for_status(classify_keyring())

    def _run(
        self,
        what: str,
        action: Callable[[Guard], ResultT],
        cancel: CancelToken | None,
    ) -> ResultT:
        def explained(guard: Guard) -> ResultT:
            try:
                return action(guard)
            except (SecretStoreError, Cancelled):
                raise
            except Exception as error:
                raise _explain(error) from None

        try:
            return call_guarded(f"keyring {what}", self.deadline, explained, cancel)
        except DeadlineExceeded:
            raise SecretStoreError(
                f"The keyring did not answer the {what} within {self.deadline:g} s. "
                "It may be locked and waiting for an unlock prompt that cannot be "
                "shown here; nothing was changed.",
                locked_fixes(),
            ) from None


def _error_for_status(status: KeyringStatus) -> SecretStoreError:
    if status.rejected:
        rejected = "; ".join(status.rejected)
        return SecretStoreError(
            f"No OS keyring can be used on this machine: keyring chose "
            f"{status.backend}. Rejected: {rejected}.",
            status.fixes,
        )
    return SecretStoreError(
        f"The OS keyring cannot be used: {status.message}.", status.fixes
    )


def _explain(error: Exception) -> SecretStoreError:
    """Turn a keyring error into words. Blocking: runs in the helper thread."""
    import keyring

    try:
        name = backend_name(keyring.get_keyring())
    except Exception:
        name = "unknown"
    return _error_for_status(status_for_error(name, error))
