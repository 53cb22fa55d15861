"""`run_sandbox`: serve the sandbox in the foreground until SIGINT or SIGTERM.

The first line written is the base URL, so a parent process can read it; then a few
lines name the seeded demo clients (never their secrets).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import TextIO

from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def describe_clients(state: SandboxState) -> list[str]:
    lines = [
        "Demo OAuth clients (their sandbox-only secrets are listed in the README, "
        "first section, and in the seed file):"
    ]
    for client in state.clients():
        method = client.auth_method.removeprefix("client_secret_")
        note = client.note or f"{len(client.scopes)} scopes"
        lines.append(f"  {client.client_id:<20} {method:<6} {note}")
    return lines


def run_sandbox(host: str, port: int, state: SandboxState, out: TextIO) -> int:
    """Serve until SIGINT/SIGTERM; must run in the main thread. Returns 0."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in STOP_SIGNALS}
    server = SandboxServer(state, host=host, port=port)
    try:
        base_url = server.start()
        out.write(base_url + "\n")
        out.flush()

        out.write("\n".join(describe_clients(state)) + "\n")
        out.write("Press Ctrl+C to stop.\n")
        out.flush()

        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
