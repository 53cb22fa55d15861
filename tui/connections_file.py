"""The shape of the connections file, validated with pydantic.

Loaded only when there is a file to read or a change to write, so that starting
with no connections does not pay for pydantic.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from tui.connection import Connection

FORMAT_VERSION = 1


class ConnectionsFile(BaseModel):
    version: int = FORMAT_VERSION
    connections: list[Connection] = []
    keys: dict[str, str] = {}


def parse_connections_file(raw: bytes) -> ConnectionsFile:
    """The file's contents; ValueError (pydantic's ValidationError is one) or
    UnicodeDecodeError when they are not a connections file."""
    return ConnectionsFile.model_validate(json.loads(raw.decode("utf-8")))


def dump_connections_file(contents: ConnectionsFile) -> bytes:
    return contents.model_dump_json(indent=2).encode("utf-8") + b"\n"
