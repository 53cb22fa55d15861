"""The ``celonis-connect`` command: the TUI by default, subcommands for scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from tui import exit_codes
from tui.checks import CheckResult, Outcome
from tui.connection import Connection
from tui.connection_store import StoreError
from tui.context import AppContext, build_context, build_sandbox_context
from tui.diagnosis import ConnectionTest
from tui.oauth import AuthMethod
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret_input import SecretInputError, clean_secret
from tui.secret_store import SecretStoreError
from tui.urls import TeamUrlError, normalise_team_url

AUTH_CHOICES = {"basic": AuthMethod.BASIC, "post": AuthMethod.POST}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="celonis-connect",
        description="Connect Celonis Action Flows to Process Orchestration.",
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="run the app against a bundled Celonis-compatible team on loopback",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sandbox = commands.add_parser("sandbox", help="run the sandbox server alone")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=0)
    sandbox.add_argument("--seed", help="JSON seed file (default: the bundled team)")
    sandbox.add_argument("--seed-size", help="generate a large team, e.g. 500x40")

    add = commands.add_parser("add", help="store a connection")
    add.add_argument("name")
    add.add_argument("--team", required=True, help="team URL")
    add.add_argument("--client-id", required=True)
    add.add_argument("--auth", choices=sorted(AUTH_CHOICES), default="basic")
    add.add_argument(
        "--scope",
        action="append",
        help="a scope to request (repeat); default: the Process Orchestration minimum",
    )
    add.add_argument("--package", help="package key this connection is for")
    add.add_argument(
        "--secret-stdin", action="store_true", help="read the client secret from stdin"
    )

    listing = commands.add_parser("list", help="list stored connections")
    listing.add_argument("--json", action="store_true")

    remove = commands.add_parser("remove", help="remove a connection and its secret")
    remove.add_argument("name")

    test = commands.add_parser("test", help="test a stored connection step by step")
    test.add_argument("name")
    test.add_argument("--package", help="package key whose permission to check")
    test.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_tui(sandbox=args.sandbox)
        if args.command == "sandbox":
            return run_sandbox_command(args)
        context = build_context()
        return COMMANDS[args.command](context, args, sys.stdout)
    except KeyboardInterrupt:
        return 130


def run_tui(*, sandbox: bool) -> int:
    problem = terminal_problem()
    if problem:
        print(f"celonis-connect: {problem}", file=sys.stderr)
        return exit_codes.USAGE
    context = build_sandbox_context() if sandbox else build_context()
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
        if args.seed_size:
            spaces, per_space = parse_seed_size(args.seed_size)
            state = large_seed(spaces, per_space)
        else:
            state = load_seed(Path(args.seed) if args.seed else None)
        return run_sandbox(args.host, args.port, state, sys.stdout)
    except (ValueError, OSError) as error:
        print(f"celonis-connect sandbox: {error}", file=sys.stderr)
        return exit_codes.USAGE


def command_add(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    try:
        team = normalise_team_url(args.team)
    except TeamUrlError as error:
        return _fail(f"--team: {error}", exit_codes.USAGE)
    secret = None
    if args.secret_stdin:
        try:
            cleaned = clean_secret(sys.stdin.readline())
        except SecretInputError as error:
            return _fail(f"--secret-stdin: {error}", exit_codes.USAGE)
        if cleaned.note:
            print(f"note: {cleaned.note}", file=sys.stderr)
        secret = cleaned.secret
    try:
        connection = Connection(
            name=args.name,
            team_url=team.origin,
            client_id=args.client_id.strip(),
            auth_method=AUTH_CHOICES[args.auth],
            scopes=args.scope or list(PROCESS_ORCHESTRATION_MINIMUM),
            package_key=args.package,
        )
    except ValueError as error:
        return _fail(f"invalid connection: {error}", exit_codes.USAGE)
    try:
        stored = context.service.save(connection, secret)
    except SecretStoreError as error:
        return _fail(f"secret not stored, connection not saved: {error}", 17)
    except StoreError as error:
        return _fail(str(error), exit_codes.FAILED)
    print(
        f"saved {stored.name}: {stored.team_url}, client {stored.client_id}, "
        f"secret in {stored.secret_location.label}",
        file=out,
    )
    return exit_codes.OK


def command_list(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    connections = context.service.connections()
    for problem in context.service.store.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.json:
        data = [c.model_dump(mode="json") for c in connections]
        print(json.dumps(data, indent=2), file=out)
        return exit_codes.OK
    if not connections:
        print("no connections stored; add one with: celonis-connect add", file=out)
    for c in connections:
        last = c.last_test.describe() if c.last_test else "never tested"
        print(
            f"{c.name}\t{c.team_url}\t{c.client_id}\t{len(c.scopes)} scopes\t"
            f"secret: {c.secret_location.label}\t{last}",
            file=out,
        )
    return exit_codes.OK


def command_remove(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    try:
        found = context.service.remove(args.name)
    except (SecretStoreError, StoreError) as error:
        return _fail(str(error), exit_codes.FAILED)
    if not found:
        return _fail(f"no connection named {args.name}", exit_codes.FAILED)
    print(f"removed {args.name}", file=out)
    return exit_codes.OK


def command_test(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    connection = context.service.get(args.name)
    if connection is None:
        return _fail(f"no connection named {args.name}", exit_codes.FAILED)
    try:
        secret = context.service.secret_for(connection)
    except SecretStoreError as error:
        return _fail(f"cannot read the secret of {args.name}: {error}", 17)
    test = ConnectionTest(connection, secret, package_key=args.package)
    results = asyncio.run(_collect(test, None if args.json else out))
    try:
        context.service.record_test(connection.name, results, test.findings)
    except StoreError as error:
        print(f"warning: result not recorded: {error}", file=sys.stderr)
    if args.json:
        report = {
            "connection": connection.name,
            "passed": all(r.passed for r in results),
            "checks": [r.as_json() for r in results],
        }
        print(json.dumps(report, indent=2), file=out)
    return _test_exit_code(results)


async def _collect(test: ConnectionTest, out: TextIO | None) -> list[CheckResult]:
    results = []
    async for result in test.run():
        results.append(result)
        if out is not None:
            print(result.line(), file=out, flush=True)
            if result.outcome is Outcome.FAIL:
                print(f"        cause: {result.cause}", file=out)
                print(f"        fix:   {result.fix}", file=out)
    return results


def _test_exit_code(results: list[CheckResult]) -> int:
    failure = next((r for r in results if r.outcome is Outcome.FAIL), None)
    if failure is None:
        return exit_codes.OK
    return exit_codes.for_failure_class(failure.failure_class)


def _fail(message: str, code: int) -> int:
    print(f"celonis-connect: {message}", file=sys.stderr)
    return code


COMMANDS = {
    "add": command_add,
    "list": command_list,
    "remove": command_remove,
    "test": command_test,
}
