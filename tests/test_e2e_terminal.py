"""The main flow in a real terminal: tmux at 80x24 running the sandbox app.

Typing waits until each field shows what was typed before moving on: Textual
applies a focus change after keys already queued, as a fast typist would find too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.real_parts import has_tmux, require_real_part
from tests.terminal_session import APP, TerminalSession

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


@pytest.fixture
def terminal(private_home: Path) -> Iterator[TerminalSession]:
    require_real_part(has_tmux(), "tmux is not installed")
    session = TerminalSession(private_home)
    try:
        yield session
    finally:
        session.kill()


def settle() -> None:
    time.sleep(0.25)


def add_demo_connection(
    terminal: TerminalSession, secret: str, client_id: str = "po-connector"
) -> None:
    terminal.keys("a")
    terminal.wait("Add connection")
    terminal.type("demo")
    terminal.keys("Tab")
    settle()
    terminal.keys("Tab")
    settle()
    terminal.type(client_id)
    terminal.keys("Tab")
    settle()
    terminal.type(secret, then_see=f"{len(secret)} characters, hidden")
    terminal.keys("Tab")
    settle()
    terminal.keys("Tab")
    settle()
    terminal.type("po_demo")
    terminal.keys("C-s")
    terminal.wait("never tested")


def test_add_save_test_green_and_quit_cleanly(terminal: TerminalSession) -> None:
    terminal.start(APP, "--sandbox")
    terminal.wait("No connections yet")

    add_demo_connection(terminal, "sandbox-po-secret")
    terminal.keys("t")
    terminal.wait("PASSED")
    screen = terminal.screen()

    assert screen.count("OK ") == 9
    assert screen.count("SKIPPED") == 2
    assert "sandbox-po-secret" not in screen
    terminal.keys("Escape")
    terminal.wait("PASSED")
    assert terminal.stop() == 0


def test_a_wrong_secret_is_named_in_the_terminal(terminal: TerminalSession) -> None:
    terminal.start(APP, "--sandbox")
    terminal.wait("No connections yet")

    add_demo_connection(terminal, "wrong-secret-value")
    terminal.keys("t")
    terminal.wait("FAILED")

    screen = terminal.screen()
    assert "invalid_client" in screen
    assert "wrong-secret-value" not in screen
    assert terminal.stop() == 0


@pytest.mark.parametrize("term", ["linux", "screen", "xterm"])
def test_sixteen_colour_terminals_show_state_as_text(
    terminal: TerminalSession, term: str
) -> None:
    terminal.start(APP, "--sandbox", env={"TERM": term, "NO_COLOR": "1"})
    terminal.wait("No connections yet")
    terminal.keys("a")
    terminal.wait("Add connection")
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
    terminal.wait("[x] orchestration-engine")

    assert "[ ]" in terminal.screen() or "[x]" in terminal.screen()
    assert terminal.stop() == 0


def test_dumb_terminal_exits_with_one_line(terminal: TerminalSession) -> None:
    terminal.start(APP, env={"TERM": "dumb"})
    terminal.wait("needs a terminal that can draw")

    assert terminal.stop("Enter") == 2


def test_resizing_keeps_what_was_typed(terminal: TerminalSession) -> None:
    terminal.start(APP, "--sandbox")
    terminal.wait("No connections yet")
    terminal.keys("a")
    terminal.wait("Add connection")
    terminal.type("kept-name")

    terminal.drive("resize", terminal.name, "200", "60")
    terminal.wait("kept-name")
    terminal.drive("resize", terminal.name, "80", "24")
    terminal.wait("kept-name")
    assert terminal.stop() == 0


def test_browse_filter_and_copy_a_package_key(terminal: TerminalSession) -> None:
    terminal.start(APP, "--sandbox")
    terminal.wait("No connections yet")
    add_demo_connection(terminal, "sandbox-po-secret")

    terminal.keys("b")
    terminal.wait("Complete:")
    terminal.type("/", then_see="Filter by name")
    settle()
    terminal.type("po_demo", then_see="Showing 1 of")
    terminal.keys("Enter")
    terminal.wait("All Permissions")
    terminal.keys("c")
    terminal.wait("Copied")

    assert "All Permissions" in terminal.screen()
    assert terminal.stop() == 0


def test_grant_all_permissions_and_see_it_verified(terminal: TerminalSession) -> None:
    terminal.start(APP, "--sandbox")
    terminal.wait("No connections yet")
    add_demo_connection(terminal, "sandbox-admin-secret", client_id="studio-admin")

    terminal.keys("p")
    terminal.wait("which package key")
    terminal.keys("Enter")
    terminal.wait("PO Connector (new)")
    terminal.type("/")
    settle()
    terminal.type("new")
    terminal.keys("Enter")
    settle()
    terminal.keys("a")
    settle()
    terminal.keys("C-s")
    terminal.wait("Save 1 change")
    terminal.keys("y")
    terminal.wait("VERIFIED")

    screen = terminal.screen()
    assert "PO Connector (new) (client po-not-gran" in screen
    assert "VERIFIED: Verified on po_demo" in screen
    assert terminal.stop() == 0
