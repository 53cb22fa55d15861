"""Logging to a rotating file, with secrets removed at the logging layer.

Call sites log what happened in plain words; the filter here removes Authorization
headers, bearer and basic credentials, ``client_secret``/``access_token`` fields and
every secret value the app has seen in this process, whatever the call site wrote.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

_PATTERNS = (
    re.compile(r"(?i)(authorization\s*[:=]\s*)([^\s,;]+(?:\s+[^\s,;]+)?)"),
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(
        r"(?i)((?:client_secret|access_token|refresh_token|id_token|secret|password"
        r"|passphrase|api[_-]?key)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;]+"
    ),
)
MASK = "[redacted]"


class SecretRedactor(logging.Filter):
    """Replaces known secret values and credential-shaped text in every record."""

    def __init__(self) -> None:
        super().__init__()
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def remember(self, value: str) -> None:
        if len(value) >= 4:
            with self._lock:
                self._values.add(value)

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            text = text.replace(value, MASK)
        text = _PATTERNS[0].sub(lambda m: m.group(1) + MASK, text)
        text = _PATTERNS[1].sub(lambda m: m.group(1) + " " + MASK, text)
        return _PATTERNS[2].sub(lambda m: m.group(1) + MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
            record.msg = f"{record.msg}\n{self.redact(formatted)}"
        return True


REDACTOR = SecretRedactor()


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files only their owner can read (mode 0600)."""

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def setup_logging(log_file: Path | None, level: int = logging.INFO) -> None:
    """Send the app's logs to ``log_file`` (rotating, 1 MB x 3), redacted."""
    root = logging.getLogger("tui")
    root.setLevel(level)
    root.propagate = False
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    handler: logging.Handler = logging.NullHandler()
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handler = PrivateRotatingFileHandler(
                log_file,
                maxBytes=1_000_000,
                backupCount=3,
                encoding="utf-8",
                errors="backslashreplace",
            )
        except OSError:
            handler = logging.NullHandler()
    handler.addFilter(REDACTOR)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
