"""The encrypted file as a user meets it on a host with no keyring: offered, chosen
with o, the passphrase typed into the app, asked again after a restart."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from textual.pilot import Pilot
from textual.widgets import Static

from screens.connections import ConnectionsScreen
from screens.passphrase_dialog import PassphraseDialog
from tests.keyring_backends import fail_keyring, installed
from tests.pilot_helpers import screen_text, settle
from tests.sandbox_admin import register_client
from tests.secret_session import fill_form, paste, user_paths, write_settings
from tui.app import CelonisConnectApp
from tui.context import build_context

PASSPHRASE = "correct horse battery"
SECRET = "Encrypted-S3cret-Value"
SIZE = (100, 40)


def status_line(app: CelonisConnectApp) -> str:
    return str(app.screen.query_one("#connections-status", Static).render())


async def enter_passphrase(pilot: Pilot[Any], *texts: str) -> None:
    """Paste each passphrase into the focused field and press enter."""
    for text in texts:
        await paste(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyringBackend]:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with installed(fail_keyring()) as backend:
        yield backend


async def test_choose_the_encrypted_file_save_restart_and_unlock(
    sandbox_url: str,
) -> None:
    register_client(sandbox_url, "enc-client", SECRET)
    app = CelonisConnectApp(build_context())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "o: keep secrets in an encrypted file" in status_line(app)

        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PassphraseDialog)
        assert "at least 8 characters" in screen_text(pilot)
        await enter_passphrase(pilot, PASSPHRASE, PASSPHRASE)

        assert isinstance(app.screen, ConnectionsScreen)
        assert "encrypted file" in status_line(app) and "(unlocked)" in status_line(app)
        await fill_form(
            pilot, name="enc", team=sandbox_url, client_id="enc-client", secret=SECRET
        )
        await settle(pilot)
        assert "encrypted-file" in screen_text(pilot)

    paths = user_paths()
    settings = json.loads(paths.settings_file.read_text())
    assert settings["secret_backend"] == "encrypted-file"
    raw = paths.encrypted_secrets_file.read_bytes()
    assert SECRET.encode() not in raw and PASSPHRASE.encode() not in raw
    assert stat.S_IMODE(os.stat(paths.encrypted_secrets_file).st_mode) == 0o600

    restarted = CelonisConnectApp(build_context())
    async with restarted.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(restarted.screen, PassphraseDialog)
        assert "Unlock the encrypted secrets file" in screen_text(pilot)

        await enter_passphrase(pilot, "not the passphrase")
        assert isinstance(restarted.screen, PassphraseDialog)
        assert "Wrong passphrase" in screen_text(pilot)

        await enter_passphrase(pilot, PASSPHRASE)
        assert isinstance(restarted.screen, ConnectionsScreen)
        await pilot.press("t")
        await settle(pilot)
        assert "OK      Access token" in screen_text(pilot)


async def test_a_dismissed_unlock_leaves_a_locked_store_that_says_so() -> None:
    write_settings(secret_backend="encrypted-file")
    app = CelonisConnectApp(build_context())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PassphraseDialog)
        await pilot.press("escape")
        await settle(pilot)

        assert "is locked: press o to create it" in status_line(app)
        await fill_form(
            pilot,
            name="enc",
            team="https://acme.eu-1.celonis.cloud",
            client_id="cid-123",
            secret=SECRET,
        )
        await settle(pilot)
        assert "encrypted secrets file" in screen_text(pilot)
        assert "is locked" in screen_text(pilot)


async def test_a_new_passphrase_must_be_long_enough_and_typed_twice() -> None:
    app = CelonisConnectApp(build_context())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

        await enter_passphrase(pilot, "short", "short")
        assert "at least 8 characters (this has 5)" in screen_text(pilot)
        await pilot.press("shift+tab")
        await enter_passphrase(pilot, "long enough one", "long enough two")
        assert "The two passphrases differ" in screen_text(pilot)
        assert isinstance(app.screen, PassphraseDialog)
    assert not user_paths().encrypted_secrets_file.exists()


async def test_plaintext_only_with_the_flag_and_its_warning_stays(
    sandbox_url: str,
) -> None:
    app = CelonisConnectApp(build_context(plaintext_secrets=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "WARNING: secrets are stored UNENCRYPTED" in status_line(app)
        await fill_form(
            pilot, name="plain", team=sandbox_url, client_id="cid-123", secret=SECRET
        )
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        assert "WARNING: secrets are stored UNENCRYPTED" in status_line(app)
    path = user_paths().plaintext_secrets_file
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
