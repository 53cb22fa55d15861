"""The real-team adapter: the exact steps to take in Studio, then live verification.

No public Celonis API writes package permissions, so ``apply`` changes nothing: it
answers with the steps for a person (space, package and key, the principal to
search "as a user", the template or ticks to pick, Save). ``verify`` then polls
until the package shows the expected actions. When the principal is the
connection's own client, it reads the package list with that client's token, which
is exactly what the client will see when it runs; for anyone else it needs the
Permissions Export API.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.cancel import CancelToken
from tui.client import CelonisClient
from tui.errors import ForbiddenError
from tui.permission_model import (
    ALL_PERMISSIONS_TEMPLATE,
    APPLICATION,
    PackagePermissions,
    PermissionSource,
    Principal,
    PrincipalChange,
    ordered,
)
from tui.permission_port import (
    Applied,
    GuidedStep,
    PollPolicy,
    Progress,
    Verification,
)
from tui.permission_reader import (
    EXPORT_SCOPE,
    PackageFacts,
    locate,
    own_actions,
    read_permissions,
)
from tui.permission_verify import Observation, poll_until
from tui.permissions import ACTION_LABELS, ALL_PERMISSIONS


def studio_steps(facts: PackageFacts, change: PrincipalChange) -> tuple[str, ...]:
    """Numbered steps for one change, naming everything the dialog asks for."""
    space = (
        f'Open Studio and the space "{facts.space_name}".'
        if facts.space_name
        else "Open Studio and the space that holds the package (this client cannot "
        "see it; Studio's search finds the package by name)."
    )
    package = (
        f'On package "{facts.name}" (key {facts.key}) open the menu > Permissions.'
        if facts.name
        else f"On the package with key {facts.key} (Package settings show the key) "
        "open the menu > Permissions."
    )
    return (
        f"Change in Studio: {change.line()}",
        "The public Celonis API cannot write package permissions, so this step is "
        "yours; this app then checks that it took.",
        f" 1. {space}",
        f" 2. {package}",
        f" 3. {_search_step(change)}",
        f" 4. {_choice_step(change)}",
        " 5. Save.",
    )


def _search_step(change: PrincipalChange) -> str:
    principal = change.principal
    if principal.type == APPLICATION:
        text = f'Search "{principal.name}" as a user (OAuth clients are found as users)'
        if principal.name == principal.id:
            text += "; if the client id finds nothing, search its application name"
        return text + "."
    return f'Search the {principal.type.lower()} "{principal.name}".'


def _choice_step(change: PrincipalChange) -> str:
    if change.after == ALL_PERMISSIONS:
        return f'In the Template column choose "{ALL_PERMISSIONS_TEMPLATE}".'
    if not change.after:
        return "Remove it from the list, so it holds no permissions on the package."
    ticked = ", ".join(ACTION_LABELS[a] for a in ordered(change.after))
    cleared = [ACTION_LABELS[a] for a in ordered(ALL_PERMISSIONS - change.after)]
    return f"Tick exactly: {ticked}; leave unticked: {', '.join(cleared)}."


class GuidedPermissionWriter:
    """Guides the change in Studio and verifies it with the team's own answers."""

    guided = True
    applies_by = "you, in Studio (no public API writes permissions)"

    def __init__(self, client: CelonisClient) -> None:
        self.client = client
        self._facts: dict[str, PackageFacts] = {}

    @property
    def own_id(self) -> str:
        return self.client.credentials.client_id

    async def read(self, package_key: str) -> PackagePermissions:
        facts = await locate(self.client, package_key)
        self._facts[package_key] = facts
        return await read_permissions(self.client, package_key, facts)

    async def apply(
        self, change: PrincipalChange, expected_version: int | None
    ) -> Applied:
        key = change.package_key
        facts = self._facts.get(key) or PackageFacts(key)
        return GuidedStep(key, change, studio_steps(facts, change))

    async def verify(
        self,
        package_key: str,
        changes: Sequence[PrincipalChange],
        policy: PollPolicy,
        *,
        cancel: CancelToken | None = None,
        progress: Progress | None = None,
    ) -> Verification:
        expected = {change.principal.id: change.after for change in changes}
        others = [pid for pid in expected if pid != self.own_id]
        known = self._facts.get(package_key) or PackageFacts(package_key)

        async def observe() -> Observation:
            nonlocal known
            if not others:
                held = await own_actions(self.client, package_key, known.id)
                if held and not known.visible:
                    known = await locate(self.client, package_key)
                return Observation({self.own_id: held}, self._own_sheet(known, held))
            sheet = await read_permissions(self.client, package_key)
            if sheet.source is not PermissionSource.EXPORT:
                raise ForbiddenError(
                    f"Another principal's permissions cannot be read: {sheet.note}",
                    fix=f"Give this connection {EXPORT_SCOPE}, or verify with a "
                    "connection of the receiving client itself.",
                    missing_scope=EXPORT_SCOPE,
                )
            seen = {pid: sheet.actions_of(pid) for pid in expected}
            if self.own_id in expected:
                seen[self.own_id] = await own_actions(self.client, package_key)
            return Observation(seen, sheet)

        return await poll_until(
            package_key, expected, observe, policy, cancel=cancel, progress=progress
        )

    def _own_sheet(
        self, facts: PackageFacts, held: frozenset[str]
    ) -> PackagePermissions:
        own = Principal(self.own_id, self.own_id, APPLICATION, held)
        return PackagePermissions(
            facts.key,
            PermissionSource.OWN,
            (own,),
            package_id=facts.id,
            package_name=facts.name,
            space_name=facts.space_name,
        )
