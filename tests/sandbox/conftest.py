"""Fixtures for the sandbox server tests: a fresh seeded server per test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from tui.sandbox import SandboxServer

SEED_SECRETS = {
    "po-connector": "sandbox-po-secret",
    "po-connector-post": "sandbox-post-secret",
    "po-no-triggers": "sandbox-short-secret",
    "po-not-granted": "sandbox-new-secret",
    "studio-admin": "sandbox-admin-secret",
}
POST_CLIENTS = {"po-connector-post"}

TokenFactory = Callable[..., str]


@pytest.fixture
def seed_secrets() -> dict[str, str]:
    return dict(SEED_SECRETS)


@pytest.fixture(scope="session")
def stoppers() -> Iterator[list[threading.Thread]]:
    """Servers stop in the background while the next test runs; join at the end."""
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join()


@pytest.fixture
def server(stoppers: list[threading.Thread]) -> Iterator[SandboxServer]:
    running = SandboxServer()
    running.start()
    yield running
    stopper = threading.Thread(target=running.stop)
    stopper.start()
    stoppers.append(stopper)


@pytest.fixture
def http(server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=5.0) as client:
        yield client


@pytest.fixture
def token_for(http: httpx.Client) -> TokenFactory:
    """Get an access token for a seeded client, with its registered method."""

    def get(client_id: str, scope: str | None = None) -> str:
        secret = SEED_SECRETS[client_id]
        data = {"grant_type": "client_credentials"}
        if scope is not None:
            data["scope"] = scope
        if client_id in POST_CLIENTS:
            data |= {"client_id": client_id, "client_secret": secret}
            response = http.post("/oauth2/token", data=data)
        else:
            response = http.post("/oauth2/token", data=data, auth=(client_id, secret))
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    return get


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def auth_header() -> Callable[[str], dict[str, str]]:
    return bearer
