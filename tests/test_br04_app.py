"""BR-04 through the app: a secret full of backslashes is saved, read back, kept
over a restart, and reaches the token endpoint character for character."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext

import keyring.backend
import pytest
from textual.widgets import DataTable, Static

from screens.connection_form import ConnectionFormScreen
from screens.connections import ConnectionsScreen
from tests.keyring_backends import DictKeyring, EmptyReadBackKeyring, installed
from tests.pilot_helpers import screen_text, settle
from tests.real_parts import has_secret_service, require_real_part
from tests.sandbox_admin import received, register_client
from tests.secret_session import config_text, fill_form
from tui.app import CelonisConnectApp
from tui.context import build_context
from tui.secret_store import KeyringSecretStore

BR04_SECRET = "a\\u0142b\\\\c\"d'e ł😀+/=%:"
SIZE = (100, 40)


@pytest.fixture(params=["dict", "secret-service"])
def keyring_under_test(
    request: pytest.FixtureRequest,
) -> Iterator[AbstractContextManager[object]]:
    if request.param == "dict":
        yield installed(DictKeyring())
        return
    require_real_part(has_secret_service(), "no Secret Service on a D-Bus session")
    import keyring.core

    keyring.core.init_backend()
    try:
        yield nullcontext()
    finally:
        KeyringSecretStore().delete("br04")


async def test_br04_secret_survives_a_restart_and_is_sent_unchanged(
    sandbox_url: str, keyring_under_test: AbstractContextManager[object]
) -> None:
    register_client(sandbox_url, "br04-client", BR04_SECRET)
    with keyring_under_test:
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await fill_form(
                pilot,
                name="br04",
                team=sandbox_url,
                client_id="br04-client",
                secret=BR04_SECRET,
            )
            await settle(pilot)
            assert isinstance(app.screen, ConnectionsScreen), screen_text(pilot)
            assert "keyring" in screen_text(pilot)

        assert KeyringSecretStore().load("br04") is not None
        restarted = CelonisConnectApp(build_context())
        async with restarted.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert restarted.screen.query_one(DataTable).row_count == 1
            await pilot.press("t")
            await settle(pilot)
            shown = screen_text(pilot)

    assert "OK      Access token" in shown, shown
    token_calls = [r for r in received(sandbox_url) if r["path"] == "/oauth2/token"]
    assert token_calls[0]["client_id"] == "br04-client"
    assert token_calls[0]["status"] == 200
    assert "ł😀" not in config_text()


async def test_br04_a_value_read_back_empty_is_a_failed_save() -> None:
    backend: keyring.backend.KeyringBackend = EmptyReadBackKeyring()
    with installed(backend):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await fill_form(
                pilot,
                name="br04",
                team="https://acme.eu-1.celonis.cloud",
                client_id="cid-123",
                secret=BR04_SECRET,
            )
            await settle(pilot)

            assert isinstance(app.screen, ConnectionFormScreen)
            error = str(app.screen.query_one("#form-error", Static).render())
            assert "returned nothing when the secret was read back" in error
            assert "not stored" in error

    assert "br04" not in config_text()
