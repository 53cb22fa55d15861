"""How a token request presents its client credentials (RFC 6749 section 2.3.1).

`client_secret_basic` sends
`Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`, where urlencode
is application/x-www-form-urlencoded, so `+` stands for a space.
`client_secret_post` sends `client_id` and `client_secret` as request parameters.
Using both at once is refused: RFC 6749 allows one method per request.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

BASIC = "client_secret_basic"
POST = "client_secret_post"


class ClientAuthError(Exception):
    """The request's client authentication is malformed or ambiguous."""


@dataclass(frozen=True, slots=True)
class PresentedCredentials:
    method: str
    client_id: str
    secret: str = field(repr=False)


def _decode_basic(value: str) -> tuple[str, str]:
    try:
        raw = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ClientAuthError("The Basic credentials are not valid base64.") from error

    encoded_id, colon, encoded_secret = raw.partition(":")
    if not colon:
        raise ClientAuthError("The Basic credentials have no ':' separator.")

    return unquote_plus(encoded_id), unquote_plus(encoded_secret)


def basic_client_id(authorization: str | None) -> str | None:
    """The client id carried by a Basic header, or None; never raises."""
    if authorization is None:
        return None

    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None

    try:
        return _decode_basic(value)[0]
    except ClientAuthError:
        return None


def presented_credentials(
    authorization: str | None, params: Mapping[str, str]
) -> PresentedCredentials:
    """Work out which method the request used and the id/secret it sent."""
    basic: PresentedCredentials | None = None
    if authorization is not None:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "basic":
            raise ClientAuthError("The token endpoint accepts only Basic credentials.")
        client_id, secret = _decode_basic(value)
        basic = PresentedCredentials(BASIC, client_id, secret)

    posted_secret = params.get("client_secret")
    if basic is not None and posted_secret is not None:
        raise ClientAuthError("The request uses more than one authentication method.")

    if basic is not None:
        posted_id = params.get("client_id")
        if posted_id is not None and posted_id != basic.client_id:
            raise ClientAuthError("client_id does not match the Basic credentials.")
        return basic

    if posted_secret is not None:
        posted_id = params.get("client_id")
        if not posted_id:
            raise ClientAuthError("client_secret was sent without client_id.")
        return PresentedCredentials(POST, posted_id, posted_secret)

    raise ClientAuthError("No client credentials were sent.")
