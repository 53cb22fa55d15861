"""Run a blocking call in a helper thread; stop waiting at a deadline or on cancel.

Keyring backends can block for ever (a locked collection waiting for an unlock prompt
nobody can see). The call keeps running in its daemon thread, but the caller gets a
:class:`DeadlineExceeded` (or :class:`~tui.cancel.Cancelled`) and can tell the user;
nothing waits on it again.

A call that changes something gets a :class:`Guard`. Before it reports success it
calls :meth:`Guard.commit`; when that returns False the caller has already given up,
so the call must undo what it did. Whether the caller gave up or the call finished
is decided once, under a lock, so a change is never kept after a reported failure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from tui.cancel import Cancelled, CancelToken

ResultT = TypeVar("ResultT")
POLL_SECONDS = 0.05


class DeadlineExceeded(Exception):
    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what} did not finish within {seconds:g} s")
        self.what = what
        self.seconds = seconds


class Guard:
    """Decides, once, whether the caller still waits for a call's outcome."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._committed = False
        self._abandoned = False

    def commit(self) -> bool:
        """True when the caller still waits and will take the result."""
        with self._lock:
            self._committed = not self._abandoned
            return self._committed

    def abandon(self) -> bool:
        """True when the call had not committed, so the caller may give up."""
        with self._lock:
            self._abandoned = not self._committed
            return self._abandoned


def call_with_deadline(
    what: str,
    seconds: float,
    call: Callable[[], ResultT],
    cancel: CancelToken | None = None,
) -> ResultT:
    """``call()`` in a helper thread; raise at the deadline or when cancelled."""
    return call_guarded(what, seconds, lambda _guard: call(), cancel)


def call_guarded(
    what: str,
    seconds: float,
    call: Callable[[Guard], ResultT],
    cancel: CancelToken | None = None,
) -> ResultT:
    """Like :func:`call_with_deadline`, for a call that commits through a Guard."""
    guard = Guard()
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call(guard)
        except BaseException as error:
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=run, name=f"deadline: {what}", daemon=True).start()
    give_up_at = time.monotonic() + seconds
    while not finished.wait(min(POLL_SECONDS, max(0.0, give_up_at - time.monotonic()))):
        stop: Exception | None = None
        if cancel is not None and cancel.cancelled:
            stop = Cancelled(what)
        elif time.monotonic() >= give_up_at:
            stop = DeadlineExceeded(what, seconds)
        if stop is not None and guard.abandon():
            raise stop
        if stop is not None:
            finished.wait()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
