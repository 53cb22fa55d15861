"""A flag the UI sets to stop waiting for slow work, and the error that follows."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user cancelled; nothing the call would have changed was changed."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was cancelled")
        self.what = what


class CancelToken:
    """Set once from any thread; waiting code checks it and gives up."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
