"""Input that once broke the app: odd URLs, markup, control characters, bad files."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.connection import Connection
from tui.connection_store import ConnectionStore, StoreError
from tui.http_errors import parse_retry_after
from tui.models import ContentNode
from tui.secret_input import SecretInputError, clean_secret
from tui.urls import TeamUrlError, normalise_team_url


@pytest.mark.parametrize("typed", ["http://[", "https://[x", "]", "http://[::1"])
def test_brackets_in_a_team_url_are_a_message_not_a_crash(typed: str) -> None:
    with pytest.raises(TeamUrlError):
        normalise_team_url(typed)


def test_control_characters_from_a_team_never_reach_the_terminal() -> None:
    node = ContentNode.model_validate(
        {
            "id": "1",
            "key": "k\x1b]52;c;cm0gLXJmIH4=\x07",
            "name": "Sales\x1b]2;pwned\x07\x08",
            "nodeType": "PACKAGE",
            "permissions": ["USE\x1b[2J"],
        }
    )

    shown = node.key + node.name + "".join(node.permissions)
    assert "\x1b" not in shown and "\x07" not in shown and "\x08" not in shown
    assert node.name.startswith("Sales")


@pytest.mark.parametrize("value", ["\u00b2", "¹", "1e9999", "garbage", ""])
def test_odd_retry_after_values_are_ignored(value: str) -> None:
    assert parse_retry_after(value) is None or parse_retry_after(value) == 0.0


def test_an_unreadable_config_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    path.mkdir()
    store = ConnectionStore(path)

    with pytest.raises(StoreError) as raised:
        store.upsert(
            Connection(name="x", team_url="https://a.eu-1.celonis.cloud", client_id="c")
        )

    assert "nothing was changed" in str(raised.value)
    assert path.is_dir()


@pytest.mark.parametrize("client_id", ["c\n2026-01-01 INFO forged", "c\x1b[2J", " c"])
def test_client_ids_are_one_plain_line(client_id: str) -> None:
    with pytest.raises(ValueError):
        Connection(
            name="x", team_url="https://a.eu-1.celonis.cloud", client_id=client_id
        )


@pytest.mark.parametrize("name", ["nl\n", "sp ", "-x"])
def test_names_are_refused_with_trailing_newline_or_space(name: str) -> None:
    with pytest.raises(ValueError):
        Connection(name=name, team_url="https://a.eu-1.celonis.cloud", client_id="c")


def test_undecodable_secret_bytes_are_refused() -> None:
    with pytest.raises(SecretInputError) as raised:
        clean_secret(b"\xff\xfe".decode("utf-8", "surrogateescape"))

    assert "UTF-8" in str(raised.value)


def add(*extra: str, stdin: str = "") -> int:
    sys_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(
            [
                "add",
                "prod",
                "--team",
                "acme.eu-1.celonis.cloud",
                "--client-id",
                "c",
                *extra,
            ]
        )
    finally:
        sys.stdin = sys_stdin


def test_add_never_replaces_an_existing_connection(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add() == 0
    assert add() == 2

    assert "exists already" in capsys.readouterr().err


def test_a_multi_line_secret_on_stdin_is_refused_not_cut(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = add("--secret-stdin", stdin="first-half\nsecond-half\n")

    assert code == 2
    assert "line break" in capsys.readouterr().err
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("option", [["--interval", "nan"], ["--timeout", "inf"]])
def test_grant_refuses_endless_polling(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert add() == 0
    code = main(["grant", "prod", "--package", "p", "--yes", *option])

    assert code == 2
    assert "between" in capsys.readouterr().err


async def test_markup_in_a_client_id_is_shown_as_text(tmp_path: Path) -> None:
    from tests.pilot_helpers import screen_text, settle
    from tui.app import CelonisConnectApp
    from tui.context import AppContext
    from tui.paths import AppPaths
    from tui.secret_store import MemorySecretStore
    from tui.service import ConnectionService

    store = ConnectionStore(tmp_path / "connections.json")
    store.upsert(
        Connection(name="mk", team_url="https://a.eu-1.celonis.cloud", client_id="[/]")
    )
    service = ConnectionService(store=store, secrets=MemorySecretStore())
    app = CelonisConnectApp(AppContext(paths=AppPaths.under(tmp_path), service=service))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[/]" in screen_text(pilot)


def test_a_connection_without_a_stored_secret_is_removed_without_the_keyring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring

    from tests.keyring_backends import NoBackendKeyring

    assert add() == 0
    previous = keyring.get_keyring()
    keyring.set_keyring(NoBackendKeyring())
    try:
        assert main(["remove", "prod"]) == 0
    finally:
        keyring.set_keyring(previous)
    assert "removed prod" in capsys.readouterr().out


def test_a_folder_as_ca_bundle_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.errors import CelonisError
    from tui.tls import trust_context

    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path))

    with pytest.raises(CelonisError) as raised:
        trust_context()

    assert "is not a file" in raised.value.cause


def test_an_environment_secret_loses_a_stray_line_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.secret import Secret
    from tui.secret_store import environment_variable, secret_from_environment

    monkeypatch.setenv(environment_variable("prod"), "s3cret\r\n")

    assert secret_from_environment("prod") == Secret("s3cret")
