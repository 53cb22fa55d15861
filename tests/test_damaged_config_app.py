"""A damaged connections file never stops the app, and no stored secret is lost."""

from __future__ import annotations

from tests.keyring_backends import DictKeyring, installed
from tests.leak_scan import SessionRecord
from tests.pilot_helpers import screen_text, settle
from tests.secret_session import ACME, fill_form, user_paths
from tui.app import CelonisConnectApp
from tui.context import build_context
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import SERVICE

CUT_OFF = b'{"version": 1, "connections": [{"name": "acme", "team_url": "https://ac'


async def test_a_cut_off_file_is_set_aside_and_its_secret_linked_again() -> None:
    config = user_paths().config_file
    config.parent.mkdir(parents=True)
    config.write_bytes(CUT_OFF)
    record = SessionRecord(user_paths().state_dir / "unused")
    with installed(DictKeyring()) as backend:
        backend.values[(SERVICE, "acme")] = "kept-secret-value"
        context = build_context()
        app = CelonisConnectApp(context)
        record.watch_notifications(app)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            told = "\n".join(record.notifications)
            assert f"{config} was damaged (not valid JSON: " in told
            assert "moved to" in told and "same name" in told
            assert "No connections yet" in screen_text(pilot)

            await fill_form(
                pilot, name="acme", team=ACME, client_id="cid-123", secret=""
            )
            await settle(pilot)

            assert "keyring" in screen_text(pilot)
        stored = context.service.get("acme")
        assert stored is not None
        assert stored.secret_location is SecretLocation.KEYRING
        assert context.service.secret_for(stored) == Secret("kept-secret-value")

    aside = list(config.parent.glob("connections.json.damaged-*"))
    assert [p.read_bytes() for p in aside] == [CUT_OFF]
