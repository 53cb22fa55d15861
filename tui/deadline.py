"""Run a blocking call in a helper thread and stop waiting for it at a deadline.

Keyring backends can block for ever (a locked collection waiting for an unlock prompt
nobody can see). The call keeps running in its daemon thread, but the caller gets a
:class:`DeadlineExceeded` and can tell the user; nothing waits on it again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

ResultT = TypeVar("ResultT")


class DeadlineExceeded(Exception):
    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what} did not finish within {seconds:g} s")
        self.what = what
        self.seconds = seconds


def call_with_deadline(
    what: str, seconds: float, call: Callable[[], ResultT]
) -> ResultT:
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=run, name=f"deadline: {what}", daemon=True).start()
    if not finished.wait(seconds):
        raise DeadlineExceeded(what, seconds)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
