"""Look for secrets everywhere the app could have left them.

Use :class:`SessionRecord` while driving the app: ``await record.capture(pilot,
"step")`` keeps the text of the screen, an SVG snapshot (also written to disk) and
every notification. At the end, :func:`assert_no_leaks` scans every file under the
given folders and every recorded text for each secret, also in the encodings a
careless store or log would use (base64, URL and JSON escaping). A failure names
where a secret was found and which one by number, never the secret itself.

Later features (browse, grant, export) add their own steps to a session with the
same record and call the same scan.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from textual.pilot import Pilot

from tests.pilot_helpers import screen_text


def encodings(secret: str) -> set[bytes]:
    """The byte strings that would give ``secret`` away."""
    raw = secret.encode("utf-8")
    padded = {base64.b64encode(raw), base64.urlsafe_b64encode(raw)}
    forms = {form.rstrip(b"=") for form in padded} | {
        raw,
        quote(secret, safe="").encode(),
        quote_plus(secret).encode(),
        json.dumps(secret)[1:-1].encode(),
        json.dumps(secret, ensure_ascii=False)[1:-1].encode(),
    }
    return {form for form in forms if len(form) >= 6}


def files_under(roots: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        for folder, _, names in os.walk(root):
            found += [Path(folder) / name for name in names]
    return sorted(set(found))


def find_leaks(
    paths: Iterable[Path], texts: Mapping[str, str], secrets: Iterable[str]
) -> list[str]:
    """Where each secret was found, as ``'<where>: secret #<n>'`` lines."""
    patterns = [(n, encodings(s)) for n, s in enumerate(secrets, 1) if s]
    places: list[tuple[str, bytes]] = [
        (f"file {path}", path.read_bytes()) for path in files_under(paths)
    ]
    places += [(f"text {name}", text.encode("utf-8")) for name, text in texts.items()]
    return [
        f"{where}: secret #{number}"
        for where, content in places
        for number, forms in patterns
        if any(form in content for form in forms)
    ]


def assert_no_leaks(
    paths: Iterable[Path], texts: Mapping[str, str], secrets: Iterable[str]
) -> None:
    leaks = find_leaks(paths, texts, secrets)
    assert not leaks, "secrets found:\n" + "\n".join(leaks)


class SessionRecord:
    """Everything a session showed: screens, snapshots, notifications, output."""

    def __init__(self, snapshot_dir: Path) -> None:
        self.snapshot_dir = snapshot_dir
        self.texts: dict[str, str] = {}
        self.notifications: list[str] = []
        self.captured = 0

    def watch_notifications(self, app: Any) -> None:
        """Record every notification the app shows from now on."""
        original = app.notify

        def recording(message: str, *args: Any, **kwargs: Any) -> None:
            self.notifications.append(f"{kwargs.get('title', '')}: {message}")
            original(message, *args, **kwargs)

        app.notify = recording

    async def capture(self, pilot: Pilot[Any], step: str) -> str:
        """Keep the screen's text and an SVG snapshot; return the text."""
        await pilot.pause()
        text = screen_text(pilot)
        svg = pilot.app.export_screenshot(title=step)
        self.snapshot_dir.mkdir(parents=True, exist_ok=True)
        self.captured += 1
        number = self.captured
        (self.snapshot_dir / f"{number:02d}-{step}.svg").write_text(svg, "utf-8")
        self.texts[f"screen {number} {step}"] = text
        self.texts[f"snapshot {number} {step}"] = svg
        return text

    def add(self, name: str, text: str) -> None:
        self.texts[name] = text

    def all_texts(self) -> dict[str, str]:
        return {**self.texts, "notifications": "\n".join(self.notifications)}
