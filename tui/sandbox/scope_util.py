"""Pure helpers over an ASGI scope, importable without starlette."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SANDBOX_PREFIX = "/_sandbox"


def is_sandbox_path(path: str) -> bool:
    """True for the sandbox's own admin paths, which faults and the log skip."""
    return path == SANDBOX_PREFIX or path.startswith(SANDBOX_PREFIX + "/")


def header(scope: Mapping[str, Any], name: bytes) -> str | None:
    """The first value of a request header (name in lower case), if present."""
    for key, value in scope.get("headers", []):
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None
