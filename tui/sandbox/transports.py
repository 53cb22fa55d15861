"""JSON shapes of Studio and pacman objects, built from the sandbox's records.

Package-manager transports carry dates as epoch milliseconds; pacman transports
carry them as ISO-8601 strings, as content-cli's interfaces describe.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tui.sandbox.model import Asset, GrantEntry, Package, Space


def iso_date(epoch_ms: int) -> str:
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def space_transport(space: Space, permissions: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": space.id,
        "name": space.name,
        "iconReference": space.icon_reference,
        "description": space.description,
        "creationDate": space.creation_date,
        "changeDate": space.change_date,
        "permissions": list(permissions),
    }


def package_node(package: Package, permissions: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": package.id,
        "key": package.key,
        "name": package.name,
        "nodeType": "PACKAGE",
        "rootNodeKey": package.key,
        "rootNodeId": package.id,
        "spaceId": package.space_id,
        "workingDraftId": package.working_draft_id,
        "activatedDraftId": package.activated_draft_id,
        "version": package.version,
        "creationDate": package.creation_date,
        "changeDate": package.change_date,
        "permissions": list(permissions),
    }


def asset_node(
    package: Package, asset: Asset, permissions: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "id": asset.id,
        "key": asset.key,
        "name": asset.name,
        "nodeType": "ASSET",
        "assetType": asset.asset_type,
        "parentNodeKey": package.key,
        "parentNodeId": package.id,
        "rootNodeKey": package.key,
        "rootNodeId": package.id,
        "spaceId": package.space_id,
        "creationDate": asset.creation_date,
        "changeDate": asset.change_date,
        "permissions": list(permissions),
    }


def export_entry(package: Package) -> dict[str, Any]:
    return {
        "id": package.id,
        "key": package.key,
        "name": package.name,
        "changeDate": iso_date(package.change_date),
        "activatedDraftId": package.activated_draft_id,
        "workingDraftId": package.working_draft_id,
        "flavor": "STUDIO",
        "version": package.version,
        "dependencies": [],
        "spaceId": package.space_id,
    }


def pacman_node(package: Package, asset: Asset) -> dict[str, Any]:
    return {
        "id": asset.id,
        "key": asset.key,
        "name": asset.name,
        "packageNodeKey": package.key,
        "parentNodeKey": package.key,
        "packageNodeId": package.id,
        "type": asset.asset_type,
        "creationDate": iso_date(asset.creation_date),
        "changeDate": iso_date(asset.change_date),
        "flavor": "STUDIO",
    }


def permission_export_entry(entry: GrantEntry) -> dict[str, Any]:
    return {
        "subjectName": entry.subject_name,
        "subjectType": entry.subject_type,
        "subjectId": entry.subject_id,
        "groups": entry.groups,
        "role": entry.role,
        "service": "studio",
        "objectName": entry.package.name,
        "objectType": "PACKAGE",
        "objectId": entry.package.id,
        "actions": list(entry.actions),
    }
