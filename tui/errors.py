"""Typed failures of talking to a Celonis team, each with a cause and a fix.

Every error carries the URL it concerns, a one-line cause a person can read and the
next step to take. ``code`` is a stable identifier for scripts (``invalid_client``,
``timeout`` ...) and ``failure_class`` groups codes for the CLI's exit codes.
"""

from __future__ import annotations

from enum import StrEnum


class FailureClass(StrEnum):
    CREDENTIALS = "credentials"
    SCOPES = "scopes"
    PERMISSIONS = "permissions"
    NETWORK = "network"
    TLS = "tls"
    PROXY = "proxy"
    SERVER = "server"
    KEYRING = "keyring"
    INPUT = "input"


class CelonisError(Exception):
    """Base of every failure the client reports."""

    code = "error"
    failure_class = FailureClass.SERVER

    def __init__(
        self,
        cause: str,
        *,
        fix: str = "",
        url: str = "",
        status: int | None = None,
        details: str = "",
        missing_scope: str = "",
        support_id: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(cause)
        self.cause = cause
        self.fix = fix
        self.url = url
        self.status = status
        self.details = details
        self.missing_scope = missing_scope
        self.support_id = support_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.cause


class InvalidClientError(CelonisError):
    code = "invalid_client"
    failure_class = FailureClass.CREDENTIALS


class InvalidScopeError(CelonisError):
    code = "invalid_scope"
    failure_class = FailureClass.SCOPES


class TokenRequestError(CelonisError):
    """The token endpoint refused the request for another OAuth reason."""

    code = "token_request_refused"
    failure_class = FailureClass.CREDENTIALS


class TokenRejectedError(CelonisError):
    code = "token_rejected"
    failure_class = FailureClass.CREDENTIALS


class ForbiddenError(CelonisError):
    code = "forbidden"
    failure_class = FailureClass.PERMISSIONS


class NotFoundError(CelonisError):
    code = "not_found"
    failure_class = FailureClass.PERMISSIONS


class NotJsonError(CelonisError):
    code = "not_json"
    failure_class = FailureClass.SERVER


class UnexpectedResponseError(CelonisError):
    code = "unexpected_response"
    failure_class = FailureClass.SERVER


class AnswerTooLargeError(CelonisError):
    code = "answer_too_large"
    failure_class = FailureClass.SERVER


class AnswerEncodingError(CelonisError):
    code = "answer_encoding"
    failure_class = FailureClass.SERVER


class RedirectError(CelonisError):
    code = "redirect"
    failure_class = FailureClass.NETWORK


class CelonisTimeoutError(CelonisError):
    code = "timeout"
    failure_class = FailureClass.NETWORK


class TlsError(CelonisError):
    code = "tls"
    failure_class = FailureClass.TLS


class TlsConfigError(TlsError):
    """The trust setting itself is broken (a CA bundle that does not exist)."""

    code = "tls_config"


class ConnectError(CelonisError):
    code = "connection"
    failure_class = FailureClass.NETWORK


class DnsError(ConnectError):
    code = "dns"


class ProxyError(CelonisError):
    code = "proxy"
    failure_class = FailureClass.PROXY


class ServerError(CelonisError):
    code = "server_error"
    failure_class = FailureClass.SERVER


class RateLimitedError(CelonisError):
    code = "rate_limited"
    failure_class = FailureClass.SERVER


class BadRequestError(CelonisError):
    """The team refused what was sent (400, 422): a value the user gave is wrong."""

    code = "bad_request"
    failure_class = FailureClass.INPUT


class BadSettingError(CelonisError):
    """A setting in the environment cannot be read (a timeout that is no number)."""

    code = "bad_setting"
    failure_class = FailureClass.INPUT


class ConflictError(CelonisError):
    """Someone else changed what we were about to overwrite."""

    code = "conflict"
    failure_class = FailureClass.PERMISSIONS
