"""Team URLs in every shape users paste them (bug report BR-13)."""

from __future__ import annotations

import pytest

from tui.urls import TeamUrlError, normalise_team_url

ORIGIN = "https://acme.eu-1.celonis.cloud"


@pytest.mark.parametrize(
    "typed",
    [
        "acme.eu-1.celonis.cloud",
        "acme.eu-1.celonis.cloud/",
        "https://acme.eu-1.celonis.cloud/package-manager/ui/",
        " HTTPS://ACME.EU-1.Celonis.Cloud ",
        "http://acme.eu-1.celonis.cloud",
        "https://acme.eu-1.celonis.cloud/oauth2/token",
        "https://acme.eu-1.celonis.cloud:443/x?y=1#z",
        "acme.eu-1.celonis.cloud.",
    ],
)
def test_every_valid_shape_becomes_the_origin(typed: str) -> None:
    team = normalise_team_url(typed)

    assert team.origin == ORIGIN
    assert team.token_url == ORIGIN + "/oauth2/token"
    assert (team.team, team.realm) == ("acme", "eu-1")


def test_token_url_is_built_once_without_doubled_slashes() -> None:
    team = normalise_team_url("https://acme.eu-1.celonis.cloud//oauth2/token/")

    assert team.token_url == ORIGIN + "/oauth2/token"
    assert team.endpoint("/package-manager/api/spaces") == (
        ORIGIN + "/package-manager/api/spaces"
    )


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("acme.celonis.cloud", "team and a realm"),
        ("https://acme.eu-1.celonis.cloud.evil.example", "not a Celonis team host"),
        ("https://evil.example/acme.eu-1.celonis.cloud", "not a Celonis team host"),
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://acme.eu-1.celonis.cloud", "https://"),
        ("https://user:pw@acme.eu-1.celonis.cloud", "user name or password"),
        ("https://acme.eu-1.celonis.cloud:8443", "port 443"),
        ("acme eu-1.celonis.cloud", "spaces"),
    ],
)
def test_wrong_shapes_are_flagged_with_an_example(typed: str, said: str) -> None:
    with pytest.raises(TeamUrlError) as raised:
        normalise_team_url(typed)

    assert said in str(raised.value)


def test_a_flagged_host_shows_the_right_form() -> None:
    with pytest.raises(TeamUrlError) as raised:
        normalise_team_url("acme.celonis.cloud")

    assert "https://acme.eu-1.celonis.cloud" in str(raised.value)


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
        ("http://localhost:9000/oauth2/token", "http://localhost:9000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_plain_http_is_kept_only_for_loopback(typed: str, origin: str) -> None:
    team = normalise_team_url(typed)

    assert team.origin == origin
    assert team.is_loopback


def test_http_to_a_remote_host_is_upgraded_never_kept() -> None:
    team = normalise_team_url("http://acme.us-2.celonis.cloud")

    assert team.origin.startswith("https://")
    assert not team.is_loopback
