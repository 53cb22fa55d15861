"""`/_sandbox/faults`: add, list and clear injected faults (a sandbox-only API).

`POST` takes `{"path", "kind", "times", ...}` as `faults.parse_fault` describes and
answers 201 with the stored fault; `expire_tokens` acts at once and is not stored.
`GET` lists the active faults and `DELETE` clears them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.sandbox.asgi_util import Endpoint, read_json_object
from tui.sandbox.errors import simple_error
from tui.sandbox.faults import parse_fault
from tui.sandbox.state import SandboxState


def _faults(state: SandboxState) -> Endpoint:
    async def faults(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse([fault.public() for fault in state.faults.active()])

        if request.method == "DELETE":
            return JSONResponse({"cleared": state.faults.clear()})

        try:
            fault = parse_fault(await read_json_object(request))
        except ValueError as error:
            return simple_error(400, "invalid_request", str(error))

        if fault.kind == "expire_tokens":
            expired = state.tokens.expire_all()
            return JSONResponse(
                {"kind": fault.kind, "expired": expired}, status_code=201
            )

        stored = state.faults.add(fault)
        return JSONResponse(stored.public(), status_code=201)

    return faults


def routes(state: SandboxState) -> list[Route]:
    return [
        Route("/_sandbox/faults", _faults(state), methods=["GET", "POST", "DELETE"])
    ]
