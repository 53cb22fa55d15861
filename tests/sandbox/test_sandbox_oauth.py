"""The sandbox's OAuth token endpoint, discovery document and team endpoint."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from urllib.parse import quote_plus

import httpx

from tui.sandbox import SandboxServer

FIVE_SCOPES = (
    "orchestration-engine studio knowledge-models:query "
    "knowledge-models.augmented-attributes:update triggers:manage"
)
ODD_ID = "cid 1/Q"
ODD_SECRET = "z/tZ9+Vw:X2/8bL+w=%41"
CLIENT_CREDENTIALS = {"grant_type": "client_credentials"}


def rfc_basic(client_id: str, secret: str) -> dict[str, str]:
    joined = f"{quote_plus(client_id)}:{quote_plus(secret)}"
    return {"Authorization": "Basic " + base64.b64encode(joined.encode()).decode()}


def raw_basic(client_id: str, secret: str) -> dict[str, str]:
    joined = f"{client_id}:{secret}"
    return {"Authorization": "Basic " + base64.b64encode(joined.encode()).decode()}


def assert_invalid_client(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"] == 'Basic realm="oauth2"'


def test_basic_client_gets_token_with_registered_scopes(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        data=CLIENT_CREDENTIALS,
        auth=("po-connector", "sandbox-po-secret"),
    )

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 899
    assert body["scope"] == FIVE_SCOPES
    assert body["access_token"]
    assert response.headers["cache-control"] == "no-store"


def test_post_client_gets_token_with_form_fields(http: httpx.Client) -> None:
    data = {
        **CLIENT_CREDENTIALS,
        "client_id": "po-connector-post",
        "client_secret": "sandbox-post-secret",
        "scope": "studio",
    }
    response = http.post("/oauth2/token", data=data)

    assert response.status_code == 200
    assert response.json()["scope"] == "studio"


def test_basic_client_refused_when_posting_credentials(http: httpx.Client) -> None:
    data = {
        **CLIENT_CREDENTIALS,
        "client_id": "po-connector",
        "client_secret": "sandbox-po-secret",
    }

    assert_invalid_client(http.post("/oauth2/token", data=data))


def test_post_client_refused_with_basic_header(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        data=CLIENT_CREDENTIALS,
        auth=("po-connector-post", "sandbox-post-secret"),
    )

    assert_invalid_client(response)


def test_wrong_secret_and_unknown_client_are_invalid_client(http: httpx.Client) -> None:
    wrong = http.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=("po-connector", "nope")
    )
    unknown = http.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=("nobody", "sandbox-po-secret")
    )
    missing = http.post("/oauth2/token", data=CLIENT_CREDENTIALS)

    for response in (wrong, unknown, missing):
        assert_invalid_client(response)


def test_both_methods_at_once_is_invalid_client(http: httpx.Client) -> None:
    data = {**CLIENT_CREDENTIALS, "client_secret": "sandbox-po-secret"}
    response = http.post(
        "/oauth2/token", data=data, auth=("po-connector", "sandbox-po-secret")
    )

    assert_invalid_client(response)


def test_rfc6749_encoded_basic_credentials(http: httpx.Client) -> None:
    registered = http.post(
        "/_sandbox/clients",
        json={
            "client_id": ODD_ID,
            "client_secret": ODD_SECRET,
            "auth_method": "client_secret_basic",
            "scopes": ["studio"],
        },
    )
    assert registered.status_code == 201

    encoded = http.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, headers=rfc_basic(ODD_ID, ODD_SECRET)
    )
    unencoded = http.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, headers=raw_basic(ODD_ID, ODD_SECRET)
    )

    assert encoded.status_code == 200, encoded.text
    assert encoded.json()["scope"] == "studio"
    assert_invalid_client(unencoded)


def test_rfc6749_special_characters_with_post(http: httpx.Client) -> None:
    http.post(
        "/_sandbox/clients",
        json={
            "client_id": ODD_ID,
            "client_secret": ODD_SECRET,
            "auth_method": "client_secret_post",
            "scopes": ["studio"],
        },
    ).raise_for_status()
    data = {**CLIENT_CREDENTIALS, "client_id": ODD_ID, "client_secret": ODD_SECRET}

    posted = http.post("/oauth2/token", data=data)
    as_basic = http.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, headers=rfc_basic(ODD_ID, ODD_SECRET)
    )

    assert posted.status_code == 200, posted.text
    assert_invalid_client(as_basic)


def test_scope_not_registered_is_invalid_scope(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": FIVE_SCOPES},
        auth=("po-no-triggers", "sandbox-short-secret"),
    )

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_scope"
    assert FIVE_SCOPES in body["error_description"]


def test_subset_of_scopes_is_granted_in_registered_order(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": "triggers:manage studio"},
        auth=("po-connector", "sandbox-po-secret"),
    )

    assert response.json()["scope"] == "studio triggers:manage"


def test_grant_type_errors(http: httpx.Client) -> None:
    auth = ("po-connector", "sandbox-po-secret")

    missing = http.post("/oauth2/token", data={"scope": "studio"}, auth=auth)
    other = http.post("/oauth2/token", data={"grant_type": "password"}, auth=auth)

    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"
    assert other.status_code == 400
    assert other.json()["error"] == "unsupported_grant_type"


def test_repeated_parameter_is_invalid_request(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        content="grant_type=client_credentials&grant_type=client_credentials",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=("po-connector", "sandbox-po-secret"),
    )

    assert response.json()["error"] == "invalid_request"


def test_multipart_body_like_the_docs_curl_example(http: httpx.Client) -> None:
    fields = {
        "client_id": "po-connector-post",
        "client_secret": "sandbox-post-secret",
        "grant_type": "client_credentials",
        "scope": "studio orchestration-engine",
    }
    files = {name: (None, value) for name, value in fields.items()}
    response = http.post("/oauth2/token", files=files)

    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "orchestration-engine studio"


def test_parameters_in_query_string_like_postman(http: httpx.Client) -> None:
    response = http.post(
        "/oauth2/token",
        params={"grant_type": "client_credentials", "scope": "studio"},
        auth=("po-connector", "sandbox-po-secret"),
    )

    assert response.status_code == 200
    assert response.json()["scope"] == "studio"


def test_short_lifetime_token_expires(
    server: SandboxServer, http: httpx.Client
) -> None:
    server.state.token_lifetime_seconds = 0.3
    issued = http.post(
        "/oauth2/token",
        data=CLIENT_CREDENTIALS,
        auth=("po-connector", "sandbox-po-secret"),
    ).json()
    headers = {"Authorization": f"Bearer {issued['access_token']}"}

    fresh = http.get("/api/cloud/team", headers=headers)
    time.sleep(0.35)
    stale = http.get("/api/cloud/team", headers=headers)

    assert issued["expires_in"] == 0
    assert fresh.status_code == 200
    assert stale.status_code == 401
    assert stale.json()["error"] == "invalid_token"
    assert stale.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_token_lifetime_from_settings_call(http: httpx.Client) -> None:
    changed = http.post("/_sandbox/settings", json={"token_lifetime_seconds": 60})
    issued = http.post(
        "/oauth2/token",
        data=CLIENT_CREDENTIALS,
        auth=("po-connector", "sandbox-po-secret"),
    )

    assert changed.json() == {"token_lifetime_seconds": 60.0}
    assert issued.json()["expires_in"] == 60


def test_discovery_document_uses_request_base(
    server: SandboxServer, http: httpx.Client
) -> None:
    document = http.get("/.well-known/openid-configuration").json()

    assert document["issuer"] == server.base_url
    assert document["token_endpoint"] == f"{server.base_url}/oauth2/token"
    assert document["grant_types_supported"] == ["client_credentials"]
    assert set(document["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }
    assert "triggers:manage" in document["scopes_supported"]


def test_team_needs_a_valid_token(
    http: httpx.Client, token_for: Callable[..., str]
) -> None:
    token = token_for("po-not-granted")

    team = http.get("/api/cloud/team", headers={"Authorization": f"Bearer {token}"})
    anonymous = http.get("/api/cloud/team")
    bogus = http.get("/api/cloud/team", headers={"Authorization": "Bearer nope"})

    assert team.json() == {
        "id": team.json()["id"],
        "name": "ACME Sandbox",
        "domain": "acme",
    }
    assert anonymous.status_code == 401
    assert bogus.json()["error"] == "invalid_token"
