"""The app's stylesheets: ``base.tcss`` plus one ``.tcss`` per screen."""

from pathlib import Path

STYLES_DIR = Path(__file__).parent


def stylesheet(name: str) -> Path:
    """The path of ``<name>.tcss`` in this package."""
    return STYLES_DIR / f"{name}.tcss"
