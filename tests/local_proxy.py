"""A tiny HTTP proxy on loopback: CONNECT tunnels and plain forwarding.

It can demand credentials (answering 407 without them) or refuse everything (403),
and it records what it was asked, never the credentials themselves. It forwards
only to loopback hosts, so no test can reach beyond this machine through it.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.loopback_server import LOOPBACK, LOOPBACK_NAMES, LoopbackServer, pipe, shut

HOP_HEADERS = ("proxy-authorization", "proxy-connection", "connection", "keep-alive")


SECRET_HEADERS = ("authorization", "proxy-authorization")


@dataclass(frozen=True)
class Asked:
    """One request the proxy saw; credential headers are kept by name only."""

    method: str
    target: str
    authorised: bool
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)


class LocalProxy(LoopbackServer):
    def __init__(
        self, user: str | None = None, password: str | None = None, refuse: bool = False
    ) -> None:
        super().__init__()
        self.refuse = refuse
        self.expected = None
        if user is not None:
            pair = f"{user}:{password or ''}".encode()
            self.expected = "Basic " + base64.b64encode(pair).decode("ascii")
        self._asked: list[Asked] = []
        self._lock = threading.Lock()

    def url(self, user: str | None = None, password: str | None = None) -> str:
        credentials = f"{user}:{password}@" if user is not None else ""
        return f"http://{credentials}{LOOPBACK}:{self.port}"

    @property
    def asked(self) -> list[Asked]:
        with self._lock:
            return list(self._asked)

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        first, *lines = head.split("\r\n")
        method, target, _ = first.split(" ", 2)
        headers = {}
        for line in lines:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        authorised = self.expected is None or (
            headers.get("proxy-authorization") == self.expected
        )
        seen = tuple(
            (name, "(hidden)" if name in SECRET_HEADERS else value)
            for name, value in headers.items()
        )
        with self._lock:
            self._asked.append(Asked(method, target, authorised, seen))

        if self.refuse:
            await self._answer(writer, "403 Forbidden")
        elif not authorised:
            await self._answer(
                writer,
                "407 Proxy Authentication Required",
                'Proxy-Authenticate: Basic realm="tests"\r\n',
            )
        elif method == "CONNECT":
            await self._tunnel(target, reader, writer)
        else:
            await self._forward(method, target, headers, reader, writer)

    async def _answer(
        self, writer: asyncio.StreamWriter, status: str, extra: str = ""
    ) -> None:
        writer.write(
            f"HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode("latin-1")
        )
        await writer.drain()
        await shut(writer)

    async def _tunnel(
        self, target: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        host, _, port = target.rpartition(":")
        if host not in LOOPBACK_NAMES:
            await self._answer(writer, "502 Bad Gateway")
            return
        up_reader, up_writer = await asyncio.open_connection(host.strip("[]"), port)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def _forward(
        self,
        method: str,
        target: str,
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        url = urlsplit(target)
        if url.hostname not in LOOPBACK_NAMES or url.port is None:
            await self._answer(writer, "502 Bad Gateway")
            return
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        path = url.path + (f"?{url.query}" if url.query else "")
        kept = [f"{k}: {v}" for k, v in headers.items() if k not in HOP_HEADERS]
        request = "\r\n".join([f"{method} {path} HTTP/1.1", *kept, "Connection: close"])
        up_reader, up_writer = await asyncio.open_connection(url.hostname, url.port)
        up_writer.write(request.encode("latin-1") + b"\r\n\r\n" + body)
        await up_writer.drain()
        await pipe(up_reader, writer)
        await shut(up_writer)
