"""A whole session, then a search for its secrets everywhere they must not be.

The session adds connections, tests them green and red, meets a locked and a hung
keyring, moves to the encrypted file, restarts, browses Studio, copies a key, grants
from the permissions screen, and runs the commands (list, info, test, packages and
grant, all as JSON exports). Then every
file under the private home, the log, every screen, every snapshot, every
notification and all command output are scanned for the client secrets, the
passphrase and every access token the sandbox issued: there must be no hit.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.keyring_backends import DictKeyring, HangingKeyring, LockedKeyring, installed
from tests.leak_scan import SessionRecord, assert_no_leaks, find_leaks
from tests.pilot_helpers import settle
from tests.sandbox_admin import grant, register_client
from tests.secret_session import fill_form, paste, user_paths, write_settings
from tui.app import CelonisConnectApp
from tui.cli import main
from tui.context import build_context
from tui.log_setup import MASK
from tui.sandbox.model import Token

SECRET = "Leak-Canary-S3cret-7f3a9"
WRONG_SECRET = "Wrong-Canary-S3cret-11b"
ROTATED_SECRET = "Rotated-Canary-S3cret-99c"
PASSPHRASE = "leak canary passphrase 42"
SIZE = (100, 40)


@pytest.fixture
def issued_tokens(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every access token the sandbox hands out during the test."""
    tokens: list[str] = []
    issue = sandbox.state.tokens.issue

    def recording(*args: Any, **kwargs: Any) -> Token:
        token: Token = issue(*args, **kwargs)
        tokens.append(token.value)
        return token

    monkeypatch.setattr(sandbox.state.tokens, "issue", recording)
    return tokens


async def back(pilot: Pilot[Any]) -> None:
    await pilot.press("escape")
    await settle(pilot)


async def run_test_screen(pilot: Pilot[Any], record: SessionRecord, step: str) -> str:
    await pilot.press("t")
    await settle(pilot)
    shown = await record.capture(pilot, step)
    await back(pilot)
    return shown


async def first_run(record: SessionRecord, sandbox_url: str) -> None:
    """Keyring connections, green and red tests, then a locked and a hung keyring."""
    app = CelonisConnectApp(build_context())
    record.watch_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await record.capture(pilot, "start")
        await fill_form(
            pilot,
            name="leaky",
            team=sandbox_url,
            client_id="leak-client",
            secret=SECRET,
            package="po_demo",
        )
        await settle(pilot)
        await record.capture(pilot, "saved")
        assert "PASSED" in await run_test_screen(pilot, record, "test-green")

        await fill_form(
            pilot,
            name="wrong",
            team=sandbox_url,
            client_id="leak-client",
            secret=WRONG_SECRET,
        )
        await settle(pilot)
        await pilot.press("down")
        assert "invalid_client" in await run_test_screen(pilot, record, "test-red")
        await pilot.press("up")

        with installed(LockedKeyring()):
            assert "locked" in await run_test_screen(pilot, record, "test-locked")
            await pilot.press("e")
            await settle(pilot)
            await paste(pilot, ROTATED_SECRET, into="#secret")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "locked" in await record.capture(pilot, "save-locked")
            await back(pilot)
            await pilot.press("y")
            await settle(pilot)
        with installed(HangingKeyring()):
            assert "did not answer" in await run_test_screen(pilot, record, "test-hung")


async def second_run(record: SessionRecord) -> None:
    """Move to the encrypted file and store the secret there."""
    app = CelonisConnectApp(build_context())
    record.watch_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        for _ in range(2):
            await paste(pilot, PASSPHRASE)
            await pilot.press("enter")
        await settle(pilot)
        await record.capture(pilot, "encrypted-file")
        await pilot.press("e")
        await settle(pilot)
        await paste(pilot, SECRET, into="#secret")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await record.capture(pilot, "saved-encrypted")


async def third_run(record: SessionRecord) -> None:
    """Restart: type the passphrase, test green from the encrypted file."""
    app = CelonisConnectApp(build_context())
    record.watch_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await record.capture(pilot, "unlock")
        await paste(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert "PASSED" in await run_test_screen(pilot, record, "test-after-restart")
        await browse_and_grant(pilot, record)


async def browse_and_grant(pilot: Pilot[Any], record: SessionRecord) -> None:
    """Studio browser, a copied key, then a grant saved from the permissions screen."""
    await pilot.press("b")
    await settle(pilot)
    assert "po_demo" in await record.capture(pilot, "browse")
    await pilot.press("c")
    await settle(pilot)
    await back(pilot)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await record.capture(pilot, "permissions")
    await pilot.press("a")
    await pilot.press("ctrl+s")
    await settle(pilot)
    await record.capture(pilot, "grant-diff")
    await pilot.press("y")
    await settle(pilot)
    assert "VERIFIED" in await record.capture(pilot, "granted")
    await back(pilot)


def run_commands(record: SessionRecord) -> None:
    """The commands a script would run; blocking, so the test runs it in a thread."""
    for argv in (
        ["list", "--json"],
        ["info", "--json"],
        ["test", "leaky", "--json"],
        ["packages", "leaky", "--json"],
        ["grant", "leaky", "--package", "approval_workflows", "--yes", "--json"],
    ):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            main(argv)
        record.add(f"command {' '.join(argv)}", out.getvalue() + err.getvalue())
    assert '"passed": true' in record.texts["command test leaky --json"]


async def test_a_whole_session_leaves_no_secret_or_token_anywhere(
    sandbox_url: str,
    issued_tokens: list[str],
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_client(sandbox_url, "leak-client", SECRET)
    grant(sandbox_url, "leak-client", "po_demo")
    write_settings(keyring_deadline=0.5)
    record = SessionRecord(tmp_path / "snapshots")

    with installed(DictKeyring()):
        await first_run(record, sandbox_url)
        await second_run(record)
        await third_run(record)
        monkeypatch.setenv("CELONIS_CONNECT_PASSPHRASE", PASSPHRASE)
        await asyncio.to_thread(run_commands, record)

    careless = logging.getLogger("tui.careless_call_site")
    careless.info("sent Authorization: Bearer %s", issued_tokens[0])
    careless.info("form client_secret=%s&x=1, passphrase: %s", SECRET, PASSPHRASE)
    careless.info("raw token %s, raw secret %s", issued_tokens[-1], SECRET)
    log = user_paths().log_file.read_text(encoding="utf-8")
    assert "token request for client leak-client" in log
    assert len(issued_tokens) >= 3
    assert log.count(MASK) >= 5
    for mention in re.finditer(r"(?i)(bearer|client_secret|passphrase)[\s:=\"']+", log):
        assert log[mention.end() :].startswith(MASK), log[mention.start() :][:80]
    secrets = [SECRET, WRONG_SECRET, ROTATED_SECRET, PASSPHRASE, *issued_tokens]
    assert len(record.texts) > 20
    assert_no_leaks([private_home, tmp_path / "snapshots"], record.all_texts(), secrets)


def test_the_scan_finds_a_secret_in_any_of_its_disguises(tmp_path: Path) -> None:
    import base64

    secret = "Canary/S3cret+=x"
    (tmp_path / "plain.txt").write_text(f"x {secret} y")
    (tmp_path / "b64.cfg").write_text(base64.b64encode(secret.encode()).decode())
    (tmp_path / "url.log").write_text("client_secret=Canary%2FS3cret%2B%3Dx")

    leaks = find_leaks([tmp_path], {"screen": "fine", "toast": secret}, [secret])

    assert len(leaks) == 4
    assert all("secret #1" in leak for leak in leaks)
