"""What people see: every main screen as an SVG snapshot, at 80x24 and at 200x60.

The app runs on fixed data (connections with fixed dates, a fixed keyring state, no
network) so that a snapshot changes only when what the screen shows changes. Update
them with ``pytest tests/test_snapshots.py --snapshot-update`` after looking at them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import CelonisConnectApp
from tui.auth_method import AuthMethod
from tui.connection import Connection, LastTest
from tui.connection_store import ConnectionStore
from tui.context import AppContext
from tui.keyring_status import KeyringState, KeyringStatus
from tui.paths import AppPaths
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret import Secret
from tui.secret_location import SecretLocation
from tui.secret_store import MemorySecretStore
from tui.service import ConnectionService
from tui.setup_flow import SetupProgress, SetupProgressStore, SetupStep

SIZES = [(80, 24), (200, 60)]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_world(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """UTC clock display and a keyring that reports the same state everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    status = KeyringStatus(
        KeyringState.OK,
        "keyring.backends.SecretService.Keyring",
        "secrets go to the Secret Service",
    )
    monkeypatch.setattr("tui.keyring_status.probe_keyring", lambda *_: status)
    monkeypatch.setattr("tui.info.probe_keyring", lambda *_: status)
    fixed = {"python": "3.11", "celonis-connect": "0.1.0", "textual": "8"}
    monkeypatch.setattr("tui.info.versions", lambda: fixed)
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def stored_connections() -> list[Connection]:
    tested = LastTest(
        at=datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
        passed=True,
        summary="all 9 checks passed",
    )
    failed = LastTest(
        at=datetime(2026, 12, 1, 16, 40, tzinfo=UTC),
        passed=False,
        summary="Access token: invalid_client",
    )
    return [
        Connection(
            name="acme-po",
            team_url="https://acme.eu-1.celonis.cloud",
            client_id="po-connector",
            scopes=list(PROCESS_ORCHESTRATION_MINIMUM),
            package_key="po_demo",
            secret_location=SecretLocation.KEYRING,
            last_test=tested,
        ),
        Connection(
            name="acme-reporting",
            team_url="https://acme.celonis.cloud",
            client_id="reporting-client",
            auth_method=AuthMethod.POST,
            scopes=["studio"],
            secret_location=SecretLocation.KEYRING,
            last_test=failed,
        ),
    ]


SNAPSHOT_STATE = Path(tempfile.gettempdir()) / "celonis-connect-snapshot-state"
"""The state folder of every snapshot run: a fixed path, because the Info screen
shows it; emptied before each run (the tests run one at a time)."""


def snapshot_state() -> Path:
    shutil.rmtree(SNAPSHOT_STATE, ignore_errors=True)
    SNAPSHOT_STATE.mkdir(parents=True)
    return SNAPSHOT_STATE


def make_app(tmp_path: Path, connections: list[Connection]) -> CelonisConnectApp:
    paths = AppPaths(
        config_dir=Path("/nonexistent-config"),
        state_dir=SNAPSHOT_STATE,
        log_dir=Path("/nonexistent-log"),
        data_dir=Path("/nonexistent-data"),
    )
    store = ConnectionStore(tmp_path / "connections.json")
    for connection in connections:
        store.upsert(connection)
    service = ConnectionService(store=store, secrets=MemorySecretStore())
    return CelonisConnectApp(AppContext(paths=paths, service=service))


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_with(pilot: Pilot[Any], *keys: str) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


CASES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "connections-empty": (False, ()),
    "connections": (True, ()),
    "add-form": (True, ("a",)),
    "edit-form": (True, ("e",)),
    "help": (True, ("question_mark",)),
    "delete-confirm": (True, ("d",)),
    "setup-environment": (False, ("n",)),
    "setup-client": (False, ("n",)),
    "test-bad-url": (True, ("down", "t")),
    "passphrase": (True, ("o",)),
    "setup-package": (False, ("n",)),
    "setup-save": (False, ("n",)),
    "setup-action-flow": (False, ("n",)),
    "info-keys-help": (True, ("f2", "question_mark")),
}


RESUMED_AT = {
    "setup-client": SetupStep.CLIENT,
    "setup-package": SetupStep.PACKAGE,
    "setup-save": SetupStep.SAVE,
    "setup-action-flow": SetupStep.ACTION_FLOW,
}


def case_app(tmp_path: Path, case: str) -> CelonisConnectApp:
    """The app for one of CASES, with the setup progress it resumes from."""
    with_connections = CASES[case][0]
    snapshot_state()
    app = make_app(tmp_path, stored_connections() if with_connections else [])
    step = RESUMED_AT.get(case)
    if step is not None:
        progress = SetupProgress(
            step=step,
            done=[s for s in SetupStep if s < step],
            team_url="https://acme.eu-1.celonis.cloud",
            client_id="po-connector",
            package_key="po_demo",
            connection_name="acme-po",
        )
        SetupProgressStore(SNAPSHOT_STATE / "setup-progress.json").save(progress)
    return app


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
@pytest.mark.parametrize("case", list(CASES))
def test_screen_snapshot(
    snap_compare: SnapCompare, tmp_path: Path, case: str, size: tuple[int, int]
) -> None:
    app = case_app(tmp_path, case)
    keys = CASES[case][1]

    async def prepare(pilot: Pilot[Any]) -> None:
        await open_with(pilot, *keys)

    assert snap_compare(app, terminal_size=size, run_before=prepare)


STUDIO_PORT = 47613
STUDIO_CASES: dict[str, tuple[str, ...]] = {
    "studio-browser": ("b",),
    "studio-filtered": ("b", "slash", "p", "o", "_", "d", "e", "enter"),
    "studio-matrix": ("b", "m"),
    "studio-details": ("b", "slash", "p", "o", "_", "d", "e", "enter", "enter"),
    "permissions": ("p", "enter"),
    "bulk-grant": ("p", "enter", "g"),
    "package-key-prompt": ("p",),
    "principal-edit": ("p", "enter", "space"),
    "permission-diff": ("p", "enter", "down", "a", "ctrl+s"),
}


@pytest.fixture
def fixed_port_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The sandbox on a fixed loopback port, so its URL is the same in every run."""
    from tui.sandbox import SandboxServer, load_seed

    monkeypatch.setattr("tui.studio._since", lambda _started: 0.25)
    with SandboxServer(load_seed(), port=STUDIO_PORT) as server:
        yield server.base_url


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
@pytest.mark.parametrize("case", list(STUDIO_CASES))
def test_studio_snapshot(
    snap_compare: SnapCompare,
    tmp_path: Path,
    fixed_port_sandbox: str,
    case: str,
    size: tuple[int, int],
) -> None:
    client = ("studio-admin", "sandbox-admin-secret")
    connection = Connection(
        name="acme-po",
        team_url=fixed_port_sandbox,
        client_id=client[0],
        scopes=list(PROCESS_ORCHESTRATION_MINIMUM),
        package_key="po_demo",
        secret_location=SecretLocation.MEMORY,
    )
    snapshot_state()
    app = make_app(tmp_path, [connection])
    app.context.service.secrets.save("acme-po", Secret(client[1]))

    async def prepare(pilot: Pilot[Any]) -> None:
        await open_with(pilot, *STUDIO_CASES[case])
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=prepare)
