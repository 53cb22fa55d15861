"""Type the passphrase of the encrypted secrets file: create it, or unlock it.

The passphrase is typed here, inside the app, never at a terminal prompt (a prompt
on the terminal the app draws on would freeze it). It is checked in a worker since
deriving the key takes a moment; a wrong one keeps the dialog open to try again.
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from styles import stylesheet
from tui.encrypted_store import MIN_PASSPHRASE, EncryptedFileSecretStore
from tui.secret import Secret
from tui.secret_store import SecretStoreError


class PassphraseDialog(ModalScreen[bool]):
    CSS_PATH = [stylesheet("passphrase_dialog")]
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="passphrase-cancel"),
        Binding("ctrl+j", "submit", "OK", show=False, id="passphrase-submit"),
    ]

    def __init__(self, store: EncryptedFileSecretStore) -> None:
        super().__init__()
        self.store = store
        self.creating = not store.exists
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-box"):
            if self.creating:
                yield Static("Keep secrets in an encrypted file", id="passphrase-title")
                yield Static(
                    f"Secrets will be kept in {self.store.path}, encrypted with a "
                    f"passphrase of at least {MIN_PASSPHRASE} characters. It is never "
                    "stored: the app asks for it each time it starts. Without it the "
                    "secrets cannot be read.",
                    id="passphrase-explanation",
                    markup=False,
                )
            else:
                yield Static("Unlock the encrypted secrets file", id="passphrase-title")
                yield Static(
                    f"Type the passphrase of {self.store.path}.",
                    id="passphrase-explanation",
                    markup=False,
                )
            yield Input(password=True, id="passphrase", placeholder="passphrase")
            if self.creating:
                yield Input(
                    password=True, id="passphrase-repeat", placeholder="once more"
                )
            yield Static("", id="passphrase-error", markup=False)
            yield Static("enter: OK   esc: cancel", id="passphrase-keys")

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if self.creating and event.input.id == "passphrase":
            self.query_one("#passphrase-repeat", Input).focus()
            return
        self.action_submit()

    def action_submit(self) -> None:
        if self.checking:
            return
        first = self.query_one("#passphrase", Input)
        problem = self.problem(first.value)
        if problem:
            self.show_error(problem)
            return
        self.checking = True
        self.show_error("Checking the passphrase ...")
        self.check(Secret(first.value))

    def problem(self, text: str) -> str:
        if not text:
            return "Type the passphrase first."
        if not self.creating:
            return ""
        if len(text) < MIN_PASSPHRASE:
            return f"Use at least {MIN_PASSPHRASE} characters (this has {len(text)})."
        if self.query_one("#passphrase-repeat", Input).value != text:
            return "The two passphrases differ: type them again."
        return ""

    def show_error(self, text: str) -> None:
        self.query_one("#passphrase-error", Static).update(text)

    @work(exclusive=True, group="passphrase-check", exit_on_error=False)
    async def check(self, passphrase: Secret) -> None:
        action = self.store.create if self.creating else self.store.unlock
        try:
            await asyncio.to_thread(action, passphrase)
        except SecretStoreError as error:
            self.checking = False
            for field in self.query(Input):
                field.value = ""
            self.query_one("#passphrase", Input).focus()
            self.show_error(str(error))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
