"""Moving a damaged local file aside so the app can start, and saying why."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


class DamagedFileError(ValueError):
    """A file is not what it should be at all; the message says why, briefly."""


def why_damaged(error: Exception) -> str:
    """A short reason a file could not be read as what it should be."""
    from pydantic import ValidationError

    if isinstance(error, DamagedFileError):
        return str(error)

    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        return f"unexpected content at {where}: {first['msg']}"
    return "not valid JSON"


def set_aside(path: Path, why: str) -> str:
    """Rename ``path`` with a timestamp; return a sentence saying what happened."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        aside = _move_to_free_name(path, f"{path.name}.damaged-{stamp}")
        where = f"moved to {aside}"
    except OSError:
        where = "left in place (it could not be moved)"
    return f"{path} was damaged ({why}) and was {where}"


def _move_to_free_name(path: Path, name: str) -> Path:
    """Move ``path`` to ``name`` in its folder, or ``name-2``, ``name-3`` ... when
    taken: a hard link claims the new name only if it is free, so no earlier copy
    is ever overwritten."""
    for number in range(1, 1000):
        aside = path.with_name(name if number == 1 else f"{name}-{number}")
        try:
            os.link(path, aside)
        except FileExistsError:
            continue
        except OSError:
            if aside.exists():
                continue
            path.rename(aside)
            return aside
        path.unlink()
        return aside
    raise FileExistsError(f"no free name for {name} in {path.parent}")
