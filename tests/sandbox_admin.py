"""Small helpers that set the sandbox up through its own admin calls."""

from __future__ import annotations

from typing import Any

import httpx

PO_SCOPES = [
    "orchestration-engine",
    "studio",
    "knowledge-models:query",
    "knowledge-models.augmented-attributes:update",
    "triggers:manage",
]


def register_client(
    base_url: str,
    client_id: str,
    secret: str,
    *,
    method: str = "client_secret_basic",
    scopes: list[str] | None = None,
    admin: bool = False,
) -> None:
    body = {
        "client_id": client_id,
        "client_secret": secret,
        "name": client_id,
        "auth_method": method,
        "scopes": PO_SCOPES if scopes is None else scopes,
        "admin": admin,
    }
    httpx.post(f"{base_url}/_sandbox/clients", json=body).raise_for_status()


def grant(base_url: str, principal: str, package_key: str, **extra: Any) -> None:
    body = {"client_id": principal, "package_key": package_key, **extra}
    if "actions" not in body:
        body.setdefault("template", "ALL_PERMISSIONS")
    httpx.post(f"{base_url}/_sandbox/grants", json=body).raise_for_status()


def inject_fault(base_url: str, **fault: Any) -> None:
    httpx.post(f"{base_url}/_sandbox/faults", json=fault).raise_for_status()


def received(base_url: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = httpx.get(f"{base_url}/_sandbox/requests").json()
    return data
