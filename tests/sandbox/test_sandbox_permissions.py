"""The Permissions Export API and the sandbox's own permission editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tui.sandbox import SandboxServer
from tui.sandbox.seed import bundled_seed_data, state_from_seed

Tokens = Callable[..., str]
EXPORT = "/api/authorization/external/permissions"
ALL = ["USE", "EDIT", "DELETE", "MANAGE"]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def row(sheet: dict[str, Any], principal_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        p for p in sheet["principals"] if p["id"] == principal_id
    )
    return found


def test_export_lists_every_grant(http: httpx.Client, token_for: Tokens) -> None:
    response = http.get(EXPORT, headers=auth(token_for("studio-admin")))

    assert response.status_code == 200
    entries = response.json()["permissions"]
    demo = [
        e
        for e in entries
        if e["objectName"] == "Process Orchestration Demo"
        and e["subjectId"] == "po-connector"
    ]
    assert len(demo) == 1
    assert demo[0]["subjectType"] == "APPLICATION"
    assert demo[0]["objectType"] == "PACKAGE"
    assert demo[0]["service"] == "studio"
    assert demo[0]["actions"] == ALL
    assert {e["subjectType"] for e in entries} == {"USER", "GROUP", "APPLICATION"}
    assert all(
        set(e)
        == {
            "subjectName",
            "subjectType",
            "subjectId",
            "groups",
            "role",
            "service",
            "objectName",
            "objectType",
            "objectId",
            "actions",
        }
        for e in entries
    )


def test_export_needs_its_scope(http: httpx.Client, token_for: Tokens) -> None:
    response = http.get(EXPORT, headers=auth(token_for("po-connector")))

    assert response.status_code == 403
    assert (
        'scope="authorization.permissions:read"'
        in (response.headers["www-authenticate"])
    )


def test_export_without_grants_is_204() -> None:
    state = state_from_seed({**bundled_seed_data(), "grants": []})
    with SandboxServer(state) as server, httpx.Client(base_url=server.base_url) as http:
        token = http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=("studio-admin", "sandbox-admin-secret"),
        ).json()["access_token"]

        response = http.get(EXPORT, headers=auth(token))

    assert response.status_code == 204
    assert response.content == b""


def test_sheet_lists_every_principal(http: httpx.Client, token_for: Tokens) -> None:
    response = http.get(
        "/_sandbox/permissions/po_demo", headers=auth(token_for("po-connector"))
    )

    assert response.status_code == 200
    sheet = response.json()
    assert sheet["package_key"] == "po_demo"
    assert isinstance(sheet["version"], int)
    assert row(sheet, "po-connector")["actions"] == ALL
    assert row(sheet, "po-not-granted") == {
        "id": "po-not-granted",
        "name": "PO Connector (new)",
        "type": "APPLICATION",
        "actions": [],
    }
    types = {p["type"] for p in sheet["principals"]}
    assert types == {"USER", "GROUP", "APPLICATION"}


def test_sheet_needs_a_token_and_a_known_package(
    http: httpx.Client, token_for: Tokens
) -> None:
    anonymous = http.get("/_sandbox/permissions/po_demo")
    unknown = http.get(
        "/_sandbox/permissions/nope", headers=auth(token_for("po-connector"))
    )

    assert anonymous.status_code == 401
    assert unknown.status_code == 404


def test_manager_edits_and_version_bumps(http: httpx.Client, token_for: Tokens) -> None:
    headers = auth(token_for("po-connector"))
    path = "/_sandbox/permissions/po_demo"
    before = http.get(path, headers=headers).json()

    saved = http.put(
        path,
        headers=headers,
        json={
            "expected_version": before["version"],
            "principal_id": "po-not-granted",
            "actions": ["EDIT", "USE"],
        },
    )
    stale = http.put(
        path,
        headers=headers,
        json={
            "expected_version": before["version"],
            "principal_id": "po-not-granted",
            "actions": ALL,
        },
    )

    assert saved.status_code == 200
    assert saved.json()["version"] == before["version"] + 1
    assert row(saved.json(), "po-not-granted")["actions"] == ["USE", "EDIT"]
    assert stale.status_code == 409
    assert stale.json()["error"] == "conflict"
    assert stale.json()["current_version"] == before["version"] + 1

    granted = http.get(
        "/package-manager/api/packages",
        headers=auth(token_for("po-not-granted")),
    ).json()
    assert [(p["key"], p["permissions"]) for p in granted] == [
        ("po_demo", ["USE", "EDIT"])
    ]


def test_edit_needs_manage_or_admin(http: httpx.Client, token_for: Tokens) -> None:
    path = "/_sandbox/permissions/order_management_starter_kit"
    admin = auth(token_for("studio-admin"))
    version = http.get(path, headers=admin).json()["version"]
    edit = {"expected_version": version, "principal_id": "po-connector"}

    refused = http.put(
        path, headers=auth(token_for("po-connector")), json={**edit, "actions": ALL}
    )
    by_admin = http.put(path, headers=admin, json={**edit, "actions": ALL})

    assert refused.status_code == 403
    assert refused.json()["frontendErrorKey"] == "ACCESS_DENIED"
    assert by_admin.status_code == 200
    assert row(by_admin.json(), "po-connector")["actions"] == ALL


def test_edit_rejects_unknown_actions(http: httpx.Client, token_for: Tokens) -> None:
    headers = auth(token_for("studio-admin"))
    path = "/_sandbox/permissions/po_demo"
    version = http.get(path, headers=headers).json()["version"]

    response = http.put(
        path,
        headers=headers,
        json={
            "expected_version": version,
            "principal_id": "po-connector",
            "actions": ["USE", "FLY"],
        },
    )

    assert response.status_code == 400
    assert "FLY" in response.json()["error_description"]
    assert http.get(path, headers=headers).json()["version"] == version
