"""Which permission adapter a connection gets, and the client it works through.

A team on a loopback address is the bundled sandbox, whose own endpoint writes
permissions; any other team is a real Celonis team, where a person applies the
change in Studio and the app verifies it. ``guided=True`` asks for the guided
adapter on the sandbox too, to rehearse the real-team step.
"""

from __future__ import annotations

import asyncio

from tui.client import CelonisClient, RetryPolicy
from tui.connection import Connection
from tui.guided_permission_writer import GuidedPermissionWriter
from tui.permission_port import PermissionWriter
from tui.sandbox_permission_endpoint import SandboxPermissionWriter
from tui.secret import Secret
from tui.secret_store import SecretStoreError, environment_variable
from tui.service import ConnectionService
from tui.studio_access import client_for
from tui.urls import TeamUrlError


def is_guided(client: CelonisClient, guided: bool | None = None) -> bool:
    return not client.team.is_loopback if guided is None else guided


def writer_for(
    client: CelonisClient, *, guided: bool | None = None
) -> PermissionWriter:
    if is_guided(client, guided):
        return GuidedPermissionWriter(client)
    return SandboxPermissionWriter(client)


def connection_client(
    connection: Connection, secret: Secret, retry: RetryPolicy | None = None
) -> CelonisClient:
    """A client with the connection's credentials; TeamUrlError if its URL is bad."""
    return client_for(connection, secret, retry=retry)


class WriterUnavailable(Exception):
    """No writer can be made: no secret, an unreadable store or a bad team URL."""


class WriterHolder:
    """One client and writer for a screen's lifetime, made on first use.

    A guided writer remembers the package it read (space and package names), so
    the Studio steps it writes later can name them; one writer per screen keeps
    that memory. Call :meth:`close` when the screen goes.
    """

    def __init__(
        self,
        connection: Connection,
        service: ConnectionService,
        *,
        guided: bool | None = None,
    ) -> None:
        self.connection = connection
        self.service = service
        self.guided = guided
        self._client: CelonisClient | None = None
        self._writer: PermissionWriter | None = None

    async def writer(self) -> PermissionWriter:
        if self._writer is not None:
            return self._writer
        name = self.connection.name
        try:
            secret = await asyncio.to_thread(self.service.secret_for, self.connection)
        except SecretStoreError as error:
            message = f"the secret of {name} cannot be read: {error}"
            raise WriterUnavailable(message) from None
        if not secret:
            raise WriterUnavailable(
                f"no client secret for {name}: edit the connection to enter it, "
                f"or set {environment_variable(name)}"
            )
        try:
            self._client = connection_client(self.connection, secret)
        except TeamUrlError as error:
            message = f"the team URL of {name} is not valid: {error}"
            raise WriterUnavailable(message) from None
        self._writer = writer_for(self._client, guided=self.guided)
        return self._writer

    async def client(self) -> CelonisClient:
        """The client the writer works through (made with it on first use)."""
        await self.writer()
        assert self._client is not None
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
        self._client = None
        self._writer = None
