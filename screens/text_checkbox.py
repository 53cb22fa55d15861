"""A checkbox whose state reads as text, ``[x]`` or ``[ ]``, not only as colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TextCheckbox(Checkbox):
    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.styled("[x]" if self.value else "[ ]", style)
