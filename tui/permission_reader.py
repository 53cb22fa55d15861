"""Read a real team's package permissions from what its public API offers.

Two sources, best first. With ``authorization.permissions:read`` granted, the
Permissions Export API lists every grant of the team; its rows for the package's id
become the sheet. Without it, the client sees only itself: the ``permissions``
actions that ``/package-manager/api/packages`` carries for the package. The sheet
says which source it shows.

The export's values are not published (reference 5.2). This module holds the
assumptions about them, and nothing else relies on them: a row belongs to the
package when its ``objectId`` is the package's id (and ``objectType``, if given, is
PACKAGE); ``subjectType`` is USER, GROUP or APPLICATION; an OAuth client's
``subjectId`` is its client id. Several rows for one subject are joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from tui.client import CelonisClient
from tui.errors import CelonisError, ForbiddenError, NotFoundError
from tui.models import PermissionEntry
from tui.permission_model import (
    APPLICATION,
    PackagePermissions,
    PermissionSource,
    Principal,
    package_actions,
)

EXPORT_SCOPE = "authorization.permissions:read"


@dataclass(frozen=True)
class PackageFacts:
    """What the reading client can learn about a package by its key."""

    key: str
    id: str | None = None
    name: str | None = None
    space_name: str | None = None
    own_actions: frozenset[str] = frozenset()

    @property
    def visible(self) -> bool:
        return self.id is not None


async def locate(client: CelonisClient, key: str) -> PackageFacts:
    """The package as the client sees it; not visible when it holds nothing on it."""
    package = next((p for p in await client.packages() if p.key == key), None)
    if package is None:
        return PackageFacts(key)
    space_name = None
    try:
        spaces = {space.id: space.name for space in await client.spaces()}
        space_name = spaces.get(package.space_id or "")
    except CelonisError:
        space_name = None
    return PackageFacts(
        key, package.id, package.name, space_name, package_actions(package.permissions)
    )


async def own_actions(
    client: CelonisClient, key: str, package_id: str | None = None
) -> frozenset[str]:
    """The client's own actions on the package, read as cheaply as possible.

    With the package's id, one node read: a 403 or 404 there means the client holds
    nothing on it yet (a missing scope is still an error). Without the id, the
    package list, which omits packages the client holds nothing on.
    """
    if package_id:
        try:
            node = await client.node(package_id)
        except (ForbiddenError, NotFoundError) as error:
            if error.missing_scope:
                raise
            return frozenset()
        return package_actions(node.permissions)
    package = next((p for p in await client.packages() if p.key == key), None)
    return package_actions(package.permissions) if package else frozenset()


async def may_read_export(client: CelonisClient) -> bool:
    return EXPORT_SCOPE in (await client.token()).granted_scopes


async def read_permissions(
    client: CelonisClient, key: str, facts: PackageFacts | None = None
) -> PackagePermissions:
    facts = facts or await locate(client, key)
    own = Principal(
        client.credentials.client_id,
        client.credentials.client_id,
        APPLICATION,
        facts.own_actions,
    )
    base = PackagePermissions(
        key,
        PermissionSource.OWN,
        (own,),
        package_id=facts.id,
        package_name=facts.name,
        space_name=facts.space_name,
    )
    if not await may_read_export(client):
        return replace(base, note=f"Only this client is shown: it lacks {EXPORT_SCOPE}")
    if not facts.visible:
        return replace(
            base,
            note="This client cannot see the package, so the export cannot be "
            "matched to its key; only this client is shown",
        )
    try:
        entries = await client.permission_export()
    except ForbiddenError as error:
        return replace(base, note=f"The export was refused: {error.cause}")
    principals = export_principals(entries, facts.id or "")
    if own.id not in {p.id for p in principals}:
        principals.append(own)
    return replace(base, source=PermissionSource.EXPORT, principals=tuple(principals))


def export_principals(
    entries: Iterable[PermissionEntry], package_id: str
) -> list[Principal]:
    """One principal per subject holding actions on the package, in export order."""
    found: dict[str, Principal] = {}
    for entry in entries:
        if entry.object_id != package_id or not entry.subject_id:
            continue
        if entry.object_type and entry.object_type.upper() != "PACKAGE":
            continue
        actions = package_actions(entry.actions)
        known = found.get(entry.subject_id)
        if known is not None:
            found[entry.subject_id] = replace(known, actions=known.actions | actions)
            continue
        found[entry.subject_id] = Principal(
            entry.subject_id,
            entry.subject_name or entry.subject_id,
            (entry.subject_type or APPLICATION).upper(),
            actions,
        )
    return list(found.values())


async def export_actions(
    client: CelonisClient, package_id: str, principal_ids: Iterable[str]
) -> dict[str, frozenset[str]]:
    """Each principal's actions on the package, from one export read."""
    held = {
        p.id: p.actions
        for p in export_principals(await client.permission_export(), package_id)
    }
    return {pid: held.get(pid, frozenset()) for pid in principal_ids}
