"""The Celonis team client: one httpx connection pool per team, typed answers.

Tokens come from the connection's own auth method and live in memory until shortly
before they expire. A 401 on an API call gets one fresh token and one retry. 429 and
503 wait as ``Retry-After`` asks, within a bound; other 5xx are retried with backoff a
few times. Nothing here follows a redirect to another host.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from tui.errors import (
    CelonisError,
    RateLimitedError,
    RedirectError,
    ServerError,
    TokenRejectedError,
    UnexpectedResponseError,
)
from tui.http_errors import body_preview, parse_json, status_error, transport_error
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
from tui.oauth import AccessToken, AuthMethod, Credentials, request_token
from tui.tls import trust_context
from tui.urls import TeamUrl

log = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)
WaitNotice = Callable[[float, CelonisError], Awaitable[None]]


@dataclass(frozen=True)
class Timeouts:
    """Generous defaults: enterprise proxies and large teams are slow."""

    connect: float = 10.0
    read: float = 45.0

    def as_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(self.read, connect=self.connect)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    longest_wait: float = 30.0
    backoff: float = 0.5


class CelonisClient:
    """Calls on one team with one OAuth client; use as an async context manager."""

    def __init__(
        self,
        team: TeamUrl,
        credentials: Credentials,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        trust_env: bool = True,
        on_wait: WaitNotice | None = None,
    ) -> None:
        self.team = team
        self.credentials = credentials
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self.on_wait = on_wait
        self._token: AccessToken | None = None
        self._token_lock = asyncio.Lock()
        self._http = httpx.AsyncClient(
            timeout=self.timeouts.as_httpx(),
            verify=trust_context() if not team.is_loopback else True,
            trust_env=trust_env,
            follow_redirects=False,
            headers={"User-Agent": "celonis-connect", "Accept": "application/json"},
        )

    async def __aenter__(self) -> CelonisClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def auth_method(self) -> AuthMethod:
        return self.credentials.auth_method

    def use_auth_method(self, method: AuthMethod) -> None:
        self.credentials = Credentials(
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            auth_method=method,
            scopes=self.credentials.scopes,
        )
        self._token = None

    def use_scopes(self, scopes: tuple[str, ...]) -> None:
        self.credentials = Credentials(
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            auth_method=self.credentials.auth_method,
            scopes=scopes,
        )
        self._token = None

    async def token(self, *, fresh: bool = False) -> AccessToken:
        """The cached token, or a new one when asked or when it is about to expire."""
        async with self._token_lock:
            if not fresh and self._token is not None and self._token.fresh():
                return self._token
            url = self.team.token_url
            started = time.monotonic()
            try:
                self._token = await request_token(self._http, url, self.credentials)
            except httpx.TransportError as error:
                raise transport_error(error, url, self._timeout_for(error)) from None
            finally:
                log.info(
                    "token request for client %s took %.0f ms",
                    self.credentials.client_id,
                    (time.monotonic() - started) * 1000,
                )
            return self._token

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
        data = await self._get_json(path, "Studio packages")
        return _validate_list(ContentNode, data, path)

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
        """Every node of a package from the paged pacman list, page after page."""
        path = f"/pacman/api/core/packages/{package_key}/nodes"
        nodes: list[PacmanNode] = []
        seen_pages: set[tuple[str, ...]] = set()
        offset = 0
        while True:
            params = {"limit": str(page_size), "offset": str(offset)}
            data = await self._get_json(
                path, f"the nodes of package {package_key}", params
            )
            page = _validate_list(PacmanNode, data, path)
            if not page:
                return nodes
            fingerprint = tuple(node.id for node in page)
            if fingerprint in seen_pages:
                raise UnexpectedResponseError(
                    f"{path} sent the same page twice (offset {offset}); stopped after "
                    f"{len(nodes)} nodes",
                    fix="Retry later; the list is incomplete.",
                    url=self.team.endpoint(path),
                )
            seen_pages.add(fingerprint)
            nodes.extend(page)
            offset += len(page)

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
        response = await self._send(
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
        response = await self._send(method, path, what, json=json, params=params)
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
        response = await self._send("GET", path, what, params=params, auth=auth)
        if allow_empty and (response.status_code == 204 or not response.content):
            return None
        return parse_json(response)

    async def _send(
        self,
        method: str,
        path: str,
        what: str,
        *,
        params: dict[str, str] | None = None,
        json: object | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        url = self.team.endpoint(path)
        renewed = False
        attempt = 0
        while True:
            attempt += 1
            request_headers = dict(headers or {})
            if auth:
                token = await self.token(fresh=renewed)
                request_headers["Authorization"] = "Bearer " + token.value.reveal()
            response = await self._exchange(method, url, params, json, request_headers)
            if response.is_redirect:
                raise self._redirect_error(response, url)
            if response.status_code == 401 and auth and not renewed:
                log.info("%s %s got 401; renewing the token once", method, path)
                renewed = True
                continue
            if response.status_code < 400:
                return response
            error = status_error(response, what)
            if isinstance(error, TokenRejectedError) and renewed:
                error.cause += "; a fresh token was rejected too"
            if not self._should_retry(error, attempt):
                raise error
            await self._wait_before_retry(error, attempt)

    async def _exchange(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None,
        json: object | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        started = time.monotonic()
        try:
            response = await self._http.request(
                method, url, params=params, json=json, headers=headers
            )
        except httpx.TransportError as error:
            log.info(
                "%s %s failed: %s", method, httpx.URL(url).path, type(error).__name__
            )
            raise transport_error(error, url, self._timeout_for(error)) from None
        log.info(
            "%s %s -> %d in %.0f ms",
            method,
            httpx.URL(url).path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def _timeout_for(self, error: httpx.TransportError) -> float:
        if isinstance(error, httpx.ConnectTimeout):
            return self.timeouts.connect
        return self.timeouts.read

    def _redirect_error(self, response: httpx.Response, url: str) -> RedirectError:
        location = response.headers.get("location", "(nowhere)")
        return RedirectError(
            f"{url} redirected to {location}; credentials are not sent on",
            fix="Use the team's https origin, like https://acme.eu-1.celonis.cloud.",
            url=url,
            status=response.status_code,
        )

    def _should_retry(self, error: CelonisError, attempt: int) -> bool:
        if attempt >= self.retry.attempts:
            return False
        if isinstance(error, RateLimitedError):
            wait = error.retry_after
            return wait is None or wait <= self.retry.longest_wait
        return isinstance(error, ServerError) and (error.status or 0) >= 500

    async def _wait_before_retry(self, error: CelonisError, attempt: int) -> None:
        wait = self.retry.backoff * (2 ** (attempt - 1))
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            wait = error.retry_after
        wait = min(wait, self.retry.longest_wait)
        log.info("retrying after %s in %.1f s", error.code, wait)
        if self.on_wait is not None:
            await self.on_wait(wait, error)
        await asyncio.sleep(wait)


def _validate(model: type[ModelT], data: object, path: str) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _shape_error(path, error) from None


def _validate_list(model: type[ModelT], data: object, path: str) -> list[ModelT]:
    try:
        return TypeAdapter(list[model]).validate_python(data)  # type: ignore[valid-type]
    except ValidationError as error:
        raise _shape_error(path, error) from None


def _shape_error(path: str, error: ValidationError) -> UnexpectedResponseError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top)"
    return UnexpectedResponseError(
        f"{path} answered with an unexpected shape: {where}: {first['msg']}",
        fix="The team's API may have changed; report this with the details.",
        details=str(error)[:500],
    )


__all__ = ["CelonisClient", "RetryPolicy", "Timeouts", "body_preview"]
