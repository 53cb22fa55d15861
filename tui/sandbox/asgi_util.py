"""Small helpers shared by the sandbox's ASGI middleware and endpoints."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

SANDBOX_PREFIX = "/_sandbox"

Endpoint = Callable[[Request], Awaitable[Response]]


def is_sandbox_path(path: str) -> bool:
    """True for the sandbox's own admin paths, which faults and the log skip."""
    return path == SANDBOX_PREFIX or path.startswith(SANDBOX_PREFIX + "/")


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (name in lower case), if present."""
    for key, value in scope.get("headers", []):
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; ValueError says what is wrong."""
    try:
        data = json.loads(await request.body())
    except ValueError:
        raise ValueError("the body must be valid JSON") from None

    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data
