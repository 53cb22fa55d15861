"""Connections with their secrets: the one place screens and the CLI store through.

A connection is written to the config file only after its secret is safely in the
secret store (read back and compared), so a failed secret save never leaves a
connection that claims to be stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tui.checks import CheckResult
from tui.connection import Connection, LastTest, SecretLocation, now
from tui.connection_store import ConnectionStore
from tui.diagnosis import TestFindings, summarise
from tui.log_setup import REDACTOR
from tui.secret import Secret
from tui.secret_store import SecretStore, secret_from_environment

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
    ) -> Connection:
        """Store the secret (when given) then the connection. Blocking: use a worker."""
        previous = self.store.get(replacing or connection.name)
        if secret:
            REDACTOR.remember(secret.reveal())
            self.secrets.save(connection.name, secret)
            location = self.secrets.location
        elif previous is not None and replacing and replacing != connection.name:
            location = self._move_secret(replacing, connection.name)
        elif previous is not None:
            location = previous.secret_location
        else:
            location = SecretLocation.MISSING
        stored = connection.model_copy(update={"secret_location": location})
        self.store.upsert(stored, replacing=replacing)
        log.info("saved connection %s (secret in %s)", stored.name, location.value)
        return stored

    def _move_secret(self, old_name: str, new_name: str) -> SecretLocation:
        secret = self.secrets.load(old_name)
        if not secret:
            return SecretLocation.MISSING
        self.secrets.save(new_name, secret)
        self.secrets.delete(old_name)
        return self.secrets.location

    def remove(self, name: str) -> bool:
        self.secrets.delete(name)
        return self.store.remove(name)

    def secret_for(self, connection: Connection) -> Secret | None:
        """The environment override, else the stored secret. Blocking: use a worker."""
        override = secret_from_environment(connection.name)
        secret = override or self.secrets.load(connection.name)
        if secret:
            REDACTOR.remember(secret.reveal())
        return secret

    def record_test(
        self, name: str, results: list[CheckResult], findings: TestFindings
    ) -> Connection | None:
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
