"""A Celonis-compatible HTTP API on loopback, for tests and `--sandbox` runs.

It shares no code with the rest of celonis-connect, so contract tests between the
app's HTTP client and this server can catch mistakes on either side.
"""

from tui.sandbox.foreground import run_sandbox
from tui.sandbox.large_seed import large_seed, parse_seed_size
from tui.sandbox.seed import load_seed
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

__all__ = [
    "SandboxServer",
    "SandboxState",
    "large_seed",
    "load_seed",
    "parse_seed_size",
    "run_sandbox",
]
