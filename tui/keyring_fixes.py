"""The concrete ways to make secrets storable on this machine, most direct first.

The list depends on what is installed and on the session: a missing
gnome-keyring gets the install command, a shell without D-Bus gets the
``dbus-run-session`` recipe, a locked collection gets the unlock command. The
encrypted file and the environment override always work, so they always come last.
"""

from __future__ import annotations

import os
import shutil

UNLOCK_RECIPE = (
    'dbus-run-session -- sh -c \'printf %s "$PW" | '
    "gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
    "celonis-connect'"
)
UNLOCK_RUNNING = (
    'printf %s "$PW" | gnome-keyring-daemon --replace --unlock --components=secrets'
)
INSTALL = (
    "sudo apt-get install --no-install-recommends gnome-keyring dbus-daemon dbus-bin"
)
BACKEND_CHOICE = (
    "Or pick a backend on purpose: PYTHON_KEYRING_BACKEND=<module.Class> "
    "(never one that asks for a password on the terminal, such as "
    "keyrings.cryptfile: it would freeze the app)"
)
ENCRYPTED_FILE = (
    "Or keep secrets in an encrypted file with a passphrase you type into the app: "
    'press o on the Connections screen, or set "secret_backend": "encrypted-file" '
    "in settings.json (celonis-connect info shows where)"
)
ENVIRONMENT = (
    "Or give a secret for one run: CELONIS_CONNECT_SECRET_<NAME>=... "
    "(read only, never stored)"
)


def session_fixes() -> tuple[str, ...]:
    """Fixes when no Secret Service answers in this session."""
    first: list[str] = []
    if shutil.which("gnome-keyring-daemon") is None:
        install = INSTALL if shutil.which("apt-get") else "Install gnome-keyring"
        first.append(f"Install a Secret Service: {install}")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        first.append(
            "Start the app in a D-Bus session with an unlocked keyring: "
            + UNLOCK_RECIPE
        )
    else:
        first.append(
            "Start and unlock gnome-keyring on this session's D-Bus: " + UNLOCK_RUNNING
        )
    return (*first, BACKEND_CHOICE, ENCRYPTED_FILE, ENVIRONMENT)


def locked_fixes() -> tuple[str, ...]:
    """Fixes when the Secret Service answers but its collection is locked."""
    return (
        "Unlock it from the desktop session, or from this shell: " + UNLOCK_RUNNING,
        ENCRYPTED_FILE,
        ENVIRONMENT,
    )


def backend_fixes() -> tuple[str, ...]:
    """Fixes when the chosen backend cannot be used (switched off, prompts, plain)."""
    return (
        "Use the Secret Service: unset PYTHON_KEYRING_BACKEND (and any keyringrc.cfg "
        "backend) and start the app with: " + UNLOCK_RECIPE,
        ENCRYPTED_FILE,
        "Or accept unencrypted secrets knowingly: celonis-connect --plaintext-secrets",
        ENVIRONMENT,
    )
