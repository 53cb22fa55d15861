"""Every Celonis response shape the app relies on, one pydantic model each.

Each model names the section of the team API reference it follows (the numbers are
those of the project's API notes: 2 OAuth, 3 identity, 4 Studio, 5 permissions, 6
Orchestration Engine). Only the fields the app reads are declared; everything else a
team sends is ignored, so a richer real response still parses.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from tui.printable import TEXT_IS_PRINTABLE, printable


class CelonisModel(BaseModel):
    """Every text a team sends is made printable before anything shows it.

    Validating with the context ``{TEXT_IS_PRINTABLE: True}`` skips the check for
    JSON that :func:`json_text_is_printable` found clean, which spares a large list
    a pass over every one of its strings.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @model_validator(mode="after")
    def _printable_text(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get(TEXT_IS_PRINTABLE):
            return self
        for name, value in self.__dict__.items():
            cleaned = _printable_value(value)
            if cleaned is not value:
                object.__setattr__(self, name, cleaned)
        return self


def _printable_value(value: object) -> object:
    if isinstance(value, str):
        shown = printable(value)
        return value if shown == value else shown
    if isinstance(value, list) and any(isinstance(item, str) for item in value):
        items = [printable(v) if isinstance(v, str) else v for v in value]
        return value if items == value else items
    return value


class TokenResponse(CelonisModel):
    """Section 2.4: client-credentials success body."""

    access_token: str = Field(min_length=1)
    token_type: str
    expires_in: int = 899
    scope: str | None = None


class OAuthErrorBody(CelonisModel):
    """Section 2.5: RFC 6749 5.2 error body of the token endpoint."""

    error: str
    error_description: str | None = None


class DiscoveryDocument(CelonisModel):
    """Section 2.1: the team's OpenID discovery document (only what is used)."""

    issuer: str | None = None
    token_endpoint: str
    token_endpoint_auth_methods_supported: list[str] = []


class TeamInfo(CelonisModel):
    """Section 3: ``GET /api/cloud/team``; content-cli relies on ``domain``."""

    id: str | None = None
    name: str | None = None
    domain: str = Field(min_length=1)


class Space(CelonisModel):
    """Section 4.1: ``SpaceTransport`` from ``/package-manager/api/spaces``."""

    id: str
    name: str
    icon_reference: str | None = Field(default=None, alias="iconReference")
    change_date: int | None = Field(default=None, alias="changeDate")
    permissions: list[str] = []


class ContentNode(CelonisModel):
    """Section 4.2: ``ContentNodeTransport`` (packages and the nodes of a space).

    ``id`` is the UUID that Studio links carry; ``key`` is the slug that the
    Orchestration Engine and pacman paths take. For a package ``key`` equals
    ``rootNodeKey``.
    """

    id: str
    key: str
    name: str
    node_type: str = Field(alias="nodeType")
    space_id: str | None = Field(default=None, alias="spaceId")
    root_node_key: str | None = Field(default=None, alias="rootNodeKey")
    root_node_id: str | None = Field(default=None, alias="rootNodeId")
    parent_node_key: str | None = Field(default=None, alias="parentNodeKey")
    asset_type: str | None = Field(default=None, alias="assetType")
    version: str | None = None
    change_date: int | None = Field(default=None, alias="changeDate")
    creation_date: int | None = Field(default=None, alias="creationDate")
    permissions: list[str] = []


class PackageExport(CelonisModel):
    """Section 4.3: ``PackageExportTransport`` of the pacman export list.

    The list omits packages the caller may not edit, so presence here verifies EDIT.
    """

    id: str
    key: str
    name: str
    change_date: str | None = Field(default=None, alias="changeDate")
    version: str | None = None
    space_id: str | None = Field(default=None, alias="spaceId")


class PacmanNode(CelonisModel):
    """Section 4.3: ``NodeTransport`` of the paged pacman node list."""

    id: str
    key: str
    name: str | None = None
    type: str | None = None
    package_node_key: str | None = Field(default=None, alias="packageNodeKey")


class PermissionEntry(CelonisModel):
    """Section 5.2: one row of the Permissions Export API."""

    subject_name: str | None = Field(default=None, alias="subjectName")
    subject_type: str | None = Field(default=None, alias="subjectType")
    subject_id: str | None = Field(default=None, alias="subjectId")
    service: str | None = None
    object_name: str | None = Field(default=None, alias="objectName")
    object_type: str | None = Field(default=None, alias="objectType")
    object_id: str | None = Field(default=None, alias="objectId")
    actions: list[str] = []


class PermissionExport(CelonisModel):
    """Section 5.2: ``GET /api/authorization/external/permissions``."""

    permissions: list[PermissionEntry] = []


class SignalAccepted(CelonisModel):
    """Section 6.2: the answer to an Orchestration Engine signal.

    The real body is not published; only a success status is relied on, and an
    ``instanceId`` is shown when the team sends one.
    """

    instance_id: str | None = Field(default=None, alias="instanceId")


class FrontendError(CelonisModel):
    """Section 7: ``FrontendHandledBackendError`` of package-manager and friends."""

    frontend_error_key: str | None = Field(default=None, alias="frontendErrorKey")
    error_information: str | None = Field(default=None, alias="errorInformation")
    error: str | None = None
    error_description: str | None = None
    detail: str | None = None
    title: str | None = None
    support_id: str | None = Field(default=None, alias="supportId")
