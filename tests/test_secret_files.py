"""Secrets in files: the encrypted file, and the plain one behind an explicit flag."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from tui.encrypted_store import EncryptedFileSecretStore, WrongPassphrase
from tui.plaintext_store import PlaintextFileSecretStore
from tui.secret import Secret
from tui.secret_store import SecretStoreError

BR04_SECRET = "a\\u0142b\\\\c\"d'e ł😀+/=%:"
PASSPHRASE = Secret("correct horse battery")


@pytest.fixture
def store(tmp_path: Path) -> EncryptedFileSecretStore:
    created = EncryptedFileSecretStore(tmp_path / "data" / "secrets.enc.json")
    created.create(PASSPHRASE)
    return created


def test_every_character_round_trips_and_nothing_readable_is_on_disk(
    store: EncryptedFileSecretStore,
) -> None:
    store.save("acme", Secret(BR04_SECRET))

    assert store.load("acme") == Secret(BR04_SECRET)
    raw = store.path.read_bytes()
    assert BR04_SECRET.encode() not in raw
    assert b"correct horse" not in raw
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_a_second_copy_opens_it_with_the_passphrase(
    store: EncryptedFileSecretStore,
) -> None:
    store.save("acme", Secret("S3cr3t-Value"))
    other = EncryptedFileSecretStore(store.path)

    other.unlock(PASSPHRASE)

    assert other.load("acme") == Secret("S3cr3t-Value")


def test_a_wrong_passphrase_says_so_and_unlocks_nothing(
    store: EncryptedFileSecretStore,
) -> None:
    other = EncryptedFileSecretStore(store.path)

    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        other.unlock(Secret("correct horse battery!"))

    assert not other.unlocked
    with pytest.raises(SecretStoreError, match="is locked"):
        other.load("acme")


def test_two_copies_writing_keep_each_others_secrets(
    store: EncryptedFileSecretStore,
) -> None:
    other = EncryptedFileSecretStore(store.path)
    other.unlock(PASSPHRASE)

    store.save("one", Secret("first-secret"))
    other.save("two", Secret("second-secret"))
    store.save("one", Secret("first-rotated"))

    assert other.load("one") == Secret("first-rotated")
    assert store.load("two") == Secret("second-secret")


def test_an_entry_moved_to_another_name_does_not_decrypt(
    store: EncryptedFileSecretStore,
) -> None:
    store.save("acme", Secret("S3cr3t-Value"))
    document = json.loads(store.path.read_text())
    document["secrets"]["evil"] = document["secrets"]["acme"]
    store.path.write_text(json.dumps(document))

    with pytest.raises(SecretStoreError, match="cannot be decrypted"):
        store.load("evil")


def test_a_damaged_file_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "secrets.enc.json"
    path.write_bytes(b'{"kind": "celonis-connect encrypted secrets", "kdf": ')
    store = EncryptedFileSecretStore(path)

    with pytest.raises(SecretStoreError) as raised:
        store.unlock(PASSPHRASE)

    assert str(path) in str(raised.value) and "damaged" in str(raised.value)
    assert path.read_bytes().endswith(b'"kdf": ')


def test_a_short_passphrase_is_refused(tmp_path: Path) -> None:
    store = EncryptedFileSecretStore(tmp_path / "secrets.enc.json")

    with pytest.raises(SecretStoreError, match="at least 8"):
        store.create(Secret("short"))

    assert not store.exists


def test_delete_and_rename_leave_only_what_is_wanted(
    store: EncryptedFileSecretStore,
) -> None:
    store.save("acme", Secret("S3cr3t-Value"))

    previous = store.save("acme", Secret("rotated"))
    store.delete("acme")

    assert previous == Secret("S3cr3t-Value")
    assert store.load("acme") is None


def test_the_plain_file_is_private_and_reads_back(tmp_path: Path) -> None:
    store = PlaintextFileSecretStore(tmp_path / "secrets-UNENCRYPTED.json")

    store.save("acme", Secret(BR04_SECRET))

    assert store.load("acme") == Secret(BR04_SECRET)
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert "UNENCRYPTED" in store.description
    store.delete("acme")
    assert store.load("acme") is None


def test_a_command_given_the_wrong_passphrase_says_so_not_only_locked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.cli import main
    from tui.paths import AppPaths
    from tui.settings import update_settings

    paths = AppPaths.default()
    right, wrong = "correct horse battery", "Correct horse battery"
    encrypted = EncryptedFileSecretStore(paths.encrypted_secrets_file)
    encrypted.create(Secret(right))
    encrypted.save("acme", Secret("S3cr3t-Value"))
    update_settings(paths.settings_file, {"secret_backend": "encrypted-file"})
    assert (
        main(["add", "acme", "--team", "http://127.0.0.1:9", "--client-id", "c"]) == 0
    )
    capsys.readouterr()

    monkeypatch.setenv("CELONIS_CONNECT_PASSPHRASE", wrong)
    assert main(["test", "acme"]) != 0
    told = capsys.readouterr()
    assert "is locked: CELONIS_CONNECT_PASSPHRASE is not its passphrase" in told.err
    assert "(it is case-sensitive)" in told.err
    assert wrong not in told.err + told.out and right not in told.err + told.out

    monkeypatch.delenv("CELONIS_CONNECT_PASSPHRASE")
    assert main(["test", "acme"]) != 0
    unset = capsys.readouterr().err
    assert "is locked." in unset and "not its passphrase" not in unset


def test_removing_with_a_locked_file_says_locked_not_replaced(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.cli import main
    from tui.paths import AppPaths
    from tui.settings import update_settings

    paths = AppPaths.default()
    encrypted = EncryptedFileSecretStore(paths.encrypted_secrets_file)
    encrypted.create(Secret("correct horse battery"))
    update_settings(paths.settings_file, {"secret_backend": "encrypted-file"})
    monkeypatch.setenv("CELONIS_CONNECT_PASSPHRASE", "correct horse battery")
    monkeypatch.setattr("sys.stdin", io.StringIO("S3cr3t-Value\n"))
    added = ["add", "acme", "--team", "http://127.0.0.1:9", "--client-id", "c"]
    assert main([*added, "--secret-stdin"]) == 0
    monkeypatch.setenv("CELONIS_CONNECT_PASSPHRASE", "wrong horse battery")
    capsys.readouterr()

    assert main(["remove", "acme"]) == 1
    told = capsys.readouterr().err
    assert "acme was removed, but its secret is still in the encrypted file" in told
    assert "is locked: CELONIS_CONNECT_PASSPHRASE is not its passphrase" in told
    assert "replaced by another program" not in told
