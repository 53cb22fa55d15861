"""A JSON file of secrets on disk: private, written atomically, shared under a lock.

The encrypted and the plaintext secret stores keep their entries in such a file
under the user's data folder. Every change re-reads the file under a lock and
applies only itself, so two copies of the app never lose each other's secrets. A
file that cannot be parsed is never overwritten: it holds secrets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tui.atomic import remove_stale_temps, write_private

Document = dict[str, Any]


class SecretFileError(Exception):
    """The file could not be read or written; the message names it and why."""


class SecretFile:
    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> Document | None:
        """The parsed file, or None when it does not exist yet."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SecretFileError(
                f"Cannot read the {self.kind} {self.path}: {error.strerror or error}"
            ) from None
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            document = None
        if not isinstance(document, dict) or document.get("kind") != self.kind:
            raise SecretFileError(
                f"The {self.kind} {self.path} is damaged (not the file this app "
                "writes). It was left as it is: move it away to start a new one."
            )
        return document

    def change(self, update: Callable[[Document | None], Document]) -> Document:
        """Re-read under the lock, apply ``update``, write atomically (mode 0600)."""
        lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=10)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with lock:
                remove_stale_temps(self.path)
                document = update(self.read())
                document["kind"] = self.kind
                data = json.dumps(document, indent=2, sort_keys=True) + "\n"
                write_private(self.path, data.encode("utf-8"))
        except Timeout:
            raise SecretFileError(
                f"The {self.kind} {self.path} is locked by another copy of "
                "celonis-connect; try again"
            ) from None
        except OSError as error:
            raise SecretFileError(
                f"Cannot write the {self.kind} {self.path}: "
                f"{error.strerror or error}. Make the folder writable."
            ) from None
        return document
