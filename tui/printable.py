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
