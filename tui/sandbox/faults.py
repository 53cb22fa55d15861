"""Injected faults: what `POST /_sandbox/faults` accepts and the book of active ones.

A fault matches every request whose path starts with its `path` prefix (never the
sandbox's own `/_sandbox/` paths) and fires `times` times, or until cleared when
`times` is null. `expire_tokens` is not stored: it acts the moment it is posted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

KINDS: tuple[str, ...] = (
    "latency",
    "status",
    "drop",
    "html",
    "wrong_content_type",
    "redirect",
    "expire_tokens",
    "oversize",
)
LARGEST_OVERSIZE = 4 * 1024 * 1024 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    path: str = "/"
    times: int | None = 1
    seconds: float = 0.0
    status: int = 500
    retry_after: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None
    location: str | None = None
    size: int = 0
    announce: bool = False
    gzip: bool = False
    layers: int = 1
    id: int = 0
    fired: int = field(default=0, compare=False)

    def public(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "path": self.path,
            "times": self.times,
            "fired": self.fired,
        }
        if self.kind == "latency":
            described["seconds"] = self.seconds
        if self.kind in ("status", "redirect"):
            described["status"] = self.status
        if self.kind == "status":
            described["retry_after"] = self.retry_after
            described["headers"] = dict(self.headers)
            described["body"] = self.body
        if self.kind == "redirect":
            described["location"] = self.location
        if self.kind == "oversize":
            described.update(
                size=self.size,
                announce=self.announce,
                gzip=self.gzip,
                layers=self.layers,
            )
        return described


class FaultBook:
    """The active faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            stored = replace(fault, id=self._next_id)
            self._next_id += 1
            self._faults.append(stored)
        return stored

    def take(self, path: str) -> Fault | None:
        """The first fault matching `path`, counting one use of it."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if not path.startswith(fault.path):
                    continue

                used = replace(fault, fired=fault.fired + 1)
                if fault.times is not None and used.fired >= fault.times:
                    del self._faults[index]
                else:
                    self._faults[index] = used
                return used
        return None

    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> int:
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
        return count


def _number(data: dict[str, Any], name: str, default: float) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"'{name}' must be a number of seconds >= 0")
    return float(value)


def _status(data: dict[str, Any], default: int, allowed: tuple[int, ...]) -> int:
    value = data.get("status", default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("'status' must be an integer HTTP status")
    if allowed and value not in allowed:
        raise ValueError(f"'status' must be one of {', '.join(map(str, allowed))}")
    if not (200 <= value <= 299 or 400 <= value <= 599) and not allowed:
        raise ValueError("'status' must be between 200-299 or 400-599")
    return value


def _header_text(name: str, value: object) -> str:
    if not isinstance(value, str) or "\r" in value or "\n" in value:
        raise ValueError(f"'{name}' must be a single-line string")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"'{name}' must be latin-1 text to fit a header") from None
    return value


def _headers(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    raw = data.get("headers", {})
    if not isinstance(raw, dict):
        raise ValueError("'headers' must be an object of header names to values")
    return tuple(
        (_header_text("headers", name), _header_text(f"headers.{name}", value))
        for name, value in raw.items()
    )


def parse_fault(data: object) -> Fault:
    """Validate a `POST /_sandbox/faults` body; ValueError says what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")

    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of {', '.join(KINDS)}")

    path = data.get("path", "/")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError("'path' must be a path prefix starting with '/'")

    times = data.get("times", 1)
    if times is not None and (
        isinstance(times, bool) or not isinstance(times, int) or times < 1
    ):
        raise ValueError(
            "'times' must be a positive integer, or null for until cleared"
        )

    fault = Fault(kind=kind, path=path, times=times)
    if kind == "latency":
        return replace(fault, seconds=_number(data, "seconds", 1.0))

    if kind == "status":
        retry_after = data.get("retry_after")
        if retry_after is not None:
            retry_after = _header_text("retry_after", retry_after)
        return replace(
            fault,
            status=_status(data, 500, ()),
            retry_after=retry_after,
            headers=_headers(data),
            body=data.get("body"),
        )

    if kind == "oversize":
        return _oversize(fault, data)

    if kind == "redirect":
        location = data.get("location")
        if not isinstance(location, str) or not location:
            raise ValueError("a redirect fault needs 'location'")
        return replace(
            fault,
            status=_status(data, 302, REDIRECT_STATUSES),
            location=_header_text("location", location),
        )

    return fault


def _oversize(fault: Fault, data: dict[str, Any]) -> Fault:
    """A 200 answer of `size` bytes; `announce` sends its Content-Length,
    `gzip` compresses it (a few KB on the wire for many MB of body), `layers`
    times over."""
    size = data.get("size")
    if isinstance(size, bool) or not isinstance(size, int):
        raise ValueError("an oversize fault needs 'size', a number of bytes")
    if not 0 < size <= LARGEST_OVERSIZE:
        raise ValueError(f"'size' must be from 1 to {LARGEST_OVERSIZE} bytes")
    announce, gzip = data.get("announce", False), data.get("gzip", False)
    if not isinstance(announce, bool) or not isinstance(gzip, bool):
        raise ValueError("'announce' and 'gzip' must be true or false")
    layers = data.get("layers", 1)
    if isinstance(layers, bool) or layers not in (1, 2, 3):
        raise ValueError("'layers' (gzip applied how often) must be 1, 2 or 3")
    return replace(fault, size=size, announce=announce, gzip=gzip, layers=layers)
