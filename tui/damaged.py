"""Moving a damaged local file aside so the app can start, and saying why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def why_damaged(error: Exception) -> str:
    """A short reason a file could not be read as what it should be."""
    from pydantic import ValidationError

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
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        path.replace(aside)
        where = f"moved to {aside}"
    except OSError:
        where = "left in place (it could not be moved)"
    return f"{path} was damaged ({why}) and was {where}"
