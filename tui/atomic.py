"""Write a file so that a crash leaves either the old or the new content."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename, fsync of the folder; the file is mode 0600.

    When ``path`` is a symbolic link, the file it points to is replaced and the
    link kept, so a config kept elsewhere (a dotfiles repository) stays linked.
    """
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def remove_stale_temps(path: Path) -> int:
    """Delete temp files a killed writer of ``path`` left behind.

    Call it only while holding the lock every writer of ``path`` takes: then no
    temp file of ``path`` can belong to a write still under way.
    """
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def writable_problem(folder: Path) -> str:
    """Why files cannot be written in ``folder`` (created if missing), or ''."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, name = tempfile.mkstemp(prefix=".write-check.", dir=folder)
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        return error.strerror or str(error)
    return ""
