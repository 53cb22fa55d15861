"""Done-when, in a real terminal: on a host with no keyring daemon the app starts,
says what is wrong and how to fix it, and offers the encrypted file, which works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.real_parts import has_tmux, require_real_part
from tests.terminal_session import APP, TerminalSession

pytestmark = [pytest.mark.tmux, pytest.mark.slow]
PASSPHRASE = "correct horse battery"


@pytest.fixture
def headless_terminal(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TerminalSession]:
    require_real_part(has_tmux(), "tmux is not installed")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    session = TerminalSession(private_home, width=100, height=30)
    try:
        yield session
    finally:
        session.kill()


def test_no_keyring_daemon_is_explained_and_the_encrypted_file_works(
    headless_terminal: TerminalSession,
) -> None:
    terminal = headless_terminal
    terminal.start(APP)
    terminal.wait("keyring unavailable")
    screen = terminal.screen()
    assert "dbus-run-session" in screen
    assert "o: keep secrets in an encrypted file instead." in screen

    terminal.keys("F2")
    terminal.wait("rejected_backends")
    terminal.keys("Escape")
    terminal.wait("f2: why other backends failed")

    terminal.keys("o")
    terminal.wait("Keep secrets in an encrypted file")
    for _ in range(2):
        terminal.drive("paste", terminal.name, PASSPHRASE)
        terminal.keys("Enter")
    terminal.wait("(unlocked)")

    assert PASSPHRASE not in terminal.screen()
    assert terminal.stop() == 0
