"""Where a connection's secret is kept, named for the connections file and screens.

Kept apart from the connection model so the first screen can name secret stores
without loading pydantic.
"""

from __future__ import annotations

from enum import StrEnum


class SecretLocation(StrEnum):
    KEYRING = "keyring"
    MEMORY = "memory"
    ENVIRONMENT = "environment"
    ENCRYPTED_FILE = "encrypted-file"
    PLAINTEXT_FILE = "plaintext-file"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {
            SecretLocation.KEYRING: "OS keyring",
            SecretLocation.MEMORY: "memory (this session only)",
            SecretLocation.ENVIRONMENT: "environment variable",
            SecretLocation.ENCRYPTED_FILE: "encrypted file",
            SecretLocation.PLAINTEXT_FILE: "UNENCRYPTED file",
            SecretLocation.MISSING: "not stored",
        }[self]
