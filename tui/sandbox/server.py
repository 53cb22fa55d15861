"""`SandboxServer`: runs the sandbox app with uvicorn in a background thread.

The listening socket is bound before the thread starts, so the real port is known at
once; `start()` returns when the server accepts connections. Only loopback hosts are
allowed. uvicorn's main loop is polled more often than its default so that `stop()`
returns quickly, which matters because tests start and stop servers all the time.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
import time
from types import TracebackType

import uvicorn

from tui.sandbox.app import build_app
from tui.sandbox.fault_middleware import quiet_drop_faults
from tui.sandbox.seed import load_seed
from tui.sandbox.state import SandboxState

START_TIMEOUT = 5.0
STOP_TIMEOUT = 5.0


def loopback_address(host: str) -> str:
    """The loopback IP to bind for `host`; ValueError names any other host."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ValueError(f"sandbox host {host!r} is not a loopback address") from None
    if not address.is_loopback:
        raise ValueError(f"sandbox host {host!r} is not a loopback address")
    return str(address)


class _QuickServer(uvicorn.Server):
    """uvicorn's server with a 10 ms tick instead of 100 ms."""

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            await asyncio.sleep(0.01)


class SandboxServer:
    def __init__(
        self,
        state: SandboxState | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.host = loopback_address(host)
        self.port = port
        self.state = state if state is not None else load_seed()
        self.base_url = ""
        self._server: _QuickServer | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # With the protocol named, asyncio turns on TCP_NODELAY for accepted
        # connections; without it keep-alive requests stall on delayed ACKs.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        return sock

    def start(self) -> str:
        """Start serving in a daemon thread; return the base URL."""
        if self._thread is not None:
            raise RuntimeError("the sandbox server is already running")

        quiet_drop_faults()
        sock = self._bind()
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            build_app(self.state),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        server = _QuickServer(config)
        self._server = server
        self._thread = threading.Thread(
            target=self._serve, args=(server, sock), name="sandbox-server", daemon=True
        )
        self._thread.start()

        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the sandbox server did not start: {self._error!r}")
            time.sleep(0.002)

        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.port = port
        self.base_url = f"http://{shown}:{port}"
        return self.base_url

    def _serve(self, server: _QuickServer, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as error:
            self._error = error
        finally:
            sock.close()

    def stop(self) -> None:
        """Shut the server down and wait for its thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return

        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        self._server = None
        self._thread = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
