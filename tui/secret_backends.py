"""Which secret store a run uses, and how that reads in the status line.

The user chooses: the OS keyring by default, the encrypted file when settings.json
says ``"secret_backend": "encrypted-file"`` or after pressing o in the app, a plain
file only with ``--plaintext-secrets`` (or ``"plaintext-file"``). Nothing falls
back to another store on its own; a store that cannot be used says why and how to
fix it.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from tui.encrypted_store import (
    PASSPHRASE_VARIABLE,
    EncryptedFileSecretStore,
    WrongPassphrase,
)
from tui.keyring_status import KeyringStatus
from tui.paths import AppPaths
from tui.plaintext_store import PlaintextFileSecretStore
from tui.secret import Secret
from tui.secret_store import KeyringSecretStore, SecretStore, SecretStoreError
from tui.settings import SecretBackend, Settings, SettingsError, update_settings

if TYPE_CHECKING:
    from tui.context import AppContext

log = logging.getLogger(__name__)
OFFER_ENCRYPTED_FILE = (
    "Press o to keep secrets in an encrypted file with a passphrase you type here."
)


def choose_secret_store(
    paths: AppPaths, settings: Settings, *, plaintext: bool, problems: list[str]
) -> SecretStore:
    """The store the user asked for; an encrypted file may still need unlocking."""
    backend = SecretBackend.PLAINTEXT_FILE if plaintext else settings.secret_backend
    if backend is SecretBackend.PLAINTEXT_FILE:
        return PlaintextFileSecretStore(paths.plaintext_secrets_file)
    if backend is SecretBackend.ENCRYPTED_FILE:
        store = EncryptedFileSecretStore(paths.encrypted_secrets_file)
        unlock_from_environment(store, problems)
        return store
    return KeyringSecretStore(deadline=settings.keyring_deadline)


SEE_INFO_OR_ENCRYPTED_FILE = (
    "f2: why other backends failed. o: keep secrets in an encrypted file instead."
)


def unlock_from_environment(
    store: EncryptedFileSecretStore, problems: list[str]
) -> None:
    """Unlock with ``CELONIS_CONNECT_PASSPHRASE`` when it is set (for commands)."""
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    if not passphrase or not store.exists:
        return
    try:
        store.unlock(Secret(passphrase))
    except SecretStoreError as error:
        if isinstance(error, WrongPassphrase):
            store.refused = f"{PASSPHRASE_VARIABLE} is not its passphrase"
        problems.append(f"{PASSPHRASE_VARIABLE} did not unlock the file: {error}")


def use_encrypted_file(context: AppContext, store: EncryptedFileSecretStore) -> str:
    """Send secrets to the unlocked ``store`` from now on, and remember the choice.

    Returns what to tell the user.
    """
    context.service.secrets = store
    log.info("secrets now go to the encrypted file %s", store.path)
    told = f"Secrets now go to the encrypted file {store.path}."
    if context.settings.secret_backend is SecretBackend.ENCRYPTED_FILE:
        return told
    try:
        context.settings = update_settings(
            context.paths.settings_file,
            {"secret_backend": SecretBackend.ENCRYPTED_FILE.value},
        )
    except SettingsError as error:
        return f"{told} The choice was not remembered for the next start: {error}"
    return told


def describe_secrets(
    secrets: SecretStore, keyring: KeyringStatus | None, *, brief: bool = False
) -> list[str]:
    """Lines for the status line: where secrets go, what is wrong, how to fix it.

    ``brief`` leaves out the rejected backends and all but the first fix (the
    Info screen has them), so that the first screen keeps room for its table.
    """
    if isinstance(secrets, PlaintextFileSecretStore):
        return [
            f"WARNING: secrets are stored UNENCRYPTED in {secrets.path} "
            "(--plaintext-secrets). Anyone who can read that file can use them."
        ]
    if isinstance(secrets, EncryptedFileSecretStore):
        if secrets.unlocked:
            return [f"Secrets: encrypted file {secrets.path} (unlocked)"]
        verb = "unlock" if secrets.exists else "create"
        return [
            f"Secrets: encrypted file {secrets.path} is locked: press o to {verb} it "
            "with its passphrase."
        ]
    if not isinstance(secrets, KeyringSecretStore):
        return [f"Secrets: {secrets.description}"]
    if keyring is None:
        return ["Secrets: checking the keyring ..."]
    lines = [f"Secrets: {keyring.summary()}"]
    if keyring.usable:
        return lines
    if keyring.rejected and not brief:
        lines.append("Rejected backends: " + "; ".join(keyring.rejected))
    lines += [f"Fix: {fix}" for fix in keyring.fixes[:1]]
    if brief:
        return [*lines, SEE_INFO_OR_ENCRYPTED_FILE]
    lines.append(OFFER_ENCRYPTED_FILE)
    return lines
