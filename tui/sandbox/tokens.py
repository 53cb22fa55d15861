"""Issued OAuth access tokens: random opaque strings with owner, scopes and expiry."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time

from tui.sandbox.model import Token


class TokenStore:
    """Remembers every issued token; safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}

    def issue(self, client_id: str, scopes: tuple[str, ...], lifetime: float) -> Token:
        token = Token(
            value=secrets.token_urlsafe(32),
            client_id=client_id,
            scopes=scopes,
            expires_at=time.monotonic() + lifetime,
        )
        with self._lock:
            self._tokens[token.value] = token
        return token

    def lookup(self, value: str) -> Token | None:
        """The token if it exists and has not expired yet."""
        with self._lock:
            token = self._tokens.get(value)
        if token is None or time.monotonic() >= token.expires_at:
            return None
        return token

    def owner(self, value: str) -> str | None:
        """The client a token was issued to, expired or not."""
        with self._lock:
            token = self._tokens.get(value)
        return None if token is None else token.client_id

    def expire_all(self) -> int:
        """Make every token issued so far expire now; return how many were live."""
        now = time.monotonic()
        with self._lock:
            live = [t for t in self._tokens.values() if t.expires_at > now]
            for token in live:
                self._tokens[token.value] = dataclasses.replace(token, expires_at=now)
        return len(live)
