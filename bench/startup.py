"""Start-up benchmark: launch to the first interactive screen, as a ratio.

Runs ``celonis-connect --sandbox`` and a minimal Textual app that shows one screen,
alternately, each in its own pseudo-terminal at 80x24. A run's time is from just
before the process starts until the first screen's text has been written to the
terminal (the app: the Connections screen's "No connections yet"; the baseline:
its one label). Prints both medians and, last, the ratio; the goal is at most 1.3x.

Before that it prints a second figure for the same baseline: the app without the
sandbox, opening a connections file with ``--stored`` connections (20 by default;
0 skips it) until the first of them is on screen. That path reads and validates
the file, so it loads pydantic, which an empty start does not need.

Python modules are compiled to bytecode first, as ``pip install`` does, so that an
editable install (or PYTHONDONTWRITEBYTECODE) does not add compiling to every run.

    .venv/bin/python bench/startup.py [--runs 11] [--stored 20]
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
COMMAND = str(Path(sys.executable).parent / "celonis-connect")
APP = [COMMAND, "--sandbox"]
APP_MARKER = b"No connections yet"
STORED_MARKER = b"stored-01"
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


def compile_app() -> None:
    """Bytecode for the app's packages, wherever they are installed from."""
    import compileall
    import importlib.util

    for package in ("tui", "screens", "styles"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def write_stored_connections(home: Path, count: int) -> None:
    """A connections file with ``count`` connections under ``home``'s config."""
    from tui.connection import Connection
    from tui.connections_file import ConnectionsFile, dump_connections_file

    connections = [
        Connection(
            name=f"stored-{number:02d}",
            team_url=f"https://team-{number}.eu-1.celonis.cloud",
            client_id=f"client-{number}",
            scopes=["orchestration-engine", "studio"],
        )
        for number in range(1, count + 1)
    ]
    folder = home / "config" / "celonis-connect"
    folder.mkdir(parents=True, exist_ok=True)
    contents = ConnectionsFile(connections=connections)
    (folder / "connections.json").write_bytes(dump_connections_file(contents))


def time_to_marker(command: list[str], marker: bytes, home: Path) -> float:
    """Seconds from launch until ``marker`` is written to the terminal."""
    main_fd, child_fd = os.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
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
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--stored", type=int, default=20)
    args = parser.parse_args()

    compile_app()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        baseline_script = home / "baseline.py"
        baseline_script.write_text(BASELINE_SOURCE)
        baseline = ([sys.executable, str(baseline_script)], BASELINE_MARKER)
        runs = {"sandbox": (APP, APP_MARKER), "baseline": baseline}
        if args.stored > 0:
            write_stored_connections(home, args.stored)
            runs["stored"] = ([COMMAND], STORED_MARKER)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for command, marker in runs.values():
            time_to_marker(command, marker, home)
        for _ in range(args.runs):
            for name, (command, marker) in runs.items():
                times[name].append(time_to_marker(command, marker, home))

    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline_median = medians["baseline"]
    if "stored" in medians:
        stored = medians["stored"]
        print(
            f"celonis-connect with {args.stored} stored connections: median "
            f"{stored * 1000:.0f} ms, {stored / baseline_median:.2f}x the baseline"
        )
    app_median = medians["sandbox"]
    ratio = app_median / baseline_median
    print(f"celonis-connect --sandbox: median {app_median * 1000:.0f} ms")
    print(f"minimal Textual app:      median {baseline_median * 1000:.0f} ms")
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"start-up ratio {ratio:.2f}x ({verdict} the goal of {GOAL}x)")


if __name__ == "__main__":
    main()
