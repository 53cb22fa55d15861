"""The sandbox adapter over real sockets: read, save, refuse, conflict, verify."""

from __future__ import annotations

import pytest

from tests.permission_helpers import ALL, sandbox_grants, seeded_client
from tui.errors import ConflictError, ConnectError, ForbiddenError
from tui.permission_model import Draft, PermissionSource, diff
from tui.permission_port import PollPolicy, VerifyOutcome
from tui.permission_save import save_changes
from tui.permission_session import writer_for
from tui.sandbox_permission_endpoint import SandboxPermissionWriter

FAST = PollPolicy(interval=0.05, timeout=2.0)


async def test_reads_every_principal_with_a_version(sandbox_url: str) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        sheet = await writer.read("po_demo")

    assert isinstance(writer, SandboxPermissionWriter) and not writer.guided
    assert sheet.source is PermissionSource.SANDBOX
    assert isinstance(sheet.version, int)
    assert sheet.package_name == "Process Orchestration Demo"
    assert sheet.actions_of("po-connector") == ALL
    assert sheet.actions_of("po-not-granted") == frozenset()
    assert {p.type for p in sheet.principals} == {"USER", "GROUP", "APPLICATION"}
    assert "sandbox's own permissions endpoint" in sheet.describe_source()


async def test_admin_grants_all_permissions_and_it_verifies(sandbox_url: str) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        sheet = await writer.read("po_demo")
        changes = diff(sheet, {"po-not-granted": ALL})
        outcome = await save_changes(writer, sheet, changes)
        verification = await writer.verify("po_demo", outcome.to_verify, FAST)

    assert outcome.ok and outcome.applied == changes
    assert (
        outcome.state is not None and outcome.state.version == (sheet.version or 0) + 1
    )
    assert verification.outcome is VerifyOutcome.VERIFIED
    assert verification.state is not None
    assert verification.state.actions_of("po-not-granted") == ALL
    assert "po-not-granted holds All Permissions" in verification.summary()
    assert sandbox_grants(sandbox_url, "po-not-granted") == {
        "po_demo": ["USE", "EDIT", "DELETE", "MANAGE"]
    }
    async with seeded_client(sandbox_url, "po-not-granted") as granted:
        seen = {p.key: set(p.permissions) for p in await granted.packages()}
    assert seen == {"po_demo": set(ALL)}


async def test_a_client_without_manage_is_refused_and_nothing_changes(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "po-connector") as client:
        writer = writer_for(client)
        sheet = await writer.read("action_flow_templates")
        changes = diff(sheet, {"po-not-granted": ALL})
        outcome = await save_changes(writer, sheet, changes)

    assert isinstance(outcome.error, ForbiddenError)
    assert outcome.failed == changes[0] and outcome.applied == []
    assert "needs MANAGE" in outcome.error.cause
    assert "team admin" in outcome.error.fix
    assert "NOT applied" in "\n".join(outcome.lines())
    assert sandbox_grants(sandbox_url, "po-not-granted") == {}


async def test_a_client_holding_manage_may_change_its_package(sandbox_url: str) -> None:
    async with seeded_client(sandbox_url, "po-connector") as client:
        writer = writer_for(client)
        sheet = await writer.read("ticket_triage")
        outcome = await save_changes(
            writer, sheet, diff(sheet, {"po-not-granted": frozenset({"USE"})})
        )

    assert outcome.ok
    assert sandbox_grants(sandbox_url, "po-not-granted") == {"ticket_triage": ["USE"]}


async def test_a_change_made_meanwhile_is_a_conflict_not_an_overwrite(
    sandbox_url: str,
) -> None:
    async with (
        seeded_client(sandbox_url, "studio-admin") as admin,
        seeded_client(sandbox_url, "po-connector") as other,
    ):
        writer = writer_for(admin)
        draft = Draft(await writer.read("po_demo"))
        draft.set("po-not-granted", ALL)

        other_writer = writer_for(other)
        theirs = await other_writer.read("po_demo")
        analysts = "be90370f-c1cc-47eb-844b-88eb6776f087"
        await save_changes(
            other_writer, theirs, diff(theirs, {analysts: frozenset({"USE"})})
        )

        outcome = await save_changes(writer, draft.sheet, draft.changes())

    assert isinstance(outcome.error, ConflictError)
    assert outcome.conflict is not None and outcome.conflict.current is not None
    assert [c.principal.name for c in outcome.conflict.moved] == ["Analysts"]
    text = "\n".join(outcome.lines())
    assert "changed since they were read" in text
    assert "Analysts (group): none -> USE" in text
    assert sandbox_grants(sandbox_url, "po-not-granted") == {}

    draft.rebase(outcome.conflict.current)
    assert [c.principal.id for c in draft.changes()] == ["po-not-granted"]


async def test_a_network_failure_is_reported_and_nothing_is_claimed(
    sandbox: object, sandbox_url: str
) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        sheet = await writer.read("po_demo")
        sandbox.stop()  # type: ignore[attr-defined]
        outcome = await save_changes(
            writer, sheet, diff(sheet, {"po-not-granted": ALL})
        )

    assert isinstance(outcome.error, ConnectError)
    assert outcome.applied == [] and outcome.state is None


@pytest.mark.parametrize("client_id", ["po-not-granted"])
async def test_verify_times_out_when_the_state_never_arrives(
    sandbox_url: str, client_id: str
) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        sheet = await writer.read("po_demo")
        (change,) = diff(sheet, {client_id: ALL})
        verification = await writer.verify(
            "po_demo", [change], PollPolicy(interval=0.05, timeout=0.3)
        )

    assert verification.outcome is VerifyOutcome.TIMED_OUT
    assert verification.attempts >= 2
    assert "holds none, expected All Permissions" in verification.summary()
