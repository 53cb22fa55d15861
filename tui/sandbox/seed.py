"""Reading a seed file (JSON) into a `SandboxState`.

The bundled `seed.json` describes a believable team: spaces, packages, users, groups,
OAuth clients and grants. Packages without an `assets` list get two default assets
whose ids derive from the package id, so every load of the same seed is identical.
"""

from __future__ import annotations

import json
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from tui.sandbox.model import (
    ALL_ACTIONS,
    ALL_PERMISSIONS,
    AUTH_METHODS,
    DEFAULT_TOKEN_LIFETIME,
    Asset,
    Client,
    Package,
    Principal,
    Space,
    Team,
)
from tui.sandbox.state import Grant, SandboxState

DEFAULT_ASSETS: tuple[tuple[str, str, str], ...] = (
    ("overview", "Overview", "VIEW"),
    ("knowledge_model", "Knowledge Model", "KNOWLEDGE_MODEL"),
)


def _field(item: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = item.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"seed {where}: '{name}' must be a {kind.__name__}")
    return value


def _list(item: dict[str, Any], name: str, where: str) -> list[Any]:
    value = item.get(name, [])
    if not isinstance(value, list):
        raise ValueError(f"seed {where}: '{name}' must be a list")
    return value


def _objects(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = _list(data, name, "top level")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"seed {name}[{index}] must be an object")
    return items


def parse_team(data: dict[str, Any]) -> Team:
    raw = data.get("team")
    if not isinstance(raw, dict):
        raise ValueError("seed: 'team' must be an object with id, name and domain")
    return Team(
        id=_field(raw, "id", str, "team"),
        name=_field(raw, "name", str, "team"),
        domain=_field(raw, "domain", str, "team"),
    )


def _space(item: dict[str, Any], where: str) -> Space:
    return Space(
        id=_field(item, "id", str, where),
        name=_field(item, "name", str, where),
        icon_reference=str(item.get("iconReference", "earth")),
        description=str(item.get("description", "")),
        creation_date=_field(item, "creationDate", int, where),
        change_date=_field(item, "changeDate", int, where),
    )


def default_assets(package_id: str, created: int, changed: int) -> tuple[Asset, ...]:
    base = uuid.UUID(package_id)
    return tuple(
        Asset(str(uuid.uuid5(base, key)), key, name, kind, created, changed)
        for key, name, kind in DEFAULT_ASSETS
    )


def _package(item: dict[str, Any], where: str) -> Package:
    package_id = _field(item, "id", str, where)
    created = _field(item, "creationDate", int, where)
    changed = _field(item, "changeDate", int, where)
    if "assets" in item:
        assets = tuple(
            Asset(
                id=_field(raw, "id", str, f"{where} asset"),
                key=_field(raw, "key", str, f"{where} asset"),
                name=_field(raw, "name", str, f"{where} asset"),
                asset_type=_field(raw, "assetType", str, f"{where} asset"),
                creation_date=created,
                change_date=changed,
            )
            for raw in _list(item, "assets", where)
        )
    else:
        assets = default_assets(package_id, created, changed)

    return Package(
        id=package_id,
        key=_field(item, "key", str, where),
        name=_field(item, "name", str, where),
        space_id=_field(item, "spaceId", str, where),
        version=str(item.get("version", "1.0.0")),
        creation_date=created,
        change_date=changed,
        working_draft_id=_field(item, "workingDraftId", str, where),
        activated_draft_id=_field(item, "activatedDraftId", str, where),
        event_types=tuple(str(e) for e in _list(item, "oe_events", where)),
        assets=assets,
    )


def parse_clients(data: dict[str, Any]) -> list[Client]:
    clients = []
    for index, item in enumerate(_objects(data, "clients")):
        where = f"clients[{index}]"
        method = _field(item, "auth_method", str, where)
        if method not in AUTH_METHODS:
            raise ValueError(
                f"seed {where}: 'auth_method' must be one of {AUTH_METHODS}"
            )
        clients.append(
            Client(
                client_id=_field(item, "client_id", str, where),
                secret=_field(item, "client_secret", str, where),
                name=str(item.get("name", item["client_id"])),
                auth_method=method,
                scopes=tuple(str(s) for s in _list(item, "scopes", where)),
                admin=bool(item.get("admin", False)),
                note=str(item.get("note", "")),
            )
        )
    return clients


def parse_principals(data: dict[str, Any]) -> list[Principal]:
    principals = [
        Principal(
            _field(item, "id", str, "group"),
            _field(item, "name", str, "group"),
            "GROUP",
        )
        for item in _objects(data, "groups")
    ]
    principals.extend(
        Principal(
            id=_field(item, "id", str, "user"),
            name=_field(item, "name", str, "user"),
            type="USER",
            role=str(item.get("role", "MEMBER")),
            groups=tuple(str(g) for g in _list(item, "groups", "user")),
        )
        for item in _objects(data, "users")
    )
    return principals


def grant_actions(item: dict[str, Any], where: str) -> tuple[str, ...]:
    """The actions of a grant given as `template` or `actions`."""
    template = item.get("template")
    if template is not None:
        if template != ALL_PERMISSIONS:
            raise ValueError(f"{where}: the only template is {ALL_PERMISSIONS}")
        return ALL_ACTIONS

    actions = item.get("actions")
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise ValueError(f"{where}: give 'template' or a list of 'actions'")
    return tuple(actions)


def parse_grants(data: dict[str, Any]) -> list[Grant]:
    grants: list[Grant] = []
    for index, item in enumerate(_objects(data, "grants")):
        where = f"seed grants[{index}]"
        principal = _field(item, "principal_id", str, where)
        key = _field(item, "package_key", str, where)
        grants.append((principal, key, grant_actions(item, where)))
    return grants


def state_from_seed(data: object) -> SandboxState:
    """Build a state from parsed seed JSON; ValueError names the first problem."""
    if not isinstance(data, dict):
        raise ValueError("seed: the top level must be a JSON object")

    spaces = [_space(s, f"spaces[{i}]") for i, s in enumerate(_objects(data, "spaces"))]
    packages = [
        _package(p, f"packages[{i}]") for i, p in enumerate(_objects(data, "packages"))
    ]
    lifetime = data.get("token_lifetime_seconds", DEFAULT_TOKEN_LIFETIME)
    if isinstance(lifetime, bool) or not isinstance(lifetime, int | float):
        raise ValueError("seed: 'token_lifetime_seconds' must be a number")

    try:
        return SandboxState(
            team=parse_team(data),
            spaces=spaces,
            packages=packages,
            principals=parse_principals(data),
            clients=parse_clients(data),
            grants=parse_grants(data),
            token_lifetime_seconds=lifetime,
        )
    except KeyError as error:
        raise ValueError(f"seed grants: {error.args[0]}") from error


def bundled_seed_data() -> dict[str, Any]:
    text = resources.files("tui.sandbox").joinpath("seed.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_seed(path: Path | None = None) -> SandboxState:
    """Load a seed file, or the bundled `seed.json` when `path` is None."""
    if path is None:
        return state_from_seed(bundled_seed_data())

    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"seed {path} is not valid JSON: {error}") from error
    return state_from_seed(data)
