"""Where the app keeps its files: platformdirs, or one folder for a sandbox run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "celonis-connect"
_XDG_VARIABLES = (
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
)


def drop_relative_xdg(environ: dict[str, str] | None = None) -> list[str]:
    """Remove XDG base directories that are not absolute, as the XDG spec asks.

    Returns the names that were ignored so the app can say so.
    """
    env = os.environ if environ is None else environ
    ignored = []
    for name in _XDG_VARIABLES:
        value = env.get(name)
        if value is not None and not os.path.isabs(value):
            ignored.append(name)
            del env[name]
    return ignored


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    state_dir: Path
    log_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "connections.json"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def encrypted_secrets_file(self) -> Path:
        return self.data_dir / "secrets.enc.json"

    @property
    def plaintext_secrets_file(self) -> Path:
        return self.data_dir / "secrets-UNENCRYPTED.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "celonis-connect.log"

    @classmethod
    def default(cls) -> AppPaths:
        import platformdirs

        return cls(
            config_dir=platformdirs.user_config_path(APP_NAME),
            state_dir=platformdirs.user_state_path(APP_NAME),
            log_dir=platformdirs.user_log_path(APP_NAME),
            data_dir=platformdirs.user_data_path(APP_NAME),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        return cls(
            config_dir=root / "config",
            state_dir=root / "state",
            log_dir=root / "log",
            data_dir=root / "data",
        )
