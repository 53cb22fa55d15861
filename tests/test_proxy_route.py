"""Which proxy applies to a team, read from an environment given to the function."""

from __future__ import annotations

import pytest

from tui.errors import ProxyError
from tui.proxy_route import mask_proxy, no_proxy_match, route_for

TEAM = "https://acme.eu-1.celonis.cloud"
PROXY = "http://proxy.corp.example:3128"


def test_no_proxy_in_the_environment_is_direct() -> None:
    route = route_for(TEAM, env={})

    assert not route.proxied
    assert route.describe() == "direct: no proxy is set in the environment"


def test_https_team_takes_https_proxy_and_names_its_source() -> None:
    env = {"HTTPS_PROXY": PROXY, "HTTP_PROXY": "http://other:1"}

    route = route_for(TEAM, env=env)

    assert route.proxy == PROXY
    assert route.describe() == f"via proxy {PROXY} (from HTTPS_PROXY)"
    assert (route.proxy_host, route.proxy_port) == ("proxy.corp.example", 3128)


def test_lower_case_wins_and_all_proxy_is_the_fallback() -> None:
    both = {"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}
    fallback = {"ALL_PROXY": PROXY}

    assert route_for(TEAM, env=both).source == "https_proxy"
    assert route_for(TEAM, env=fallback).source == "ALL_PROXY"


def test_plain_http_team_takes_http_proxy() -> None:
    route = route_for("http://127.0.0.1:8080", env={"HTTP_PROXY": "127.0.0.1:3128"})

    assert route.proxy == "http://127.0.0.1:3128"
    assert route.source == "HTTP_PROXY"


@pytest.mark.parametrize(
    "no_proxy",
    [
        "*",
        "acme.eu-1.celonis.cloud",
        "celonis.cloud",
        ".celonis.cloud",
        "*.celonis.cloud",
        "localhost, .celonis.cloud",
        "acme.eu-1.celonis.cloud:443",
    ],
)
def test_no_proxy_entries_that_send_the_team_direct(no_proxy: str) -> None:
    route = route_for(TEAM, env={"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy})

    assert not route.proxied
    assert "NO_PROXY entry" in route.reason


@pytest.mark.parametrize(
    "no_proxy",
    ["example.com", "cloud.example", "eu-1.celonis.cloud:8443", "10.0.0.0/8"],
)
def test_no_proxy_entries_that_do_not_match(no_proxy: str) -> None:
    route = route_for(TEAM, env={"HTTPS_PROXY": PROXY, "no_proxy": no_proxy})

    assert route.proxied


def test_no_proxy_networks_and_addresses() -> None:
    assert no_proxy_match("127.0.0.1", 8080, "10.0.0.0/8,127.0.0.0/8") == "127.0.0.0/8"
    assert no_proxy_match("::1", 8080, "[::1]:8080") == "[::1]:8080"
    assert no_proxy_match("127.0.0.1", 8080, "127.0.0.1:9") is None
    assert no_proxy_match("notcelonis.cloud", 443, "celonis.cloud") is None


def test_ignoring_the_environment_says_what_was_ignored() -> None:
    route = route_for(TEAM, trust_env=False, env={"HTTPS_PROXY": PROXY})

    assert not route.proxied
    assert "ignored" in route.reason and "HTTPS_PROXY is set" in route.reason


def test_credentials_are_masked_everywhere_they_are_shown() -> None:
    env = {"HTTPS_PROXY": "http://alice:pa%40ss:w0rd@proxy.corp.example:3128"}

    route = route_for(TEAM, env=env)

    assert route.shown_proxy == "http://alice:***@proxy.corp.example:3128"
    assert "w0rd" not in route.describe() and "pa%40ss" not in route.describe()
    assert route.proxy_authorization() is not None
    assert mask_proxy("https://u:p@h:1/x") == "https://u:***@h:1/x"


def test_a_socks_proxy_is_a_proxy_error_naming_the_variable() -> None:
    env = {"ALL_PROXY": "socks5://bob:secret-pw@127.0.0.1:1080"}

    with pytest.raises(ProxyError) as raised:
        route_for(TEAM, env=env)

    assert "ALL_PROXY" in raised.value.cause
    assert "socks5" in raised.value.cause
    assert "secret-pw" not in raised.value.cause
    assert "--ignore-proxy-env" in raised.value.fix
