"""``celonis-connect grant``: give a principal actions on a package, then verify.

NAME is the stored connection that makes the change; ``--principal`` is who
receives it (NAME's own client by default). The diff is printed before anything is
written and needs ``--yes`` or an answer at a terminal. On the sandbox the change
goes through its own endpoint; on a real team the command prints the Studio steps
and polls until the package shows them, up to ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, TextIO

from tui import exit_codes
from tui.commands.base import Command, fail
from tui.connection import Connection
from tui.context import AppContext
from tui.permission_grant import GrantRun, run_grant
from tui.permission_model import TEMPLATES
from tui.permission_port import PollPolicy, PollProgress
from tui.permission_session import connection_client, writer_for
from tui.permissions import PACKAGE_ACTIONS
from tui.secret import Secret
from tui.secret_store import SecretStoreError, environment_variable
from tui.urls import TeamUrlError

if TYPE_CHECKING:
    from tui.commands.base import Subcommands

PROGRESS_EVERY = 5


def register(commands: Subcommands) -> None:
    grant = commands.add_parser(
        "grant", help="give a principal actions on a package, then verify it took"
    )
    grant.add_argument("name", help="stored connection that makes the change")
    grant.add_argument("--package", required=True, metavar="KEY", help="package key")
    chosen = grant.add_mutually_exclusive_group()
    chosen.add_argument(
        "--template",
        choices=sorted(TEMPLATES),
        help="all: the All Permissions template (the default)",
    )
    chosen.add_argument(
        "--action",
        action="append",
        type=str.upper,
        choices=PACKAGE_ACTIONS,
        help="exactly these actions (repeat): USE, EDIT, DELETE, MANAGE",
    )
    grant.add_argument(
        "--principal", metavar="ID", help="who receives it (default: NAME's client)"
    )
    grant.add_argument("--yes", action="store_true", help="apply without asking")
    grant.add_argument("--json", action="store_true", help="print one JSON report")
    grant.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for verification"
    )
    grant.add_argument(
        "--interval", type=float, default=2.0, help="seconds between verifying reads"
    )
    grant.add_argument(
        "--guided",
        action="store_true",
        help="print the Studio steps and verify, even on the sandbox",
    )


def command_grant(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    if not (0 < args.timeout <= 3600 and 0.01 <= args.interval <= 600):
        return fail(
            "--timeout must be between 0 and 3600 s and --interval between 0.01 and "
            "600 s",
            exit_codes.USAGE,
        )
    connection = context.service.get(args.name)
    if connection is None:
        return fail(f"no connection named {args.name}", exit_codes.FAILED)
    try:
        secret = context.service.secret_for(connection)
    except SecretStoreError as error:
        return fail(f"cannot read the secret of {args.name}: {error}", _code("keyring"))
    if not secret:
        return fail(
            f"no client secret for {args.name}: store one or set "
            f"{environment_variable(args.name)}",
            _code("keyring"),
        )

    actions = frozenset(args.action) if args.action else TEMPLATES["all"]
    run = GrantRun(args.package, args.principal or connection.client_id, actions)
    try:
        run = asyncio.run(_grant(connection, secret, run, args, out))
    except TeamUrlError as error:
        return fail(
            f"the team URL of {args.name} is not valid: {error}", _code("input")
        )

    if args.json:
        print(json.dumps(run.as_json(), indent=2), file=out)
    return _report(run)


async def _grant(
    connection: Connection,
    secret: Secret,
    run: GrantRun,
    args: argparse.Namespace,
    out: TextIO,
) -> GrantRun:
    def say(line: str) -> None:
        print(line, file=sys.stderr if args.json else out)

    async def confirm() -> bool:
        return await _confirm(args.yes, run)

    policy = PollPolicy(interval=args.interval, timeout=args.timeout)
    async with connection_client(connection, secret) as client:
        writer = writer_for(client, guided=True if args.guided else None)
        return await run_grant(
            writer, run, confirm=confirm, say=say, policy=policy, progress=_progress
        )


async def _confirm(yes: bool, run: GrantRun) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        run.refused = "not applied: there is no terminal to confirm at; pass --yes"
        return False
    answer = await asyncio.to_thread(input, "Apply these changes? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _progress(progress: PollProgress) -> None:
    if progress.attempt % PROGRESS_EVERY != 1:
        return
    note = f" (last error: {progress.error.cause})" if progress.error else ""
    print(
        f"waiting for the change: read {progress.attempt}, "
        f"{progress.seconds_left:.0f} s left{note}",
        file=sys.stderr,
        flush=True,
    )


def _report(run: GrantRun) -> int:
    """One line on stderr for anything short of a verified grant; the exit code."""
    code = run.exit_code()
    if run.error is not None:
        fail(f"{run.error.cause}. {run.error.fix}".strip(), code)
    elif run.problem or run.refused:
        fail(run.problem or run.refused, code)
    elif run.declined:
        fail("not applied: the changes were not confirmed", code)
    elif run.outcome is not None and run.outcome.error is not None:
        fail(f"not applied: {run.outcome.error.cause}", code)
    elif run.verification is not None and not run.verification.verified:
        fail(run.verification.summary(), code)
    return code


def _code(failure_class: str) -> int:
    return exit_codes.for_failure_class(failure_class)


COMMANDS: dict[str, Command] = {"grant": command_grant}
