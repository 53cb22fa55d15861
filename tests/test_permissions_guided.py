"""The real-team path on the sandbox: Studio steps, then polling until a grant lands.

The sandbox's ``POST /_sandbox/grants`` with ``delay_seconds`` stands in for the
person clicking Save in Studio a little later.
"""

from __future__ import annotations

import asyncio

from tests.permission_helpers import ALL, seeded_client
from tests.sandbox_admin import grant
from tui.cancel import CancelToken
from tui.errors import ForbiddenError
from tui.guided_permission_writer import GuidedPermissionWriter
from tui.permission_model import PermissionSource, Principal, PrincipalChange, diff
from tui.permission_port import PollPolicy, PollProgress, VerifyOutcome
from tui.permission_save import save_changes
from tui.permission_session import writer_for

FAST = PollPolicy(interval=0.05, timeout=5.0)


async def test_the_own_client_sees_only_itself_and_gets_exact_steps(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "po-not-granted") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        outcome = await save_changes(
            writer, sheet, diff(sheet, {"po-not-granted": ALL})
        )

    assert isinstance(writer, GuidedPermissionWriter) and writer.guided
    assert sheet.source is PermissionSource.OWN
    assert "lacks authorization.permissions:read" in sheet.describe_source()
    assert [p.id for p in sheet.principals] == ["po-not-granted"]
    (step,) = outcome.steps
    text = step.text()
    assert "key po_demo" in text
    assert '"po-not-granted" as a user' in text
    assert 'Template column choose "All Permissions"' in text
    assert "5. Save." in text
    assert outcome.applied == [] and outcome.to_verify == [step.change]


async def test_verify_passes_once_a_delayed_grant_lands(sandbox_url: str) -> None:
    seen: list[PollProgress] = []
    async with seeded_client(sandbox_url, "po-not-granted") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        changes = diff(sheet, {"po-not-granted": ALL})
        grant(sandbox_url, "po-not-granted", "po_demo", delay_seconds=0.4)

        verification = await writer.verify(
            "po_demo", changes, FAST, progress=seen.append
        )

    assert verification.outcome is VerifyOutcome.VERIFIED
    assert verification.attempts >= 3 and verification.seconds >= 0.3
    assert seen and seen[-1].seconds_left < FAST.timeout
    assert seen[0].seen == {"po-not-granted": frozenset()}
    assert verification.state is not None
    assert verification.state.package_name == "Process Orchestration Demo"


async def test_verify_times_out_cleanly_when_the_grant_never_lands(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "po-not-granted") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        changes = diff(sheet, {"po-not-granted": ALL})
        grant(sandbox_url, "po-not-granted", "po_demo", delay_seconds=30)

        verification = await writer.verify(
            "po_demo", changes, PollPolicy(interval=0.05, timeout=0.4)
        )

    assert verification.outcome is VerifyOutcome.TIMED_OUT
    assert 0.4 <= verification.seconds < 2
    assert verification.error is None
    assert "Not seen on po_demo" in verification.summary()
    assert "holds none, expected All Permissions" in verification.summary()


async def test_a_cancel_token_stops_the_wait(sandbox_url: str) -> None:
    cancel = CancelToken()
    async with seeded_client(sandbox_url, "po-not-granted") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        changes = diff(sheet, {"po-not-granted": ALL})
        asyncio.get_running_loop().call_later(0.2, cancel.cancel)

        verification = await writer.verify(
            "po_demo", changes, PollPolicy(interval=1.0, timeout=30), cancel=cancel
        )

    assert verification.outcome is VerifyOutcome.CANCELLED
    assert verification.seconds < 1.5
    assert "nothing is confirmed" in verification.summary()


async def test_cancelling_the_task_stops_the_wait(sandbox_url: str) -> None:
    async with seeded_client(sandbox_url, "po-not-granted") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        changes = diff(sheet, {"po-not-granted": ALL})
        task = asyncio.create_task(
            writer.verify("po_demo", changes, PollPolicy(interval=1.0, timeout=30))
        )
        await asyncio.sleep(0.2)
        task.cancel()
        done, _ = await asyncio.wait([task], timeout=2)

    assert task in done and task.cancelled()


async def test_an_admin_with_the_export_scope_guides_for_another_client(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        outcome = await save_changes(
            writer, sheet, diff(sheet, {"po-connector": frozenset({"USE", "EDIT"})})
        )
        grant(sandbox_url, "po-connector", "po_demo", actions=["USE", "EDIT"])
        verification = await writer.verify("po_demo", outcome.to_verify, FAST)

    assert sheet.source is PermissionSource.EXPORT
    assert sheet.actions_of("po-connector") == ALL
    text = outcome.steps[0].text()
    assert 'space "Automation Lab"' in text
    assert 'package "Process Orchestration Demo" (key po_demo)' in text
    assert '"PO Connector" as a user' in text
    assert "Tick exactly: Use package, Edit package" in text
    assert "leave unticked: Delete package, Manage permissions" in text
    assert verification.outcome is VerifyOutcome.VERIFIED


async def test_another_client_cannot_be_verified_without_the_export_scope(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "po-connector") as client:
        writer = writer_for(client, guided=True)
        sheet = await writer.read("po_demo")
        own = sheet.principals[0]
        other = Principal("po-not-granted", "po-not-granted", "APPLICATION")
        change = PrincipalChange("po_demo", other, ALL)
        verification = await writer.verify("po_demo", [change], FAST)

    assert own.id == "po-connector" and own.actions == ALL
    assert verification.outcome is VerifyOutcome.FAILED
    assert isinstance(verification.error, ForbiddenError)
    assert verification.attempts == 1
    assert "authorization.permissions:read" in verification.error.fix
