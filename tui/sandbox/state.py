"""`SandboxState`: the whole in-memory team the sandbox server serves.

One lock guards it, because uvicorn runs in a background thread while tests and the
admin endpoints change it. Grants map a principal id (a user, a group or a client id)
and a package key to actions; a grant can be scheduled to take effect later, which is
how tests exercise an app that polls until a permission shows up. Each package has a
permission version that bumps on every change to its grants.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from tui.sandbox.faults import FaultBook
from tui.sandbox.model import (
    ALL_ACTIONS,
    DEFAULT_TOKEN_LIFETIME,
    Asset,
    Client,
    GrantEntry,
    Package,
    PermissionSheet,
    Principal,
    PrincipalActions,
    Space,
    Team,
    VersionConflict,
    normalize_actions,
)
from tui.sandbox.request_log import RequestLog
from tui.sandbox.tokens import TokenStore

Grant = tuple[str, str, tuple[str, ...]]


class SandboxState:
    def __init__(
        self,
        team: Team,
        spaces: Iterable[Space],
        packages: Iterable[Package],
        principals: Iterable[Principal] = (),
        clients: Iterable[Client] = (),
        grants: Iterable[Grant] = (),
        token_lifetime_seconds: float = DEFAULT_TOKEN_LIFETIME,
    ) -> None:
        self._lock = threading.RLock()
        self._team = team
        self._spaces = {space.id: space for space in spaces}
        self._packages = {package.key: package for package in packages}
        self._ids = {package.id: package.key for package in self._packages.values()}
        self._assets = {
            asset.id: (package.key, asset)
            for package in self._packages.values()
            for asset in package.assets
        }
        self._principals = {principal.id: principal for principal in principals}
        self._clients = {client.client_id: client for client in clients}
        self._grants: dict[str, dict[str, tuple[str, ...]]] = {}
        self._versions: dict[str, int] = {}
        self._pending: list[tuple[float, str, str, tuple[str, ...]]] = []
        self._signals: list[dict[str, Any]] = []
        self._token_lifetime = float(token_lifetime_seconds)
        self.tokens = TokenStore()
        self.faults = FaultBook()
        self.request_log = RequestLog()

        for principal_id, package_key, actions in grants:
            self.grant(principal_id, package_key, actions)

    @property
    def team(self) -> Team:
        return self._team

    @property
    def token_lifetime_seconds(self) -> float:
        with self._lock:
            return self._token_lifetime

    @token_lifetime_seconds.setter
    def token_lifetime_seconds(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("token lifetime must be >= 0 seconds")
        with self._lock:
            self._token_lifetime = float(seconds)

    def spaces(self) -> list[Space]:
        with self._lock:
            return list(self._spaces.values())

    def packages(self) -> list[Package]:
        with self._lock:
            return list(self._packages.values())

    def package(self, key: str) -> Package | None:
        with self._lock:
            return self._packages.get(key)

    def node(self, node_id: str) -> tuple[Package, Asset | None] | None:
        """A package or asset by id, with the package it belongs to."""
        with self._lock:
            key = self._ids.get(node_id)
            if key is not None:
                return self._packages[key], None
            found = self._assets.get(node_id)
            if found is None:
                return None
            return self._packages[found[0]], found[1]

    def client(self, client_id: str) -> Client | None:
        with self._lock:
            return self._clients.get(client_id)

    def clients(self) -> list[Client]:
        with self._lock:
            return list(self._clients.values())

    def register_client(self, client: Client) -> None:
        """Add a client, or replace one with the same id (keeping its grants)."""
        with self._lock:
            self._clients[client.client_id] = client

    def principals(self) -> list[Principal]:
        with self._lock:
            return list(self._principals.values())

    def has_principal(self, principal_id: str) -> bool:
        with self._lock:
            return principal_id in self._principals or principal_id in self._clients

    def grant(
        self,
        principal_id: str,
        package_key: str,
        actions: Iterable[str],
        delay_seconds: float = 0.0,
    ) -> tuple[str, ...]:
        """Set a principal's actions on a package, now or after a delay.

        Raises KeyError for an unknown package or principal and ValueError for an
        unknown action name. An empty action list removes the grant.
        """
        normalized = normalize_actions(actions)
        with self._lock:
            if package_key not in self._packages:
                raise KeyError(f"no package with key '{package_key}'")
            if not self.has_principal(principal_id):
                raise KeyError(f"no user, group or client with id '{principal_id}'")

            if delay_seconds > 0:
                due = time.monotonic() + delay_seconds
                self._pending.append((due, principal_id, package_key, normalized))
                self._pending.sort(key=lambda item: item[0])
            else:
                self._apply(principal_id, package_key, normalized)
        return normalized

    def _apply(
        self, principal_id: str, package_key: str, actions: tuple[str, ...]
    ) -> None:
        held = self._grants.setdefault(principal_id, {})
        if actions:
            held[package_key] = actions
        else:
            held.pop(package_key, None)
        self._versions[package_key] = self._versions.get(package_key, 1) + 1

    def _settle(self) -> None:
        """Apply scheduled grants whose time has come (caller holds the lock)."""
        now = time.monotonic()
        while self._pending and self._pending[0][0] <= now:
            _, principal_id, package_key, actions = self._pending.pop(0)
            self._apply(principal_id, package_key, actions)

    def _held(self, principal_id: str, package_key: str) -> set[str]:
        held = set(self._grants.get(principal_id, {}).get(package_key, ()))
        principal = self._principals.get(principal_id)
        for group_id in principal.groups if principal else ():
            held.update(self._grants.get(group_id, {}).get(package_key, ()))
        return held

    def caller_actions(self, client_id: str, package_key: str) -> tuple[str, ...]:
        """The actions a client holds on a package; a team admin holds them all."""
        with self._lock:
            self._settle()
            client = self._clients.get(client_id)
            if client is not None and client.admin:
                return ALL_ACTIONS
            held = self._held(client_id, package_key)
        return tuple(action for action in ALL_ACTIONS if action in held)

    def visible_packages(self, client_id: str) -> list[tuple[Package, tuple[str, ...]]]:
        """The packages a client holds any action on, with those actions."""
        with self._lock:
            self._settle()
            client = self._clients.get(client_id)
            if client is not None and client.admin:
                return [(package, ALL_ACTIONS) for package in self._packages.values()]

            held = self._grants.get(client_id, {})
            return [
                (package, held[package.key])
                for package in self._packages.values()
                if package.key in held
            ]

    def grant_entries(self) -> list[GrantEntry]:
        """Every grant in the team, for the Permissions Export API."""
        with self._lock:
            self._settle()
            group_names = {
                p.id: p.name for p in self._principals.values() if p.type == "GROUP"
            }
            entries: list[GrantEntry] = []
            for principal_id, held in self._grants.items():
                name, kind, role, groups = self._describe(principal_id, group_names)
                entries.extend(
                    GrantEntry(
                        principal_id,
                        name,
                        kind,
                        groups,
                        role,
                        self._packages[key],
                        acts,
                    )
                    for key, acts in held.items()
                )
            return entries

    def _describe(
        self, principal_id: str, group_names: dict[str, str]
    ) -> tuple[str, str, str, str]:
        principal = self._principals.get(principal_id)
        if principal is not None:
            groups = ", ".join(group_names.get(g, g) for g in principal.groups)
            return principal.name, principal.type, principal.role, groups
        client = self._clients[principal_id]
        return client.name, "APPLICATION", "ADMIN" if client.admin else "", ""

    def permission_sheet(self, package_key: str) -> PermissionSheet:
        """Every principal and what it holds on one package; KeyError if unknown."""
        with self._lock:
            self._settle()
            package = self._packages[package_key]
            rows = [
                PrincipalActions(
                    p.id, p.name, p.type, self._explicit(p.id, package_key)
                )
                for p in self._principals.values()
            ]
            rows.extend(
                PrincipalActions(
                    c.client_id,
                    c.name,
                    "APPLICATION",
                    self._explicit(c.client_id, package_key),
                )
                for c in self._clients.values()
            )
            version = self._versions.get(package_key, 1)
            return PermissionSheet(package, version, tuple(rows))

    def _explicit(self, principal_id: str, package_key: str) -> tuple[str, ...]:
        return self._grants.get(principal_id, {}).get(package_key, ())

    def set_permissions(
        self,
        package_key: str,
        principal_id: str,
        actions: Iterable[str],
        expected_version: int,
    ) -> PermissionSheet:
        """Compare-and-set one principal's actions; VersionConflict when stale."""
        with self._lock:
            self._settle()
            current = self._versions.get(package_key, 1)
            if package_key in self._packages and expected_version != current:
                raise VersionConflict(current)
            self.grant(principal_id, package_key, actions)
            return self.permission_sheet(package_key)

    def record_signal(
        self, package_key: str, event_type: str, client_id: str, payload: Any
    ) -> str:
        instance_id = str(uuid.uuid4())
        signal = {
            "instance_id": instance_id,
            "package_key": package_key,
            "event_type": event_type,
            "client_id": client_id,
            "payload": payload,
            "received_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
        with self._lock:
            self._signals.append(signal)
        return instance_id

    def signals(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(signal) for signal in self._signals]

    def snapshot(self) -> dict[str, Any]:
        """The state as `GET /_sandbox/state` shows it: no secrets, no tokens."""
        with self._lock:
            self._settle()
            return {
                "team": self._team.transport(),
                "token_lifetime_seconds": self._token_lifetime,
                "spaces": [{"id": s.id, "name": s.name} for s in self._spaces.values()],
                "packages": [
                    {"id": p.id, "key": p.key, "name": p.name, "spaceId": p.space_id}
                    for p in self._packages.values()
                ],
                "clients": [client.public() for client in self._clients.values()],
                "grants": [
                    {"principal_id": pid, "package_key": key, "actions": list(acts)}
                    for pid, held in self._grants.items()
                    for key, acts in held.items()
                ],
                "pending_grants": len(self._pending),
                "signals": [dict(signal) for signal in self._signals],
            }
