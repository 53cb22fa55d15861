"""Checks on a secret as typed or pasted, before anything stores it."""

from __future__ import annotations

from dataclasses import dataclass

from tui.secret import Secret
from tui.secret_store import MAX_SECRET_LENGTH


class SecretInputError(ValueError):
    """The secret cannot be used as entered; the message says why."""


@dataclass(frozen=True)
class CleanSecret:
    secret: Secret
    note: str = ""


def clean_secret(text: str) -> CleanSecret:
    """Trim surrounding whitespace (with a note), refuse inner breaks and controls."""
    trimmed = text.strip()
    note = ""
    if trimmed != text:
        note = f"Removed {len(text) - len(trimmed)} surrounding spaces or line ends."
    if not trimmed:
        raise SecretInputError("Client secret is empty: paste it from Admin & Settings")
    if any(ch in "\r\n" for ch in trimmed):
        raise SecretInputError(
            "Client secret contains a line break inside it: paste it again as one line"
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in trimmed):
        raise SecretInputError(
            "Client secret contains a control character: paste it again from the source"
        )
    if len(trimmed) > MAX_SECRET_LENGTH:
        raise SecretInputError(
            f"Client secret is {len(trimmed)} characters; the limit is "
            f"{MAX_SECRET_LENGTH}. Check that only the secret was pasted."
        )
    return CleanSecret(Secret(trimmed), note)
