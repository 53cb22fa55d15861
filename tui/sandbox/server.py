"""`SandboxServer`: runs the sandbox app with uvicorn in a background thread.

The listening socket is bound and listening before the thread starts, so the real
port is known at once and early requests wait in the backlog; `start()` returns when
the server accepts connections, or at once with ``wait=False`` (the app starts its
first screen meanwhile; uvicorn and the ASGI app are imported in the thread). Only
loopback hosts are allowed. uvicorn's main loop is polled more often than its default
so that `stop()` returns quickly, which matters because tests start and stop servers
all the time.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.sandbox.runner import QuickServer
    from tui.sandbox.state import SandboxState

START_TIMEOUT = 5.0
STOP_TIMEOUT = 5.0


def _bundled_seed() -> SandboxState:
    from tui.sandbox.seed import load_seed

    return load_seed()


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


class SandboxServer:
    def __init__(
        self,
        state: SandboxState | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: Callable[[], SandboxState] | None = None,
    ) -> None:
        """Serve ``state``, or the team ``seed`` makes (the bundled one by default),
        made on first use: in the server's thread unless asked for earlier."""
        self.host = loopback_address(host)
        self.port = port
        self._state = state
        self._seed = seed
        self._state_lock = threading.Lock()
        self.base_url = ""
        self._server: QuickServer | None = None
        self._go = threading.Event()
        self._cancelled = False
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def state(self) -> SandboxState:
        with self._state_lock:
            if self._state is None:
                self._state = self._seed() if self._seed else _bundled_seed()
            return self._state

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # With the protocol named, asyncio turns on TCP_NODELAY for accepted
        # connections; without it keep-alive requests stall on delayed ACKs.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        return sock

    def start(self, *, wait: bool = True, held: bool = False) -> str:
        """Start serving in a daemon thread; return the base URL.

        With ``wait=False`` the URL is returned before uvicorn has started; requests
        sent meanwhile are queued by the listening socket and answered once it runs.
        With ``held=True`` the thread also waits for :meth:`release` before it
        imports and starts uvicorn, so an app can draw its first screen undisturbed.
        """
        if not held:
            self._go.set()
        if self._thread is not None:
            raise RuntimeError("the sandbox server is already running")

        sock = self._bind()
        self.port = sock.getsockname()[1]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.base_url = f"http://{shown}:{self.port}"
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name="sandbox-server", daemon=True
        )
        self._thread.start()
        if wait:
            self.wait_until_started()
        return self.base_url

    def wait_until_started(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not (self._server is not None and self._server.started):
            thread = self._thread
            if thread is None or not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the sandbox server did not start: {self._error!r}")
            time.sleep(0.002)

    def release(self) -> None:
        """Let a held server start."""
        self._go.set()

    def _serve(self, sock: socket.socket) -> None:
        self._go.wait()
        if self._cancelled:
            sock.close()
            return
        try:
            from tui.sandbox.runner import make_server

            self._server = make_server(self.state)
            self._server.run(sockets=[sock])
        except BaseException as error:
            self._error = error
        finally:
            sock.close()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Shut the server down and wait for its thread, at most about ``timeout``
        seconds for each of its start and its end; safe to call twice.

        A thread still busy making a large team when the time is up is left to
        end with the process (it is a daemon thread)."""
        thread = self._thread
        if thread is None:
            return
        if not self._go.is_set():
            self._cancelled = True
            self._go.set()

        if thread.is_alive() and self._server is None:
            self.wait_until_started_quietly(timeout)
        if self._server is not None:
            self._server.should_exit = True
        thread.join(timeout)
        self._server = None
        self._thread = None

    def wait_until_started_quietly(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while self._server is None and time.monotonic() < deadline:
            if self._thread is None or not self._thread.is_alive():
                return
            time.sleep(0.002)

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
