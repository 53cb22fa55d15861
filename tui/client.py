"""The Celonis team client: typed answers from the calls this app makes.

How a call is made (tokens, route, trust, retries, redirects) is the job of
:class:`tui.session.TeamSession`; this module says which calls exist and what their
answers look like. A list read page by page is either complete or an error that
says how far it got; it is never returned half.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from tui.bulk import collection_paused
from tui.errors import CelonisError, UnexpectedResponseError
from tui.http_errors import body_preview, is_json, parse_json
from tui.models import (
    ContentNode,
    DiscoveryDocument,
    PackageExport,
    PacmanNode,
    PermissionEntry,
    PermissionExport,
    SignalAccepted,
    Space,
    TeamInfo,
)
from tui.net_settings import RetryPolicy, Timeouts
from tui.printable import TEXT_IS_PRINTABLE, json_text_is_printable
from tui.retry import WaitNotice
from tui.session import TeamSession
from tui.wording import counted

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_PAGES = 1000


class CelonisClient(TeamSession):
    """Calls on one team with one OAuth client; use as an async context manager."""

    async def __aenter__(self) -> CelonisClient:
        return self

    async def discovery(self) -> DiscoveryDocument:
        path = "/.well-known/openid-configuration"
        data = await self._get_json(path, "the discovery document", auth=False)
        return _validate(DiscoveryDocument, data, path)

    async def team_info(self) -> TeamInfo:
        data = await self._get_json("/api/cloud/team", "the team information")
        return _validate(TeamInfo, data, "/api/cloud/team")

    async def spaces(self) -> list[Space]:
        path = "/package-manager/api/spaces"
        return _validate_list(Space, await self._get_json(path, "Studio spaces"), path)

    async def packages(self) -> list[ContentNode]:
        path = "/package-manager/api/packages"
        response = await self.send("GET", path, "Studio packages")
        return _parse_list(ContentNode, response, path)

    async def space_nodes(self, space_id: str) -> list[ContentNode]:
        path = "/package-manager/api/nodes/tree"
        data = await self._get_json(
            path, f"the nodes of space {space_id}", params={"spaceId": space_id}
        )
        return _validate_list(ContentNode, data, path)

    async def node(self, node_id: str) -> ContentNode:
        path = f"/package-manager/api/nodes/{node_id}"
        data = await self._get_json(path, f"the package with id {node_id}")
        return _validate(ContentNode, data, path)

    async def editable_packages(self) -> list[PackageExport]:
        path = "/pacman/api/core/staging/packages/export/list"
        params = {"flavors": "STUDIO", "includeBranches": "false"}
        data = await self._get_json(path, "the packages this client may edit", params)
        return _validate_list(PackageExport, data, path)

    async def package_nodes(
        self, package_key: str, page_size: int = 100
    ) -> list[PacmanNode]:
        """Every node of a package from the paged pacman list, page after page.

        A page that fails, or one that repeats nodes already read (a server stuck on
        one page), stops the loop with an error saying how many nodes were loaded.
        """
        path = f"/pacman/api/core/packages/{package_key}/nodes"
        what = f"the nodes of package {package_key}"
        nodes: list[PacmanNode] = []
        seen: set[str] = set()
        for page_number in range(1, MAX_PAGES + 1):
            offset = len(nodes)
            params = {"limit": str(page_size), "offset": str(offset)}
            try:
                page = _validate_list(
                    PacmanNode, await self._get_json(path, what, params), path
                )
            except CelonisError as error:
                if nodes:
                    error.cause += (
                        f"; the list is incomplete: {_loaded(nodes, page_number)}"
                    )
                raise
            if not page:
                return nodes
            repeated = next((node.id for node in page if node.id in seen), None)
            if repeated is not None:
                raise UnexpectedResponseError(
                    f"{path} sent node {repeated} again on page {page_number} "
                    f"(offset {offset}); the list is incomplete: "
                    f"{_loaded(nodes, page_number)}",
                    fix="Retry later; if it persists, report it to Celonis support.",
                    url=self.team.endpoint(path),
                )
            seen.update(node.id for node in page)
            nodes.extend(page)
        raise UnexpectedResponseError(
            f"{path} did not end after {MAX_PAGES} pages; the list is incomplete: "
            f"{counted(len(nodes), 'node')} loaded",
            fix="Retry later; if it persists, report it to Celonis support.",
            url=self.team.endpoint(path),
        )

    async def permission_export(self) -> list[PermissionEntry]:
        path = "/api/authorization/external/permissions"
        data = await self._get_json(path, "the permissions export", allow_empty=True)
        if data is None:
            return []
        return _validate(PermissionExport, data, path).permissions

    async def send_signal(
        self, package_key: str, event_type: str, payload: dict[str, Any]
    ) -> SignalAccepted:
        path = f"/oe/api/packages/{package_key}/signals"
        response = await self.send(
            "POST",
            path,
            f"a signal to package {package_key}",
            json=payload,
            headers={"ce-type": event_type, "Content-Type": "application/json"},
        )
        if not response.content:
            return SignalAccepted()
        return _validate(SignalAccepted, parse_json(response), path)

    async def call_json(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json: object | None = None,
        params: dict[str, str] | None = None,
    ) -> object:
        """Any authorised JSON call, for adapters built on this client."""
        response = await self.send(method, path, what, json=json, params=params)
        return parse_json(response)

    async def _get_json(
        self,
        path: str,
        what: str,
        params: dict[str, str] | None = None,
        *,
        auth: bool = True,
        allow_empty: bool = False,
    ) -> object:
        response = await self.send("GET", path, what, params=params, auth=auth)
        if allow_empty and (response.status_code == 204 or not response.content):
            return None
        return parse_json(response)


def _validate(model: type[ModelT], data: object, path: str) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _shape_error(path, error) from None


def _list_adapter(model: type[ModelT]) -> TypeAdapter[list[ModelT]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate_list(model: type[ModelT], data: object, path: str) -> list[ModelT]:
    try:
        return _list_adapter(model).validate_python(data)
    except ValidationError as error:
        raise _shape_error(path, error) from None


def _parse_list(
    model: type[ModelT], response: httpx.Response, path: str
) -> list[ModelT]:
    """Validate a large JSON array straight from its bytes, in one pass.

    A body that is not JSON goes through ``parse_json``, so a login page or a broken
    answer is reported exactly as it is for every other call.
    """
    if not is_json(response) or b"<html" in response.content[:2048].lower():
        parse_json(response)
    try:
        raw = response.content
        context = {TEXT_IS_PRINTABLE: json_text_is_printable(raw)}
        with collection_paused():
            return _list_adapter(model).validate_json(raw, context=context)
    except ValidationError as error:
        if error.errors()[0]["type"] == "json_invalid":
            parse_json(response)
        raise _shape_error(path, error) from None


def _loaded(nodes: list[PacmanNode], failed_page: int) -> str:
    return f"{counted(len(nodes), 'node')} loaded before page {failed_page}"


def _shape_error(path: str, error: ValidationError) -> UnexpectedResponseError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top)"
    return UnexpectedResponseError(
        f"{path} answered with an unexpected shape: {where}: {first['msg']}",
        fix="The team's API may have changed; report this with the details.",
        details=str(error)[:500],
    )


__all__ = ["CelonisClient", "RetryPolicy", "Timeouts", "WaitNotice", "body_preview"]
