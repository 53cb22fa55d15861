"""Live questions about one package, each asked with the identifier its API takes.

The package-manager node endpoint takes the package *id* (the UUID in Studio
links); pacman and the Orchestration Engine take the package *key*. The details view
shows both calls and their answers, so a user sees which identifier goes where.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.client import CelonisClient
from tui.errors import CelonisError, ForbiddenError
from tui.permissions import describe_actions
from tui.studio import PackageRow
from tui.wording import counted


@dataclass(frozen=True)
class PackageCheck:
    title: str
    call: str
    passed: bool
    detail: str

    def line(self) -> str:
        outcome = "OK  " if self.passed else "FAIL"
        return f"{outcome} {self.title}: {self.detail}\n     {self.call}"


def node_call(row: PackageRow) -> str:
    return f"GET /package-manager/api/nodes/{row.id}"


def pacman_call(row: PackageRow) -> str:
    return f"GET /pacman/api/core/packages/{row.key}/nodes"


def signal_path(row: PackageRow) -> str:
    return f"/oe/api/packages/{row.key}/signals"


async def check_node(client: CelonisClient, row: PackageRow) -> PackageCheck:
    """Read the package by id and report the actions Studio gives the client now."""
    title = "Studio node by id"
    try:
        node = await client.node(row.id)
    except CelonisError as error:
        return PackageCheck(title, node_call(row), False, error.cause)
    detail = f"actions {describe_actions(node.permissions)}"
    if node.key != row.key:
        detail += f"; key {node.key} differs from the list's {row.key}"
    return PackageCheck(title, node_call(row), node.key == row.key, detail)


async def check_pacman(client: CelonisClient, row: PackageRow) -> PackageCheck:
    """Read every page of the package's pacman nodes by key (this needs EDIT)."""
    title = "pacman nodes by key"
    try:
        nodes = await client.package_nodes(row.key)
    except ForbiddenError as error:
        cause = (
            f"{error.cause}; pacman needs Edit package on it. Process Orchestration "
            "needs All Permissions: grant them with p on the Connections screen or "
            "in Studio's Permissions dialog"
        )
        return PackageCheck(title, pacman_call(row), False, cause)
    except CelonisError as error:
        return PackageCheck(title, pacman_call(row), False, error.cause)
    detail = f"{counted(len(nodes), 'node')} read, so the client may edit it"
    return PackageCheck(title, pacman_call(row), True, detail)


async def check_package(client: CelonisClient, row: PackageRow) -> list[PackageCheck]:
    return [await check_node(client, row), await check_pacman(client, row)]
