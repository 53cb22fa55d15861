"""The ``celonis-connect`` command: the TUI by default, subcommands for scripts."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui import exit_codes

if TYPE_CHECKING:
    from tui.commands.base import Command


def global_parser(*, add_help: bool = True) -> argparse.ArgumentParser:
    """The options of the app itself, without the subcommands."""
    parser = argparse.ArgumentParser(
        prog="celonis-connect",
        description="Connect Celonis Action Flows to Process Orchestration.",
        add_help=add_help,
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="run the app against a bundled Celonis-compatible team on loopback",
    )
    parser.add_argument(
        "--seed-size",
        dest="app_seed_size",
        metavar="SIZE",
        help="with --sandbox: generate a large team, e.g. 500x40",
    )
    parser.add_argument(
        "--plaintext-secrets",
        action="store_true",
        help="keep secrets UNENCRYPTED in a file (only when no safer store works)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    from tui.commands import MODULES

    parser = global_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sandbox = commands.add_parser("sandbox", help="run the sandbox server alone")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=0)
    sandbox.add_argument("--seed", help="JSON seed file (default: the bundled team)")
    sandbox.add_argument("--seed-size", help="generate a large team, e.g. 500x40")

    for module in MODULES:
        module.register(commands)
    return parser


def handlers() -> dict[str, Command]:
    from tui.commands import MODULES

    found: dict[str, Command] = {}
    for module in MODULES:
        found.update(module.COMMANDS)
    return found


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; the subcommands' modules load only when one is asked for.

    Opening the app is the common case and its start-up time is measured, so the
    command modules (and the HTTP client they import) stay out of it.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    quick, rest = global_parser(add_help=False).parse_known_args(arguments)
    if rest or {"-h", "--help"} & set(arguments):
        return build_parser().parse_args(arguments)
    quick.command = None
    return quick


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        if args.command is None:
            return run_tui(
                sandbox=args.sandbox,
                seed_size=args.app_seed_size,
                plaintext_secrets=args.plaintext_secrets,
            )
        if args.command == "sandbox":
            return run_sandbox_command(args)
        from tui.context import build_context

        context = build_context(plaintext_secrets=args.plaintext_secrets)
        try:
            return handlers()[args.command](context, args, sys.stdout)
        finally:
            for problem in context.service.store.noted:
                print(f"warning: {problem}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_went_away()


def reader_went_away() -> int:
    """The command's output was piped to a reader that stopped early (``| head``):
    not an error of the command, so no traceback; what is still buffered goes to
    /dev/null instead of failing again when Python exits."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return exit_codes.OK


def run_tui(
    *, sandbox: bool, seed_size: str | None = None, plaintext_secrets: bool = False
) -> int:
    problem = terminal_problem()
    if seed_size is not None and not sandbox:
        problem = "--seed-size needs --sandbox"
    if problem:
        print(f"celonis-connect: {problem}", file=sys.stderr)
        return exit_codes.USAGE
    from tui.startup import pause_collection

    pause_collection()
    from tui.context import build_context, build_sandbox_context

    try:
        context = build_sandbox_context(seed_size=seed_size) if sandbox else None
    except ValueError as error:
        print(f"celonis-connect: --seed-size: {error}", file=sys.stderr)
        return exit_codes.USAGE
    context = context or build_context(plaintext_secrets=plaintext_secrets)
    try:
        from tui.app import CelonisConnectApp

        app = CelonisConnectApp(context)
        app.run()
        return app.return_code or 0
    finally:
        context.close()


def terminal_problem() -> str:
    """Why the TUI cannot run here, or an empty string when it can."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return (
            "the app needs an interactive terminal; use the subcommands "
            "(list, add, test ...) in scripts"
        )
    if os.environ.get("TERM", "") in ("", "dumb"):
        return "the app needs a terminal that can draw (TERM is dumb or unset)"
    return ""


def run_sandbox_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui.sandbox import (
        SandboxState,
        large_seed,
        load_seed,
        parse_seed_size,
        run_sandbox,
    )

    try:
        state: SandboxState
        if args.seed_size is not None:
            spaces, per_space = parse_seed_size(args.seed_size)
            state = large_seed(spaces, per_space)
        else:
            state = load_seed(Path(args.seed) if args.seed else None)
        return run_sandbox(args.host, args.port, state, sys.stdout)
    except (ValueError, OSError) as error:
        print(f"celonis-connect sandbox: {error}", file=sys.stderr)
        return exit_codes.USAGE
