"""The shape of the connections file, validated with pydantic.

Loaded only when there is a file to read or a change to write, so that starting
with no connections does not pay for pydantic.

Each connection and each remapped key is read on its own. One that this version
cannot read (an auth method added by a newer version, a hand edit gone wrong) is
reported and kept in the file exactly as it was, and the others are used; only a
file that is not a connections file at all is set aside whole. Top-level fields
this version does not know are kept as well.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tui.connection import Connection

FORMAT_VERSION = 1


class ConnectionsFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    version: int = FORMAT_VERSION
    connections: list[Connection] = []
    keys: dict[str, str] = {}
    unreadable: list[Any] = Field(default=[], exclude=True)
    """Entries of ``connections`` that could not be read, as they were."""
    unreadable_keys: dict[str, Any] = Field(default={}, exclude=True)
    """Entries of ``keys`` that could not be read, as they were."""
    problems: list[str] = Field(default=[], exclude=True)
    """What could not be read, one sentence each."""

    def without(self, name: str) -> ConnectionsFile:
        """These contents less every connection called ``name``, readable or not."""
        return self.model_copy(
            update={
                "connections": [c for c in self.connections if c.name != name],
                "unreadable": [e for e in self.unreadable if entry_name(e) != name],
            }
        )


class FileShape(BaseModel):
    """The parts of the file that must be right for it to be read at all."""

    model_config = ConfigDict(extra="allow")

    version: int = FORMAT_VERSION
    connections: list[Any] = []
    keys: dict[str, Any] = {}


def entry_name(entry: object) -> str | None:
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def what_is_wrong(error: ValidationError) -> str:
    """The first few problems pydantic found, each with where it found it."""
    parts = []
    for detail in error.errors()[:3]:
        where = ".".join(str(part) for part in detail["loc"]) or "the entry"
        parts.append(f"{where}: {detail['msg']}")
    return "; ".join(parts)


def parse_connections_file(raw: bytes) -> ConnectionsFile:
    """The file's contents; ValueError (pydantic's ValidationError is one) or
    UnicodeDecodeError when they are not a connections file at all."""
    shape = FileShape.model_validate(json.loads(raw.decode("utf-8")))
    connections: list[Connection] = []
    unreadable: list[Any] = []
    problems: list[str] = []
    for number, entry in enumerate(shape.connections, start=1):
        try:
            connections.append(Connection.model_validate(entry))
        except ValidationError as error:
            unreadable.append(entry)
            name = entry_name(entry)
            called = f" ({name})" if name else ""
            problems.append(
                f"connection {number}{called} was not read ({what_is_wrong(error)}); "
                "it is kept in the file unchanged. A newer celonis-connect may have "
                "written it: use that version, or correct or remove the entry"
                + (f" (celonis-connect remove '{name}')" if name else "")
            )
    keys = {key: value for key, value in shape.keys.items() if isinstance(value, str)}
    unreadable_keys = {k: v for k, v in shape.keys.items() if k not in keys}
    for key, value in unreadable_keys.items():
        problems.append(
            f"keys.{key} was not used: it must be a key name in quotes, like "
            f'"ctrl+n", not {json.dumps(value)}'
        )
    known = ConnectionsFile.model_fields
    extra = {k: v for k, v in (shape.model_extra or {}).items() if k not in known}
    return ConnectionsFile(
        version=shape.version,
        connections=connections,
        keys=keys,
        unreadable=unreadable,
        unreadable_keys=unreadable_keys,
        problems=problems,
        **extra,
    )


def dump_connections_file(contents: ConnectionsFile) -> bytes:
    """The file's bytes, with every entry that could not be read put back."""
    document = contents.model_dump(mode="json")
    document["connections"].extend(contents.unreadable)
    document["keys"].update(contents.unreadable_keys)
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
