"""The sandbox's record types: team, spaces, packages, principals, clients, tokens.

These are plain immutable values. `SandboxState` holds them and owns every change;
nothing here is shared with the rest of celonis-connect on purpose, so the app's own
models and this server can disagree and the contract tests will notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ALL_ACTIONS: tuple[str, ...] = ("USE", "EDIT", "DELETE", "MANAGE")
ALL_PERMISSIONS = "ALL_PERMISSIONS"
AUTH_METHODS: tuple[str, ...] = ("client_secret_basic", "client_secret_post")
DEFAULT_TOKEN_LIFETIME = 899.0


def normalize_actions(names: Iterable[str]) -> tuple[str, ...]:
    """Return the actions in canonical order, or raise ValueError naming bad ones."""
    wanted = set(names)
    unknown = sorted(wanted - set(ALL_ACTIONS))
    if unknown:
        valid = ", ".join(ALL_ACTIONS)
        raise ValueError(f"unknown action(s) {', '.join(unknown)}; valid: {valid}")

    return tuple(action for action in ALL_ACTIONS if action in wanted)


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    domain: str

    def transport(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "domain": self.domain}


@dataclass(frozen=True, slots=True)
class Space:
    id: str
    name: str
    icon_reference: str
    description: str
    creation_date: int
    change_date: int


@dataclass(frozen=True, slots=True)
class Asset:
    id: str
    key: str
    name: str
    asset_type: str
    creation_date: int
    change_date: int


@dataclass(frozen=True, slots=True)
class Package:
    id: str
    key: str
    name: str
    space_id: str
    version: str
    creation_date: int
    change_date: int
    working_draft_id: str
    activated_draft_id: str
    event_types: tuple[str, ...] = ()
    assets: tuple[Asset, ...] = ()


@dataclass(frozen=True, slots=True)
class Principal:
    """A seeded user or group of the team (clients are principals of their own)."""

    id: str
    name: str
    type: str
    role: str = ""
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Client:
    """A registered OAuth client; it is also an APPLICATION principal."""

    client_id: str
    secret: str = field(repr=False)
    name: str = ""
    auth_method: str = "client_secret_basic"
    scopes: tuple[str, ...] = ()
    admin: bool = False
    note: str = ""

    def public(self) -> dict[str, Any]:
        """Everything about the client except its secret."""
        return {
            "client_id": self.client_id,
            "name": self.name,
            "auth_method": self.auth_method,
            "scopes": list(self.scopes),
            "admin": self.admin,
        }


@dataclass(frozen=True, slots=True)
class Token:
    """An issued access token; `expires_at` is on the time.monotonic() clock."""

    value: str = field(repr=False)
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float


@dataclass(frozen=True, slots=True)
class PrincipalActions:
    """One row of a package's permission sheet."""

    id: str
    name: str
    type: str
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PermissionSheet:
    package: Package
    version: int
    principals: tuple[PrincipalActions, ...]

    def transport(self) -> dict[str, Any]:
        return {
            "package_key": self.package.key,
            "package_id": self.package.id,
            "version": self.version,
            "principals": [
                {
                    "id": row.id,
                    "name": row.name,
                    "type": row.type,
                    "actions": list(row.actions),
                }
                for row in self.principals
            ],
        }


@dataclass(frozen=True, slots=True)
class GrantEntry:
    """One effective grant, as the Permissions Export API reports it."""

    subject_id: str
    subject_name: str
    subject_type: str
    groups: str
    role: str
    package: Package
    actions: tuple[str, ...]


class VersionConflict(Exception):
    """The caller's expected permission version is stale."""

    def __init__(self, current_version: int) -> None:
        super().__init__(f"permission version is now {current_version}")
        self.current_version = current_version
