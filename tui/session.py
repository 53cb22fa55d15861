"""How one call to a team is made safely: token, route, trust, retries, redirects.

A session owns one httpx connection pool for one team and one OAuth client. Tokens
come from the client's own auth method and live in memory until shortly before
they expire; a 401 on an API call gets one fresh token and one retry. 429 and 503
wait as ``Retry-After`` asks, within a bound, and tell ``on_wait`` first so a screen
can count down (cancelling the task cancels the wait). Other 5xx answers to calls
that are safe to repeat are retried with backoff a few times (:mod:`tui.retry`).
Nothing follows a redirect, so credentials never travel to another host.

Timeouts and whether the environment's proxies apply come from the environment
(:mod:`tui.net_settings`) unless the caller gives them. The proxy comes from
:mod:`tui.proxy_route` and is handed to httpx explicitly, so the route the connection
test shows is the route every call takes. A broken setting, proxy or trust store
does not stop the session from being built; it is raised, with its fix, by the first
call.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time

import httpx

from tui.bounded_answer import bounded_request
from tui.errors import (
    BadSettingError,
    CelonisError,
    CelonisTimeoutError,
    ProxyError,
    RedirectError,
    TokenRejectedError,
)
from tui.http_errors import bearer_challenge, is_json, status_error
from tui.net_settings import (
    NetworkSettings,
    RetryPolicy,
    SettingsError,
    Timeouts,
    settings_from_environment,
)
from tui.oauth import AccessToken, AuthMethod, Credentials, request_token
from tui.proxy_route import Route, route_for
from tui.retry import WaitNotice, with_retries
from tui.tls import trust_context
from tui.transport_errors import proxy_fix, transport_error
from tui.urls import TeamUrl

log = logging.getLogger(__name__)
SAFE_TO_REPEAT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class TeamSession:
    """Authorised, bounded calls on one team; use as an async context manager."""

    def __init__(
        self,
        team: TeamUrl,
        credentials: Credentials,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        trust_env: bool | None = None,
        on_wait: WaitNotice | None = None,
    ) -> None:
        self.team = team
        self.credentials = credentials
        self.setup_error: CelonisError | None = None
        settings = NetworkSettings()
        try:
            if timeouts is None or trust_env is None:
                settings = settings_from_environment()
        except SettingsError as error:
            self.setup_error = BadSettingError(
                str(error), fix="Correct or unset the variable and try again."
            )
        self.timeouts = timeouts or settings.timeouts
        self.retry = retry or RetryPolicy()
        self.on_wait = on_wait
        self.route = Route(team.origin, reason="not worked out")
        self._token: AccessToken | None = None
        self._token_lock = asyncio.Lock()
        verify: ssl.SSLContext | bool = True
        try:
            use_env = settings.trust_env if trust_env is None else trust_env
            self.route = route_for(team.origin, trust_env=use_env)
            if team.origin.startswith("https:"):
                verify = trust_context()
        except CelonisError as error:
            self.setup_error = self.setup_error or error
        self._http = httpx.AsyncClient(
            timeout=self.timeouts.as_httpx(),
            verify=verify,
            trust_env=False,
            proxy=self.route.proxy,
            follow_redirects=False,
            headers={"User-Agent": "celonis-connect", "Accept": "application/json"},
            event_hooks={"response": [self._refused_by_proxy]},
        )

    async def __aenter__(self) -> TeamSession:
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
            self._token = await with_retries(
                self.retry, self.on_wait, True, self._request_token
            )
            return self._token

    async def _request_token(self) -> AccessToken:
        self._check_setup()
        url = self.team.token_url
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.whole_answer_deadline):
                return await request_token(self._http, url, self.credentials)
        except httpx.TransportError as error:
            raise self._transport_error(error, url) from None
        except TimeoutError:
            raise self._too_slow(url) from None
        finally:
            log.info(
                "token request for client %s took %.0f ms",
                self.credentials.client_id,
                (time.monotonic() - started) * 1000,
            )

    async def send(
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
        """One call, with a fresh token after a 401 and retries where they are safe."""

        async def once() -> httpx.Response:
            return await self._send_once(
                method, path, what, params, json, headers or {}, auth
            )

        safe = method.upper() in SAFE_TO_REPEAT
        return await with_retries(self.retry, self.on_wait, safe, once)

    async def _send_once(
        self,
        method: str,
        path: str,
        what: str,
        params: dict[str, str] | None,
        json: object | None,
        headers: dict[str, str],
        auth: bool,
    ) -> httpx.Response:
        url = self.team.endpoint(path)
        renewed = False
        while True:
            request_headers = dict(headers)
            if auth:
                token = await self.token(fresh=renewed)
                request_headers["Authorization"] = "Bearer " + token.value.reveal()
            response = await self._exchange(method, url, params, json, request_headers)
            if response.is_redirect:
                raise _redirect_error(response, url)
            lacks_scope = (
                bearer_challenge(response).get("error") == "insufficient_scope"
            )
            if response.status_code == 401 and auth and not renewed and not lacks_scope:
                log.info("%s %s got 401; renewing the token once", method, path)
                renewed = True
                continue
            if response.status_code < 400:
                return response
            error = status_error(response, what)
            if isinstance(error, TokenRejectedError) and renewed:
                error.cause += "; a fresh token was rejected too"
            raise error

    async def _exchange(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None,
        json: object | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        self._check_setup()
        path = httpx.URL(url).path
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.whole_answer_deadline):
                response = await bounded_request(
                    self._http, method, url, params=params, json=json, headers=headers
                )
        except httpx.TransportError as error:
            log.info("%s %s failed: %s", method, path, type(error).__name__)
            raise self._transport_error(error, url) from None
        except TimeoutError:
            log.info("%s %s did not finish in time", method, path)
            raise self._too_slow(url) from None
        log.info(
            "%s %s -> %d in %.0f ms",
            method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    @property
    def whole_answer_deadline(self) -> float:
        """A bound on a whole exchange, for answers that trickle in byte by byte.

        httpx's read timeout counts from byte to byte, so a server sending one
        byte a second would never reach it.
        """
        return self.timeouts.connect + 3 * self.timeouts.read

    def _too_slow(self, url: str) -> CelonisTimeoutError:
        seconds = self.whole_answer_deadline
        return CelonisTimeoutError(
            f"{url} did not finish its answer within {seconds:g} s",
            fix="Retry; on a slow network raise CELONIS_CONNECT_TIMEOUT.",
            url=url,
        )

    async def _refused_by_proxy(self, response: httpx.Response) -> None:
        """A forwarding proxy's own refusal (407, or a 403 page) is a proxy error."""
        status = response.status_code
        route = self.route
        if not route.proxied or status not in (403, 407):
            return
        if status == 403 and is_json(response):
            return
        raise ProxyError(
            f"The proxy {route.shown_proxy} (from {route.source}) refused the "
            f"request to {response.request.url.path} ({status})",
            fix=proxy_fix(route, status),
            url=str(response.request.url),
            status=status,
        )

    def _check_setup(self) -> None:
        if self.setup_error is not None:
            raise self.setup_error

    def _transport_error(self, error: httpx.TransportError, url: str) -> CelonisError:
        connecting = isinstance(error, httpx.ConnectTimeout)
        timeout = self.timeouts.connect if connecting else self.timeouts.read
        return transport_error(error, url, timeout, self.route)


def _redirect_error(response: httpx.Response, url: str) -> RedirectError:
    location = response.headers.get("location", "(nowhere)")
    here = response.request.url
    try:
        there = here.join(location)
        elsewhere = (there.scheme, there.netloc) != (here.scheme, here.netloc)
    except httpx.InvalidURL:
        elsewhere = True
    where = "another host" if elsewhere else "another path"
    return RedirectError(
        f"{url} answered {response.status_code}, redirecting to {location} "
        f"({where}); it was not followed, so no credentials went there",
        fix="Use the team's https origin, like https://acme.eu-1.celonis.cloud; a "
        "redirect to a login page means a proxy or single sign-on is in the way.",
        url=url,
        status=response.status_code,
    )
