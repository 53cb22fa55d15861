"""Commands that list a team's spaces and packages as a stored connection sees them.

A load that failed in any part prints one line naming the failure and exits with
the code of its failure class; a script never receives a partial list as if it
were the whole team.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, Any, TextIO

from tui import exit_codes
from tui.client import CelonisClient
from tui.commands.base import Command, fail
from tui.context import AppContext
from tui.errors import FailureClass
from tui.studio import (
    LoadResult,
    PackageRow,
    SpaceRow,
    StudioCatalog,
    ordered_actions,
)
from tui.studio_access import StudioAccessError, connection_client
from tui.studio_view import SortOrder, sort_rows
from tui.wording import counted

if TYPE_CHECKING:
    from tui.commands.base import Subcommands


def register(commands: Subcommands) -> None:
    spaces = commands.add_parser(
        "spaces", help="list the Studio spaces a connection sees"
    )
    spaces.add_argument("name", help="stored connection")
    spaces.add_argument("--json", action="store_true")

    packages = commands.add_parser(
        "packages", help="list packages with the connection's actions on each"
    )
    packages.add_argument("name", help="stored connection")
    packages.add_argument("--space", metavar="ID", help="only this space (id or name)")
    packages.add_argument("--json", action="store_true")


def load(context: AppContext, name: str) -> LoadResult | int:
    """The complete load for connection ``name``, or the exit code after one line."""
    connection = context.service.get(name)
    if connection is None:
        return fail(f"no connection named {name}", exit_codes.FAILED)
    try:
        client = connection_client(context.service, connection)
    except StudioAccessError as error:
        return fail(str(error), _code(error.failure_class))

    result = asyncio.run(_load(client))
    if not result.complete:
        failure = result.failures[0]
        return fail(
            f"{name}: could not load {failure.what}: {failure.error.cause}",
            _code(failure.error.failure_class),
        )
    return result


async def _load(client: CelonisClient) -> LoadResult:
    async with client:
        return await StudioCatalog(client).load()


def _code(failure_class: FailureClass) -> int:
    return exit_codes.for_failure_class(failure_class.value)


def space_json(space: SpaceRow) -> dict[str, Any]:
    return {
        "id": space.id,
        "name": space.name,
        "packages": space.packages,
        "actions": ordered_actions(space.actions),
    }


def package_json(row: PackageRow, origin: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "key": row.key,
        "name": row.name,
        "spaceId": row.space_id,
        "spaceName": row.space_name,
        "version": row.version,
        "changeDate": row.change_date,
        "actions": ordered_actions(row.actions),
        "actionsText": row.actions_text,
        "allPermissions": row.all_permissions,
        "studioLink": row.studio_link(origin),
    }


def command_spaces(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    result = load(context, args.name)
    if isinstance(result, int):
        return result
    if args.json:
        print(json.dumps([space_json(s) for s in result.spaces], indent=2), file=out)
        return exit_codes.OK
    for space in result.spaces:
        print(
            f"{space.id}\t{space.name}\t{counted(space.packages, 'package')}", file=out
        )
    return exit_codes.OK


def command_packages(context: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    result = load(context, args.name)
    if isinstance(result, int):
        return result
    rows = sort_rows(result.packages, SortOrder.NAME)
    if args.space:
        space = _find_space(result.spaces, args.space)
        if space is None:
            return fail(
                f"{args.name} sees no space with id or name {args.space!r}; "
                "list them with: celonis-connect spaces " + args.name,
                exit_codes.FAILED,
            )
        rows = [row for row in rows if row.space_id == space.id]
    if args.json:
        data = [package_json(row, result.origin) for row in rows]
        print(json.dumps(data, indent=2), file=out)
        return exit_codes.OK
    for row in rows:
        print(
            f"{row.key}\t{row.name}\t{row.space_name}\t{row.actions_text}\t{row.id}",
            file=out,
        )
    return exit_codes.OK


def _find_space(spaces: tuple[SpaceRow, ...], wanted: str) -> SpaceRow | None:
    by_id = next((space for space in spaces if space.id == wanted), None)
    if by_id is not None:
        return by_id
    folded = wanted.casefold()
    return next((space for space in spaces if space.name.casefold() == folded), None)


COMMANDS: dict[str, Command] = {
    "spaces": command_spaces,
    "packages": command_packages,
}
