"""A Celonis-compatible HTTP API on loopback, for tests and `--sandbox` runs.

It shares no code with the rest of celonis-connect, so contract tests between the
app's HTTP client and this server can catch mistakes on either side.

The names below load on first use: `celonis-connect --sandbox` binds the server's
socket while the app starts, and the seed, the ASGI app and uvicorn are loaded in
the server's thread after the first screen is drawn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.sandbox.foreground import run_sandbox
    from tui.sandbox.large_seed import large_seed, parse_seed_size
    from tui.sandbox.seed import load_seed
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import SandboxState

_HOMES = {
    "SandboxServer": "tui.sandbox.server",
    "SandboxState": "tui.sandbox.state",
    "large_seed": "tui.sandbox.large_seed",
    "load_seed": "tui.sandbox.seed",
    "parse_seed_size": "tui.sandbox.large_seed",
    "run_sandbox": "tui.sandbox.foreground",
}

__all__ = [
    "SandboxServer",
    "SandboxState",
    "large_seed",
    "load_seed",
    "parse_seed_size",
    "run_sandbox",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
