"""Helpers for app sessions that store real secrets: settings, the form, pastes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tests.pilot_helpers import settle
from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.paths import AppPaths
from tui.secret_location import SecretLocation

ACME = "https://acme.eu-1.celonis.cloud"


def user_paths() -> AppPaths:
    """The paths the app uses under the test's private XDG folders."""
    return AppPaths.default()


def write_settings(**values: object) -> Path:
    path = user_paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")
    return path


def stored_connection(
    name: str = "acme",
    team: str = ACME,
    client_id: str = "cid-123",
    location: SecretLocation = SecretLocation.KEYRING,
) -> Connection:
    """Write a connection into the user's connections file, as a past run would."""
    connection = Connection(
        name=name,
        team_url=team,
        client_id=client_id,
        secret_location=location,
    )
    ConnectionStore(user_paths().config_file).upsert(connection)
    return connection


async def paste(pilot: Pilot[Any], text: str, into: str = "") -> None:
    """A bracketed paste, as a terminal sends it, to the widget ``into`` selects
    (focused first) or else to the focused widget."""
    if into:
        pilot.app.screen.query_one(into).focus()
        await pilot.pause()
    focused = pilot.app.focused
    assert focused is not None
    assert not into or focused.id == into.lstrip("#"), focused
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def fill_form(
    pilot: Pilot[Any],
    *,
    name: str,
    client_id: str,
    secret: str,
    team: str | None = None,
    package: str = "",
) -> None:
    """Open the form with a, fill it as a user pasting each value, and save."""
    await pilot.press("a")
    await settle(pilot)
    await paste(pilot, name)
    await pilot.press("tab")
    if team is not None:
        pilot.app.screen.query_one("#team", Input).value = team
    await pilot.press("tab")
    await paste(pilot, client_id)
    await pilot.press("tab")
    if secret:
        await paste(pilot, secret)
    if package:
        pilot.app.screen.query_one("#package-key", Input).value = package
    await pilot.press("ctrl+s")
    await pilot.pause()


def config_text() -> str:
    path = user_paths().config_file
    return path.read_text(encoding="utf-8") if path.exists() else ""
