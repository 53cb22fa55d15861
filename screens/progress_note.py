"""A line that shows slow work is under way: a turning mark, what, and for how long."""

from __future__ import annotations

import time

from textual.timer import Timer
from textual.widgets import Static

FRAMES = "|/-\\"


class ProgressNote(Static):
    """Hidden until :meth:`start`; ticks every 0.2 s until :meth:`stop`."""

    DEFAULT_CSS = """
    ProgressNote {
        height: auto;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.what = ""
        self.started = 0.0
        self.frame = 0
        self.timer: Timer | None = None

    def start(self, what: str) -> None:
        self.what = what
        self.started = time.monotonic()
        self.display = True
        self.tick()
        if self.timer is None:
            self.timer = self.set_interval(0.2, self.tick)
        else:
            self.timer.resume()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.pause()
        self.display = False

    def tick(self) -> None:
        self.frame = (self.frame + 1) % len(FRAMES)
        seconds = time.monotonic() - self.started
        self.update(f"{FRAMES[self.frame]} {self.what} {seconds:.0f} s (esc cancels)")
