"""Text from a server, made safe to draw: no terminal control characters.

A team's names and error texts end up on the terminal. A control character in them
(an escape sequence, a bell, a backspace) would be obeyed by the terminal, so it
could retitle the window, rewrite the clipboard or scramble the screen. Every such
character is replaced by a visible placeholder.
"""

from __future__ import annotations

PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"


def printable(text: str) -> str:
    """``text`` with control and format characters replaced (spaces are kept)."""
    if text.isprintable():
        return text
    return "".join(ch if ch == " " or ch.isprintable() else PLACEHOLDER for ch in text)


TEXT_IS_PRINTABLE = "text_is_printable"
"""Validation context key: the JSON being validated cannot hold a control character."""

_PLAIN_JSON_BYTES = bytes(set(range(0x20, 0x7F)) - {ord("\\")}) + b"\t\n\r"


def json_text_is_printable(raw: bytes) -> bool:
    """Whether no string in the JSON document ``raw`` can hold a character that
    :func:`printable` would replace, so checking each string can be skipped.

    True when ``raw`` is printable ASCII without a backslash, plus the whitespace
    JSON allows between tokens: with no escape sequence, a string could only get a
    control character as a raw byte, which a JSON parser refuses (0x00-0x1F), or as
    DEL (0x7F), which is not in the allowed set. One pass in C over the bytes,
    about a millisecond per megabyte.
    """
    return not raw.translate(None, _PLAIN_JSON_BYTES)
