"""One connection or key this version cannot read never costs the others.

A newer celonis-connect may add an auth method or a setting; a hand edit may break
one entry. The readable entries are used, the others are reported once and written
back exactly as they were, and only a file that is not a connections file at all
is set aside whole.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.damaged import set_aside

GOOD = {
    "name": "acme",
    "team_url": "https://acme.eu-1.celonis.cloud",
    "client_id": "cid-123",
}
FROM_A_NEWER_VERSION = {
    "name": "future",
    "team_url": "https://future.eu-1.celonis.cloud",
    "client_id": "cid-456",
    "auth_method": "private-key-jwt",
    "rotation": {"every_days": 30},
}
NO_NAME = {"team_url": "https://x.eu-1.celonis.cloud", "client_id": 7}


def write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))


def mixed_file(path: Path) -> None:
    write(
        path,
        {
            "version": 1,
            "connections": [GOOD, FROM_A_NEWER_VERSION, NO_NAME],
            "keys": {"connection-add": "ctrl+n", "connection-test": 5},
            "theme": {"dark": True},
        },
    )


def test_readable_entries_are_used_and_the_others_reported_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "connections.json"
    mixed_file(path)
    store = ConnectionStore(path)

    assert [c.name for c in store.load()] == ["acme"]
    assert store.key_overrides() == {"connection-add": "ctrl+n"}
    problems = list(store.problems)
    assert len(problems) == 3, problems
    future, nameless, key = problems
    assert future.startswith(f"{path}: connection 2 (future) was not read")
    assert "auth_method" in future and "kept in the file unchanged" in future
    assert "celonis-connect remove 'future'" in future
    assert "connection 3 was not read (name: Field required; client_id:" in nameless
    assert "keys.connection-test" in key and "not 5" in key
    assert not list(tmp_path.glob("*.damaged-*"))

    store.problems.clear()
    store.load()
    store.key_overrides()
    assert store.problems == []


def test_a_change_writes_unread_entries_and_unknown_fields_back_as_they_were(
    tmp_path: Path,
) -> None:
    path = tmp_path / "connections.json"
    mixed_file(path)
    store = ConnectionStore(path)
    added = Connection.model_validate({**GOOD, "name": "beta"})

    store.upsert(added)

    written = json.loads(path.read_text())
    assert [entry.get("name") for entry in written["connections"]] == [
        "acme",
        "beta",
        "future",
        None,
    ]
    assert written["connections"][2] == FROM_A_NEWER_VERSION
    assert written["connections"][3] == NO_NAME
    assert written["keys"] == {"connection-add": "ctrl+n", "connection-test": 5}
    assert written["theme"] == {"dark": True}
    assert [c.name for c in ConnectionStore(path).load()] == ["acme", "beta"]


def test_an_unread_entry_can_be_removed_or_replaced_by_name(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    mixed_file(path)
    store = ConnectionStore(path)

    assert store.remove("future") is True
    names = [e.get("name") for e in json.loads(path.read_text())["connections"]]
    assert names == ["acme", None]
    assert store.remove("future") is False

    mixed_file(path)
    replacement = Connection.model_validate(
        {**FROM_A_NEWER_VERSION, "auth_method": "client_secret_post"}
    )
    store.upsert(replacement)
    entries = json.loads(path.read_text())["connections"]
    assert [e.get("name") for e in entries] == ["acme", "future", None]
    assert entries[1]["auth_method"] == "client_secret_post"


class FrozenClock:
    @staticmethod
    def now() -> datetime:
        return datetime(2026, 12, 4, 18, 0, 0)


def test_two_files_set_aside_in_the_same_second_are_both_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.damaged.datetime", FrozenClock)
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "connections.json"
    told = []
    for content in (b"first {", b"second {", b"third {"):
        path.write_bytes(content)
        told.append(set_aside(path, "not valid JSON"))

    stamp = "connections.json.damaged-20261204-180000"
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert kept == {
        stamp: b"first {",
        f"{stamp}-2": b"second {",
        f"{stamp}-3": b"third {",
    }
    assert told[1].endswith(f"moved to {folder / (stamp + '-2')}")


def test_the_cli_lists_the_readable_and_removes_an_unread_entry_without_a_keyring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring

    from tests.keyring_backends import NoBackendKeyring
    from tui.cli import main
    from tui.paths import AppPaths

    path = AppPaths.default().config_file
    mixed_file(path)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoBackendKeyring())
    try:
        assert main(["list"]) == 0
        listed = capsys.readouterr()
        assert listed.out.startswith("acme\t") and "future" not in listed.out
        assert "connection 2 (future) was not read" in listed.err

        assert main(["remove", "future"]) == 0
        assert "removed future" in capsys.readouterr().out
    finally:
        keyring.set_keyring(previous)
    names = [e.get("name") for e in json.loads(path.read_text())["connections"]]
    assert names == ["acme", None]


async def test_the_app_shows_the_readable_rows_and_says_what_it_skipped(
    tmp_path: Path,
) -> None:
    from tests.pilot_helpers import screen_text, settle
    from tui.app import CelonisConnectApp
    from tui.context import AppContext
    from tui.paths import AppPaths
    from tui.secret_store import MemorySecretStore
    from tui.service import ConnectionService

    paths = AppPaths.under(tmp_path / "app")
    mixed_file(paths.config_file)
    service = ConnectionService(ConnectionStore(paths.config_file), MemorySecretStore())
    app = CelonisConnectApp(AppContext(paths=paths, service=service))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "acme" in screen_text(pilot)
        told = [n.message for n in app._notifications]
        assert any("connection 2 (future) was not read" in m for m in told)
        await pilot.press("r")
        await settle(pilot)
        again = [n.message for n in app._notifications]
        assert sum("(future) was not read" in m for m in again) == 1


def test_a_second_connection_with_the_same_name_is_kept_but_not_used(
    tmp_path: Path,
) -> None:
    path = tmp_path / "connections.json"
    twin = {**GOOD, "client_id": "cid-twin"}
    write(path, {"version": 1, "connections": [GOOD, twin]})
    store = ConnectionStore(path)

    assert [(c.name, c.client_id) for c in store.load()] == [("acme", "cid-123")]
    assert (
        "connection 2 (acme) was not read: an earlier connection" in (store.problems[0])
    )
    store.upsert(Connection.model_validate({**GOOD, "name": "beta"}))
    assert json.loads(path.read_text())["connections"][2] == twin


def test_fields_this_version_does_not_know_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    newer = {**GOOD, "proxy": "http://corp:3128", "certificate": {"pem": "x"}}
    write(path, {"version": 1, "connections": [newer]})
    store = ConnectionStore(path)

    store.upsert(Connection.model_validate({**GOOD, "name": "beta"}))
    edited = store.get("acme")
    assert edited is not None
    store.upsert(edited.model_copy(update={"package_key": "po_demo"}))

    entries = json.loads(path.read_text())["connections"]
    assert entries[0]["proxy"] == "http://corp:3128"
    assert entries[0]["certificate"] == {"pem": "x"}
    assert entries[0]["package_key"] == "po_demo"
    assert "proxy" not in entries[1]


def test_a_name_held_by_an_unread_entry_is_taken(tmp_path: Path) -> None:
    from tui.secret_store import MemorySecretStore
    from tui.service import ConnectionService

    path = tmp_path / "connections.json"
    mixed_file(path)
    service = ConnectionService(ConnectionStore(path), MemorySecretStore())

    assert service.name_problem("future", None) == (
        "Name: a connection called future exists already"
    )
    assert service.name_problem("acme", "acme") == ""


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"[" * 5000 + b"]" * 5000, "nested too deeply to read"),
        (b'{"connections": {"a": 1}}', "'connections' is not a list"),
        (b'"just text"', "the top level is not a JSON object"),
    ],
)
def test_only_a_file_that_is_no_connections_file_is_set_aside(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "connections.json"
    path.write_bytes(content)
    store = ConnectionStore(path)

    assert store.load() == []
    assert f"was damaged ({why})" in store.problems[0]
    assert [p.read_bytes() for p in tmp_path.glob("connections.json.damaged-*")] == [
        content
    ]


@pytest.mark.parametrize(
    ("document", "told"),
    [
        ({"keys": None}, None),
        ({"keys": []}, "keys was not used: it must be an object"),
        ({"version": "abc"}, 'version \\"abc\\" is not understood'),
        ({"version": None}, "version null is not understood"),
        ({"connections": None}, None),
    ],
)
def test_small_shape_mistakes_are_told_and_kept_not_set_aside(
    tmp_path: Path, document: dict[str, Any], told: str | None
) -> None:
    path = tmp_path / "connections.json"
    write(path, {"version": 1, "connections": [GOOD], **document})
    store = ConnectionStore(path)

    names = [c.name for c in store.load()]
    assert names == ([] if document.get("connections", 1) is None else ["acme"])
    if told:
        assert any(told in problem for problem in store.problems), store.problems
    else:
        assert store.problems == []
    assert not list(tmp_path.glob("*.damaged-*"))
    store.upsert(Connection.model_validate({**GOOD, "name": "beta"}))
    written = json.loads(path.read_text())
    for field_name, value in document.items():
        if field_name != "connections" and value is not None:
            assert written[field_name] == value


def test_a_byte_order_mark_and_odd_text_are_read_and_written_back_exactly(
    tmp_path: Path,
) -> None:
    path = tmp_path / "connections.json"
    odd = {**FROM_A_NEWER_VERSION, "name": "odd\ud800name"}
    body = json.dumps({"version": 1, "connections": [GOOD, odd], "deep": [[[[1]]]]})
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    store = ConnectionStore(path)

    assert [c.name for c in store.load()] == ["acme"]
    assert "connection 2 (odd\\ud800name) was not read" in store.problems[0]
    assert "celonis-connect remove" not in store.problems[0]
    store.upsert(Connection.model_validate({**GOOD, "name": "beta"}))
    written = path.read_bytes()
    assert written.isascii()
    document = json.loads(written)
    assert document["connections"][2] == odd
    assert document["deep"] == [[[[1]]]]


def test_a_reader_never_sets_aside_a_file_a_writer_just_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import connections_file

    path = tmp_path / "connections.json"
    path.write_bytes(b'{"connections": [')
    real_parse = connections_file.parse_connections_file
    calls: list[int] = []

    def parse_while_a_writer_saves(raw: bytes) -> connections_file.ConnectionsFile:
        calls.append(1)
        if len(calls) == 1:
            write(path, {"version": 1, "connections": [GOOD]})
        return real_parse(raw)

    monkeypatch.setattr(
        connections_file, "parse_connections_file", parse_while_a_writer_saves
    )
    store = ConnectionStore(path)

    assert [c.name for c in store.load()] == ["acme"]
    assert not list(tmp_path.glob("*.damaged-*"))
    assert store.problems == []


def test_remove_changes_the_file_before_the_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.connection_store import StoreError
    from tui.secret import Secret
    from tui.secret_store import MemorySecretStore
    from tui.service import ConnectionService

    path = tmp_path / "config" / "connections.json"
    service = ConnectionService(ConnectionStore(path), MemorySecretStore())
    service.save(Connection.model_validate(GOOD), Secret("S3cr3t-Value"))

    def refused(_path: Path, _data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.connection_store.write_private", refused)
    with pytest.raises(StoreError, match="nothing was changed"):
        service.remove("acme")

    assert service.get("acme") is not None
    assert service.secrets.load("acme") == Secret("S3cr3t-Value")


def test_commands_never_claim_a_change_kept_only_in_memory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.paths import AppPaths

    path = AppPaths.default().config_file
    write(path, {"version": 1, "connections": [GOOD]})
    monkeypatch.setattr(
        "tui.connection_store.writable_problem", lambda _folder: "read-only"
    )

    assert main(["remove", "acme"]) == 1
    told = capsys.readouterr().err
    assert "nothing removed: Cannot write to" in told and "(read-only)" in told
    assert [e["name"] for e in json.loads(path.read_text())["connections"]] == ["acme"]


def test_a_linked_connections_file_stays_linked(tmp_path: Path) -> None:
    kept_elsewhere = tmp_path / "dotfiles" / "connections.json"
    write(kept_elsewhere, {"version": 1, "connections": [GOOD]})
    link = tmp_path / "config" / "connections.json"
    link.parent.mkdir()
    link.symlink_to(kept_elsewhere)

    ConnectionStore(link).upsert(Connection.model_validate({**GOOD, "name": "beta"}))

    assert link.is_symlink()
    names = [e["name"] for e in json.loads(kept_elsewhere.read_text())["connections"]]
    assert names == ["acme", "beta"]
