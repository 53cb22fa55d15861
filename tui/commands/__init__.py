"""Subcommands of ``celonis-connect``, one module per area.

Each module has ``register(commands)`` to add its parsers and ``COMMANDS`` mapping
a command name to its handler.
"""

from tui.commands import connections as connections

MODULES = [connections]
