"""Saves killed with SIGKILL at random moments leave the old or the new file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.crash_writer import generation_of
from tests.real_parts import REPO_ROOT
from tui.connection_store import ConnectionStore

KILLS = 60
TIME_BUDGET = 15.0


def last_done(done_log: Path) -> int:
    lines = done_log.read_text(encoding="utf-8").split()
    return int(lines[-1]) if lines else 0


def test_sigkill_during_saves_never_leaves_a_broken_config(tmp_path: Path) -> None:
    config = tmp_path / "config" / "connections.json"
    done_log = tmp_path / "done.log"
    done_log.touch()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", str(config), str(done_log)],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    chance = random.Random(20240611)
    started = time.monotonic()
    seen = 0
    kills = 0
    interrupted = 0
    try:
        while kills < KILLS and time.monotonic() - started < TIME_BUDGET:
            writer.stdin.write("fork\n")
            writer.stdin.flush()
            pid = int(writer.stdout.readline())
            time.sleep(chance.uniform(0.002, 0.06))
            os.kill(pid, signal.SIGKILL)
            assert writer.stdout.readline().strip() == "reaped"
            kills += 1

            store = ConnectionStore(config)
            now = generation_of(store)
            done = last_done(done_log)
            assert store.problems == [], store.problems
            assert now in (done, done + 1), (now, done)
            assert now >= seen
            seen = now
            interrupted += bool(list(config.parent.glob(".connections.json.*")))
    finally:
        writer.kill()
        writer.wait(10)

    assert kills >= 50, f"only {kills} kills within {TIME_BUDGET} s"
    assert seen > kills, "the writers hardly wrote anything before they were killed"
    assert interrupted >= 5, f"only {interrupted} kills landed inside a write"
    assert not list(config.parent.glob("*.damaged-*"))
    ConnectionStore(config).upsert(ConnectionStore(config).load()[0])
    assert [p.name for p in config.parent.glob(".connections.json.*")] == []
