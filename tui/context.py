"""What one run of the app works with: paths, stores and any sandbox server."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.connection_store import ConnectionStore
from tui.log_setup import setup_logging
from tui.paths import AppPaths, drop_relative_xdg
from tui.secret_store import KeyringSecretStore, MemorySecretStore, SecretStore
from tui.service import ConnectionService

if TYPE_CHECKING:
    from tui.sandbox import SandboxServer

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    service: ConnectionService
    sandbox: SandboxServer | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def sandbox_url(self) -> str | None:
        return self.sandbox.base_url if self.sandbox is not None else None

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None


def _service(paths: AppPaths, secrets: SecretStore) -> ConnectionService:
    return ConnectionService(store=ConnectionStore(paths.config_file), secrets=secrets)


def build_context(paths: AppPaths | None = None) -> AppContext:
    ignored = drop_relative_xdg()
    paths = paths or AppPaths.default()
    setup_logging(paths.log_file)
    context = AppContext(paths=paths, service=_service(paths, KeyringSecretStore()))
    if ignored:
        context.notes.append(f"Ignored relative XDG settings: {', '.join(ignored)}")
    return context


def build_sandbox_context(root: Path | None = None) -> AppContext:
    """A private state folder, secrets in memory and a seeded sandbox on loopback."""
    from tui.sandbox import SandboxServer, load_seed

    root = root or Path(tempfile.mkdtemp(prefix="celonis-connect-sandbox-"))
    paths = AppPaths.under(root)
    setup_logging(paths.log_file)
    server = SandboxServer(load_seed())
    server.start()
    log.info("sandbox started at %s with state in %s", server.base_url, root)
    context = AppContext(
        paths=paths, service=_service(paths, MemorySecretStore()), sandbox=server
    )
    context.notes.append(
        f"Sandbox team at {server.base_url}; secrets are kept in memory only and "
        "are gone when the app exits"
    )
    return context
