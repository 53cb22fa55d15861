"""The sandbox adapter: the only module that knows the sandbox's permissions endpoint.

``/_sandbox/permissions/{packageKey}`` belongs to the bundled sandbox, not to
Celonis: a real team has no public call that writes package permissions. ``GET``
answers ``{package_key, package_id, version, principals: [{id, name, type,
actions}]}``; ``PUT`` takes ``{expected_version, principal_id, actions}`` and
answers the new state, 403 unless the caller holds MANAGE on the package or is a
team admin, and 409 when the version moved since it was read. Its shapes are
declared here on purpose and nowhere else, so the rest of the app speaks only the
port's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, ValidationError

from tui.cancel import CancelToken
from tui.client import CelonisClient
from tui.errors import CelonisError, ConflictError, ForbiddenError
from tui.errors import UnexpectedResponseError as ShapeError
from tui.permission_model import (
    PackagePermissions,
    PermissionSource,
    Principal,
    PrincipalChange,
    ordered,
    package_actions,
)
from tui.permission_port import Applied, PollPolicy, Progress, Verification
from tui.permission_verify import Observation, poll_until

ENDPOINT = "/_sandbox/permissions/{key}"
WRITE_FIX = (
    "Make the change with a connection whose client holds Manage permissions on "
    "the package, or with a team admin client (in the sandbox: studio-admin)."
)


class _SandboxPrincipal(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    type: str
    actions: list[str] = []


class _SandboxSheet(BaseModel):
    model_config = ConfigDict(extra="ignore")

    package_key: str
    package_id: str | None = None
    version: int
    principals: list[_SandboxPrincipal]


class SandboxPermissionWriter:
    """Reads and writes through the sandbox's endpoint; every change is versioned."""

    guided = False
    applies_by = "the sandbox's own permissions endpoint"

    def __init__(self, client: CelonisClient) -> None:
        self.client = client
        self._names: dict[str, str | None] = {}

    async def read(self, package_key: str) -> PackagePermissions:
        path = ENDPOINT.format(key=package_key)
        data = await self.client.call_json(
            "GET", path, f"the permissions of package {package_key}"
        )
        return await self._sheet(data, path)

    async def apply(
        self, change: PrincipalChange, expected_version: int | None
    ) -> Applied:
        key = change.package_key
        path = ENDPOINT.format(key=key)
        body = {
            "expected_version": expected_version or 0,
            "principal_id": change.principal.id,
            "actions": ordered(change.after),
        }
        what = f"a permission change on package {key}"
        try:
            data = await self.client.call_json("PUT", path, what, json=body)
        except ForbiddenError as error:
            error.fix = WRITE_FIX
            raise
        except CelonisError as error:
            if error.status == 409:
                raise ConflictError(
                    f"The permissions of {key} changed since they were read "
                    f"(version {expected_version})",
                    fix="Read them again, check the difference and save again.",
                    url=error.url,
                    status=409,
                ) from None
            raise
        return await self._sheet(data, path)

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

        async def observe() -> Observation:
            sheet = await self.read(package_key)
            return Observation({pid: sheet.actions_of(pid) for pid in expected}, sheet)

        return await poll_until(
            package_key, expected, observe, policy, cancel=cancel, progress=progress
        )

    async def _sheet(self, data: object, path: str) -> PackagePermissions:
        try:
            sheet = _SandboxSheet.model_validate(data)
        except ValidationError as error:
            raise ShapeError(
                f"{path} answered with an unexpected shape",
                fix="The sandbox and the app disagree; report it with the details.",
                details=str(error)[:500],
            ) from None
        return PackagePermissions(
            package_key=sheet.package_key,
            source=PermissionSource.SANDBOX,
            version=sheet.version,
            package_id=sheet.package_id,
            package_name=await self._name(sheet.package_key, sheet.package_id),
            principals=tuple(
                Principal(p.id, p.name, p.type.upper(), package_actions(p.actions))
                for p in sheet.principals
            ),
        )

    async def _name(self, key: str, package_id: str | None) -> str | None:
        """The package's name for display, read once; None when it cannot be seen."""
        if key not in self._names and package_id:
            try:
                self._names[key] = (await self.client.node(package_id)).name
            except CelonisError:
                self._names[key] = None
        return self._names.get(key)
