"""The footer of every screen: Textual's, rebuilt only when its keys change.

Textual's footer rebuilds all of its key widgets each time the screen says its
bindings may have changed, which happens on every focus change and several times
while a screen opens. Rebuilding identical keys costs a few milliseconds each time
and delayed the first screen noticeably, so this footer keeps what it last showed
and skips the rebuild when nothing it would show is different.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: Hashable = None

    def shown_keys(self, screen: Screen[object]) -> Hashable:
        """Everything about the screen's keys that the footer draws."""
        app = self.app
        keys = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
        return (keys, self.show_command_palette, self.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's footer does the same, less the rebuild of unchanged keys."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            shown = self.shown_keys(screen)
            if shown != self._shown:
                self._shown = shown
                self.call_after_refresh(self.recompose)
