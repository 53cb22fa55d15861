"""Local files under mistakes and faults: unwritable folders, XDG values, the log."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from tui.connection import Connection
from tui.context import build_context
from tui.log_setup import MASK, REDACTOR, setup_logging
from tui.paths import AppPaths


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder in which nothing can be created, even by root."""
    if os.geteuid() == 0:
        return Path("/proc/celonis-connect-test")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "config"


def acme() -> Connection:
    return Connection(
        name="acme-po", team_url="https://acme.eu-1.celonis.cloud", client_id="cid"
    )


def test_an_unwritable_config_folder_is_named_and_the_session_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(unwritable_folder(tmp_path)))

    context = build_context()
    context.service.save(acme(), None)

    store = context.service.store
    assert store.in_memory
    note = context.notes[0]
    assert f"Cannot write to {context.paths.config_dir}" in note
    assert "kept in memory for this session" in note and "XDG_CONFIG_HOME" in note
    assert [c.name for c in context.service.connections()] == ["acme-po"]
    assert not context.paths.config_file.exists()


def test_relative_xdg_values_are_ignored_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("XDG_STATE_HOME", "state")

    context = build_context()

    assert context.paths.config_dir.is_absolute()
    assert "relative" not in str(context.paths.config_dir)
    assert "XDG_CONFIG_HOME" in context.notes[0]
    assert "XDG_STATE_HOME" in context.notes[0]
    assert not (tmp_path / "relative").exists()


def test_the_log_is_private_and_redacts_at_the_logging_layer(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    setup_logging(paths.log_file)
    REDACTOR.remember("S3cr3t-Value-xyz")
    log = logging.getLogger("tui.test")

    log.info("saved %s", "S3cr3t-Value-xyz")
    log.info("headers: Authorization: Bearer abcdefghijklmnop")
    log.info('body {"access_token": "tok-123456789", "refresh_token": "r-98765"}')
    log.info("form client_secret=p4ss&passphrase=horse-battery&api_key=k-1")
    try:
        raise RuntimeError("failed with S3cr3t-Value-xyz")
    except RuntimeError:
        log.exception("worker failed")

    text = paths.log_file.read_text()
    for leaked in (
        "S3cr3t-Value",
        "abcdefghijklmnop",
        "tok-123456789",
        "r-98765",
        "p4ss",
        "horse-battery",
        "k-1",
    ):
        assert leaked not in text
    assert text.count(MASK) >= 8
    assert stat.S_IMODE(os.stat(paths.log_file).st_mode) == 0o600
