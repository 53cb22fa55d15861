"""Connections with their secrets: the one place screens and the CLI store through.

A connection is written to the config file only after its secret is safely in the
secret store (read back and compared), so a failed secret save never leaves a
connection that claims to be stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.cancel import CancelToken
from tui.connection_store import ConnectionStore, StoreError
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import (
    SecretStore,
    SecretStoreError,
    environment_variable,
    secret_from_environment,
)

if TYPE_CHECKING:
    from tui.checks import CheckResult
    from tui.connection import Connection
    from tui.diagnosis import TestFindings

log = logging.getLogger(__name__)


@dataclass
class ConnectionService:
    store: ConnectionStore
    secrets: SecretStore

    def connections(self) -> list[Connection]:
        return self.store.load()

    def get(self, name: str) -> Connection | None:
        return self.store.get(name)

    def save(
        self,
        connection: Connection,
        secret: Secret | None,
        *,
        replacing: str | None = None,
        cancel: CancelToken | None = None,
        require_secret: bool = False,
    ) -> Connection:
        """Store the secret (when given) then the connection. Blocking: use a worker.

        Without a secret, a new connection links to a secret already stored under
        its name (kept when a damaged file was set aside); ``require_secret`` makes
        finding none an error. A failed connection write puts the old secret back.
        """
        previous = self.store.get(replacing or connection.name)
        replaced: Secret | None = None
        if secret:
            replaced = self.secrets.save(connection.name, secret, cancel)
            location = self.secrets.location
        elif previous is not None and replacing and replacing != connection.name:
            location = self._move_secret(replacing, connection.name)
        elif previous is not None:
            location = previous.secret_location
        else:
            location = self._link_stored_secret(connection.name, require_secret)
        stored = connection.model_copy(update={"secret_location": location})
        try:
            self.store.upsert(stored, replacing=replacing)
        except StoreError:
            if secret:
                self._put_back(connection.name, replaced)
            raise
        if secret and replacing and replacing != connection.name:
            self._put_back(replacing, None)
        log.info("saved connection %s (secret in %s)", stored.name, location.value)
        return stored

    def _link_stored_secret(self, name: str, required: bool) -> SecretLocation:
        try:
            found = self.secrets.load(name)
        except SecretStoreError:
            if required:
                raise
            return SecretLocation.MISSING
        if found:
            log.info("linked connection %s to the secret stored under its name", name)
            return self.secrets.location
        if required:
            raise SecretStoreError(
                f"Client secret is empty and no secret is stored under the name "
                f"{name} in the {self.secrets.location.label}: paste the secret from "
                "Admin & Settings."
            )
        return SecretLocation.MISSING

    def _put_back(self, name: str, replaced: Secret | None) -> None:
        """Restore ``replaced`` under ``name`` (or remove the entry); best effort."""
        try:
            if replaced:
                self.secrets.save(name, replaced)
            else:
                self.secrets.delete(name)
        except SecretStoreError as error:
            log.warning("could not put back the secret of %s: %s", name, error)

    def _move_secret(self, old_name: str, new_name: str) -> SecretLocation:
        secret = self.secrets.load(old_name)
        if not secret:
            return SecretLocation.MISSING
        self.secrets.save(new_name, secret)
        self.secrets.delete(old_name)
        return self.secrets.location

    def remove(self, name: str) -> bool:
        """Remove a connection, then its secret.

        The file changes first: when it cannot be written, nothing is removed and
        the secret stays. A secret that was never stored in this secret store is
        not asked for, so an unusable keyring cannot block the removal. When no
        readable connection has the name (an entry this version could not read,
        or none at all), where its secret went is unknown: it is removed from this
        store if the store can, and a store that cannot is only logged.
        """
        stored = self.store.get(name)
        found = self.store.remove(name)
        if stored is None:
            try:
                self.secrets.delete(name)
            except SecretStoreError as error:
                log.warning("left any secret stored under %s: %s", name, error)
        elif stored.secret_location is self.secrets.location:
            try:
                self.secrets.delete(name)
            except SecretStoreError as error:
                raise SecretStoreError(
                    f"{name} was removed, but its secret is still in the "
                    f"{self.secrets.location.label}: {error.message}",
                    error.fixes,
                ) from None
        return found

    def secret_for(
        self, connection: Connection, cancel: CancelToken | None = None
    ) -> Secret | None:
        """The environment override, else the stored secret. Blocking: use a worker."""
        secret = secret_from_environment(connection.name)
        if secret is None:
            self._check_location(connection)
            secret = self.secrets.load(connection.name, cancel)
        return secret

    def _check_location(self, connection: Connection) -> None:
        kept = connection.secret_location
        if kept in (SecretLocation.MISSING, self.secrets.location):
            return
        raise SecretStoreError(
            f"The secret of {connection.name} is in the {kept.label}, but this session "
            f"keeps secrets in the {self.secrets.location.label}.",
            (
                "Edit the connection and enter its secret again to keep it here, "
                "or switch back (secret_backend in settings.json).",
                f"Or give it for one run: {environment_variable(connection.name)}=...",
            ),
        )

    def name_problem(self, name: str, editing: str | None) -> str:
        """Why ``name`` cannot name a connection (``editing`` keeps its own), or ''."""
        from tui.connection import NAME_PATTERN

        name = name.strip()
        if not name:
            return "Name is empty: give the connection a short name"
        if not NAME_PATTERN.match(name):
            return "Name: use 1-64 letters, digits, spaces, '.', '_' or '-'"
        if name != editing and name in self.store.names():
            return f"Name: a connection called {name} exists already"
        return ""

    def record_test(
        self, name: str, results: list[CheckResult], findings: TestFindings
    ) -> Connection | None:
        from tui.connection import LastTest, now
        from tui.diagnosis import summarise

        current = self.store.get(name)
        if current is None:
            return None
        passed = all(result.passed for result in results)
        changes: dict[str, object] = {
            "last_test": LastTest(at=now(), passed=passed, summary=summarise(results))
        }
        if findings.auth_method is not None:
            changes["auth_method"] = findings.auth_method
        updated = current.model_copy(update=changes)
        self.store.upsert(updated)
        return updated
