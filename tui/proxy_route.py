"""Which way requests to a team go: straight to it, or through which proxy.

The proxy comes from the environment the way curl reads it: ``https_proxy`` for an
https team and ``http_proxy`` for an http one (lower case first, then upper case),
``all_proxy`` for both, and ``no_proxy`` listing hosts, domains and networks to reach
directly. The client hands the proxy found here to httpx itself, so the route the
connection test reports is the route every call takes. A proxy is only ever shown
with its password masked, like ``http://user:***@proxy:3128``.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

import httpx

from tui.errors import ProxyError
from tui.net_settings import NO_PROXY_ENV

PROXY_SCHEMES = ("http", "https")
_USERINFO = re.compile(r"//([^/@:]*):[^/@]*@")


@dataclass(frozen=True)
class Route:
    """The way to one team origin; ``proxy`` keeps its credentials for httpx only."""

    origin: str
    proxy: str | None = None
    source: str = ""
    reason: str = ""

    @property
    def proxied(self) -> bool:
        return self.proxy is not None

    @property
    def shown_proxy(self) -> str:
        return mask_proxy(self.proxy) if self.proxy else ""

    @property
    def proxy_host(self) -> str:
        return httpx.URL(self.proxy).host if self.proxy else ""

    @property
    def proxy_port(self) -> int:
        if not self.proxy:
            return 0
        url = httpx.URL(self.proxy)
        return url.port or (443 if url.scheme == "https" else 80)

    def proxy_authorization(self) -> str | None:
        """The ``Proxy-Authorization`` value for the credentials in the proxy URL."""
        if not self.proxy:
            return None
        url = httpx.URL(self.proxy)
        if not url.username and not url.password:
            return None
        pair = f"{unquote(url.username)}:{unquote(url.password or '')}"
        return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")

    def describe(self) -> str:
        if self.proxy:
            return f"via proxy {self.shown_proxy} (from {self.source})"
        return f"direct: {self.reason}"


def mask_proxy(url: str) -> str:
    """The proxy URL with any password replaced by ``***``."""
    return _USERINFO.sub(lambda match: f"//{match.group(1)}:***@", url)


def route_for(
    origin: str, *, trust_env: bool = True, env: Mapping[str, str] | None = None
) -> Route:
    """The route to ``origin``; :class:`ProxyError` if the proxy setting is unusable."""
    source = os.environ if env is None else env
    target = httpx.URL(origin)
    names = ("https", "all") if target.scheme == "https" else ("http", "all")
    found = [setting for setting in (env_proxy(source, n) for n in names) if setting[1]]
    if not trust_env:
        reason = "the environment's proxies are ignored"
        if found:
            reason += f" ({found[0][0]} is set; {NO_PROXY_ENV} or --ignore-proxy-env)"
        return Route(origin, reason=reason)

    if not found:
        return Route(origin, reason="no proxy is set in the environment")
    no_proxy_name, no_proxy = env_proxy(source, "no")
    port = target.port or (443 if target.scheme == "https" else 80)
    entry = no_proxy_match(target.host, port, no_proxy)
    if entry is not None:
        reason = f"{no_proxy_name} entry {entry!r} matches {target.host}"
        return Route(origin, reason=reason)

    name, value = found[0]
    return Route(origin, proxy=proxy_url(value, name), source=name)


def env_proxy(env: Mapping[str, str], name: str) -> tuple[str, str]:
    """The variable and value of ``<name>_proxy``: lower case first, then upper."""
    for variable in (f"{name}_proxy", f"{name.upper()}_PROXY"):
        value = env.get(variable, "").strip()
        if value:
            return variable, value
    return f"{name.upper()}_PROXY", ""


def proxy_url(value: str, variable: str) -> str:
    """A usable proxy URL from an environment value, or :class:`ProxyError`."""
    text = value if "://" in value else f"http://{value}"
    shown = mask_proxy(text)
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    if url is None or not url.host:
        raise ProxyError(
            f"{variable} is not a proxy URL: {shown}",
            fix=f"Set {variable} like http://proxy.example.com:3128, or ignore the "
            f"environment's proxies ({NO_PROXY_ENV}=1 or --ignore-proxy-env).",
        )
    if url.scheme not in PROXY_SCHEMES:
        raise ProxyError(
            f"{variable} names a {url.scheme} proxy ({shown}); only http and https "
            "proxies are supported",
            fix=f"Point {variable} at the HTTP proxy of this network, or ignore the "
            f"environment's proxies ({NO_PROXY_ENV}=1 or --ignore-proxy-env).",
        )
    return text


def no_proxy_match(host: str, port: int | None, no_proxy: str) -> str | None:
    """The ``no_proxy`` entry that sends ``host`` direct, if any."""
    for raw in no_proxy.split(","):
        entry = raw.strip()
        if entry and _entry_matches(entry, host.lower(), port):
            return entry
    return None


def _entry_matches(entry: str, host: str, port: int | None) -> bool:
    if entry == "*":
        return True
    name, wanted_port = _split_port(entry.lower().lstrip("*"))
    if wanted_port is not None and wanted_port != port:
        return False
    try:
        network = ipaddress.ip_network(name, strict=False)
    except ValueError:
        network = None
    if network is not None:
        try:
            return ipaddress.ip_address(host) in network
        except ValueError:
            return False
    domain = name.lstrip(".")
    return bool(domain) and (host == domain or host.endswith("." + domain))


def _split_port(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):
        address, _, rest = entry[1:].partition("]")
        port = rest.lstrip(":")
        return address, int(port) if port.isdigit() else None
    if entry.count(":") == 1:
        name, _, port = entry.partition(":")
        if port.isdigit():
            return name, int(port)
    return entry, None
