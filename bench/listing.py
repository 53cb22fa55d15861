"""Listing benchmark: load a 20,000-package team the app's way and the bare way.

A sandbox team of 500 spaces x 40 packages runs in its own process (so its work
does not count here). Each round loads the spaces and packages lists twice:

* app: ``StudioCatalog.load()`` through ``CelonisClient`` (token, both lists,
  typed models, rows joined to space names and ready to filter);
* bare: one ``httpx.AsyncClient``, the same token request and the same two GETs
  in parallel, ``response.json()``, nothing else.

The two alternate, and the ratio is the median of each round's app/bare, so a
busy machine slows both sides of a pair alike.

Prints the median of each and the longest pause of the event loop during an app
load (what a screen would feel), then measures one app load in a fresh process: its
traced Python allocations and the process's peak resident size. The last line
gives the ratio (goal: at most 1.5x) and that peak (goal: at most 200 MB).

    .venv/bin/python bench/listing.py [--size 500x40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx

from tui.connection import Connection
from tui.secret import Secret
from tui.studio import StudioCatalog
from tui.studio_access import client_for

RATIO_GOAL = 1.5
MEMORY_GOAL_MB = 200.0
CLIENT_ID = "po-connector"
SECRET = "sandbox-po-secret"
LISTS = ("/package-manager/api/spaces", "/package-manager/api/packages")


def start_sandbox(size: str) -> tuple[subprocess.Popen[str], str]:
    command = Path(sys.executable).parent / "celonis-connect"
    process = subprocess.Popen(
        [str(command), "sandbox", "--port", "0", "--seed-size", size],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


async def app_load(base_url: str) -> int:
    connection = Connection(
        name="bench", team_url=base_url, client_id=CLIENT_ID, scopes=["studio"]
    )
    async with client_for(connection, Secret(SECRET)) as client:
        result = await StudioCatalog(client).load()
    assert result.complete, result.problems()
    return len(result.packages)


async def bare_load(base_url: str) -> int:
    async with httpx.AsyncClient(timeout=60) as http:
        answer = await http.post(
            f"{base_url}/oauth2/token",
            auth=(CLIENT_ID, SECRET),
            data={"grant_type": "client_credentials", "scope": "studio"},
        )
        headers = {"Authorization": "Bearer " + answer.json()["access_token"]}
        responses = await asyncio.gather(
            *(http.get(base_url + path, headers=headers) for path in LISTS)
        )
        _spaces, packages = (response.json() for response in responses)
    return len(packages)


Load = Callable[[str], Coroutine[Any, Any, int]]


def timed(load: Load, base_url: str) -> float:
    gc.collect()
    started = time.perf_counter()
    count = asyncio.run(load(base_url))
    seconds = time.perf_counter() - started
    assert count > 0
    return seconds


async def longest_pause(base_url: str) -> float:
    """The longest time the event loop could not run during one app load (ms)."""
    gaps: list[float] = []
    loading = True

    async def tick() -> None:
        last = time.perf_counter()
        while loading:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    await app_load(base_url)
    loading = False
    await ticker
    return max(gaps) * 1000


def memory_of_one_load(base_url: str) -> None:
    """Run in a fresh process: print the traced and resident peaks of one app load."""
    tracemalloc.start()
    asyncio.run(app_load(base_url))
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{traced / 1e6:.1f} {resident / 1e6:.1f}")


def measure_memory(base_url: str) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--memory-of", base_url],
        capture_output=True,
        text=True,
        check=True,
    )
    traced, resident = done.stdout.split()
    return float(traced), float(resident)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", default="500x40")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--memory-of", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        memory_of_one_load(args.memory_of)
        return

    process, base_url = start_sandbox(args.size)
    try:
        print(f"sandbox {args.size} at {base_url}")
        timed(bare_load, base_url)
        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(args.rounds):
            app_times.append(timed(app_load, base_url))
            bare_times.append(timed(bare_load, base_url))
        pause = asyncio.run(longest_pause(base_url))
        traced, resident = measure_memory(base_url)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)

    app = statistics.median(app_times)
    bare = statistics.median(bare_times)
    ratio = statistics.median(a / b for a, b in zip(app_times, bare_times, strict=True))
    print(f"app load:  median {app:.3f} s, best {min(app_times):.3f} s")
    print(f"bare load: median {bare:.3f} s, best {min(bare_times):.3f} s")
    print(f"best app / best bare: {min(app_times) / min(bare_times):.2f}x")
    print(f"longest event-loop pause during an app load: {pause:.0f} ms")
    print(f"one app load: {traced:.0f} MB traced, process peak {resident:.0f} MB")
    ratio_ok = "meets" if ratio <= RATIO_GOAL else "misses"
    memory_ok = "meets" if resident <= MEMORY_GOAL_MB else "misses"
    print(
        f"listing: app/bare {ratio:.2f}x ({ratio_ok} <= {RATIO_GOAL}x), "
        f"peak memory {resident:.0f} MB ({memory_ok} <= {MEMORY_GOAL_MB:.0f} MB)"
    )


if __name__ == "__main__":
    main()
