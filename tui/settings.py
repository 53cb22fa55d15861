"""The user's settings file: where secrets go and how long to wait for the keyring.

``settings.json`` sits beside the connections file. It is optional; a damaged one is
set aside (the user is told) and the defaults apply. Example::

    {"secret_backend": "encrypted-file", "keyring_deadline": 15}
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tui.atomic import remove_stale_temps, write_private
from tui.damaged import set_aside, why_damaged

log = logging.getLogger(__name__)


class SecretBackend(StrEnum):
    KEYRING = "keyring"
    ENCRYPTED_FILE = "encrypted-file"
    PLAINTEXT_FILE = "plaintext-file"


class Settings(BaseModel):
    model_config = ConfigDict(extra="allow")

    secret_backend: SecretBackend = SecretBackend.KEYRING
    keyring_deadline: float = Field(default=15.0, gt=0, le=600)


class SettingsError(Exception):
    """The settings file could not be written; the message names it."""


def load_settings(path: Path, problems: list[str]) -> Settings:
    """The settings in ``path``; defaults (and a note in ``problems``) if damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        problems.append(
            f"Cannot read {path}: {error.strerror or error}; using defaults"
        )
        return Settings()
    try:
        return Settings.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, ValidationError) as error:
        why = "empty" if not raw.strip() else why_damaged(error)
        message = set_aside(path, why) + "; the default settings apply."
        log.warning(message)
        problems.append(message)
        return Settings()


def update_settings(path: Path, changes: dict[str, object]) -> Settings:
    """Apply ``changes`` to the file's current content under a lock, atomically.

    Raises SettingsError when the file cannot be written.
    """
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with FileLock(str(path.with_name(path.name + ".lock")), timeout=10):
            remove_stale_temps(path)
            current = load_settings(path, [])
            updated = Settings.model_validate({**current.model_dump(), **changes})
            data = updated.model_dump_json(indent=2).encode("utf-8") + b"\n"
            write_private(path, data)
    except Timeout:
        raise SettingsError(f"{path} is locked by another copy; try again") from None
    except OSError as error:
        raise SettingsError(f"Cannot write {path}: {error.strerror or error}") from None
    log.info("wrote %s", path)
    return updated
