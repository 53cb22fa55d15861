"""Orchestration Engine signals on the sandbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx

Tokens = Callable[..., str]
SIGNALS = "/oe/api/packages/{key}/signals"


def signal(
    http: httpx.Client,
    token: str | None,
    key: str = "po_demo",
    event: str | None = "start-process",
    body: object = None,
) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    if event is not None:
        headers["ce-type"] = event
    payload = {"orderId": "4711"} if body is None else body
    return http.post(SIGNALS.format(key=key), headers=headers, json=payload)


def test_signal_is_accepted_and_recorded(http: httpx.Client, token_for: Tokens) -> None:
    response = signal(http, token_for("po-connector"))

    assert response.status_code == 202
    instance_id = response.json()["instanceId"]
    assert uuid.UUID(instance_id)
    recorded = http.get("/_sandbox/state").json()["signals"]
    assert len(recorded) == 1
    assert recorded[0]["instance_id"] == instance_id
    assert recorded[0]["package_key"] == "po_demo"
    assert recorded[0]["event_type"] == "start-process"
    assert recorded[0]["client_id"] == "po-connector"
    assert recorded[0]["payload"] == {"orderId": "4711"}


def test_post_client_can_signal_too(http: httpx.Client, token_for: Tokens) -> None:
    response = signal(http, token_for("po-connector-post"), event="finish-step")

    assert response.status_code == 202


def test_signal_needs_a_token_and_the_scope(
    http: httpx.Client, token_for: Tokens
) -> None:
    anonymous = signal(http, None)
    studio_only = signal(http, token_for("po-connector", scope="studio"))

    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "invalid_token"
    assert studio_only.status_code == 403
    assert 'scope="orchestration-engine"' in studio_only.headers["www-authenticate"]


def test_signal_needs_use_and_edit(http: httpx.Client, token_for: Tokens) -> None:
    not_granted = signal(http, token_for("po-not-granted"))
    use_only = signal(
        http, token_for("po-connector"), key="order_management_starter_kit"
    )

    assert not_granted.status_code == 403
    assert "USE and EDIT" in not_granted.json()["errorInformation"]
    assert use_only.status_code == 403
    assert use_only.json()["errorInformation"].endswith("lacks EDIT.")


def test_signal_to_unknown_package_is_404(
    http: httpx.Client, token_for: Tokens
) -> None:
    response = signal(http, token_for("po-connector"), key="no_such_package")

    assert response.status_code == 404


def test_signal_needs_a_known_event_type(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-connector")

    unknown = signal(http, token, event="explode")
    missing = signal(http, token, event=None)

    assert unknown.status_code == 400
    assert unknown.json()["error"] == "unknown_event_type"
    assert missing.status_code == 400
    assert missing.json()["error"] == "unknown_event_type"


def test_signal_needs_a_json_body(http: httpx.Client, token_for: Tokens) -> None:
    headers = {
        "Authorization": f"Bearer {token_for('po-connector')}",
        "ce-type": "start-process",
    }

    plain = http.post(
        SIGNALS.format(key="po_demo"),
        headers={**headers, "Content-Type": "text/plain"},
        content=b"hello",
    )
    broken = http.post(
        SIGNALS.format(key="po_demo"),
        headers={**headers, "Content-Type": "application/json"},
        content=b"{not json",
    )

    assert plain.status_code == 400
    assert broken.status_code == 400
    assert http.get("/_sandbox/state").json()["signals"] == []
