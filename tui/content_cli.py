"""Read content-cli profiles so their OAuth clients can become connections.

content-cli keeps one ``<name>.json`` per profile in ``~/.celonis-content-cli-profiles``
(fields ``name``, ``team``, ``type``, ``clientId``, ``scopes``,
``clientAuthenticationMethod``, ``clientSecret`` when stored in plain text, and
``secretsStoredSecurely``). Only client-credentials profiles carry what a connection
needs. A secret content-cli put in the OS keychain is stored there by its own library
under attributes this app cannot address, so it is reported, never guessed at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.auth_method import AuthMethod
from tui.secret import Secret
from tui.urls import TeamUrlError, normalise_team_url

DEFAULT_FOLDER = Path.home() / ".celonis-content-cli-profiles"
CLIENT_CREDENTIALS = "Client Credentials"


@dataclass(frozen=True)
class FoundProfile:
    """One profile file as read, with what can and cannot be imported."""

    path: Path
    name: str
    team_url: str = ""
    client_id: str = ""
    auth_method: AuthMethod = AuthMethod.BASIC
    scopes: tuple[str, ...] = ()
    plaintext_secret: Secret | None = field(default=None, repr=False)
    secret_in_keychain: bool = False
    problem: str = ""

    @property
    def importable(self) -> bool:
        return not self.problem

    @property
    def connection_name(self) -> str:
        cleaned = re.sub(r"[^A-Za-z0-9 ._-]", "-", self.name).strip(" .-_")
        return (cleaned or "content-cli")[:64]

    def secret_note(self) -> str:
        if self.plaintext_secret:
            return "secret in plain text in the profile file"
        if self.secret_in_keychain:
            return "secret in content-cli's keychain entry (enter it again)"
        return "no secret stored"


def find_profiles(folder: Path | None = None) -> list[FoundProfile]:
    """Every profile in the folder, sorted by name; a bad file never raises."""
    folder = folder or DEFAULT_FOLDER
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        if path.name == "config.json":
            continue
        found.append(read_profile(path))
    return found


def read_profile(path: Path) -> FoundProfile:
    name = path.stem
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return FoundProfile(path, name, problem=f"unreadable: {error}")
    if not isinstance(data, dict):
        return FoundProfile(path, name, problem="not a JSON object")
    name = str(data.get("name") or name)
    kind = data.get("type")
    if kind != CLIENT_CREDENTIALS:
        return FoundProfile(
            path, name, problem=f"type {kind!r}: only client-credentials profiles"
        )
    try:
        team = normalise_team_url(str(data.get("team", ""))).origin
    except TeamUrlError as error:
        return FoundProfile(path, name, problem=f"team URL: {error}")
    client_id = str(data.get("clientId") or "").strip()
    if not client_id:
        return FoundProfile(path, name, team_url=team, problem="no clientId")
    return FoundProfile(
        path,
        name,
        team_url=team,
        client_id=client_id,
        auth_method=_auth_method(data.get("clientAuthenticationMethod")),
        scopes=_scopes(data.get("scopes")),
        plaintext_secret=_plaintext_secret(data),
        secret_in_keychain=bool(data.get("secretsStoredSecurely")),
    )


def _scopes(value: object) -> tuple[str, ...]:
    """Scopes as a list, or as one space-separated string."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(s for s in value if isinstance(s, str))
    return ()


def _auth_method(value: object) -> AuthMethod:
    return AuthMethod.POST if value == AuthMethod.POST.value else AuthMethod.BASIC


def _plaintext_secret(data: dict[str, object]) -> Secret | None:
    if data.get("secretsStoredSecurely"):
        return None
    value = data.get("clientSecret")
    return Secret(value) if isinstance(value, str) and value.strip() else None
