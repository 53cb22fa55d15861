"""Counts in sentences: "1 package", "2 packages", "20,000 packages"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str = "") -> str:
    """``count`` and the noun that fits it, with thousands separated."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"
