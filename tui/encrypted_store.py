"""Secrets in a file encrypted with a passphrase the user types into the app.

For hosts where no OS keyring can be used. The key comes from the passphrase
through scrypt with a random salt kept in the file; each secret is sealed with
AES-GCM under its own random nonce, bound to its connection name. A known value
sealed the same way tells a wrong passphrase from a damaged entry. Only the derived
key is kept in memory, never the passphrase, and nothing here prompts on a terminal:
the app asks in a dialog, commands read ``CELONIS_CONNECT_PASSPHRASE``.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from tui.cancel import CancelToken
from tui.secret import Secret
from tui.secret_file import Document, SecretFile, SecretFileError
from tui.secret_location import SecretLocation
from tui.secret_store import SecretStoreError

log = logging.getLogger(__name__)
KIND = "celonis-connect encrypted secrets"
PASSPHRASE_VARIABLE = "CELONIS_CONNECT_PASSPHRASE"
MIN_PASSPHRASE = 8
SCRYPT_N = 2**15
SCRYPT_COSTS = {2**exponent for exponent in range(14, 21)}
CHECK_TEXT = b"celonis-connect passphrase check"


class WrongPassphrase(SecretStoreError):
    """The passphrase does not open this file."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def derive_key(passphrase: Secret, salt: bytes, n: int = SCRYPT_N) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=n, r=8, p=1)
    return kdf.derive(passphrase.reveal().encode("utf-8"))


def seal(key: bytes, plain: bytes, label: str) -> str:
    nonce = os.urandom(12)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plain, label.encode("utf-8")))


def unseal(key: bytes, sealed: object, label: str) -> bytes:
    """The plain bytes; InvalidTag when the key or the data is wrong."""
    data = _unb64(sealed)
    return AESGCM(key).decrypt(data[:12], data[12:], label.encode("utf-8"))


class EncryptedFileSecretStore:
    location = SecretLocation.ENCRYPTED_FILE

    def __init__(self, path: Path) -> None:
        self.file = SecretFile(path, KIND)
        self.description = f"encrypted file {path}"
        self._key: bytes | None = None
        self._salt: bytes | None = None
        self.refused: str = ""
        """Why the last attempt to unlock failed ("" when none did), so that a
        later "locked" error can say so instead of only asking for a passphrase."""

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def exists(self) -> bool:
        return self.file.exists

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def create(self, passphrase: Secret) -> None:
        """Start a new file sealed with ``passphrase``. Blocking (scrypt)."""
        if len(passphrase) < MIN_PASSPHRASE:
            raise SecretStoreError(
                f"The passphrase is {len(passphrase)} characters; use at least "
                f"{MIN_PASSPHRASE}."
            )
        salt = os.urandom(16)
        key = derive_key(passphrase, salt)

        def start(current: Document | None) -> Document:
            if current is not None:
                raise SecretStoreError(
                    f"{self.path} exists already: unlock it with its passphrase."
                )
            return {
                "version": 1,
                "kdf": {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N},
                "check": seal(key, CHECK_TEXT, "check"),
                "secrets": {},
            }

        self._write(start)
        self._key, self._salt = key, salt
        log.info("created the encrypted secrets file %s", self.path)

    def unlock(self, passphrase: Secret) -> None:
        """Derive the key and prove it on the file. Blocking (scrypt)."""
        document = self._read()
        if document is None:
            raise SecretStoreError(f"{self.path} does not exist yet: create it first.")
        try:
            kdf = document["kdf"]
            salt, cost = _unb64(kdf["salt"]), int(kdf["n"])
            if cost not in SCRYPT_COSTS:
                raise ValueError(f"scrypt cost {cost} is out of range")
            key = derive_key(passphrase, salt, cost)
        except (KeyError, TypeError, ValueError) as error:
            raise self._damaged(f"its key settings cannot be read: {error}") from None
        try:
            unseal(key, document.get("check"), "check")
        except InvalidTag:
            self.refused = "the passphrase given was wrong"
            raise WrongPassphrase(
                f"Wrong passphrase for {self.path}: nothing was unlocked. Type it "
                "again (it is case-sensitive)."
            ) from None
        except ValueError as error:
            raise self._damaged(f"its check value cannot be read: {error}") from None
        self._key, self._salt = key, salt
        self.refused = ""
        log.info("unlocked the encrypted secrets file %s", self.path)

    def save(
        self, name: str, secret: Secret, cancel: CancelToken | None = None
    ) -> Secret | None:
        key = self._unlocked_key()
        previous = self.load(name)

        def put(current: Document | None) -> Document:
            document = self._matching(current)
            document["secrets"][name] = seal(key, secret.reveal().encode(), name)
            return document

        self._write(put)
        if self.load(name) != secret:
            self._restore(name, previous)
            raise SecretStoreError(
                f"The secret read back from {self.path} differs from the one saved; "
                "it was not stored and the previous one was kept."
            )
        log.info("stored the secret of %s in the encrypted file", name)
        return previous

    def load(self, name: str, cancel: CancelToken | None = None) -> Secret | None:
        key = self._unlocked_key()
        document = self._matching(self._read())
        sealed = document["secrets"].get(name)
        if sealed is None:
            return None
        try:
            value = unseal(key, sealed, name).decode("utf-8")
        except (InvalidTag, ValueError):
            raise self._damaged(f"the entry of {name} cannot be decrypted") from None
        return Secret(value) if value else None

    def delete(self, name: str) -> None:
        if not self.exists:
            return
        self._unlocked_key()

        def remove(current: Document | None) -> Document:
            document = self._matching(current)
            document["secrets"].pop(name, None)
            return document

        self._write(remove)

    def _restore(self, name: str, previous: Secret | None) -> None:
        key = self._unlocked_key()

        def put_back(current: Document | None) -> Document:
            document = self._matching(current)
            if previous is None:
                document["secrets"].pop(name, None)
            else:
                sealed = seal(key, previous.reveal().encode(), name)
                document["secrets"][name] = sealed
            return document

        self._write(put_back)

    def _unlocked_key(self) -> bytes:
        if self._key is None:
            verb = "unlock" if self.exists else "create"
            why = f": {self.refused}" if self.refused else ""
            raise SecretStoreError(
                f"The encrypted secrets file {self.path} is locked{why}.",
                (
                    f"In the app press o on the Connections screen to {verb} it with "
                    f"its passphrase; for commands set {PASSPHRASE_VARIABLE} to the "
                    "passphrase the file was created with (it is case-sensitive).",
                ),
            )
        return self._key

    def _matching(self, document: Document | None) -> Document:
        """The file's content, checked to be sealed with the key held here."""
        if document is None:
            raise SecretStoreError(
                f"{self.path} was removed while the app ran; unlock or create it "
                "again (press o)."
            )
        kdf = document.get("kdf")
        salt = kdf.get("salt") if isinstance(kdf, dict) else None
        if self._salt is None or salt != _b64(self._salt):
            raise SecretStoreError(
                f"{self.path} was replaced by another program with a new passphrase; "
                "unlock it again (press o)."
            )
        if not isinstance(document.get("secrets"), dict):
            raise self._damaged("it has no list of secrets")
        return document

    def _read(self) -> Document | None:
        try:
            return self.file.read()
        except SecretFileError as error:
            raise SecretStoreError(str(error)) from None

    def _write(self, update: Callable[[Document | None], Document]) -> None:
        try:
            self.file.change(update)
        except SecretFileError as error:
            raise SecretStoreError(str(error)) from None

    def _damaged(self, why: str) -> SecretStoreError:
        return SecretStoreError(
            f"The encrypted secrets file {self.path} is damaged ({why}). It was left "
            "as it is: move it away and store the secrets again."
        )
