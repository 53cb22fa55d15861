"""Fault injection: every kind, its path prefix, repetition and clearing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

Tokens = Callable[..., str]
DISCOVERY = "/.well-known/openid-configuration"


def add_fault(http: httpx.Client, **fault: Any) -> dict[str, Any]:
    response = http.post("/_sandbox/faults", json=fault)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


def test_latency_delays_then_answers(http: httpx.Client) -> None:
    add_fault(http, kind="latency", seconds=0.3)

    started = time.perf_counter()
    slow = http.get(DISCOVERY)
    slow_time = time.perf_counter() - started
    started = time.perf_counter()
    http.get(DISCOVERY)
    fast_time = time.perf_counter() - started

    assert slow.status_code == 200
    assert slow_time >= 0.3
    assert fast_time < 0.2


def test_rate_limit_status_with_retry_after(http: httpx.Client) -> None:
    add_fault(
        http,
        kind="status",
        status=429,
        retry_after="7",
        headers={"x-ratelimit-reset": "7"},
    )

    limited = http.get(DISCOVERY)
    normal = http.get(DISCOVERY)

    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert limited.headers["x-ratelimit-reset"] == "7"
    assert limited.json()["errorCode"] == "LIMIT_RATE_EXCEEDED"
    assert normal.status_code == 200


def test_server_error_carries_a_support_id(http: httpx.Client) -> None:
    add_fault(http, kind="status", status=500)

    response = http.get(DISCOVERY)

    body = response.json()
    assert response.status_code == 500
    assert body["title"] == "Internal error"
    assert body["status"] == 500
    assert body["errorCode"] == "ADMIN_FATAL_ERROR"
    assert body["supportId"]
    assert body["detail"]


def test_status_with_custom_body_and_http_date_retry_after(http: httpx.Client) -> None:
    when = "Wed, 21 Oct 2026 07:28:00 GMT"
    add_fault(http, kind="status", status=503, retry_after=when, body={"down": True})

    response = http.get(DISCOVERY)

    assert response.status_code == 503
    assert response.headers["retry-after"] == when
    assert response.json() == {"down": True}


def test_fault_until_cleared_and_listing(http: httpx.Client) -> None:
    added = add_fault(http, kind="status", status=503, times=None)

    first = http.get(DISCOVERY).status_code
    second = http.get(DISCOVERY).status_code
    listed = http.get("/_sandbox/faults").json()
    cleared = http.delete("/_sandbox/faults").json()
    after = http.get(DISCOVERY).status_code

    assert (first, second, after) == (503, 503, 200)
    assert [f["id"] for f in listed] == [added["id"]]
    assert listed[0]["fired"] == 2
    assert listed[0]["times"] is None
    assert cleared == {"cleared": 1}
    assert http.get("/_sandbox/faults").json() == []


def test_fault_counts_down_and_respects_path(http: httpx.Client) -> None:
    add_fault(http, kind="status", status=500, times=2, path="/package-manager/")

    other = http.get(DISCOVERY).status_code
    hits = [http.get("/package-manager/api/packages").status_code for _ in range(3)]

    assert other == 200
    assert hits == [500, 500, 401]


def test_faults_never_touch_sandbox_paths(http: httpx.Client) -> None:
    add_fault(http, kind="status", status=500, times=None)

    assert http.get("/_sandbox/state").status_code == 200
    assert http.get("/_sandbox/faults").status_code == 200
    assert http.get(DISCOVERY).status_code == 500


def test_drop_breaks_the_connection(http: httpx.Client) -> None:
    add_fault(http, kind="drop")

    with pytest.raises(httpx.RemoteProtocolError):
        http.get(DISCOVERY)
    assert http.get(DISCOVERY).status_code == 200


def test_html_login_page(http: httpx.Client) -> None:
    add_fault(http, kind="html")

    response = http.get("/package-manager/api/packages")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html><html")
    assert "Sign in" in response.text


def test_wrong_content_type_keeps_json_looking_body(http: httpx.Client) -> None:
    add_fault(http, kind="wrong_content_type")

    response = http.get(DISCOVERY)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "token_endpoint" in json.loads(response.text)


def test_redirect(http: httpx.Client) -> None:
    add_fault(http, kind="redirect", status=301, location="https://login.example/")

    response = http.get("/package-manager/api/packages")

    assert response.status_code == 301
    assert response.headers["location"] == "https://login.example/"


def test_expire_tokens_applies_at_once(http: httpx.Client, token_for: Tokens) -> None:
    old = token_for("po-connector")
    headers = {"Authorization": f"Bearer {old}"}
    assert http.get("/api/cloud/team", headers=headers).status_code == 200

    applied = add_fault(http, kind="expire_tokens")
    expired = http.get("/api/cloud/team", headers=headers)
    fresh = http.get(
        "/api/cloud/team",
        headers={"Authorization": f"Bearer {token_for('po-connector')}"},
    )

    assert applied == {"kind": "expire_tokens", "expired": 1}
    assert expired.status_code == 401
    assert expired.json()["error"] == "invalid_token"
    assert fresh.status_code == 200
    assert http.get("/_sandbox/faults").json() == []


def test_faulted_requests_are_logged_with_their_status(http: httpx.Client) -> None:
    add_fault(http, kind="status", status=429)
    http.get(DISCOVERY)

    entries = http.get("/_sandbox/requests").json()

    assert [(e["path"], e["status"]) for e in entries] == [(DISCOVERY, 429)]


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "meteor"},
        {"kind": "latency", "seconds": -1},
        {"kind": "status", "status": 302},
        {"kind": "status", "retry_after": 7},
        {"kind": "status", "headers": {"x-note": "caf\u00e9 \u2615"}},
        {"kind": "redirect", "status": 302},
        {"kind": "redirect", "status": 200, "location": "/x"},
        {"kind": "html", "path": "no-slash"},
        {"kind": "html", "times": 0},
    ],
)
def test_bad_faults_are_rejected(http: httpx.Client, fault: dict[str, Any]) -> None:
    response = http.post("/_sandbox/faults", json=fault)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_oversize_sends_the_asked_size_announced_streamed_or_gzipped(
    http: httpx.Client,
) -> None:
    add_fault(http, kind="oversize", size=3_000_000, announce=True)
    announced = http.get(DISCOVERY)
    assert announced.headers["content-length"] == "3000000"
    assert len(announced.content) == 3_000_000

    add_fault(http, kind="oversize", size=2_500_000)
    streamed = http.get(DISCOVERY)
    assert "content-length" not in streamed.headers
    assert len(streamed.content) == 2_500_000

    add_fault(http, kind="oversize", size=5_000_000, gzip=True)
    with http.stream("GET", DISCOVERY) as packed:
        on_the_wire = sum(len(part) for part in packed.iter_raw())
        assert packed.headers["content-encoding"] == "gzip"
    assert on_the_wire < 50_000

    add_fault(http, kind="oversize", size=10, gzip=True)
    assert http.get(DISCOVERY).content == b"0" * 10


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"size": "big"}, "'size', a number of bytes"),
        ({"size": 0}, "'size' must be from 1 to"),
        ({"size": 10, "gzip": "yes"}, "must be true or false"),
    ],
)
def test_oversize_names_a_bad_field(
    http: httpx.Client, fault: dict[str, Any], message: str
) -> None:
    response = http.post("/_sandbox/faults", json={"kind": "oversize", **fault})
    assert response.status_code == 400
    assert message in response.text


def test_oversize_can_stack_gzip_layers(http: httpx.Client) -> None:
    import zlib

    add_fault(http, kind="oversize", size=100_000, gzip=True, layers=2)
    with http.stream("GET", DISCOVERY) as packed:
        assert packed.headers["content-encoding"] == "gzip, gzip"
        raw = b"".join(packed.iter_raw())
    inner = zlib.decompress(raw, wbits=31)
    assert zlib.decompress(inner, wbits=31) == b"0" * 100_000

    response = http.post(
        "/_sandbox/faults", json={"kind": "oversize", "size": 10, "layers": 4}
    )
    assert response.status_code == 400 and "'layers'" in response.text
