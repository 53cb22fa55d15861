"""Team URL normalisation: every shape a user pastes becomes one origin.

A Celonis team lives at ``https://<team>.<realm>.celonis.cloud``. Users paste a bare
host, a browser address with a UI path, the token URL, upper case or stray spaces;
all of them reduce to the origin. Plain ``http`` is accepted only for loopback hosts
(the bundled sandbox), because the client secret must never cross a network in clear.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

CELONIS_SUFFIX = ".celonis.cloud"
KNOWN_REALMS = ("eu-1", "eu-2", "eu-3", "eu-4", "us-1", "us-2")
EXAMPLE_URL = "https://acme.eu-1.celonis.cloud"
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class TeamUrlError(ValueError):
    """The text cannot be read as a Celonis team URL; the message says why."""


@dataclass(frozen=True)
class TeamUrl:
    """A normalised team origin and the parts it was read from."""

    origin: str
    host: str
    team: str
    realm: str
    is_loopback: bool

    @property
    def token_url(self) -> str:
        return f"{self.origin}/oauth2/token"

    def endpoint(self, path: str) -> str:
        """Join an absolute API path to the origin exactly once."""
        return f"{self.origin}/{path.lstrip('/')}"


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_team_url(text: str) -> TeamUrl:
    """Read ``text`` as a team URL or raise :class:`TeamUrlError` saying what to fix."""
    cleaned = text.strip()
    if not cleaned:
        raise TeamUrlError(f"Team URL is empty: enter it like {EXAMPLE_URL}")
    if any(ch.isspace() for ch in cleaned):
        raise TeamUrlError("Team URL must not contain spaces inside it")
    if "://" not in cleaned:
        cleaned = "https://" + cleaned

    try:
        parts = urlsplit(cleaned)
    except ValueError as error:
        raise TeamUrlError(
            f"Team URL cannot be read ({error}): enter it like {EXAMPLE_URL}"
        ) from None
    scheme = parts.scheme.lower()
    try:
        host = (parts.hostname or "").rstrip(".").lower()
        port = parts.port
    except ValueError as error:
        raise TeamUrlError(f"Team URL has an invalid port: {error}") from None
    if parts.username or parts.password:
        raise TeamUrlError("Team URL must not carry a user name or password")
    if not host:
        raise TeamUrlError(f"Team URL has no host name: enter it like {EXAMPLE_URL}")

    if is_loopback_host(host):
        return _loopback_url(scheme, host, port)
    if scheme == "http":
        scheme = "https"
    if scheme != "https":
        raise TeamUrlError(f"Team URL must start with https:// (got {parts.scheme}://)")
    return _celonis_url(host, port)


def _loopback_url(scheme: str, host: str, port: int | None) -> TeamUrl:
    if scheme not in ("http", "https"):
        raise TeamUrlError(f"Team URL must use http or https (got {scheme}://)")
    shown_host = f"[{host}]" if ":" in host else host
    origin = f"{scheme}://{shown_host}" + (f":{port}" if port else "")
    return TeamUrl(origin=origin, host=host, team=host, realm="local", is_loopback=True)


def _celonis_url(host: str, port: int | None) -> TeamUrl:
    if not host.endswith(CELONIS_SUFFIX):
        raise TeamUrlError(
            f"{host} is not a Celonis team host: it must end in {CELONIS_SUFFIX}, "
            f"like {EXAMPLE_URL}"
        )
    labels = host[: -len(CELONIS_SUFFIX)].split(".")
    if len(labels) != 2 or not all(_LABEL.match(label) for label in labels):
        raise TeamUrlError(
            f"{host} needs exactly a team and a realm before {CELONIS_SUFFIX}, "
            f"like {EXAMPLE_URL} (realms: {', '.join(KNOWN_REALMS)})"
        )
    if port not in (None, 443):
        raise TeamUrlError(f"Celonis teams are served on port 443, not {port}")
    team, realm = labels
    return TeamUrl(
        origin=f"https://{host}", host=host, team=team, realm=realm, is_loopback=False
    )
