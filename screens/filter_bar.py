"""The one-line filter that ``/`` opens above a list, k9s style.

It stays hidden until opened, keeps its text when the user leaves it (so the list
stays filtered while they move in it) and hides again once cleared.
"""

from __future__ import annotations

from textual.widgets import Input


class FilterBar(Input):
    DEFAULT_CSS = """
    FilterBar {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
    }
    FilterBar.-open {
        display: block;
    }
    """

    def __init__(self, placeholder: str, *, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True)

    @property
    def active(self) -> bool:
        """True while the filter narrows the list (open with text in it)."""
        return bool(self.value.strip())

    def open(self) -> None:
        self.add_class("-open")
        self.focus()

    def clear_filter(self) -> None:
        """Empty and hide it; the caller refocuses its list."""
        self.value = ""
        self.remove_class("-open")
