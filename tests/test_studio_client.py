"""Loading the Studio over real sockets: complete, partial, paged, id and key."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox_admin import inject_fault, received
from tui.client import CelonisClient, RetryPolicy
from tui.connection import Connection
from tui.errors import ServerError, UnexpectedResponseError
from tui.package_checks import check_package
from tui.secret import Secret
from tui.studio import LoadResult, PackageRow, StudioCatalog
from tui.studio_access import client_for

FAST = RetryPolicy(attempts=2, longest_wait=0.05, backoff=0.01)
PACKAGES = "/package-manager/api/packages"


def demo_client(base_url: str, client_id: str = "po-connector") -> CelonisClient:
    connection = Connection(
        name="demo", team_url=base_url, client_id=client_id, scopes=["studio"]
    )
    return client_for(connection, Secret("sandbox-po-secret"), retry=FAST)


async def load(base_url: str, progress: list[str] | None = None) -> LoadResult:
    notes = progress if progress is not None else []
    async with demo_client(base_url) as client:
        return await StudioCatalog(client, notes.append).load()


def by_key(result: LoadResult) -> dict[str, PackageRow]:
    return {row.key: row for row in result.packages}


async def test_the_seeded_client_sees_its_packages_with_its_own_actions(
    sandbox_url: str,
) -> None:
    progress: list[str] = []

    result = await load(sandbox_url, progress)

    assert result.complete
    packages = by_key(result)
    assert set(packages) == {
        "po_demo",
        "approval_workflows",
        "ticket_triage",
        "order_management_starter_kit",
        "action_flow_templates",
    }
    assert packages["po_demo"].actions_text == "All Permissions"
    assert packages["order_management_starter_kit"].actions_text == "USE"
    assert packages["action_flow_templates"].actions_text == "USE, EDIT"
    assert packages["po_demo"].space_name == "Automation Lab"
    assert (
        packages["po_demo"]
        .studio_link(result.origin)
        .endswith(
            f"/spaces/{packages['po_demo'].space_id}/packages/{packages['po_demo'].id}"
        )
    )
    assert {space.name for space in result.spaces} == {
        "Automation Lab",
        "Order to Cash",
    }
    assert progress[0] == "Requesting an access token ..."
    assert "Loading spaces and packages ..." in progress


async def test_a_failing_package_list_gives_a_partial_result_never_a_complete_one(
    sandbox_url: str,
) -> None:
    inject_fault(sandbox_url, path=PACKAGES, kind="status", status=500, times=10)

    result = await load(sandbox_url)

    assert not result.complete
    assert result.loaded == ("spaces",)
    assert len(result.spaces) == 2 and result.packages == ()
    assert isinstance(result.failures[0].error, ServerError)
    assert result.headline().startswith("PARTIAL: loaded spaces only")
    assert "packages failed" in result.problems()


async def test_a_refused_token_loads_nothing_and_says_so(sandbox_url: str) -> None:
    connection = Connection(name="demo", team_url=sandbox_url, client_id="nobody")
    async with client_for(connection, Secret("wrong"), retry=FAST) as client:
        result = await StudioCatalog(client).load()

    assert not result.complete and result.loaded == ()
    assert result.headline() == "FAILED: nothing loaded"
    assert result.failures[0].what == "the access token"


async def test_the_node_call_takes_the_id_and_the_pacman_call_takes_the_key(
    sandbox_url: str,
) -> None:
    po_demo = by_key(await load(sandbox_url))["po_demo"]
    assert po_demo.id != po_demo.key
    httpx.delete(f"{sandbox_url}/_sandbox/requests").raise_for_status()

    async with demo_client(sandbox_url) as client:
        checks = await check_package(client, po_demo)

    assert [check.passed for check in checks] == [True, True]
    assert "All Permissions" in checks[0].detail
    paths = [entry["path"] for entry in received(sandbox_url)]
    assert f"/package-manager/api/nodes/{po_demo.id}" in paths
    assert f"/pacman/api/core/packages/{po_demo.key}/nodes" in paths
    assert f"/package-manager/api/nodes/{po_demo.key}" not in paths
    assert f"/pacman/api/core/packages/{po_demo.id}/nodes" not in paths


async def test_pacman_refuses_a_package_the_client_may_only_use(
    sandbox_url: str,
) -> None:
    use_only = by_key(await load(sandbox_url))["order_management_starter_kit"]

    async with demo_client(sandbox_url) as client:
        node_check, pacman_check = await check_package(client, use_only)

    assert node_check.passed and "USE" in node_check.detail
    assert not pacman_check.passed
    assert "Edit package" in pacman_check.detail
    assert "FAIL" in pacman_check.line()


async def test_the_pacman_node_list_is_read_page_after_page(sandbox_url: str) -> None:
    httpx.delete(f"{sandbox_url}/_sandbox/requests").raise_for_status()

    async with demo_client(sandbox_url) as client:
        nodes = await client.package_nodes("po_demo", page_size=2)

    path = "/pacman/api/core/packages/po_demo/nodes"
    pages = [entry for entry in received(sandbox_url) if entry["path"] == path]
    assert len(nodes) >= 3
    assert len({node.id for node in nodes}) == len(nodes)
    assert len(pages) == (len(nodes) + 1) // 2 + 1


async def test_a_page_sent_again_stops_the_loop_with_an_error(sandbox_url: str) -> None:
    path = "/pacman/api/core/packages/po_demo/nodes"
    stuck_page = [{"id": "n-1", "key": "same_node", "name": "Same node"}]
    inject_fault(
        sandbox_url, path=path, kind="status", status=200, body=stuck_page, times=None
    )

    async with demo_client(sandbox_url) as client:
        with pytest.raises(UnexpectedResponseError) as raised:
            await client.package_nodes("po_demo", page_size=1)

    assert "again" in raised.value.cause
    assert "incomplete" in raised.value.cause
    httpx.delete(f"{sandbox_url}/_sandbox/faults").raise_for_status()
