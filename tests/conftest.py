"""Shared fixtures: private config folders for every test, and the sandbox team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.connection_store import ConnectionStore
from tui.context import AppContext
from tui.paths import AppPaths
from tui.sandbox import SandboxServer, load_seed
from tui.secret_store import MemorySecretStore
from tui.service import ConnectionService


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, state, data and log folders."""
    home = tmp_path / "home"
    for name in (
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
    ):
        folder = home / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    for name in list(__import__("os").environ):
        if name.startswith("CELONIS_CONNECT_SECRET_"):
            monkeypatch.delenv(name)
    return home


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "app")


@pytest.fixture
def memory_service(app_paths: AppPaths) -> ConnectionService:
    return ConnectionService(
        store=ConnectionStore(app_paths.config_file), secrets=MemorySecretStore()
    )


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(load_seed()) as server:
        yield server


@pytest.fixture
def sandbox_url(sandbox: SandboxServer) -> str:
    return sandbox.base_url


@pytest.fixture
def sandbox_context(
    app_paths: AppPaths, memory_service: ConnectionService, sandbox: SandboxServer
) -> AppContext:
    return AppContext(paths=app_paths, service=memory_service, sandbox=sandbox)
