"""What one run of the app works with: paths, stores and any sandbox server."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tui.connection_store import ConnectionStore
from tui.log_setup import setup_logging
from tui.paths import AppPaths, drop_relative_xdg
from tui.secret_store import MemorySecretStore, SecretStore
from tui.service import ConnectionService

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import SandboxState
    from tui.settings import Settings

log = logging.getLogger(__name__)
QUIT_WAIT = 1.0
"""Seconds the app waits for its sandbox to stop when it quits; a sandbox still
making a large team is not waited for (its thread ends with the process)."""


@dataclass
class AppContext:
    paths: AppPaths
    service: ConnectionService
    sandbox: SandboxServer | None = None
    notes: list[str] = field(default_factory=list)
    scratch: Path | None = None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The user's settings; the defaults for a sandbox run."""
        if self._settings is None:
            from tui.settings import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def sandbox_url(self) -> str | None:
        return self.sandbox.base_url if self.sandbox is not None else None

    def release_sandbox(self) -> None:
        """Let a sandbox held back during start-up begin serving."""
        if self.sandbox is not None:
            self.sandbox.release()

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop(timeout=QUIT_WAIT)
            self.sandbox = None
        if self.scratch is not None:
            setup_logging(None)
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def _service(paths: AppPaths, secrets: SecretStore) -> ConnectionService:
    return ConnectionService(store=ConnectionStore(paths.config_file), secrets=secrets)


def build_context(
    paths: AppPaths | None = None, *, plaintext_secrets: bool = False
) -> AppContext:
    """The user's own files, and the secret store they chose (see secret_backends)."""
    from tui.secret_backends import choose_secret_store
    from tui.settings import load_settings

    ignored = drop_relative_xdg()
    paths = paths or AppPaths.default()
    setup_logging(paths.log_file)
    problems: list[str] = []
    settings = load_settings(paths.settings_file, problems)
    secrets = choose_secret_store(
        paths, settings, plaintext=plaintext_secrets, problems=problems
    )
    store = ConnectionStore.open(paths.config_file)
    service = ConnectionService(store=store, secrets=secrets)
    context = AppContext(paths=paths, service=service, _settings=settings)
    if store.memory_reason:
        context.notes.append(store.memory_reason)
    if ignored:
        context.notes.append(f"Ignored relative XDG settings: {', '.join(ignored)}")
    context.notes.extend(problems)
    return context


def build_sandbox_context(
    root: Path | None = None, seed_size: str | None = None
) -> AppContext:
    """A private state folder, secrets in memory and a seeded sandbox on loopback.

    ``seed_size`` (like ``500x40``) generates a large team instead of the bundled
    one; a malformed size raises ValueError before anything starts.
    """
    from tui.sandbox.server import SandboxServer

    seed: Callable[[], SandboxState] | None = None
    if seed_size is not None:
        from tui.sandbox.large_seed import large_seed, parse_seed_size

        seed = partial(large_seed, *parse_seed_size(seed_size))
    scratch = (
        None if root else Path(tempfile.mkdtemp(prefix="celonis-connect-sandbox-"))
    )
    root = root or scratch
    assert root is not None
    paths = AppPaths.under(root)
    setup_logging(paths.log_file)
    server = SandboxServer(seed=seed)
    server.start(wait=False, held=True)
    log.info("sandbox started at %s with state in %s", server.base_url, root)
    context = AppContext(
        paths=paths,
        service=_service(paths, MemorySecretStore()),
        sandbox=server,
        scratch=scratch,
    )
    context.notes.append(
        f"Sandbox team at {server.base_url}. A practice run: its connections and "
        "secrets are gone when the app exits."
    )
    return context
