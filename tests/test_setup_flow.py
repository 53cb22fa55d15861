"""The guided setup, driven with the pilot: from an empty app to a tested connection,
resuming where the user left, and each wrong client led to its fix."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.pilot_helpers import screen_text, settle
from tests.sandbox_admin import received
from tui.app import CelonisConnectApp
from tui.context import AppContext
from tui.secret import Secret
from tui.setup_flow import SetupProgressStore, SetupStep

SIZE = (80, 24)


def progress_store(context: AppContext) -> SetupProgressStore:
    return SetupProgressStore(context.paths.state_dir / "setup-progress.json")


async def fill(pilot: Pilot[Any], selector: str, value: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = value
    await pilot.pause()


async def next_step(pilot: Pilot[Any]) -> None:
    await pilot.press("pagedown")
    await settle(pilot)


async def through_client_step(pilot: Pilot[Any], client_id: str, secret: str) -> None:
    await pilot.press("n")
    await settle(pilot)
    assert "Setup 1/6" in str(pilot.app.screen.title)
    await next_step(pilot)
    assert "Setup 2/6" in str(pilot.app.screen.title), screen_text(pilot)
    await fill(pilot, "#setup-client-id", client_id)
    await fill(pilot, "#setup-secret", secret)
    await next_step(pilot)


async def test_an_empty_app_reaches_a_tested_connection(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-not-granted", "sandbox-new-secret")
        assert "Setup 3/6" in str(app.screen.title), screen_text(pilot)
        told = [n.message for n in app._notifications]
        assert "Client po-not-granted checked: all 5 required scopes granted." in told

        await fill(pilot, "#setup-package", "po_demo")
        assert "Search for the OAuth client 'po-not-granted'" in screen_text(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await next_step(pilot)
        assert "Setup 4/6" in str(app.screen.title), screen_text(pilot)

        await fill(pilot, "#setup-name", "acme-po")
        await next_step(pilot)
        assert "Setup 5/6" in str(app.screen.title), screen_text(pilot)
        shown = screen_text(pilot)
        assert "PASSED" in shown and "FAIL " not in shown

        await next_step(pilot)
        assert "Setup 6/6" in str(app.screen.title)
        shown = screen_text(pilot)
        assert "Client ID:     po-not-granted" in shown
        assert "sandbox-new-secret" not in shown
        await next_step(pilot)
        assert app.screen.title == "Connections"

    stored = sandbox_context.service.get("acme-po")
    assert stored is not None and stored.last_test is not None
    assert stored.last_test.passed
    assert sandbox_context.service.secrets.load("acme-po") == Secret(
        "sandbox-new-secret"
    )
    assert not progress_store(sandbox_context).path.exists()


async def test_leaving_at_step_three_resumes_there_without_the_secret(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-connector", "sandbox-po-secret")
        assert "Setup 3/6" in str(app.screen.title)
        await pilot.press("escape")
        await settle(pilot)

    saved = progress_store(sandbox_context).path.read_text()
    assert "sandbox-po-secret" not in saved
    assert progress_store(sandbox_context).load().step is SetupStep.PACKAGE

    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Setup 3/6" in str(app.screen.title)
        assert "[x] 1 Environment  [x] 2 OAuth client  [>] 3 Package" in screen_text(
            pilot
        )
        await fill(pilot, "#setup-package", "po_demo")
        await next_step(pilot)
        assert "secret is needed" in screen_text(pilot)


async def test_leaving_and_coming_back_in_the_same_run_keeps_the_secret(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-connector", "sandbox-po-secret")
        await pilot.press("escape")
        await settle(pilot)
        assert "Connections" in str(app.screen.title)

        await pilot.press("n")
        await settle(pilot)
        assert "Setup 3/6" in str(app.screen.title)
        await fill(pilot, "#setup-package", "po_demo")
        await next_step(pilot)
        assert "Setup 4/6" in str(app.screen.title), screen_text(pilot)
        assert "sandbox-po-secret" not in screen_text(pilot)


async def test_a_client_short_of_a_scope_is_told_which(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-no-triggers", "sandbox-short-secret")

        shown = screen_text(pilot)
        assert "Setup 2/6" in str(app.screen.title)
        assert "not allowed triggers:manage" in shown
        assert "Admin & Settings > Applications" in shown


async def test_a_client_of_the_other_auth_method_is_switched_and_named(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-connector-post", "sandbox-post-secret")
        shown = screen_text(pilot)
        assert "Setup 2/6" in str(app.screen.title)
        assert "registered for Client secret post" in shown

        await next_step(pilot)
        assert "Setup 3/6" in str(app.screen.title)
    progress = progress_store(sandbox_context).load()
    assert progress.auth_method.value == "client_secret_post"


async def test_a_package_not_yet_granted_shows_the_studio_steps(
    sandbox_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screens import setup_package

    monkeypatch.setattr(setup_package, "VERIFY_SECONDS", 0.5)
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-not-granted", "sandbox-new-secret")
        await fill(pilot, "#setup-package", "po_demo")
        await next_step(pilot)

        shown = screen_text(pilot)
        assert "Setup 3/6" in str(app.screen.title)
        assert "FAIL" in shown
        assert "not visible to client po-not-granted" in shown
        assert "All Permissions" in shown
    paths = [r["path"] for r in received(str(sandbox_context.sandbox_url))]
    assert "/package-manager/api/packages" in paths


async def test_a_wrong_secret_stays_on_the_client_step(
    sandbox_context: AppContext,
) -> None:
    app = CelonisConnectApp(sandbox_context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await through_client_step(pilot, "po-connector", "wrong")

        shown = screen_text(pilot)
        assert "Setup 2/6" in str(app.screen.title)
        assert "invalid_client" in shown
        assert app.screen.query_one("#setup-client-id", Input).value == "po-connector"
