"""Studio package-manager and pacman endpoints of the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

Tokens = Callable[..., str]
ALL = ["USE", "EDIT", "DELETE", "MANAGE"]
PO_CONNECTOR_PACKAGES = {
    "po_demo",
    "approval_workflows",
    "ticket_triage",
    "order_management_starter_kit",
    "action_flow_templates",
}


def get(http: httpx.Client, token: str, path: str, **params: Any) -> httpx.Response:
    return http.get(path, params=params, headers={"Authorization": f"Bearer {token}"})


def packages_by_key(http: httpx.Client, token: str) -> dict[str, dict[str, Any]]:
    response = get(http, token, "/package-manager/api/packages")
    assert response.status_code == 200
    return {package["key"]: package for package in response.json()}


def test_missing_studio_scope_is_insufficient_scope(
    http: httpx.Client, token_for: Tokens
) -> None:
    token = token_for("po-connector", scope="orchestration-engine")

    response = get(http, token, "/package-manager/api/packages")

    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        'Bearer error="insufficient_scope", scope="studio"'
    )
    body = response.json()
    assert body["frontendErrorKey"] == "ACCESS_DENIED"
    assert "studio" in body["errorInformation"]


def test_client_sees_granted_packages_with_its_actions(
    http: httpx.Client, token_for: Tokens
) -> None:
    packages = packages_by_key(http, token_for("po-connector"))

    assert set(packages) == PO_CONNECTOR_PACKAGES
    demo = packages["po_demo"]
    assert demo["permissions"] == ALL
    assert demo["name"] == "Process Orchestration Demo"
    assert demo["nodeType"] == "PACKAGE"
    assert demo["rootNodeKey"] == "po_demo"
    assert demo["rootNodeId"] == demo["id"]
    assert isinstance(demo["changeDate"], int)
    assert isinstance(demo["creationDate"], int)
    assert {"spaceId", "workingDraftId", "activatedDraftId", "version"} <= set(demo)
    assert packages["order_management_starter_kit"]["permissions"] == ["USE"]


def test_ungranted_client_sees_nothing_until_granted(
    http: httpx.Client, token_for: Tokens
) -> None:
    token = token_for("po-not-granted")
    before = get(http, token, "/package-manager/api/packages").json()
    spaces_before = get(http, token, "/package-manager/api/spaces").json()

    http.post(
        "/_sandbox/grants",
        json={
            "client_id": "po-not-granted",
            "package_key": "po_demo",
            "template": "ALL_PERMISSIONS",
        },
    ).raise_for_status()
    after = packages_by_key(http, token)

    assert before == []
    assert spaces_before == []
    assert list(after) == ["po_demo"]
    assert after["po_demo"]["permissions"] == ALL


def test_team_admin_sees_every_package_with_all_actions(
    http: httpx.Client, token_for: Tokens
) -> None:
    packages = packages_by_key(http, token_for("studio-admin"))
    state = http.get("/_sandbox/state").json()

    assert set(packages) == {package["key"] for package in state["packages"]}
    assert 30 <= len(packages) <= 40
    assert all(package["permissions"] == ALL for package in packages.values())


def test_spaces_hold_a_visible_package(http: httpx.Client, token_for: Tokens) -> None:
    spaces = get(http, token_for("po-connector"), "/package-manager/api/spaces").json()

    assert {space["name"] for space in spaces} == {"Order to Cash", "Automation Lab"}
    fields = {
        "id",
        "name",
        "iconReference",
        "description",
        "creationDate",
        "changeDate",
        "permissions",
    }
    assert all(set(space) == fields for space in spaces)


def test_node_tree_of_a_space(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-connector")
    demo = packages_by_key(http, token)["po_demo"]

    missing = get(http, token, "/package-manager/api/nodes/tree")
    nodes = get(
        http, token, "/package-manager/api/nodes/tree", spaceId=demo["spaceId"]
    ).json()

    assert missing.status_code == 400
    packages = [n for n in nodes if n["nodeType"] == "PACKAGE"]
    assert {p["key"] for p in packages} == {
        "po_demo",
        "approval_workflows",
        "ticket_triage",
        "action_flow_templates",
    }
    demo_assets = [
        n for n in nodes if n["nodeType"] == "ASSET" and n["rootNodeKey"] == "po_demo"
    ]
    assert len(demo_assets) >= 2
    assert all(a["parentNodeKey"] == "po_demo" for a in demo_assets)
    assert all(a["rootNodeId"] == demo["id"] for a in demo_assets)
    assert {"VIEW", "KNOWLEDGE_MODEL"} & {a["assetType"] for a in demo_assets}


def test_node_by_id(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-connector")
    admin_packages = packages_by_key(http, token_for("studio-admin"))
    demo = admin_packages["po_demo"]
    hidden = admin_packages["credit_management"]

    tree = get(
        http, token, "/package-manager/api/nodes/tree", spaceId=demo["spaceId"]
    ).json()
    asset_id = next(n["id"] for n in tree if n["nodeType"] == "ASSET")

    package = get(http, token, f"/package-manager/api/nodes/{demo['id']}")
    asset = get(http, token, f"/package-manager/api/nodes/{asset_id}")
    unknown = get(http, token, "/package-manager/api/nodes/no-such-node")
    forbidden = get(http, token, f"/package-manager/api/nodes/{hidden['id']}")

    assert package.json()["key"] == "po_demo"
    assert package.json()["permissions"] == ALL
    assert asset.json()["nodeType"] == "ASSET"
    assert asset.json()["rootNodeKey"] in {n["key"] for n in tree}
    assert unknown.status_code == 404
    assert unknown.json()["frontendErrorKey"] == "NOT_FOUND"
    assert forbidden.status_code == 403


def test_export_list_only_holds_editable_packages(
    http: httpx.Client, token_for: Tokens
) -> None:
    token = token_for("po-connector")
    path = "/pacman/api/core/staging/packages/export/list"

    listed = get(http, token, path, flavors="STUDIO", includeBranches="false").json()
    other_flavor = get(http, token, path, flavors="OCDM").json()

    assert {p["key"] for p in listed} == PO_CONNECTOR_PACKAGES - {
        "order_management_starter_kit"
    }
    demo = next(p for p in listed if p["key"] == "po_demo")
    assert demo["flavor"] == "STUDIO"
    assert demo["dependencies"] == []
    assert isinstance(demo["changeDate"], str)
    assert demo["changeDate"].endswith("Z")
    assert other_flavor == []


def test_pacman_nodes_are_paged(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-connector")
    path = "/pacman/api/core/packages/po_demo/nodes"

    pages = []
    offset = 0
    while True:
        page = get(http, token, path, limit=3, offset=offset).json()
        if not page:
            break
        pages.append(page)
        offset += len(page)
    everything = get(http, token, path).json()
    capped = get(http, token, path, limit=5000).json()

    assert [len(page) for page in pages] == [3, 3, 1]
    keys = [node["key"] for page in pages for node in page]
    assert keys == [node["key"] for node in everything]
    assert len(set(keys)) == 7
    assert capped == everything
    node = everything[0]
    assert node["packageNodeKey"] == "po_demo"
    assert isinstance(node["creationDate"], str)
    assert set(node) == {
        "id",
        "key",
        "name",
        "packageNodeKey",
        "parentNodeKey",
        "packageNodeId",
        "type",
        "creationDate",
        "changeDate",
        "flavor",
    }


def test_pacman_nodes_refusals(http: httpx.Client, token_for: Tokens) -> None:
    token = token_for("po-connector")

    no_edit = get(
        http, token, "/pacman/api/core/packages/order_management_starter_kit/nodes"
    )
    unknown = get(http, token, "/pacman/api/core/packages/nope/nodes")
    bad_limit = get(http, token, "/pacman/api/core/packages/po_demo/nodes", limit=0)

    assert no_edit.status_code == 403
    assert unknown.status_code == 404
    assert bad_limit.status_code == 400
