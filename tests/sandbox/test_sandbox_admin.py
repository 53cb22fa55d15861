"""The sandbox's own admin calls: clients, grants, state and the request log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

Tokens = Callable[..., str]
CREDENTIALS = {"grant_type": "client_credentials"}


def new_client(**changes: Any) -> dict[str, Any]:
    return {
        "client_id": "af-connection",
        "client_secret": "first-secret-value",
        "name": "Action Flows connection",
        "auth_method": "client_secret_basic",
        "scopes": ["studio", "orchestration-engine"],
        "admin": False,
        **changes,
    }


def test_register_client_answers_without_secret(http: httpx.Client) -> None:
    response = http.post("/_sandbox/clients", json=new_client())

    assert response.status_code == 201
    assert response.json() == {
        "client_id": "af-connection",
        "name": "Action Flows connection",
        "auth_method": "client_secret_basic",
        "scopes": ["studio", "orchestration-engine"],
        "admin": False,
    }


def test_reregistering_rotates_the_secret_and_keeps_grants(
    http: httpx.Client,
) -> None:
    http.post("/_sandbox/clients", json=new_client()).raise_for_status()
    http.post(
        "/_sandbox/grants",
        json={
            "client_id": "af-connection",
            "package_key": "po_demo",
            "actions": ["USE"],
        },
    ).raise_for_status()
    http.post(
        "/_sandbox/clients", json=new_client(client_secret="second-secret-value")
    ).raise_for_status()

    old = http.post(
        "/oauth2/token", data=CREDENTIALS, auth=("af-connection", "first-secret-value")
    )
    new = http.post(
        "/oauth2/token", data=CREDENTIALS, auth=("af-connection", "second-secret-value")
    )
    grants = http.get("/_sandbox/state").json()["grants"]

    assert old.status_code == 401
    assert new.status_code == 200
    assert {
        "principal_id": "af-connection",
        "package_key": "po_demo",
        "actions": ["USE"],
    } in grants


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (new_client(client_id=""), "client_id"),
        (new_client(client_secret=None), "client_secret"),
        (new_client(auth_method="private_key_jwt"), "auth_method"),
        (new_client(scopes="studio"), "scopes"),
        (new_client(scopes=["studio triggers:manage"]), "scopes"),
        (new_client(admin="yes"), "admin"),
    ],
)
def test_register_client_rejects_bad_input(
    http: httpx.Client, body: dict[str, Any], complaint: str
) -> None:
    response = http.post("/_sandbox/clients", json=body)

    assert response.status_code == 400
    assert complaint in response.json()["error_description"]


def test_register_client_rejects_non_json(http: httpx.Client) -> None:
    response = http.post("/_sandbox/clients", content=b"client_id=x")

    assert response.status_code == 400
    assert "JSON" in response.json()["error_description"]


def test_delayed_grant_shows_up_later(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-not-granted")
    headers = {"Authorization": f"Bearer {token}"}
    version = http.get("/_sandbox/permissions/po_demo", headers=headers).json()

    granted = http.post(
        "/_sandbox/grants",
        json={
            "principal_id": "po-not-granted",
            "package_key": "po_demo",
            "template": "ALL_PERMISSIONS",
            "delay_seconds": 0.3,
        },
    )
    before = http.get("/package-manager/api/packages", headers=headers).json()
    time.sleep(0.35)
    after = http.get("/package-manager/api/packages", headers=headers).json()
    sheet = http.get("/_sandbox/permissions/po_demo", headers=headers).json()

    assert granted.status_code == 201
    assert granted.json()["actions"] == ["USE", "EDIT", "DELETE", "MANAGE"]
    assert before == []
    assert [p["key"] for p in after] == ["po_demo"]
    assert sheet["version"] == version["version"] + 1


def test_grant_refusals(http: httpx.Client) -> None:
    unknown_package = http.post(
        "/_sandbox/grants",
        json={"client_id": "po-connector", "package_key": "nope", "actions": ["USE"]},
    )
    unknown_principal = http.post(
        "/_sandbox/grants",
        json={"client_id": "nobody", "package_key": "po_demo", "actions": ["USE"]},
    )
    bad_template = http.post(
        "/_sandbox/grants",
        json={"client_id": "po-connector", "package_key": "po_demo", "template": "X"},
    )
    bad_action = http.post(
        "/_sandbox/grants",
        json={"client_id": "po-connector", "package_key": "po_demo", "actions": ["X"]},
    )

    assert unknown_package.status_code == 404
    assert unknown_principal.status_code == 404
    assert bad_template.status_code == 400
    assert bad_action.status_code == 400


def test_state_describes_the_team(http: httpx.Client) -> None:
    state = http.get("/_sandbox/state").json()

    assert state["team"]["name"] == "ACME Sandbox"
    assert len(state["spaces"]) == 6
    assert set(state["packages"][0]) == {"id", "key", "name", "spaceId"}
    clients = {c["client_id"]: c for c in state["clients"]}
    assert set(clients) == {
        "po-connector",
        "po-connector-post",
        "po-no-triggers",
        "po-not-granted",
        "studio-admin",
    }
    assert clients["studio-admin"]["admin"] is True
    assert set(clients["po-connector"]) == {
        "client_id",
        "name",
        "auth_method",
        "scopes",
        "admin",
    }


def test_request_log_records_how_callers_authenticated(
    http: httpx.Client, token_for: Tokens
) -> None:
    token = token_for("po-connector")
    token_for("po-connector-post")
    http.get(
        "/package-manager/api/packages", headers={"Authorization": f"Bearer {token}"}
    )
    http.get("/api/cloud/team")

    entries = http.get("/_sandbox/requests").json()
    cleared = http.delete("/_sandbox/requests")
    after = http.get("/_sandbox/requests").json()

    assert [(e["auth"], e["client_id"], e["status"]) for e in entries] == [
        ("basic", "po-connector", 200),
        ("post", "po-connector-post", 200),
        ("bearer", "po-connector", 200),
        ("none", None, 401),
    ]
    assert entries[2] == {
        "method": "GET",
        "path": "/package-manager/api/packages",
        "status": 200,
        "auth": "bearer",
        "client_id": "po-connector",
    }
    assert cleared.status_code == 204
    assert after == []


def test_admin_answers_never_contain_secrets_or_tokens(
    http: httpx.Client, token_for: Tokens, seed_secrets: dict[str, str]
) -> None:
    http.post("/_sandbox/clients", json=new_client()).raise_for_status()
    tokens = [token_for(client_id) for client_id in seed_secrets]
    query_secret = "query-string-secret"
    http.post(
        "/oauth2/token",
        params={
            "grant_type": "client_credentials",
            "client_id": "po-connector-post",
            "client_secret": query_secret,
        },
    )
    for token in tokens:
        http.get("/api/cloud/team", headers={"Authorization": f"Bearer {token}"})

    texts = [
        http.get("/_sandbox/state").text,
        http.get("/_sandbox/requests").text,
        http.get("/_sandbox/faults").text,
    ]

    forbidden = [*seed_secrets.values(), "first-secret-value", query_secret, *tokens]
    for text in texts:
        for value in forbidden:
            assert value not in text
    assert "po-connector-post" in texts[1]
