"""Setup step 4: store the connection under a name; the secret goes to the store."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from screens.setup_base import SetupStepScreen
from tui.connection import NAME_PATTERN
from tui.connection_store import StoreError
from tui.secret import Secret
from tui.secret_input import SecretInputError, clean_secret
from tui.secret_store import SecretStoreError
from tui.setup_checks import connection_from
from tui.setup_flow import SetupStep
from tui.urls import normalise_team_url


class SetupSaveScreen(SetupStepScreen):
    STEP = SetupStep.SAVE
    HELP = """
Step 4: the connection is stored under the name you choose: its details in the
config file, the secret in the secret store. If you left the setup since step 2,
enter the secret again; the setup never saves it with its progress.
"""

    def compose_step(self) -> ComposeResult:
        yield Static(
            f"Client {self.progress.client_id} on {self.progress.team_url}, "
            f"package {self.progress.package_key or '(none)'}.",
            classes="setup-text",
            markup=False,
        )
        with Horizontal(classes="form-row"):
            yield Label("Name", classes="form-label")
            yield Input(self.suggested_name(), id="setup-name", compact=True)
        if self.session.secret is None:
            yield Static(
                "The secret is not kept with the setup progress: enter it again.",
                classes="setup-text",
            )
            with Horizontal(classes="form-row"):
                yield Label("Secret", classes="form-label")
                yield Input("", id="setup-secret-again", password=True, compact=True)

    def suggested_name(self) -> str:
        if self.progress.connection_name:
            return self.progress.connection_name
        try:
            found = normalise_team_url(self.progress.team_url)
            team = "sandbox" if found.is_loopback else found.team
        except ValueError:
            team = "team"
        return f"{team}-po"[:64]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#setup-name", Input).focus()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_next()

    def action_next(self) -> None:
        name = self.query_one("#setup-name", Input).value.strip()
        if not NAME_PATTERN.match(name):
            self.set_status("Name: use 1-64 letters, digits, spaces, '.', '_' or '-'")
            return
        secret = self.session.secret or self.secret_typed_again()
        if secret is None:
            return
        self.update_progress(connection_name=name)
        self.set_status("Saving ...")
        self.save(secret)

    def secret_typed_again(self) -> Secret | None:
        text = self.query_one("#setup-secret-again", Input).value
        try:
            return clean_secret(text).secret
        except SecretInputError as error:
            self.set_status(str(error))
            return None

    @work(exclusive=True, group="setup-save", exit_on_error=False)
    async def save(self, secret: Secret) -> None:
        service = self.connect_app.context.service
        connection = connection_from(self.progress)
        existing = service.get(connection.name)
        try:
            await asyncio.to_thread(
                service.save,
                connection,
                secret,
                replacing=existing.name if existing else None,
            )
        except (SecretStoreError, StoreError) as error:
            self.set_status(f"Not saved: {error} What you entered is still here.")
            return
        self.session.remember(secret, connection.client_id)
        self.advance()
