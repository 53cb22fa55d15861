"""What kind of backend ``keyring`` chose, and facts about it found without prompts.

Nothing here stores or reads a secret. The Secret Service is asked only for the
``Locked`` property of its default collection, which never shows an unlock prompt
(the keyring library itself would ask for one on the first read of a locked
collection). Blocking: call these under a deadline, off the UI thread.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum

PROMPTING_BACKENDS = (
    "keyrings.alt.file.EncryptedKeyring",
    "keyrings.cryptfile.",
)
DBUS_BACKENDS = ("keyring.backends.SecretService.", "keyring.backends.libsecret.")


class BackendKind(StrEnum):
    FAIL = "fail"
    NULL = "null"
    PROMPTING = "prompting"
    PLAINTEXT = "plaintext"
    SECRET_SERVICE = "secret-service"
    KWALLET = "kwallet"
    OTHER = "other"


@dataclass(frozen=True)
class ChosenBackend:
    name: str
    kind: BackendKind


def backend_name(backend: object) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def chosen_backend() -> ChosenBackend:
    """The backend secrets go to (the first one behind keyring's chainer)."""
    import keyring

    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    first = chained[0] if chained else backend
    name = backend_name(first)
    return ChosenBackend(name, kind_of(name))


def kind_of(name: str) -> BackendKind:
    if name == "keyring.backends.fail.Keyring":
        return BackendKind.FAIL
    if name == "keyring.backends.null.Keyring":
        return BackendKind.NULL
    if name.startswith(PROMPTING_BACKENDS) and "Plaintext" not in name:
        return BackendKind.PROMPTING
    if "plaintext" in name.lower():
        return BackendKind.PLAINTEXT
    if name.startswith(DBUS_BACKENDS):
        return BackendKind.SECRET_SERVICE
    if name.startswith("keyring.backends.kwallet."):
        return BackendKind.KWALLET
    return BackendKind.OTHER


def rejected_backends() -> list[str]:
    """Each backend keyring ships but could not use here, with its reason.

    Backends for another operating system are left out: they say nothing new.
    """
    import keyring.backend

    keyring.backend.get_all_keyring()
    elsewhere = {"win32": "Windows", "darwin": "macOS"}
    skipped = {name for key, name in elsewhere.items() if sys.platform != key}
    reasons = []
    for kind in keyring.backend.KeyringBackend._classes:
        module = kind.__module__.removeprefix("keyring.backends.")
        if module == kind.__module__ or module in skipped:
            continue
        try:
            kind.priority  # noqa: B018
        except Exception as error:
            reasons.append(f"{module}.{kind.__qualname__} ({error or 'not usable'})")
    return sorted(reasons)


class CollectionState(StrEnum):
    UNLOCKED = "unlocked"
    LOCKED = "locked"
    MISSING = "missing"


def secret_service_collection() -> CollectionState:
    """Whether the default collection exists and is unlocked; raises if unreachable."""
    import secretstorage
    from secretstorage.collection import Collection
    from secretstorage.exceptions import ItemNotFoundException

    connection = secretstorage.dbus_init()
    try:
        collection = Collection(connection)
        locked = collection.is_locked()
    except ItemNotFoundException:
        return CollectionState.MISSING
    finally:
        connection.close()
    return CollectionState.LOCKED if locked else CollectionState.UNLOCKED
