"""The TLS trust the client uses: SSL_CERT_FILE if set, else the system store."""

from __future__ import annotations

import os
import ssl
from pathlib import Path

from tui.errors import TlsError


def trust_context() -> ssl.SSLContext:
    """An SSL context that verifies against what this machine trusts.

    ``SSL_CERT_FILE`` names a CA bundle (a company proxy's, say); a name that does
    not exist is a configuration error, never a reason to stop verifying.
    """
    bundle = os.environ.get("SSL_CERT_FILE")
    if bundle:
        if not Path(bundle).is_file():
            raise TlsError(
                f"SSL_CERT_FILE names {bundle}, which does not exist",
                fix="Point SSL_CERT_FILE at a PEM CA bundle, or unset it.",
            )
        return ssl.create_default_context(cafile=bundle)
    return ssl.create_default_context()
