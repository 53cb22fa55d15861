"""Importing content-cli profiles: what is found, what is stored, what is left."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.content_cli import find_profiles

PLAIN_SECRET = "plain-secret-from-content-cli"


def write_profiles(folder: Path) -> None:
    folder.mkdir()
    profiles = {
        "po": {
            "name": "po",
            "team": "https://acme.eu-1.celonis.cloud/",
            "type": "Client Credentials",
            "clientId": "cid-123",
            "scopes": ["studio", "orchestration-engine"],
            "clientAuthenticationMethod": "client_secret_post",
            "clientSecret": PLAIN_SECRET,
            "secretsStoredSecurely": False,
        },
        "secure": {
            "name": "secure",
            "team": "acme.eu-1.celonis.cloud",
            "type": "Client Credentials",
            "clientId": "cid-456",
            "scopes": ["studio"],
            "secretsStoredSecurely": True,
        },
        "key": {"name": "key", "team": "acme.eu-1.celonis.cloud", "type": "Key"},
        "broken": "{not json",
    }
    for name, data in profiles.items():
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / f"{name}.json").write_text(text)
    (folder / "config.json").write_text('{"defaultProfile": "po"}')


def test_profiles_are_read_with_what_can_be_imported(tmp_path: Path) -> None:
    write_profiles(tmp_path / "profiles")

    found = {p.name: p for p in find_profiles(tmp_path / "profiles")}

    assert set(found) == {"po", "secure", "key", "broken"}
    assert found["po"].team_url == "https://acme.eu-1.celonis.cloud"
    assert found["po"].auth_method.value == "client_secret_post"
    assert found["po"].secret_note() == "secret in plain text in the profile file"
    assert "keychain" in found["secure"].secret_note()
    assert "only client-credentials" in found["key"].problem
    assert "unreadable" in found["broken"].problem
    assert PLAIN_SECRET not in repr(found["po"])


def test_import_without_moving_leaves_the_secret_where_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(tmp_path / "profiles")

    code = main(["import-content-cli", "--dir", str(tmp_path / "profiles"), "--all"])

    out = capsys.readouterr().out
    assert code == 0
    assert "imported po as po; secret: not stored" in out
    assert "stays in" in out
    assert "cannot import (type 'Key'" in out
    assert PLAIN_SECRET not in out
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in listed] == ["po", "secure"]
    assert listed[0]["auth_method"] == "client_secret_post"


def test_unknown_profile_names_are_refused(tmp_path: Path) -> None:
    write_profiles(tmp_path / "profiles")

    code = main(["import-content-cli", "--dir", str(tmp_path / "profiles"), "nope"])

    assert code == 2


def test_moving_a_plain_secret_stores_it_and_says_what_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring

    from tests.keyring_backends import DictKeyring

    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    write_profiles(tmp_path / "profiles")
    try:
        code = main(
            [
                "import-content-cli",
                "--dir",
                str(tmp_path / "profiles"),
                "po",
                "--move-secrets",
            ]
        )
    finally:
        keyring.set_keyring(previous)

    out = capsys.readouterr().out
    assert code == 0
    assert backend.values == {("celonis-connect", "po"): PLAIN_SECRET}
    assert "left behind" in out and "po.json" in out
