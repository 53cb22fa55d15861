"""A process that forks writers of the connections file for the SIGKILL test.

Run as ``python -m tests.crash_writer CONFIG DONE_LOG``. Each line ``fork`` on stdin
starts a child that saves the file in a loop (generation after generation) and
appends each generation to DONE_LOG once its save returned. The parent prints the
child's pid, waits for it to die (the test kills it) and prints ``reaped``. Forking
from this one warm process keeps each round to a few milliseconds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui.connection import Connection
from tui.connection_store import ConnectionStore

NAMES = ("alpha", "beta", "gamma")


def generation_of(store: ConnectionStore) -> int:
    """The newest generation in the file (client ids are ``gen-<n>``)."""
    found = [int(c.client_id.removeprefix("gen-")) for c in store.load()]
    return max(found, default=0)


def write_forever(config: Path, done_log: Path) -> None:
    store = ConnectionStore(config)
    generation = generation_of(store)
    with done_log.open("a", encoding="utf-8") as done:
        # The generation found is a save that completed, perhaps by a writer
        # killed before it could log it; log it so the test's bound holds.
        done.write(f"{generation}\n")
        done.flush()
        while True:
            generation += 1
            name = NAMES[generation % len(NAMES)]
            store.upsert(
                Connection(
                    name=name,
                    team_url="https://acme.eu-1.celonis.cloud",
                    client_id=f"gen-{generation}",
                    scopes=["studio"] * (generation % 40),
                )
            )
            done.write(f"{generation}\n")
            done.flush()


def main() -> None:
    config, done_log = Path(sys.argv[1]), Path(sys.argv[2])
    for line in sys.stdin:
        if line.strip() != "fork":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(config, done_log)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)


if __name__ == "__main__":
    main()
