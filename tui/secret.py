"""A wrapper that keeps a secret out of reprs, logs and tracebacks.

Every value wrapped here (client secrets, access tokens, passphrases) is also handed
to the log's redactor, so the logging layer masks it wherever a call site writes it.
"""

from __future__ import annotations

from tui.log_setup import REDACTOR


class Secret:
    """Holds a secret string; every printed form of it is masked.

    Code that needs the characters calls :meth:`reveal` at the last moment, so no
    frame, repr or log line along the way holds them.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        REDACTOR.remember(value)

    def reveal(self) -> str:
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return f"Secret(<{len(self._value)} characters>)"

    __str__ = __repr__
