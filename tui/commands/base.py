"""What every command module shares: the handler signature and error output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tui.context import AppContext

if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

Command = Callable[[AppContext, argparse.Namespace, TextIO], int]


def fail(message: str, code: int) -> int:
    """Print one clear line to stderr and return the exit code."""
    print(f"celonis-connect: {message}", file=sys.stderr)
    return code
