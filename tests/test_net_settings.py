"""Network settings from the environment and the command line (bug report BR-16).

A client built anywhere in the app (the Studio browser, say) takes its timeouts and
proxy setting from the environment too, and a bad value is raised by its first call.
"""

from __future__ import annotations

import pytest

from tests.network_helpers import clear_proxy_environment
from tests.sandbox_admin import inject_fault, received
from tests.test_client import client_for
from tui.errors import BadSettingError, CelonisTimeoutError, FailureClass
from tui.net_settings import (
    NetworkSettings,
    SettingsError,
    Timeouts,
    settings_from_environment,
)


def test_defaults_suit_a_slow_enterprise_network() -> None:
    settings = settings_from_environment({})

    assert settings.timeouts == Timeouts(connect=10.0, read=45.0)
    assert settings.timeouts.as_httpx().read == 45.0
    assert settings.trust_env


def test_the_environment_sets_both_timeouts_and_ignores_proxies() -> None:
    env = {
        "CELONIS_CONNECT_TIMEOUT": "120",
        "CELONIS_CONNECT_CONNECT_TIMEOUT": "2.5",
        "CELONIS_CONNECT_NO_PROXY_ENV": "1",
    }

    settings = settings_from_environment(env)

    assert settings.timeouts == Timeouts(connect=2.5, read=120.0)
    assert not settings.trust_env


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CELONIS_CONNECT_TIMEOUT", "slow"),
        ("CELONIS_CONNECT_TIMEOUT", "0"),
        ("CELONIS_CONNECT_CONNECT_TIMEOUT", "-3"),
        ("CELONIS_CONNECT_CONNECT_TIMEOUT", "nan"),
        ("CELONIS_CONNECT_TIMEOUT", "99999"),
        ("CELONIS_CONNECT_NO_PROXY_ENV", "maybe"),
    ],
)
def test_a_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from_environment({name: value})

    assert name in str(raised.value)
    assert repr(value) in str(raised.value)


def test_command_line_values_go_on_top() -> None:
    base = NetworkSettings(Timeouts(connect=3, read=4), ignore_proxy_env=False)

    changed = base.with_overrides(read=60, ignore_proxy_env=True)

    assert changed.timeouts == Timeouts(connect=3, read=60)
    assert changed.ignore_proxy_env
    assert base.with_overrides() == base


async def test_clients_built_elsewhere_take_their_settings_from_the_environment(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_proxy_environment(monkeypatch)
    inject_fault(sandbox_url, path="/oauth2/token", kind="latency", seconds=1.0)
    monkeypatch.setenv("CELONIS_CONNECT_TIMEOUT", "0.3")
    monkeypatch.setenv("CELONIS_CONNECT_CONNECT_TIMEOUT", "7")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("CELONIS_CONNECT_NO_PROXY_ENV", "1")

    async with client_for(sandbox_url) as client:
        with pytest.raises(CelonisTimeoutError) as raised:
            await client.token()

    assert client.timeouts == Timeouts(connect=7, read=0.3)
    assert not client.route.proxied
    assert "did not answer within 0.3 s" in raised.value.cause


async def test_a_bad_setting_is_raised_by_the_first_call(
    sandbox_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CELONIS_CONNECT_TIMEOUT", "a while")

    async with client_for(sandbox_url) as client:
        with pytest.raises(BadSettingError) as raised:
            await client.spaces()

    assert "CELONIS_CONNECT_TIMEOUT" in raised.value.cause
    assert raised.value.failure_class is FailureClass.INPUT
    assert received(sandbox_url) == []
