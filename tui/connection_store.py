"""The connections file: metadata of every connection, never a secret.

The file is JSON under the user's config folder, written atomically with mode 0600.
Every change re-reads the file under a lock and applies only itself, so two copies of
the app running at once never lose each other's changes. A damaged file is moved
aside with a timestamp and reported; the app then starts from an empty list. When
the folder cannot be written at all, :meth:`ConnectionStore.open` keeps the
connections in memory for the session and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.atomic import remove_stale_temps, writable_problem, write_private
from tui.damaged import DamagedFileError, set_aside, why_damaged

if TYPE_CHECKING:
    from tui.connection import Connection
    from tui.connections_file import ConnectionsFile

log = logging.getLogger(__name__)


class StoreError(Exception):
    """The connections file could not be written; the message names the path."""


@dataclass
class ConnectionStore:
    path: Path
    problems: list[str] = field(default_factory=list)
    in_memory: bool = False
    memory_reason: str = ""
    _memory: ConnectionsFile | None = None
    _writing: bool = False
    _noted: dict[str, None] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> ConnectionStore:
        """A store on ``path``; in memory, with a note why, when its folder is not
        writable (the file's current connections are still read into it)."""
        problem = writable_problem(path.parent)
        if not problem:
            return cls(path)
        store = cls(path)
        current = store._read()
        store.in_memory = True
        store._memory = current
        store.memory_reason = (
            f"Cannot write to {path.parent} ({problem}): connections are kept in "
            "memory for this session only and are lost when the app exits. Fix: "
            f"make that folder writable (chmod u+w {path.parent}), or start with "
            "XDG_CONFIG_HOME set to a writable folder."
        )
        log.warning(store.memory_reason)
        return store

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def load(self) -> list[Connection]:
        contents = self._read()
        return list(contents.connections) if contents else []

    def get(self, name: str) -> Connection | None:
        return next((c for c in self.load() if c.name == name), None)

    def names(self) -> set[str]:
        """Every connection name in the file, also of entries that were not read."""
        contents = self._read()
        return contents.names() if contents else set()

    @property
    def noted(self) -> list[str]:
        """Every problem reported in this store's life, in order."""
        return list(self._noted)

    def key_overrides(self) -> dict[str, str]:
        contents = self._read()
        return dict(contents.keys) if contents else {}

    def upsert(self, connection: Connection, replacing: str | None = None) -> None:
        """Add or replace a connection (``replacing`` names it before a rename)."""
        old_name = replacing or connection.name

        def change(current: ConnectionsFile) -> ConnectionsFile:
            position = next(
                (i for i, c in enumerate(current.connections) if c.name == old_name),
                None,
            )
            kept = current.without(old_name).without(connection.name)
            listed = list(kept.connections)
            at = len(listed) if position is None else min(position, len(listed))
            listed.insert(at, connection)
            return replace(kept, connections=listed)

        self._change(change)

    def remove(self, name: str) -> bool:
        """Remove every connection called ``name``, also one that was not read."""
        found = False

        def change(current: ConnectionsFile) -> ConnectionsFile:
            nonlocal found
            kept = current.without(name)
            found = kept != current
            return kept

        self._change(change)
        return found

    def _change(self, change: Callable[[ConnectionsFile], ConnectionsFile]) -> None:
        from filelock import FileLock, Timeout

        from tui.connections_file import ConnectionsFile, dump_connections_file

        if self.in_memory:
            current = self._memory
            self._memory = change(ConnectionsFile() if current is None else current)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with FileLock(str(self.lock_path), timeout=10):
                remove_stale_temps(self.path)
                self._writing = True
                try:
                    current = self._read()
                finally:
                    self._writing = False
                updated = change(ConnectionsFile() if current is None else current)
                try:
                    data = dump_connections_file(updated)
                except ValueError as error:
                    raise StoreError(
                        f"Cannot write {self.path}: {error}; nothing was changed. "
                        "Edit the file by hand to remove what cannot be kept."
                    ) from None
                write_private(self.path, data)
        except Timeout:
            raise StoreError(
                f"{self.path} is locked by another copy of celonis-connect; try again"
            ) from None
        except OSError as error:
            raise StoreError(
                f"Cannot read or write {self.path}: {error.strerror or error}; "
                "nothing was changed. "
                "Make the folder writable or set XDG_CONFIG_HOME to one that is."
            ) from None
        log.info("wrote %s", self.path)

    def _read(self, *, again: bool = True) -> ConnectionsFile | None:
        """The file's contents; None when there are none (no file, or one that
        was unreadable or damaged and has been reported)."""
        if self.in_memory:
            return self._memory
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._note(f"Cannot read {self.path}: {error.strerror or error}")
            if self._writing:
                raise
            return None
        from tui.connections_file import parse_connections_file

        try:
            if not raw.strip():
                raise DamagedFileError("empty")
            contents = parse_connections_file(raw)
        except (UnicodeDecodeError, ValueError) as error:
            if self._set_aside(raw, why_damaged(error)) or not again:
                return None
            return self._read(again=False)
        for problem in contents.problems:
            self._note(f"{self.path}: {problem}")
        return contents

    def _set_aside(self, raw: bytes, why: str) -> bool:
        """Move the damaged file aside, unless it changed since it was read (a
        writer may have just replaced it); False when it was left for a re-read.
        Only done under the lock, so a reader never moves a file being written."""
        from filelock import FileLock, Timeout

        if not self._writing:
            try:
                with FileLock(str(self.lock_path), timeout=10):
                    return self._set_aside_locked(raw, why)
            except Timeout:
                self._note(
                    f"{self.path} could not be read ({why}) and is being written by "
                    "another copy of celonis-connect; try again"
                )
                return True
            except OSError:
                pass
        return self._set_aside_locked(raw, why)

    def _set_aside_locked(self, raw: bytes, why: str) -> bool:
        try:
            if self.path.read_bytes() != raw:
                return False
        except OSError:
            return False
        self._note(
            set_aside(self.path, why) + "; starting with no connections. Secrets in "
            "the keyring were kept: add a connection with the same name (secret "
            "left empty) to use its secret again."
        )
        return True

    def _note(self, message: str) -> None:
        """Report ``message`` once in this store's life, however often it recurs."""
        if message in self._noted:
            return
        self._noted[message] = None
        log.warning(message)
        self.problems.append(message)
