"""How an OAuth client proves itself at the token endpoint, as registered."""

from __future__ import annotations

from enum import StrEnum


class AuthMethod(StrEnum):
    BASIC = "client_secret_basic"
    POST = "client_secret_post"

    @property
    def label(self) -> str:
        return (
            "Client secret basic" if self is AuthMethod.BASIC else "Client secret post"
        )

    @property
    def other(self) -> AuthMethod:
        return AuthMethod.POST if self is AuthMethod.BASIC else AuthMethod.BASIC
