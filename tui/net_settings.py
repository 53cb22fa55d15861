"""How patient the client is and which route it takes: timeouts, retries, proxies.

Enterprise links are slow and proxies add their own delay, so the defaults wait
longer than httpx's five seconds. The environment can change them:

- ``CELONIS_CONNECT_TIMEOUT``: seconds to wait for an answer (default 45);
- ``CELONIS_CONNECT_CONNECT_TIMEOUT``: seconds to wait for a connection (default 10);
- ``CELONIS_CONNECT_NO_PROXY_ENV=1``: ignore ``HTTPS_PROXY`` and friends.

A value that cannot be read is an error that names the variable, never a silent
fallback to the default.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import httpx

READ_TIMEOUT_ENV = "CELONIS_CONNECT_TIMEOUT"
CONNECT_TIMEOUT_ENV = "CELONIS_CONNECT_CONNECT_TIMEOUT"
NO_PROXY_ENV = "CELONIS_CONNECT_NO_PROXY_ENV"
LONGEST_TIMEOUT = 3600.0
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


class SettingsError(ValueError):
    """A network setting cannot be read; the message names where it came from."""


@dataclass(frozen=True)
class Timeouts:
    """Generous defaults: enterprise proxies and large teams are slow."""

    connect: float = 10.0
    read: float = 45.0

    def as_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(self.read, connect=self.connect)


@dataclass(frozen=True)
class RetryPolicy:
    """How often a refused or failed call is tried, and the longest single wait."""

    attempts: int = 3
    longest_wait: float = 30.0
    backoff: float = 0.5


@dataclass(frozen=True)
class NetworkSettings:
    timeouts: Timeouts = field(default_factory=Timeouts)
    ignore_proxy_env: bool = False

    @property
    def trust_env(self) -> bool:
        """Whether proxies from the environment apply."""
        return not self.ignore_proxy_env

    def with_overrides(
        self,
        *,
        read: float | None = None,
        connect: float | None = None,
        ignore_proxy_env: bool = False,
    ) -> NetworkSettings:
        """These settings with command-line values on top."""
        timeouts = Timeouts(
            connect=self.timeouts.connect if connect is None else connect,
            read=self.timeouts.read if read is None else read,
        )
        return replace(
            self,
            timeouts=timeouts,
            ignore_proxy_env=self.ignore_proxy_env or ignore_proxy_env,
        )


def parse_seconds(text: str, where: str) -> float:
    """A positive number of seconds, or :class:`SettingsError` naming ``where``."""
    try:
        seconds = float(text.strip())
    except ValueError:
        raise SettingsError(
            f"{where} must be a number of seconds, like 60 (got {text!r})"
        ) from None
    if not math.isfinite(seconds) or seconds <= 0 or seconds > LONGEST_TIMEOUT:
        raise SettingsError(
            f"{where} must be more than 0 and at most {LONGEST_TIMEOUT:g} seconds "
            f"(got {text!r})"
        )
    return seconds


def parse_switch(text: str, where: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{where} must be 1 or 0 (got {text!r})")


def settings_from_environment(env: Mapping[str, str] | None = None) -> NetworkSettings:
    """The network settings the environment asks for, on top of the defaults."""
    source = os.environ if env is None else env
    defaults = Timeouts()
    read = source.get(READ_TIMEOUT_ENV, "").strip()
    connect = source.get(CONNECT_TIMEOUT_ENV, "").strip()
    timeouts = Timeouts(
        connect=parse_seconds(connect, CONNECT_TIMEOUT_ENV)
        if connect
        else defaults.connect,
        read=parse_seconds(read, READ_TIMEOUT_ENV) if read else defaults.read,
    )
    ignore = parse_switch(source.get(NO_PROXY_ENV, ""), NO_PROXY_ENV)
    return NetworkSettings(timeouts=timeouts, ignore_proxy_env=ignore)
