"""Broken keyrings met through the app: it says what is wrong, never hangs, keeps input.

BR-01 (no keyring on a headless host) and BR-02 (a locked keyring that would wait for
an unlock prompt) as a user meets them, with backends that behave that way.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from screens.connection_form import ConnectionFormScreen
from screens.connection_test import ConnectionTestScreen
from screens.error_dialog import ErrorDialog
from tests.keyring_backends import (
    DictKeyring,
    HangingKeyring,
    LockedKeyring,
    SlowSaveKeyring,
    fail_keyring,
    installed,
    null_keyring,
)
from tests.pilot_helpers import screen_text, settle
from tests.secret_session import (
    ACME,
    config_text,
    fill_form,
    stored_connection,
    user_paths,
    write_settings,
)
from tests.test_local_state import unwritable_folder
from tui.app import CelonisConnectApp
from tui.context import build_context

SIZE = (100, 40)


def status_line(app: CelonisConnectApp) -> str:
    return str(app.screen.query_one("#connections-status", Static).render())


async def test_br01_no_keyring_says_why_keeps_the_form_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with installed(fail_keyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            status = status_line(app)
            assert "keyring unavailable" in status
            assert "keyring.backends.fail.Keyring" in status
            assert "dbus-run-session" in status
            assert "f2: why other backends failed" in status
            assert "o: keep secrets in an encrypted file" in status
            assert "SecretService.Keyring (" not in status

            await pilot.press("f2")
            await settle(pilot)
            info = screen_text(pilot)
            assert "SecretService.Keyring (" in info
            assert "DBUS_SESSION_BUS_ADDRESS is unset" in info
            assert "dbus-run-session" in info
            await pilot.press("escape")
            await settle(pilot)

            await fill_form(
                pilot,
                name="acme",
                team=ACME,
                client_id="cid-123",
                secret="S3cr3t-Value",
            )
            await settle(pilot)

            assert isinstance(app.screen, ConnectionFormScreen)
            error = str(app.screen.query_one("#form-error", Static).render())
            assert "No OS keyring can be used on this machine" in error
            assert "keyring chose keyring.backends.fail.Keyring" in error
            assert "Rejected: SecretService.Keyring" in error
            assert "PYTHON_KEYRING_BACKEND" in error
            assert "gnome-keyring-daemon --unlock" in error
            assert "Everything you typed is still here" in error
            assert app.screen.query_one("#name", Input).value == "acme"
            assert app.screen.query_one("#team", Input).value == ACME
            assert app.screen.query_one("#client-id", Input).value == "cid-123"
            assert "S3cr3t-Value" not in screen_text(pilot)

    assert "acme" not in config_text()
    assert not user_paths().data_dir.exists()


async def test_br02_a_locked_keyring_fails_the_test_within_the_deadline() -> None:
    write_settings(keyring_deadline=0.5)
    stored_connection()
    with installed(HangingKeyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "keyring slow" in status_line(app)
            assert "did not answer within 0.5 s" in status_line(app)

            started = time.monotonic()
            await pilot.press("t")
            await settle(pilot)
            waited = time.monotonic() - started
            shown = screen_text(pilot)

            assert isinstance(app.screen, ConnectionTestScreen)
            assert waited < 3, waited
            assert "FAIL    Client secret" in shown
            assert "did not answer the read within 0.5 s" in shown
            assert "locked" in shown
            assert "gnome-keyring-daemon --replace --unlock" in shown
            assert "FAILED: the client secret could not be read" in shown
            assert not app.screen.query(ErrorDialog)

    stored = build_context().service.get("acme")
    assert stored is not None and stored.last_test is None


async def test_br02_esc_cancels_the_secret_read_at_once() -> None:
    write_settings(keyring_deadline=30)
    stored_connection()
    with installed(DictKeyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            with installed(HangingKeyring()):
                started = time.monotonic()
                await pilot.press("t")
                await pilot.pause(0.2)
                await pilot.press("escape")
                await settle(pilot)

                assert time.monotonic() - started < 3
                assert "Cancelled" in screen_text(pilot)
                await pilot.press("escape")
                await settle(pilot)
                assert "acme" in screen_text(pilot)

    stored = build_context().service.get("acme")
    assert stored is not None and stored.last_test is None


async def test_a_locked_keyring_names_the_unlock_fix_at_start_and_on_test() -> None:
    stored_connection()
    with installed(LockedKeyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "keyring locked" in status_line(app)
            assert "gnome-keyring-daemon --replace --unlock" in status_line(app)

            await pilot.press("t")
            await settle(pilot)

            shown = screen_text(pilot)
            assert "The OS keyring cannot be used: the keyring is locked" in shown
            assert "Fix: Unlock it from the desktop session" in shown


async def test_esc_cancels_a_slow_save_and_nothing_is_stored() -> None:
    write_settings(keyring_deadline=30)
    with installed(SlowSaveKeyring()) as backend:
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await fill_form(
                pilot,
                name="acme",
                team=ACME,
                client_id="cid-123",
                secret="S3cr3t-Value",
            )
            assert backend.saving.wait(5)
            await pilot.pause(0.3)
            assert "Saving the secret to the OS keyring" in screen_text(pilot)
            assert "esc cancels" in screen_text(pilot)

            await pilot.press("escape")
            await settle(pilot)

            assert isinstance(app.screen, ConnectionFormScreen)
            assert "Save cancelled: nothing was changed." in screen_text(pilot)
            assert app.screen.query_one("#client-id", Input).value == "cid-123"
        backend.release.set()
        time.sleep(0.3)
        assert backend.values == {}
    assert "acme" not in config_text()


async def test_a_switched_off_keyring_is_disabled_and_refuses_to_save() -> None:
    with installed(null_keyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "keyring disabled" in status_line(app)

            await fill_form(
                pilot,
                name="acme",
                team=ACME,
                client_id="cid-123",
                secret="S3cr3t-Value",
            )
            await settle(pilot)

            assert isinstance(app.screen, ConnectionFormScreen)
            assert "switched off" in screen_text(pilot)
    assert "acme" not in config_text()


async def test_an_unwritable_config_folder_shows_in_the_status_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(unwritable_folder(tmp_path)))
    with installed(DictKeyring()):
        app = CelonisConnectApp(build_context())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await fill_form(
                pilot,
                name="acme",
                team=ACME,
                client_id="cid-123",
                secret="S3cr3t-Value",
            )
            await settle(pilot)

            assert "kept in memory for this session" in status_line(app)
            assert "acme" in screen_text(pilot)
