"""The shape of the connections file: read entry by entry, written back losslessly.

Loaded only when there is a file to read or a change to write, so that starting
with no connections does not pay for pydantic.

Each connection and each remapped key is read on its own. One that this version
cannot read (an auth method added by a newer version, a hand edit gone wrong, a
second connection with a name already used) is reported and written back exactly
as it was, and the others are used. Fields this version does not know, in an entry
or at the top level, are written back too. Only a file that is not a connections
file at all (not JSON, not an object, ``connections`` not a list, nested too
deeply to read) raises :class:`DamagedFileError`, and is then set aside whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from tui.connection import Connection
from tui.damaged import DamagedFileError

FORMAT_VERSION = 1
KNOWN_TOP_LEVEL = ("version", "connections", "keys")


@dataclass(frozen=True)
class ConnectionsFile:
    connections: list[Connection] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    version: Any = FORMAT_VERSION
    unreadable: list[Any] = field(default_factory=list)
    """Entries of ``connections`` that could not be read, as they were."""
    unreadable_keys: dict[str, Any] = field(default_factory=dict)
    """Entries of ``keys`` that could not be read, as they were."""
    keys_as_found: Any = None
    """``keys`` as it was when it was not an object (then no key is remapped)."""
    unknown_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per connection name, the fields of its entry this version does not know."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Top-level fields this version does not know."""
    problems: list[str] = field(default_factory=list)
    """What could not be read, one sentence each."""

    def without(self, name: str) -> ConnectionsFile:
        """These contents less every connection called ``name``, readable or not."""
        return replace(
            self,
            connections=[c for c in self.connections if c.name != name],
            unreadable=[e for e in self.unreadable if entry_name(e) != name],
        )

    def names(self) -> set[str]:
        """The name of every connection in the file, readable or not."""
        names = {connection.name for connection in self.connections}
        return names | {n for n in map(entry_name, self.unreadable) if n is not None}


def entry_name(entry: object) -> str | None:
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def shown(text: str) -> str:
    """``text`` safe to print and log: escapes instead of odd characters."""
    return json.dumps(text)[1:-1]


def what_is_wrong(error: ValidationError) -> str:
    """The first few problems pydantic found, each with where it found it."""
    parts = []
    for detail in error.errors()[:3]:
        where = ".".join(str(part) for part in detail["loc"]) or "the entry"
        parts.append(f"{where}: {detail['msg']}")
    return "; ".join(parts)


def parse_connections_file(raw: bytes) -> ConnectionsFile:
    """The file's contents; :class:`DamagedFileError` or UnicodeDecodeError when
    they are not a connections file at all."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise DamagedFileError("nested too deeply to read") from None
    except ValueError as error:
        raise DamagedFileError(f"not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise DamagedFileError("the top level is not a JSON object")
    entries = document.get("connections")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise DamagedFileError("'connections' is not a list")
    problems: list[str] = []
    version = document.get("version", FORMAT_VERSION)
    if type(version) is not int:
        problems.append(
            f"version {shown(json.dumps(version))} is not understood; the file is "
            f"read as version {FORMAT_VERSION} and the value is kept"
        )
    contents = ConnectionsFile(
        version=version,
        extras={k: v for k, v in document.items() if k not in KNOWN_TOP_LEVEL},
        problems=problems,
    )
    contents = _read_entries(contents, entries)
    return _read_keys(contents, document.get("keys"))


def _read_entries(contents: ConnectionsFile, entries: list[Any]) -> ConnectionsFile:
    connections: list[Connection] = []
    unreadable: list[Any] = []
    unknown: dict[str, dict[str, Any]] = {}
    problems = contents.problems
    for number, entry in enumerate(entries, start=1):
        name = entry_name(entry)
        called = f" ({shown(name)})" if name is not None else ""
        if name is not None and name in {c.name for c in connections}:
            unreadable.append(entry)
            problems.append(
                f"connection {number}{called} was not read: an earlier connection "
                "has the same name; it is kept in the file unchanged. Rename or "
                "remove one of them in the file"
            )
            continue
        try:
            connection = Connection.model_validate(entry)
        except ValidationError as error:
            unreadable.append(entry)
            remove = (
                f" (celonis-connect remove '{name}')"
                if name and name.isprintable() and "'" not in name
                else ""
            )
            problems.append(
                f"connection {number}{called} was not read ({what_is_wrong(error)}); "
                "it is kept in the file unchanged. A newer celonis-connect may have "
                f"written it: use that version, or correct or remove the entry{remove}"
            )
            continue
        connections.append(connection)
        extra = {k: v for k, v in entry.items() if k not in Connection.model_fields}
        if extra:
            unknown[connection.name] = extra
    return replace(
        contents, connections=connections, unreadable=unreadable, unknown_fields=unknown
    )


def _read_keys(contents: ConnectionsFile, found: Any) -> ConnectionsFile:
    if found is None:
        return contents
    if not isinstance(found, dict):
        contents.problems.append(
            f"keys was not used: it must be an object of binding ids to keys, like "
            f'{{"connection-add": "ctrl+n"}}, not {shown(json.dumps(found))[:60]}'
        )
        return replace(contents, keys_as_found=found)
    keys = {k: v for k, v in found.items() if isinstance(v, str)}
    unreadable = {k: v for k, v in found.items() if k not in keys}
    for key, value in unreadable.items():
        contents.problems.append(
            f"keys.{shown(key)} was not used: it must be a key name in quotes, like "
            f'"ctrl+n", not {shown(json.dumps(value))[:60]}'
        )
    return replace(contents, keys=keys, unreadable_keys=unreadable)


def dump_connections_file(contents: ConnectionsFile) -> bytes:
    """The file's bytes, with everything that was not read put back as it was.

    ValueError when what was kept cannot be written back (nested too deeply).
    """
    entries: list[Any] = [
        {
            **connection.model_dump(mode="json"),
            **contents.unknown_fields.get(connection.name, {}),
        }
        for connection in contents.connections
    ]
    keys: Any = contents.keys_as_found
    if keys is None:
        keys = {**contents.keys, **contents.unreadable_keys}
    document = {
        "version": contents.version,
        "connections": entries + list(contents.unreadable),
        "keys": keys,
        **contents.extras,
    }
    try:
        text = json.dumps(document, indent=2, ensure_ascii=True)
    except RecursionError:
        raise ValueError("what it holds is nested too deeply to write back") from None
    return text.encode("ascii") + b"\n"
