"""Everything a support question needs about this install, gathered without a UI.

``celonis-connect info`` prints it, and a screen can show the same dictionary.
It holds versions, the files the app uses, the keyring's state with the fixes for
this machine, and where secrets go. It never holds a secret: environment
overrides are listed by variable name only.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from typing import Any

from tui.context import AppContext
from tui.keyring_status import KeyringStatus, probe_keyring
from tui.secret_backends import describe_secrets

PACKAGES = ("celonis-connect", "textual", "httpx", "keyring", "cryptography")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def collect_info(
    context: AppContext, keyring: KeyringStatus | None = None
) -> dict[str, Any]:
    """The info of this run, what most often needs fixing (the keyring) first.
    Blocking when ``keyring`` is None (it probes it)."""
    keyring = keyring or probe_keyring(context.settings.keyring_deadline)
    paths = context.paths
    store = context.service.store
    secrets = context.service.secrets
    return {
        "keyring": {
            "state": keyring.state.value,
            "backend": keyring.backend,
            "message": keyring.message,
            "rejected_backends": list(keyring.rejected),
            "fixes": list(keyring.fixes),
            "PYTHON_KEYRING_BACKEND": os.environ.get("PYTHON_KEYRING_BACKEND"),
        },
        "secrets": {
            "store": secrets.location.value,
            "where": secrets.description,
            "status": describe_secrets(secrets, keyring),
            "environment_overrides": sorted(
                name
                for name in os.environ
                if name.startswith("CELONIS_CONNECT_SECRET_")
            ),
        },
        "connections": {
            "count": len(store.load()),
            "kept_in_memory": store.in_memory,
            "problems": [store.memory_reason, *store.noted]
            if store.in_memory
            else store.noted,
        },
        "files": {
            "config_file": str(paths.config_file),
            "settings_file": str(paths.settings_file),
            "log_file": str(paths.log_file),
            "state_dir": str(paths.state_dir),
            "data_dir": str(paths.data_dir),
        },
        "versions": versions(),
        "notes": list(context.notes),
    }


def info_text(info: dict[str, Any]) -> str:
    """The info as plain text, one fact a line, sections in order."""
    lines: list[str] = []
    for section, values in info.items():
        lines.append(f"{section}:")
        items = values.items() if isinstance(values, dict) else enumerate(values)
        for key, value in items:
            lines.extend(_lines(str(key), value))
    return "\n".join(lines)


def _lines(key: str, value: object) -> list[str]:
    if isinstance(value, list):
        if not value:
            return [f"  {key}: (none)"]
        return [f"  {key}:", *(f"    - {item}" for item in value)]
    return [f"  {key}: {value if value is not None else '(not set)'}"]
