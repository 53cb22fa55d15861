"""Filter benchmark: type into the Studio browser's filter over 20,000 packages.

Starts a sandbox team of 500 spaces x 40 packages on loopback, opens the browser
for the seeded client in a headless 80x24 app, then types, narrows and deletes
text in the filter one key at a time. Each keystroke is timed from the moment the
key reaches the app until the screen has painted the filtered rows (the timing
hooks into Textual's screen refresh, since no public event marks a painted frame).
Prints the p95 per keystroke last; the goal is at most 50 ms.

    .venv/bin/python bench/filter.py [--size 500x40] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events

from screens.studio_browser import StudioBrowserScreen
from tui.app import CelonisConnectApp
from tui.connection import Connection
from tui.connection_store import ConnectionStore
from tui.context import AppContext
from tui.paths import AppPaths
from tui.sandbox import SandboxServer, large_seed, parse_seed_size
from tui.secret import Secret
from tui.secret_store import MemorySecretStore
from tui.service import ConnectionService

GOAL_MS = 50.0
CLIENT_ID = "po-connector"
SECRET = "sandbox-po-secret"
SCOPES = ["studio"]


def keystrokes() -> list[str]:
    """Type, narrow, widen and clear, the way a user hunts for a package."""
    keys: list[str] = []
    for word in ("analysis", "pkg_0321_0", "order 12", "po_demo"):
        keys.extend("space" if ch == " " else ch for ch in word)
        keys.extend(["backspace"] * len(word))
    return keys


def context_for(base_url: str, root: Path) -> tuple[AppContext, Connection]:
    paths = AppPaths.under(root)
    service = ConnectionService(
        store=ConnectionStore(paths.config_file), secrets=MemorySecretStore()
    )
    connection = Connection(
        name="bench", team_url=base_url, client_id=CLIENT_ID, scopes=SCOPES
    )
    stored = service.save(connection, Secret(SECRET))
    return AppContext(paths=paths, service=service), stored


class PaintClock:
    """Notes when the package table gets new rows and when the screen next paints."""

    def __init__(self, screen: StudioBrowserScreen) -> None:
        self.shown_at = 0.0
        self.painted = asyncio.Event()
        table = screen.table
        show = table.show
        paint = screen._compositor_refresh

        def timed_show(*args: Any, **kwargs: Any) -> None:
            show(*args, **kwargs)
            self.shown_at = time.perf_counter()

        def timed_paint() -> None:
            began = time.perf_counter()
            paint()
            if self.shown_at and began >= self.shown_at:
                self.painted.set()

        table.show = timed_show  # type: ignore[method-assign]
        screen._compositor_refresh = timed_paint  # type: ignore[method-assign]

    async def keystroke(self, app: CelonisConnectApp, key: str) -> float:
        """Milliseconds from the key reaching the app until the new rows are painted."""
        self.shown_at = 0.0
        self.painted.clear()
        char = " " if key == "space" else (key if len(key) == 1 else None)
        assert app._driver is not None
        began = time.perf_counter()
        app._driver.send_message(events.Key(key, char))
        await asyncio.wait_for(self.painted.wait(), 10)
        return (time.perf_counter() - began) * 1000


async def measure(
    context: AppContext, connection: Connection, rounds: int
) -> list[float]:
    app = CelonisConnectApp(context)
    timings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = StudioBrowserScreen(connection)
        await app.push_screen(screen)
        started = time.perf_counter()
        await app.workers.wait_for_complete()
        await pilot.pause()
        seconds = time.perf_counter() - started
        print(f"loaded: {len(screen.shown):,} rows in {seconds:.2f} s")
        assert screen.result is not None and screen.result.complete

        clock = PaintClock(screen)
        await pilot.press("slash")
        for _ in range(rounds):
            for key in keystrokes():
                timings.append(await clock.keystroke(app, key))
                await pilot.pause()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="500x40")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    spaces, per_space = parse_seed_size(args.size)
    with (
        SandboxServer(large_seed(spaces, per_space)) as server,
        tempfile.TemporaryDirectory() as root,
    ):
        context, connection = context_for(server.base_url, Path(root))
        timings = asyncio.run(measure(context, connection, args.rounds))

    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"keystrokes: {len(timings)}, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )
    verdict = "meets" if p95 <= GOAL_MS else "misses"
    print(
        f"filter p95 per keystroke: {p95:.1f} ms ({verdict} the {GOAL_MS:.0f} ms goal)"
    )


if __name__ == "__main__":
    main()
