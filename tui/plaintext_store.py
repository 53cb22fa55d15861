"""Secrets in a plain file, only when the user asked for it with a flag.

``celonis-connect --plaintext-secrets`` (or ``"secret_backend": "plaintext-file"``
in settings.json) keeps secrets unencrypted in a mode 0600 file. It is never chosen
on its own, and the app shows a warning for as long as it is in use.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tui.cancel import CancelToken
from tui.secret import Secret
from tui.secret_file import Document, SecretFile, SecretFileError
from tui.secret_location import SecretLocation
from tui.secret_store import SecretStoreError

log = logging.getLogger(__name__)
KIND = "celonis-connect UNENCRYPTED secrets"


class PlaintextFileSecretStore:
    location = SecretLocation.PLAINTEXT_FILE

    def __init__(self, path: Path) -> None:
        self.file = SecretFile(path, KIND)
        self.description = f"UNENCRYPTED file {path}"

    @property
    def path(self) -> Path:
        return self.file.path

    def save(
        self, name: str, secret: Secret, cancel: CancelToken | None = None
    ) -> Secret | None:
        previous = self.load(name)
        self._set(name, secret)
        if self.load(name) != secret:
            self._set(name, previous)
            raise SecretStoreError(
                f"The secret read back from {self.path} differs from the one saved; "
                "it was not stored and the previous one was kept."
            )
        log.info("stored the secret of %s in the plaintext file", name)
        return previous

    def load(self, name: str, cancel: CancelToken | None = None) -> Secret | None:
        try:
            document = self.file.read() or {}
        except SecretFileError as error:
            raise SecretStoreError(str(error)) from None
        secrets = document.get("secrets")
        value = secrets.get(name) if isinstance(secrets, dict) else None
        return Secret(value) if isinstance(value, str) and value else None

    def delete(self, name: str) -> None:
        if self.file.exists:
            self._set(name, None)

    def _set(self, name: str, secret: Secret | None) -> None:
        def update(current: Document | None) -> Document:
            document = current or {"version": 1, "secrets": {}}
            secrets = document.setdefault("secrets", {})
            if not isinstance(secrets, dict):
                raise SecretFileError(f"{self.path} has no list of secrets")
            if secret is None:
                secrets.pop(name, None)
            else:
                secrets[name] = secret.reveal()
            return document

        try:
            self.file.change(update)
        except SecretFileError as error:
            raise SecretStoreError(str(error)) from None
