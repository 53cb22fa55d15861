"""What opening the app may and may not do before its first screen is drawn.

The start-up benchmark (bench/startup.py) measures the time; these tests keep the
causes of a slow start from coming back: heavy libraries loaded for an empty
connections list, the sandbox's team built before the first screen, the footer
rebuilt when its keys did not change, and the garbage collector left paused.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from pathlib import Path

from textual.widgets import DataTable

from screens.key_footer import KeyFooter
from tests.pilot_helpers import settle
from tui import startup
from tui.app import CelonisConnectApp
from tui.context import AppContext
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

SIZE = (80, 24)
HEAVY = ("pydantic", "httpx", "keyring", "uvicorn", "starlette", "filelock")

OPEN_AN_EMPTY_SANDBOX_RUN = """
import json, sys
import tui.app
from tui.context import build_sandbox_context

context = build_sandbox_context()
try:
    connections = context.service.connections()
    keys = context.service.store.key_overrides()
    loaded = sorted(
        name for name in sys.modules
        if name.split(".")[0] in {heavy}
        or name in ("tui.sandbox.seed", "tui.sandbox.state", "tui.connection")
    )
    print(json.dumps({{"connections": len(connections), "keys": keys,
                      "loaded": loaded}}))
finally:
    context.close()
"""


def run_python(source: str, home: Path) -> dict[str, object]:
    environment = {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "PATH": "/usr/bin:/bin",
    }
    finished = subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).parent.parent,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(finished.stdout)
    return result


def test_an_empty_start_loads_no_heavy_library_and_no_sandbox_team(
    tmp_path: Path,
) -> None:
    source = OPEN_AN_EMPTY_SANDBOX_RUN.format(heavy=set(HEAVY))
    result = run_python(source, tmp_path)
    assert result == {"connections": 0, "keys": {}, "loaded": []}


def test_a_stored_connection_is_still_read_and_validated(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "celonis-connect"
    folder.mkdir(parents=True)
    stored = {
        "version": 1,
        "connections": [
            {
                "name": "acme",
                "team_url": "https://acme.eu-1.celonis.cloud",
                "client_id": "acme-client",
            },
        ],
    }
    (folder / "connections.json").write_text(json.dumps(stored))
    source = (
        "import json, sys\n"
        "from tui.context import build_context\n"
        "context = build_context()\n"
        "connections = context.service.connections()\n"
        "print(json.dumps({'names': [c.name for c in connections],"
        " 'validated': 'pydantic' in sys.modules}))\n"
    )
    assert run_python(source, tmp_path) == {"names": ["acme"], "validated": True}


def test_the_sandbox_team_is_made_once_and_only_when_first_needed() -> None:
    made: list[str] = []
    seeded = threading.Event()

    def seed() -> SandboxState:
        from tui.sandbox.seed import load_seed

        made.append(threading.current_thread().name)
        seeded.set()
        return load_seed()

    server = SandboxServer(seed=seed)
    server.start(wait=False, held=True)
    try:
        assert not seeded.wait(0.2)
        server.release()
        server.wait_until_started()
        assert made == ["sandbox-server"]
        assert server.state.team.name
        assert made == ["sandbox-server"]
    finally:
        server.stop()


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilds: list[int] = []
        original = footer.recompose

        async def counted_recompose() -> None:
            rebuilds.append(1)
            await original()

        footer.recompose = counted_recompose  # type: ignore[method-assign]
        app.screen.refresh_bindings()
        app.screen.query_one(DataTable).blur()
        app.screen.query_one(DataTable).focus()
        await settle(pilot)
        assert rebuilds == []
        assert "Setup" in str(footer.query("FooterKey").first().render())

        app.set_keymap({"connection-setup": "g"})
        app.screen.refresh_bindings()
        await settle(pilot)
        assert rebuilds == [1]
        shown = [str(key.render()) for key in footer.query("FooterKey")]
        assert any(text.strip().startswith("g") and "Setup" in text for text in shown)


async def test_collection_paused_for_start_up_resumes_at_the_first_screen(
    sandbox_context: AppContext,
) -> None:
    gc.collect()
    startup.pause_collection()
    try:
        assert not gc.isenabled()
        app = CelonisConnectApp(sandbox_context)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_resuming_without_a_pause_changes_nothing() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    startup.resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_quitting_does_not_wait_for_a_team_still_being_made() -> None:
    making = threading.Event()
    finish = threading.Event()

    def slow_seed() -> SandboxState:
        from tui.sandbox.seed import load_seed

        making.set()
        finish.wait(30)
        return load_seed()

    server = SandboxServer(seed=slow_seed)
    server.start(wait=False, held=True)
    server.release()
    made_anyway = threading.Timer(3.0, finish.set)
    try:
        assert making.wait(10)
        made_anyway.start()
        server.stop(timeout=0.2)
        assert not finish.is_set(), "stop waited until the team was made"
    finally:
        made_anyway.cancel()
        finish.set()
