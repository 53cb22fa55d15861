"""The client secret field: hidden input that takes a whole paste and checks it."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input

from tui.secret_input import check_paste


class SecretField(Input):
    """A password Input whose paste keeps every line, so nothing is cut silently."""

    class Pasted(Message):
        """A paste was checked; ``note`` says what was trimmed or refused."""

        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        checked = check_paste(event.text)
        if checked.text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(checked.text)
            else:
                self.replace(checked.text, *self.selection)
        self.post_message(self.Pasted(checked.note))
