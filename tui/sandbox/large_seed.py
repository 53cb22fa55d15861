"""A generated large team for load tests: `large_seed(500, 40)` is 20,000 packages.

It keeps the bundled seed's clients, users and groups, replaces spaces and packages
with generated ones and grants `po-connector` and `studio-admin` All Permissions on
every package. The first package is `po_demo`, so the usual demo flows still work.
Ids come from a seeded random generator: the same size always gives the same team.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from tui.sandbox.model import ALL_ACTIONS, Asset, Package, Space, Team
from tui.sandbox.seed import bundled_seed_data, parse_clients, parse_principals
from tui.sandbox.state import Grant, SandboxState

MAX_PACKAGES = 1_000_000
FULL_ACCESS_CLIENTS = ("po-connector", "studio-admin")
DEMO_ONLY_CLIENTS = ("po-connector-post", "po-no-triggers")
SIZE_PATTERN = re.compile(r"\s*([0-9]{1,7})\s*[xX]\s*([0-9]{1,7})\s*")
TOPICS = (
    "Order to Cash",
    "Procurement",
    "Accounts Payable",
    "Inventory",
    "Logistics",
    "Production",
    "Service Desk",
    "Claims",
)
BASE_DATE = 1_672_531_200_000
DAY = 86_400_000


def parse_seed_size(text: str) -> tuple[int, int]:
    """Parse '<spaces>x<packages per space>', e.g. '500x40'."""
    match = SIZE_PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(
            f"seed size must look like '<spaces>x<packages per space>', "
            f"for example '500x40'; got {text[:40]!r}"
        )

    spaces, per_space = int(match.group(1)), int(match.group(2))
    if spaces < 1 or per_space < 1:
        raise ValueError(f"seed size needs at least 1x1; got {text!r}")
    if spaces * per_space > MAX_PACKAGES:
        raise ValueError(f"seed size {text!r} exceeds {MAX_PACKAGES:,} packages")
    return spaces, per_space


class _Ids:
    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def uuid(self) -> str:
        digits = f"{self._random.getrandbits(128):032x}"
        variant = "89ab"[int(digits[16], 16) & 3]
        return (
            f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-"
            f"{variant}{digits[17:20]}-{digits[20:32]}"
        )


def _package(ids: _Ids, space: Space, key: str, name: str, stamp: int) -> Package:
    package_id = ids.uuid()
    assets = (
        Asset(ids.uuid(), "overview", "Overview", "VIEW", stamp, stamp),
        Asset(
            ids.uuid(),
            "knowledge_model",
            "Knowledge Model",
            "KNOWLEDGE_MODEL",
            stamp,
            stamp,
        ),
    )
    return Package(
        id=package_id,
        key=key,
        name=name,
        space_id=space.id,
        version=f"1.{stamp % 7}.0",
        creation_date=stamp - 30 * DAY,
        change_date=stamp,
        working_draft_id=ids.uuid(),
        activated_draft_id=ids.uuid(),
        assets=assets,
    )


def large_seed(spaces: int, packages_per_space: int) -> SandboxState:
    """The bundled clients plus a generated team of spaces x packages_per_space."""
    if spaces < 1 or packages_per_space < 1:
        raise ValueError("large_seed needs at least one space and one package")
    if spaces * packages_per_space > MAX_PACKAGES:
        raise ValueError(f"large_seed is limited to {MAX_PACKAGES:,} packages")

    data = bundled_seed_data()
    ids = _Ids(spaces * 1_000_003 + packages_per_space)
    team = Team(ids.uuid(), f"ACME Load Test {spaces}x{packages_per_space}", "acme")

    space_list: list[Space] = []
    packages: list[Package] = []
    for s in range(spaces):
        topic = TOPICS[s % len(TOPICS)]
        stamp = BASE_DATE + s * DAY
        space = Space(ids.uuid(), f"{topic} {s + 1:03d}", "earth", "", stamp, stamp)
        space_list.append(space)
        for p in range(packages_per_space):
            key = f"pkg_{s + 1:04d}_{p + 1:03d}"
            name = f"{topic} Analysis {s + 1:03d}-{p + 1:03d}"
            packages.append(_package(ids, space, key, name, stamp + p * 60_000))

    packages[0] = replace(
        packages[0],
        key="po_demo",
        name="Process Orchestration Demo",
        event_types=("start-process", "finish-step"),
    )

    grants: list[Grant] = [
        (client_id, package.key, ALL_ACTIONS)
        for client_id in FULL_ACCESS_CLIENTS
        for package in packages
    ]
    grants.extend(
        (client_id, "po_demo", ALL_ACTIONS) for client_id in DEMO_ONLY_CLIENTS
    )
    return SandboxState(
        team=team,
        spaces=space_list,
        packages=packages,
        principals=parse_principals(data),
        clients=parse_clients(data),
        grants=grants,
        token_lifetime_seconds=float(data.get("token_lifetime_seconds", 899)),
    )
