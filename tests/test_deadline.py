"""Waiting for slow calls: deadlines, cancelling, and undoing what was given up on."""

from __future__ import annotations

import threading
import time

import pytest

from tui.cancel import Cancelled, CancelToken
from tui.deadline import DeadlineExceeded, Guard, call_guarded, call_with_deadline


def test_a_quick_call_returns_its_value() -> None:
    assert call_with_deadline("sum", 1.0, lambda: 1 + 1) == 2


def test_a_call_error_reaches_the_caller() -> None:
    def fail() -> None:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        call_with_deadline("fail", 1.0, fail)


def test_a_hanging_call_stops_at_the_deadline() -> None:
    release = threading.Event()
    started = time.monotonic()
    try:
        with pytest.raises(DeadlineExceeded, match=r"within 0\.2 s"):
            call_with_deadline("hang", 0.2, lambda: release.wait(30))
    finally:
        release.set()

    assert time.monotonic() - started < 1.0


def test_cancel_stops_the_wait_at_once() -> None:
    release = threading.Event()
    cancel = CancelToken()
    threading.Timer(0.1, cancel.cancel).start()
    started = time.monotonic()
    try:
        with pytest.raises(Cancelled):
            call_with_deadline("hang", 30, lambda: release.wait(30), cancel)
    finally:
        release.set()

    assert time.monotonic() - started < 1.0


def test_a_change_finished_after_the_caller_gave_up_is_undone() -> None:
    release = threading.Event()
    state = {"value": "old"}
    undone = threading.Event()

    def change(guard: Guard) -> str:
        release.wait(30)
        state["value"] = "new"
        if not guard.commit():
            state["value"] = "old"
            undone.set()
        return state["value"]

    with pytest.raises(DeadlineExceeded):
        call_guarded("change", 0.1, change)
    release.set()

    assert undone.wait(5)
    assert state["value"] == "old"


def test_a_committed_change_is_reported_even_when_cancel_comes_late() -> None:
    cancel = CancelToken()
    committed = threading.Event()
    go_on = threading.Event()

    def change(guard: Guard) -> str:
        assert guard.commit()
        committed.set()
        go_on.wait(5)
        return "kept"

    def cancel_after_commit() -> None:
        committed.wait(5)
        cancel.cancel()
        time.sleep(0.1)
        go_on.set()

    threading.Thread(target=cancel_after_commit).start()

    assert call_guarded("change", 5, change, cancel) == "kept"
