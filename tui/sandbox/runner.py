"""The uvicorn server behind `SandboxServer`, imported only in its thread."""

from __future__ import annotations

import asyncio

import uvicorn

from tui.sandbox.app import build_app
from tui.sandbox.fault_middleware import quiet_cut_short_answers
from tui.sandbox.state import SandboxState


class QuickServer(uvicorn.Server):
    """uvicorn's server with a 10 ms tick instead of 100 ms, so stops are quick."""

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            await asyncio.sleep(0.01)


def make_server(state: SandboxState) -> QuickServer:
    quiet_cut_short_answers()
    config = uvicorn.Config(
        build_app(state),
        log_config=None,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    return QuickServer(config)
