"""Commands that store, list, remove and test connections."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from tui import exit_codes
from tui.auth_method import AuthMethod
from tui.checks import CheckResult, Outcome
from tui.commands.base import Command, fail
from tui.connection import Connection
from tui.connection_store import StoreError
from tui.context import AppContext
from tui.diagnosis import ConnectionTest
from tui.errors import CelonisError
from tui.http_errors import wait_reason
from tui.net_settings import (
    CONNECT_TIMEOUT_ENV,
    NO_PROXY_ENV,
    READ_TIMEOUT_ENV,
    SettingsError,
    parse_seconds,
    settings_from_environment,
)
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret_input import SecretInputError, clean_secret
from tui.secret_store import SecretStoreError
from tui.urls import TeamUrlError, normalise_team_url

if TYPE_CHECKING:
    from tui.commands.base import Subcommands

AUTH_CHOICES = {"basic": AuthMethod.BASIC, "post": AuthMethod.POST}


def register(commands: Subcommands) -> None:
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

    test = commands.add_parser(
        "test",
        help="test a stored connection step by step",
        description="Exit codes: see 'Exit codes of celonis-connect test' in README.",
    )
    test.add_argument("name")
    test.add_argument("--package", help="package key whose permission to check")
    test.add_argument("--json", action="store_true")
    test.add_argument(
        "--timeout",
        type=_seconds("--timeout"),
        help=f"seconds to wait for an answer (default 45; env {READ_TIMEOUT_ENV})",
    )
    test.add_argument(
        "--connect-timeout",
        type=_seconds("--connect-timeout"),
        help=f"seconds to wait for a connection (default 10; env "
        f"{CONNECT_TIMEOUT_ENV})",
    )
    test.add_argument(
        "--ignore-proxy-env",
        action="store_true",
        help=f"ignore HTTPS_PROXY and friends (env {NO_PROXY_ENV}=1)",
    )
    test.add_argument(
        "--signal",
        metavar="EVENT",
        help="also send one Orchestration Engine signal of this event type to the "
        "package; this starts a process, so it needs --yes",
    )
    test.add_argument(
        "--yes", action="store_true", help="confirm that --signal may start a process"
    )


def _seconds(flag: str) -> Callable[[str], float]:
    def read(text: str) -> float:
        try:
            return parse_seconds(text, flag)
        except SettingsError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def command_add(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    try:
        team = normalise_team_url(args.team)
    except TeamUrlError as error:
        return fail(f"--team: {error}", exit_codes.USAGE)
    secret = None
    if args.secret_stdin:
        try:
            cleaned = clean_secret(sys.stdin.read())
        except SecretInputError as error:
            return fail(f"--secret-stdin: {error}", exit_codes.USAGE)
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
        return fail(f"invalid connection: {error}", exit_codes.USAGE)
    store = context.service.store
    if store.in_memory:
        why = store.memory_reason or f"{store.path} cannot be written"
        return fail(f"not saved: {why}", exit_codes.FAILED)
    if connection.name in store.names():
        return fail(
            f"a connection named {connection.name} exists already; remove it first "
            "or choose another name",
            exit_codes.USAGE,
        )
    try:
        stored = context.service.save(connection, secret)
    except SecretStoreError as error:
        return fail(f"secret not stored, connection not saved: {error}", 17)
    except StoreError as error:
        return fail(str(error), exit_codes.FAILED)
    print(
        f"saved {stored.name}: {stored.team_url}, client {stored.client_id}, "
        f"secret: {stored.secret_location.label}",
        file=out,
    )
    return exit_codes.OK


def command_list(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    connections = context.service.connections()
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
    store = context.service.store
    if store.in_memory:
        why = store.memory_reason or f"{store.path} cannot be written"
        return fail(f"nothing removed: {why}", exit_codes.FAILED)
    try:
        found = context.service.remove(args.name)
    except (SecretStoreError, StoreError) as error:
        return fail(str(error), exit_codes.FAILED)
    if not found:
        return fail(f"no connection named {args.name}", exit_codes.FAILED)
    print(f"removed {args.name}", file=out)
    return exit_codes.OK


def command_test(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    if args.signal and not args.yes:
        return fail(
            f"--signal {args.signal} sends a real signal that starts a process in "
            "Process Orchestration; add --yes to confirm",
            exit_codes.USAGE,
        )
    try:
        settings = settings_from_environment().with_overrides(
            read=args.timeout,
            connect=args.connect_timeout,
            ignore_proxy_env=args.ignore_proxy_env,
        )
    except SettingsError as error:
        return _refused(args, out, str(error), exit_codes.USAGE, "usage")
    connection = context.service.get(args.name)
    if connection is None:
        message = f"no connection named {args.name}"
        return _refused(args, out, message, exit_codes.FAILED, "other")
    try:
        secret = context.service.secret_for(connection)
    except SecretStoreError as error:
        message = f"cannot read the secret of {args.name}: {error}"
        return _refused(args, out, message, 17, "keyring")
    test = ConnectionTest(
        connection,
        secret,
        package_key=args.package,
        settings=settings,
        signal_event=args.signal,
        on_wait=_note_wait,
    )
    results = asyncio.run(_collect(test, None if args.json else out))
    store = context.service.store
    try:
        if store.in_memory:
            raise StoreError(store.memory_reason or f"{store.path} cannot be written")
        context.service.record_test(connection.name, results, test.findings)
    except StoreError as error:
        print(f"warning: result not recorded: {error}", file=sys.stderr)
    code = _test_exit_code(results)
    if args.json:
        failure = next((r for r in results if r.outcome is Outcome.FAIL), None)
        report = {
            "connection": connection.name,
            "passed": all(r.passed for r in results),
            "failure_class": failure.failure_class if failure else None,
            "exit_code": code,
            "checks": [r.as_json() for r in results],
        }
        print(json.dumps(report, indent=2), file=out)
    return code


def _refused(
    args: argparse.Namespace, out: TextIO, message: str, code: int, kind: str
) -> int:
    """A test that could not start: one line on stderr, and JSON when asked."""
    if args.json:
        report = {
            "connection": args.name,
            "passed": False,
            "failure_class": kind,
            "exit_code": code,
            "error": message,
            "checks": [],
        }
        print(json.dumps(report, indent=2), file=out)
    return fail(message, code)


async def _note_wait(seconds: float, error: CelonisError) -> None:
    print(
        f"{wait_reason(error)}; retrying in {seconds:.0f} s (ctrl+c cancels)",
        file=sys.stderr,
        flush=True,
    )


async def _collect(test: ConnectionTest, out: TextIO | None) -> list[CheckResult]:
    results = []
    async for result in test.run():
        results.append(result)
        if out is not None:
            print(result.line(), file=out, flush=True)
            if result.outcome is Outcome.FAIL:
                print(f"        cause: {result.cause}", file=out)
            if result.outcome in (Outcome.FAIL, Outcome.WARN) and result.fix:
                print(f"        fix:   {result.fix}", file=out)
    return results


def _test_exit_code(results: list[CheckResult]) -> int:
    failure = next((r for r in results if r.outcome is Outcome.FAIL), None)
    if failure is None:
        return exit_codes.OK
    return exit_codes.for_failure_class(failure.failure_class)


COMMANDS: dict[str, Command] = {
    "add": command_add,
    "list": command_list,
    "remove": command_remove,
    "test": command_test,
}
