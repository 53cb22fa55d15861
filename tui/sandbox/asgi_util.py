"""Small helpers shared by the sandbox's ASGI middleware and endpoints."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tui.sandbox.scope_util import SANDBOX_PREFIX, header, is_sandbox_path

__all__ = ["SANDBOX_PREFIX", "Endpoint", "header", "is_sandbox_path"]

Endpoint = Callable[[Request], Awaitable[Response]]


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; ValueError says what is wrong."""
    try:
        data = json.loads(await request.body())
    except ValueError:
        raise ValueError("the body must be valid JSON") from None

    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data
