"""The TLS trust the client uses, and why a certificate was not trusted.

Trust comes from ``SSL_CERT_FILE`` when it is set (a company proxy's CA bundle, say),
else from the system store. A failed verification is explained by its reason
(unknown issuer, expired, hostname mismatch ...) with the fix for that reason. No
message here ever suggests turning verification off, and nothing here does.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from tui.errors import TlsConfigError

CERT_FILE_ENV = "SSL_CERT_FILE"
UNKNOWN_ISSUER = frozenset({2, 18, 19, 20, 21})
NOT_YET_VALID = 9
EXPIRED = 10
REVOKED = 23
NAME_MISMATCH = frozenset({62, 64})


@dataclass(frozen=True)
class TlsProblem:
    """Why a TLS connection failed, said for people, and what to do about it."""

    reason: str
    fix: str
    verification: bool


def trust_source() -> str:
    bundle = os.environ.get(CERT_FILE_ENV)
    return f"{CERT_FILE_ENV} ({bundle})" if bundle else "the system trust store"


def trust_context() -> ssl.SSLContext:
    """An SSL context that verifies against what this machine trusts.

    ``SSL_CERT_FILE`` names a CA bundle; a name that does not exist, or a file with
    no certificate in it, is a configuration error, never a reason to stop verifying.
    """
    bundle = os.environ.get(CERT_FILE_ENV)
    if not bundle:
        return ssl.create_default_context()
    if not Path(bundle).is_file():
        what = "is not a file" if Path(bundle).exists() else "does not exist"
        raise TlsConfigError(
            f"{CERT_FILE_ENV} names {bundle}, which {what}",
            fix=f"Point {CERT_FILE_ENV} at a PEM CA bundle, or unset it to use the "
            "system trust store.",
        )
    try:
        return ssl.create_default_context(cafile=bundle)
    except (ssl.SSLError, OSError, ValueError):
        raise TlsConfigError(
            f"{CERT_FILE_ENV} names {bundle}, which holds no readable PEM certificate",
            fix=f"Point {CERT_FILE_ENV} at a PEM CA bundle, or unset it to use the "
            "system trust store.",
        ) from None


def trust_fix() -> str:
    return (
        f"If a company proxy inspects TLS, point {CERT_FILE_ENV} at a PEM bundle "
        "that holds its root CA, or add that CA to the system trust store (trusted "
        f"now: {trust_source()})."
    )


def tls_problem(error: BaseException) -> TlsProblem | None:
    """The TLS failure in ``error``'s chain, explained, or None if there is none."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return explain_verification(seen)
        if isinstance(seen, ssl.SSLError):
            return explain_handshake(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def explain_verification(error: ssl.SSLCertVerificationError) -> TlsProblem:
    said = error.verify_message or str(error)
    code = error.verify_code
    if code in UNKNOWN_ISSUER:
        reason = f"unknown issuer: no CA this machine trusts issued it ({said})"
        return TlsProblem(reason, trust_fix(), True)
    if code == EXPIRED:
        return TlsProblem(
            f"the certificate has expired ({said})",
            "Check this machine's date and time; if a company proxy presents this "
            "certificate, its admins must renew it.",
            True,
        )
    if code == NOT_YET_VALID:
        return TlsProblem(
            f"the certificate is not valid yet ({said})",
            "Check this machine's date and time.",
            True,
        )
    if code in NAME_MISMATCH:
        return TlsProblem(
            f"hostname mismatch: the certificate is for another name ({said})",
            "Check the team URL; if a company proxy or a captive portal answers in "
            "the team's place, ask for *.celonis.cloud to be let through.",
            True,
        )
    if code == REVOKED:
        return TlsProblem(
            f"the certificate has been revoked ({said})",
            "Do not go on; tell the network's admins.",
            True,
        )
    return TlsProblem(said, trust_fix(), True)


def explain_handshake(error: ssl.SSLError) -> TlsProblem:
    reason = error.reason or str(error)
    if reason in ("WRONG_VERSION_NUMBER", "HTTP_REQUEST", "UNKNOWN_PROTOCOL"):
        return TlsProblem(
            f"the other side does not speak TLS ({reason})",
            "Check the team URL and port; this network may need a proxy (HTTPS_PROXY).",
            False,
        )
    return TlsProblem(
        f"the TLS handshake failed ({reason})",
        "Retry; if it persists, a proxy or firewall may be interfering with TLS.",
        False,
    )
