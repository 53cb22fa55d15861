"""Every screen's footer fits an 80-column terminal: no key is cut or hidden.

Each screen the snapshot tests open is opened here at 80x24, and every key the
footer shows must end before the command palette's key starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.test_snapshots import (
    CASES,
    STUDIO_CASES,
    case_app,
    make_app,
    open_with,
    snapshot_state,
)
from tui.connection import Connection
from tui.scopes import PROCESS_ORCHESTRATION_MINIMUM
from tui.secret import Secret
from tui.secret_location import SecretLocation

WIDTH = 80


def overflowing_keys(pilot: Pilot[Any]) -> list[str]:
    keys = list(pilot.app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    limit = palette[0].region.x if palette else WIDTH
    return [
        f"{key.key_display} {key.description} ends at {key.region.right} > {limit}"
        for key in keys
        if key not in palette and (key.region.right > limit or not key.region.width)
    ]


@pytest.mark.parametrize("case", list(CASES))
async def test_the_footer_fits_on_every_screen(tmp_path: Path, case: str) -> None:
    app = case_app(tmp_path, case)
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_with(pilot, *CASES[case][1])
        assert overflowing_keys(pilot) == []


@pytest.mark.parametrize("case", list(STUDIO_CASES))
async def test_the_footer_fits_on_every_studio_screen(
    tmp_path: Path, sandbox_url: str, case: str
) -> None:
    connection = Connection(
        name="acme-po",
        team_url=sandbox_url,
        client_id="studio-admin",
        scopes=list(PROCESS_ORCHESTRATION_MINIMUM),
        package_key="po_demo",
        secret_location=SecretLocation.MEMORY,
    )
    snapshot_state()
    app = make_app(tmp_path, [connection])
    app.context.service.secrets.save("acme-po", Secret("sandbox-admin-secret"))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_with(pilot, *STUDIO_CASES[case])
        await pilot.pause(0.3)
        assert overflowing_keys(pilot) == []
