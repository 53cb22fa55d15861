"""Seeded connections and clients for the permission editor's tests."""

from __future__ import annotations

import httpx

from tui.client import CelonisClient
from tui.connection import Connection
from tui.permission_reader import EXPORT_SCOPE
from tui.permission_session import connection_client
from tui.secret import Secret

PO_SCOPES = [
    "orchestration-engine",
    "studio",
    "knowledge-models:query",
    "knowledge-models.augmented-attributes:update",
    "triggers:manage",
]
SECRETS = {
    "po-connector": "sandbox-po-secret",
    "po-not-granted": "sandbox-new-secret",
    "studio-admin": "sandbox-admin-secret",
}
ALL = frozenset({"USE", "EDIT", "DELETE", "MANAGE"})


def seeded_connection(
    base_url: str, client_id: str, name: str | None = None, package: str | None = None
) -> Connection:
    scopes = list(PO_SCOPES)
    if client_id == "studio-admin":
        scopes.append(EXPORT_SCOPE)
    return Connection(
        name=name or client_id,
        team_url=base_url,
        client_id=client_id,
        scopes=scopes,
        package_key=package,
    )


def seeded_client(base_url: str, client_id: str) -> CelonisClient:
    connection = seeded_connection(base_url, client_id)
    return connection_client(connection, Secret(SECRETS[client_id]))


def sandbox_grants(base_url: str, principal: str) -> dict[str, list[str]]:
    """Every package key the principal holds actions on, straight from the sandbox."""
    state = httpx.get(f"{base_url}/_sandbox/state").json()
    return {
        grant["package_key"]: grant["actions"]
        for grant in state["grants"]
        if grant["principal_id"] == principal
    }
