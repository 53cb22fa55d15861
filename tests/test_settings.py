"""settings.json: optional, set aside when damaged, changed without losing keys."""

from __future__ import annotations

import json
from pathlib import Path

from tui.settings import SecretBackend, load_settings, update_settings


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    problems: list[str] = []

    settings = load_settings(tmp_path / "settings.json", problems)

    assert settings.secret_backend is SecretBackend.KEYRING
    assert settings.keyring_deadline == 15.0
    assert problems == []


def test_a_damaged_file_is_set_aside_and_named(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for content in (b"", b'{"secret_backend": "floppy"}', b"\xff{", b'{"a": '):
        path.write_bytes(content)
        problems: list[str] = []

        settings = load_settings(path, problems)

        assert settings.secret_backend is SecretBackend.KEYRING
        assert str(path) in problems[0]
        assert not path.exists()
        for aside in tmp_path.glob("settings.json.damaged-*"):
            aside.unlink()


def test_an_update_keeps_the_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"keyring_deadline": 3, "theme": "mono"}))

    update_settings(path, {"secret_backend": "encrypted-file"})

    saved = json.loads(path.read_text())
    assert saved["secret_backend"] == "encrypted-file"
    assert saved["keyring_deadline"] == 3
    assert saved["theme"] == "mono"
