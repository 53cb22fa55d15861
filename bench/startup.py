"""Start-up benchmark: launch to the first interactive screen, as a ratio.

Runs ``celonis-connect --sandbox`` and a minimal Textual app that shows one screen,
alternately, each in its own pseudo-terminal at 80x24. A run's time is from just
before the process starts until the first screen's text has been written to the
terminal (the app: the Connections screen's "No connections yet"; the baseline:
its one label). Prints both medians and, last, the ratio; the goal is at most 1.3x.

    .venv/bin/python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

GOAL = 1.3
APP = [str(Path(sys.executable).parent / "celonis-connect"), "--sandbox"]
APP_MARKER = b"No connections yet"
BASELINE_MARKER = b"BASELINE-READY"
BASELINE_SOURCE = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Baseline(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("BASELINE-READY")
        yield Footer()


Baseline().run()
"""


def time_to_marker(command: list[str], marker: bytes, home: Path) -> float:
    """Seconds from launch until ``marker`` is written to the terminal."""
    main_fd, child_fd = os.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=child_fd, stdout=child_fd, stderr=child_fd, env=env
    )
    os.close(child_fd)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([main_fd], [], [], 30)
            if not ready:
                raise TimeoutError(f"{command[0]} never showed {marker!r}")
            seen = seen[-4096:] + os.read(main_fd, 65536)
        elapsed = time.perf_counter() - started
    finally:
        process.kill()
        process.wait()
        os.close(main_fd)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        baseline_script = home / "baseline.py"
        baseline_script.write_text(BASELINE_SOURCE)
        baseline_command = [sys.executable, str(baseline_script)]
        time_to_marker(APP, APP_MARKER, home)
        time_to_marker(baseline_command, BASELINE_MARKER, home)
        app_times: list[float] = []
        baseline_times: list[float] = []
        for _ in range(args.runs):
            app_times.append(time_to_marker(APP, APP_MARKER, home))
            baseline_times.append(
                time_to_marker(baseline_command, BASELINE_MARKER, home)
            )

    app_median = statistics.median(app_times)
    baseline_median = statistics.median(baseline_times)
    ratio = app_median / baseline_median
    print(f"celonis-connect --sandbox: median {app_median * 1000:.0f} ms")
    print(f"minimal Textual app:      median {baseline_median * 1000:.0f} ms")
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"start-up ratio {ratio:.2f}x ({verdict} the goal of {GOAL}x)")


if __name__ == "__main__":
    main()
