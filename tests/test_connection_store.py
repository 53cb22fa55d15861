"""The connections file: atomic, private, shared safely, and never a secret in it."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import MemorySecretStore
from tui.service import ConnectionService

SECRET = "S3cr3t-Value-that-must-not-leak"


def connection(name: str = "acme-po", **changes: object) -> Connection:
    values: dict[str, object] = {
        "name": name,
        "team_url": "https://acme.eu-1.celonis.cloud",
        "client_id": "cid-123",
        "scopes": ["studio"],
    }
    values.update(changes)
    return Connection.model_validate(values)


def test_saved_connection_reads_back_with_the_secret_only_in_the_secret_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config" / "connections.json"
    secrets = MemorySecretStore()
    service = ConnectionService(ConnectionStore(path), secrets)

    stored = service.save(connection(), Secret(SECRET))

    assert stored.secret_location is SecretLocation.MEMORY
    assert ConnectionStore(path).load() == [stored]
    assert SECRET not in path.read_text()
    assert secrets.load("acme-po") == Secret(SECRET)


def test_file_is_private_and_no_temp_files_are_left(tmp_path: Path) -> None:
    store = ConnectionStore(tmp_path / "connections.json")

    store.upsert(connection())

    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_rename_keeps_position_and_replaces_the_old_entry(tmp_path: Path) -> None:
    store = ConnectionStore(tmp_path / "connections.json")
    store.upsert(connection("one"))
    store.upsert(connection("two"))

    store.upsert(connection("uno"), replacing="one")

    assert [c.name for c in store.load()] == ["uno", "two"]


def test_two_stores_on_one_file_keep_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    first, second = ConnectionStore(path), ConnectionStore(path)

    first.upsert(connection("from-first"))
    second.upsert(connection("from-second"))
    first.upsert(connection("from-first", client_id="changed"))

    names = {c.name: c.client_id for c in ConnectionStore(path).load()}
    assert names == {"from-first": "changed", "from-second": "cid-123"}


def _add_many(path: str, prefix: str) -> None:
    store = ConnectionStore(Path(path))
    for index in range(15):
        store.upsert(connection(f"{prefix}-{index}"))


def test_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "connections.json"
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_add_many, args=(str(path), f"p{n}")) for n in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    names = {c.name for c in ConnectionStore(path).load()}
    assert len(names) == 45


def test_damaged_files_are_set_aside_and_reported(tmp_path: Path) -> None:
    damages = {
        "empty": b"",
        "cut off": b'{"version": 1, "connections": [{"name": "a',
        "not UTF-8": b'{"version": 1, "connections": [] }\xff\xfe',
        "wrong types": json.dumps({"connections": {"name": 5}}).encode(),
        "not an object": b'[{"name": "acme-po"}]',
    }
    for why, content in damages.items():
        folder = tmp_path / why.replace(" ", "-")
        folder.mkdir()
        path = folder / "connections.json"
        path.write_bytes(content)
        store = ConnectionStore(path)

        assert store.load() == [], why

        aside = [p for p in folder.iterdir() if ".damaged-" in p.name]
        assert len(aside) == 1, why
        assert aside[0].read_bytes() == content
        assert str(path) in store.problems[0]
        store.upsert(connection())
        assert [c.name for c in ConnectionStore(path).load()] == ["acme-po"]


def test_unwritable_folder_is_named_in_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    store = ConnectionStore(folder / "sub" / "connections.json")
    try:
        if os.geteuid() == 0:
            store = ConnectionStore(Path("/proc/celonis-connect/connections.json"))
        try:
            store.upsert(connection())
        except Exception as error:
            assert str(store.path.parent) in str(error)
            assert "writable" in str(error)
        else:
            raise AssertionError("the write into an unwritable folder succeeded")
    finally:
        folder.chmod(0o700)
