"""A stored connection: everything about it except the secret."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tui.auth_method import AuthMethod
from tui.secret_location import SecretLocation

NAME_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,62}[A-Za-z0-9._-])?\Z")


class LastTest(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    passed: bool
    summary: str

    def describe(self) -> str:
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M")
        verdict = "PASSED" if self.passed else "FAILED"
        return f"{verdict} {when}: {self.summary}"


class Connection(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    team_url: str
    client_id: str = Field(min_length=1, max_length=256)
    auth_method: AuthMethod = AuthMethod.BASIC
    scopes: list[str] = []
    package_key: str | None = None
    secret_location: SecretLocation = SecretLocation.MISSING
    last_test: LastTest | None = None

    @field_validator("client_id")
    @classmethod
    def _plain_client_id(cls, value: str) -> str:
        if not value.isprintable() or value != value.strip():
            raise ValueError(
                "client id must be one line of printable characters, without "
                "surrounding spaces"
            )
        return value

    @field_validator("name")
    @classmethod
    def _readable_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                "name must be 1-64 letters, digits, spaces, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return value


def now() -> datetime:
    return datetime.now(UTC)
