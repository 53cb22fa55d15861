"""Subcommands of ``celonis-connect``, one module per area.

Each module has ``register(commands)`` to add its parsers and ``COMMANDS`` mapping
a command name to its handler.
"""

from tui.commands import connections as connections
from tui.commands import grant as grant
from tui.commands import import_content_cli as import_content_cli
from tui.commands import info as info
from tui.commands import studio as studio

MODULES = [connections, studio, info, import_content_cli, grant]
