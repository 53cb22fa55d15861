"""Exit codes of the command line, one per class of failure (documented in README)."""

from __future__ import annotations

from tui.errors import FailureClass

OK = 0
FAILED = 1
USAGE = 2
BY_CLASS: dict[FailureClass, int] = {
    FailureClass.CREDENTIALS: 10,
    FailureClass.SCOPES: 11,
    FailureClass.PERMISSIONS: 12,
    FailureClass.NETWORK: 13,
    FailureClass.TLS: 14,
    FailureClass.PROXY: 15,
    FailureClass.SERVER: 16,
    FailureClass.KEYRING: 17,
    FailureClass.INPUT: 18,
}


def for_failure_class(name: str) -> int:
    try:
        return BY_CLASS[FailureClass(name)]
    except ValueError:
        return FAILED
