"""One template on several packages: every package gets a result and a reason."""

from __future__ import annotations

from tests.permission_helpers import ALL, sandbox_grants, seeded_client
from tests.sandbox_admin import grant
from tui.cancel import CancelToken
from tui.errors import ConnectError
from tui.permission_bulk import BulkStatus, guided_steps, plan_bulk, run_bulk, summary
from tui.permission_model import PrincipalChange
from tui.permission_port import Applied, PermissionWriter, PollPolicy
from tui.permission_session import writer_for

FAST = PollPolicy(interval=0.05, timeout=2.0)
KEYS = ["po_demo", "action_flow_templates", "approval_workflows", "ticket_triage"]


async def test_applied_already_so_and_a_403_in_the_middle(sandbox_url: str) -> None:
    grant(sandbox_url, "po-not-granted", "approval_workflows")
    async with seeded_client(sandbox_url, "po-connector") as client:
        writer = writer_for(client)
        plans = await plan_bulk(writer, KEYS, "po-not-granted", ALL)
        results = [r async for r in run_bulk(writer, plans, FAST)]

    assert [plan.change is None for plan in plans] == [False, False, True, False]
    assert [(r.package_key, r.status) for r in results] == [
        ("po_demo", BulkStatus.APPLIED),
        ("action_flow_templates", BulkStatus.FAILED),
        ("approval_workflows", BulkStatus.ALREADY),
        ("ticket_triage", BulkStatus.APPLIED),
    ]
    assert "needs MANAGE" in results[1].why
    assert results[0].why == "verified: PO Connector (new) holds All Permissions"
    assert results[2].why == "already holds All Permissions"
    assert summary(results) == "2 applied, 1 already so, 1 failed of 4 packages"
    assert set(sandbox_grants(sandbox_url, "po-not-granted")) == {
        "po_demo",
        "approval_workflows",
        "ticket_triage",
    }


class FlakyWriter:
    """A real writer whose apply fails with a network error for one package."""

    def __init__(self, inner: PermissionWriter, broken: str) -> None:
        self.inner = inner
        self.broken = broken
        self.guided = inner.guided
        self.applies_by = inner.applies_by
        self.read = inner.read
        self.verify = inner.verify

    async def apply(
        self, change: PrincipalChange, expected_version: int | None
    ) -> Applied:
        if change.package_key == self.broken:
            raise ConnectError("Could not connect to the team")
        return await self.inner.apply(change, expected_version)


async def test_a_network_failure_in_the_middle_leaves_the_rest_reported(
    sandbox_url: str,
) -> None:
    keys = ["po_demo", "ticket_triage", "approval_workflows"]
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = FlakyWriter(writer_for(client), "ticket_triage")
        plans = await plan_bulk(writer, keys, "po-not-granted", ALL)
        results = [r async for r in run_bulk(writer, plans, FAST)]

    assert [r.status for r in results] == [
        BulkStatus.APPLIED,
        BulkStatus.FAILED,
        BulkStatus.APPLIED,
    ]
    assert results[1].why == "Could not connect to the team"
    assert set(sandbox_grants(sandbox_url, "po-not-granted")) == {
        "po_demo",
        "approval_workflows",
    }


async def test_unknown_packages_and_principals_fail_with_a_reason(
    sandbox_url: str,
) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        plans = await plan_bulk(writer, ["no_such_package"], "po-not-granted", ALL)
        nobody = await plan_bulk(writer, ["po_demo"], "nobody", ALL)
        results = [r async for r in run_bulk(writer, [*plans, *nobody], FAST)]

    assert [r.status for r in results] == [BulkStatus.FAILED, BulkStatus.FAILED]
    assert "not found" in results[0].why
    assert "nobody is not listed" in results[1].why


async def test_a_cancel_reports_the_rest_as_not_run(sandbox_url: str) -> None:
    cancel = CancelToken()
    cancel.cancel()
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        plans = await plan_bulk(writer, KEYS[:2], "po-not-granted", ALL)
        results = [r async for r in run_bulk(writer, plans, FAST, cancel=cancel)]

    assert [r.status for r in results] == [BulkStatus.NOT_RUN] * 2
    assert sandbox_grants(sandbox_url, "po-not-granted") == {}


async def test_guided_bulk_lists_every_step_then_verifies_each(
    sandbox_url: str,
) -> None:
    keys = ["po_demo", "ticket_triage"]
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client, guided=True)
        plans = await plan_bulk(writer, keys, "po-not-granted", ALL)
        steps = await guided_steps(writer, plans)
        grant(sandbox_url, "po-not-granted", "po_demo", delay_seconds=0.2)
        results = [r async for r in run_bulk(writer, plans, _short(FAST))]

    assert [step.package_key for step in steps] == keys
    assert [r.status for r in results] == [BulkStatus.APPLIED, BulkStatus.FAILED]
    assert "Not seen on ticket_triage" in results[1].why


def _short(policy: PollPolicy) -> PollPolicy:
    return PollPolicy(interval=policy.interval, timeout=0.8)


async def test_planning_never_writes(sandbox_url: str) -> None:
    async with seeded_client(sandbox_url, "studio-admin") as client:
        writer = writer_for(client)
        plans = await plan_bulk(writer, KEYS, "po-not-granted", ALL)
        steps = await guided_steps(writer, plans)

    assert steps == []
    assert all(plan.change is not None for plan in plans)
    assert sandbox_grants(sandbox_url, "po-not-granted") == {}
