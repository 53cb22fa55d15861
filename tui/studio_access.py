"""A client for a stored connection, and the reasons one cannot be made.

Reading the secret may ask the OS keyring, so :func:`connection_client` blocks: a
screen calls it in a thread. Everything that stops a load before the first call
(no secret, an unreadable keyring, a team URL that is not valid) is one
:class:`StudioAccessError` with the failure class the command line exits with.
"""

from __future__ import annotations

from tui.client import CelonisClient, RetryPolicy, Timeouts, WaitNotice
from tui.connection import Connection
from tui.errors import FailureClass
from tui.oauth import Credentials
from tui.secret import Secret
from tui.secret_store import SecretStoreError, environment_variable
from tui.service import ConnectionService
from tui.urls import TeamUrlError, normalise_team_url


class StudioAccessError(Exception):
    """The connection cannot be used yet; the message says why and what to do."""

    def __init__(self, message: str, failure_class: FailureClass) -> None:
        super().__init__(message)
        self.failure_class = failure_class


def client_for(
    connection: Connection,
    secret: Secret,
    *,
    retry: RetryPolicy | None = None,
    timeouts: Timeouts | None = None,
    on_wait: WaitNotice | None = None,
) -> CelonisClient:
    """A client with the connection's credentials; TeamUrlError for a bad URL."""
    credentials = Credentials(
        client_id=connection.client_id,
        client_secret=secret,
        auth_method=connection.auth_method,
        scopes=tuple(connection.scopes),
    )
    return CelonisClient(
        normalise_team_url(connection.team_url),
        credentials,
        retry=retry,
        timeouts=timeouts,
        on_wait=on_wait,
    )


def connection_client(
    service: ConnectionService,
    connection: Connection,
    *,
    retry: RetryPolicy | None = None,
    on_wait: WaitNotice | None = None,
) -> CelonisClient:
    """The client for ``connection`` with its stored secret. Blocking: use a thread."""
    name = connection.name
    try:
        secret = service.secret_for(connection)
    except SecretStoreError as error:
        raise StudioAccessError(
            f"the secret of {name} could not be read: {error}", FailureClass.KEYRING
        ) from None
    if not secret:
        raise StudioAccessError(
            f"no client secret for {name}: edit the connection to store one, or set "
            f"{environment_variable(name)}",
            FailureClass.KEYRING,
        )
    try:
        return client_for(connection, secret, retry=retry, on_wait=on_wait)
    except TeamUrlError as error:
        raise StudioAccessError(
            f"the team URL of {name} is not valid: {error}", FailureClass.INPUT
        ) from None
