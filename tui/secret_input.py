"""Checks on a secret as typed or pasted, before anything stores it.

Terminal input widgets keep only the first line of a paste, which would cut a
secret with a line break in it without a word. The app's secret field checks the
whole paste here instead: surrounding blanks are trimmed with a note, an inner line
break is kept so that saving is blocked with a message, and a paste far longer than
any secret is refused with the limit named.
"""

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
    if any("\ud800" <= ch <= "\udfff" for ch in trimmed):
        raise SecretInputError(
            "Client secret is not valid UTF-8 text: paste it again from the source"
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


@dataclass(frozen=True)
class PasteCheck:
    text: str
    note: str


def check_paste(pasted: str) -> PasteCheck:
    """What of a paste to put into the secret field, and what to tell the user."""
    trimmed = pasted.strip()
    if len(trimmed) > MAX_SECRET_LENGTH:
        return PasteCheck(
            "",
            f"The paste was not used: it is {len(trimmed)} characters and a client "
            f"secret is at most {MAX_SECRET_LENGTH}. Copy only the secret.",
        )
    notes = []
    if trimmed != pasted:
        notes.append(
            f"Removed {len(pasted) - len(trimmed)} surrounding spaces or line ends "
            "from the paste."
        )
    problem = inner_problem(trimmed)
    if problem:
        notes.append(f"{problem}: saving is blocked until it is pasted again.")
    return PasteCheck(trimmed, " ".join(notes))


def inner_problem(text: str) -> str:
    """Why characters inside the secret make it unusable, or ''."""
    if any(ch in "\r\n" for ch in text):
        return "The secret has a line break inside it"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return "The secret has a control character inside it"
    return ""


def describe_secret_field(text: str) -> str:
    """The live note under the secret field: its length and any problem."""
    if not text:
        return ""
    parts = [f"{len(text)} characters, hidden."]
    if text != text.strip():
        parts.append("Surrounding spaces will be removed.")
    problem = inner_problem(text.strip())
    if problem:
        parts.append(f"{problem}: paste it again as one line.")
    if len(text.strip()) > MAX_SECRET_LENGTH:
        parts.append(f"Too long: the limit is {MAX_SECRET_LENGTH} characters.")
    return " ".join(parts)


def check_secret_field(text: str, *, new: bool) -> tuple[str, str]:
    """The note to show under the field and the problem that blocks saving."""
    if not text:
        if not new:
            return "", ""
        return (
            "Client secret is empty: a secret already stored under this name is "
            "used, if there is one.",
            "",
        )
    try:
        cleaned = clean_secret(text)
    except SecretInputError as error:
        return str(error), str(error)
    return f"{len(text)} characters, hidden. {cleaned.note}".strip(), ""
