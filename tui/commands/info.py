"""``celonis-connect info``: versions, files, keyring state and where secrets go."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from tui import exit_codes
from tui.commands.base import Command
from tui.context import AppContext
from tui.info import collect_info, info_text

if TYPE_CHECKING:
    from tui.commands.base import Subcommands


def register(commands: Subcommands) -> None:
    info = commands.add_parser(
        "info", help="show versions, files, the keyring's state and its fixes"
    )
    info.add_argument("--json", action="store_true")


def command_info(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    info = collect_info(context)
    if args.json:
        print(json.dumps(info, indent=2), file=out)
    else:
        print(info_text(info), file=out)
    return exit_codes.OK


COMMANDS: dict[str, Command] = {"info": command_info}
