"""Connection-test benchmark: the full test against the round trips it cannot avoid.

Starts the sandbox with a fixed latency injected on every API request, runs the
app's full connection test (token, scopes, Studio, package permission) several
times, and in the same process times the requests a test cannot do without, made
with bare httpx: the token request, then the Studio spaces and packages calls side
by side. Prints both medians and, last, the ratio; the goal is at most 1.2x.

    .venv/bin/python bench/connection_test.py [--latency 0.1] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import httpx

from tui.connection import Connection
from tui.diagnosis import ConnectionTest
from tui.sandbox import SandboxServer, load_seed
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret import Secret

GOAL = 1.2
CLIENT_ID = "po-connector"
SECRET = "sandbox-po-secret"


async def full_test(base_url: str) -> float:
    connection = Connection(
        name="bench",
        team_url=base_url,
        client_id=CLIENT_ID,
        scopes=list(PROCESS_ORCHESTRATION_MINIMUM),
        package_key="po_demo",
    )
    started = time.perf_counter()
    results = [r async for r in ConnectionTest(connection, Secret(SECRET)).run()]
    elapsed = time.perf_counter() - started
    failed = [r for r in results if not r.passed and r.outcome.value != "SKIPPED"]
    if failed:
        raise SystemExit(f"the connection test failed: {failed[0].cause}")
    return elapsed


async def unavoidable_round_trips(base_url: str) -> float:
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url) as http:
        answer = await http.post(
            "/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "scope": " ".join(PROCESS_ORCHESTRATION_MINIMUM),
            },
            auth=(CLIENT_ID, SECRET),
        )
        headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        await asyncio.gather(
            http.get("/package-manager/api/spaces", headers=headers),
            http.get("/package-manager/api/packages", headers=headers),
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with SandboxServer(load_seed()) as server:
        fault = {"path": "/", "kind": "latency", "seconds": args.latency, "times": None}
        httpx.post(f"{server.base_url}/_sandbox/faults", json=fault).raise_for_status()
        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(args.runs):
            app_times.append(asyncio.run(full_test(server.base_url)))
            bare_times.append(asyncio.run(unavoidable_round_trips(server.base_url)))

    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    ratio = app_median / bare_median
    print(f"latency per request: {args.latency * 1000:.0f} ms")
    print(f"full connection test:     median {app_median * 1000:.0f} ms")
    print(f"unavoidable round trips:  median {bare_median * 1000:.0f} ms")
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"connection-test ratio {ratio:.2f}x ({verdict} the goal of {GOAL}x)")


if __name__ == "__main__":
    main()
