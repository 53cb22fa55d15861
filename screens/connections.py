"""The first screen: every stored connection, and the keys to add, edit and test."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from screens.key_footer import KeyFooter
from styles import stylesheet
from tui.secret_location import SecretLocation
from tui.wording import counted

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp
    from tui.connection import Connection
    from tui.encrypted_store import EncryptedFileSecretStore


class ConnectionsScreen(Screen[None]):
    CSS_PATH = [stylesheet("connections")]
    TITLE = "Connections"
    HELP = """
Every stored connection: its team, OAuth client, where its secret is kept and how
its last test went; the line under the table adds its auth method, scopes and
package. Add a connection for each OAuth client that an Action Flow uses, then
test it.
"""
    BINDINGS = [
        Binding("n", "setup", "Setup", id="connection-setup"),
        Binding("a", "add", "Add", id="connection-add"),
        Binding("enter", "edit", "Edit", show=False, id="connection-edit"),
        Binding("e", "edit", "Edit", show=False, id="connection-edit-e"),
        Binding("t", "test", "Test", id="connection-test"),
        Binding("b", "browse", "Studio", id="connection-browse"),
        Binding("p", "permissions", "Permissions", id="connection-permissions"),
        Binding("f2", "app.info", "Info", id="connection-info"),
        Binding("d", "delete", "Delete", show=False, id="connection-delete"),
        Binding("r", "refresh", "Refresh", show=False, id="connection-refresh"),
        Binding(
            "o",
            "encrypted_file",
            "Encrypted file",
            show=False,
            id="connection-encrypted-file",
        ),
        Binding("q", "app.quit", "Quit", show=False, id="connections-quit"),
    ]

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    listed: dict[str, Connection] = {}
    """The connections as last read, for the details line under the cursor."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="connections-empty", classes="hint")
        yield DataTable(id="connections-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="connection-details", markup=False)
        yield Static(
            "Checking the keyring ...",
            id="connections-status",
            classes="status-line",
            markup=False,
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Team", "Client ID", "Secret", "Last test")
        self.check_keyring()

    def on_screen_resume(self) -> None:
        """Fill the table: when the screen first shows, and on every return to it."""
        self.action_refresh()

    def action_refresh(self) -> None:
        service = self.connect_app.context.service
        table = self.query_one(DataTable)
        selected = self.selected_name()
        table.clear()
        connections = service.connections()
        self.listed = {connection.name: connection for connection in connections}
        for connection in connections:
            cells = [Text(cell) for cell in self.row(connection)]
            table.add_row(*cells, key=connection.name)
        if selected is not None and selected in self.listed:
            table.move_cursor(row=table.get_row_index(selected))
        empty = self.query_one("#connections-empty", Static)
        empty.update(
            "No connections yet. Press n for the guided setup, or a to add one."
            + self.sandbox_hint()
            if not connections
            else ""
        )
        empty.display = not connections
        if not connections:
            self.query_one("#connection-details", Static).update("")
        problems = service.store.problems
        if problems:
            shown = problems[:3]
            if len(problems) > len(shown):
                more = len(problems) - len(shown)
                shown.append(f"... and {more} more: f2 lists them all.")
            self.notify(
                "\n".join(shown),
                title="Connections file",
                severity="warning",
                timeout=15,
                markup=False,
            )
            problems.clear()

    def sandbox_hint(self) -> str:
        if self.connect_app.context.sandbox is None:
            return ""
        return (
            " The sandbox team's URL is filled in for you; its demo OAuth client is "
            "po-connector with the sandbox-only secret sandbox-po-secret."
        )

    @staticmethod
    def row(connection: Connection) -> tuple[str, ...]:
        last = connection.last_test
        verdict = "never tested"
        if last is not None:
            stamp = last.at.astimezone().strftime("%m-%d %H:%M")
            verdict = f"{'OK' if last.passed else 'FAIL'} {stamp}"
        return (
            connection.name,
            connection.team_url.removeprefix("https://").removesuffix(".celonis.cloud"),
            connection.client_id,
            connection.secret_location.value,
            verdict,
        )

    @staticmethod
    def details(connection: Connection) -> str:
        last = (
            connection.last_test.describe() if connection.last_test else "never tested"
        )
        scopes = counted(len(connection.scopes), "scope")
        return (
            f"{connection.name}: {connection.team_url} as {connection.client_id} "
            f"({connection.auth_method.label}, {scopes}), package "
            f"{connection.package_key or '(none)'}\n"
            f"Secret: {connection.secret_location.label}. Last test: {last}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value if event.row_key else None
        connection = self.listed.get(name) if name else None
        details = self.query_one("#connection-details", Static)
        details.update(self.details(connection) if connection else "")

    def selected_name(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected(self) -> Connection | None:
        name = self.selected_name()
        return self.connect_app.context.service.get(name) if name else None

    def action_add(self) -> None:
        from screens.connection_form import ConnectionFormScreen

        self.app.push_screen(ConnectionFormScreen(None), self._after_form)

    def action_edit(self) -> None:
        connection = self.selected()
        if connection is None:
            self.notify(
                "No connection selected: press a to add one.", severity="warning"
            )
            return
        from screens.connection_form import ConnectionFormScreen

        self.app.push_screen(ConnectionFormScreen(connection), self._after_form)

    def _after_form(self, saved: Connection | None) -> None:
        self.action_refresh()
        if saved is not None:
            table = self.query_one(DataTable)
            table.move_cursor(row=table.get_row_index(saved.name))
        if saved is not None:
            self.notify(f"Saved {saved.name}; secret in {saved.secret_location.label}.")

    def action_test(self) -> None:
        connection = self.selected()
        if connection is None:
            self.notify(
                "No connection selected: press a to add one.", severity="warning"
            )
            return
        from screens.connection_test import ConnectionTestScreen

        self.app.push_screen(ConnectionTestScreen(connection))

    def action_setup(self) -> None:
        from screens.setup_base import SetupSession, step_screen
        from tui.setup_flow import SetupProgressStore

        app = self.connect_app
        store = SetupProgressStore(app.context.paths.state_dir / "setup-progress.json")
        progress = store.load()
        kept = app.setup_secret
        secret = kept[1] if kept and kept[0] == progress.client_id else None
        session = SetupSession(store=store, progress=progress, secret=secret)
        session.on_secret = app.keep_setup_secret
        self.app.push_screen(step_screen(session, session.progress.step))

    def action_permissions(self) -> None:
        from screens.permissions import PermissionsScreen
        from screens.prompt_dialog import PromptDialog

        connection = self.selected()
        if connection is None:
            self.notify("No connection selected: press a to add one.")
            return

        def chosen(key: str | None) -> None:
            if key:
                self.app.push_screen(PermissionsScreen(connection, key))

        question = f"Package permissions as {connection.name}: which package key?"
        dialog = PromptDialog(question, connection.package_key or "", "po_demo")
        self.app.push_screen(dialog, chosen)

    def action_browse(self) -> None:
        from screens.studio_browser import StudioBrowserScreen

        connection = self.selected()
        if connection is None:
            self.notify(
                "No connection selected: press a to add one.", severity="warning"
            )
            return
        self.app.push_screen(StudioBrowserScreen(connection))

    def action_delete(self) -> None:
        connection = self.selected()
        if connection is None:
            return
        from screens.confirm_dialog import ConfirmDialog

        question = f"Remove {connection.name} and its stored secret?"
        self.app.push_screen(
            ConfirmDialog(question), lambda yes: self._delete(connection.name, yes)
        )

    def _delete(self, name: str, confirmed: bool | None) -> None:
        if confirmed:
            self.delete_connection(name)

    @work(exclusive=True, group="connections-delete", exit_on_error=False)
    async def delete_connection(self, name: str) -> None:
        service = self.connect_app.context.service
        try:
            await asyncio.to_thread(service.remove, name)
        except Exception as error:
            self.notify(
                f"Could not remove {name}: {error}", severity="error", timeout=15
            )
            return
        self.notify(f"Removed {name}.")
        self.action_refresh()

    @work(exclusive=True, group="keyring-probe", exit_on_error=False)
    async def check_keyring(self) -> None:
        context = self.connect_app.context
        self.show_status()
        secrets = context.service.secrets
        locked = not getattr(secrets, "unlocked", True)
        if secrets.location is SecretLocation.ENCRYPTED_FILE and locked:
            self.action_encrypted_file()
        if context.sandbox is None:
            from tui.keyring_status import probe_keyring

            deadline = context.settings.keyring_deadline
            status = await asyncio.to_thread(probe_keyring, deadline)
            self.connect_app.keyring_status = status
            self.show_status()

    def show_status(self) -> None:
        """Where secrets go and what is wrong, plus the notes of this run; they stay."""
        context = self.connect_app.context
        lines = list(context.notes)
        if context.sandbox is None:
            from tui.secret_backends import describe_secrets

            status = self.connect_app.keyring_status
            secrets = context.service.secrets
            lines = describe_secrets(secrets, status, brief=True) + lines
        self.query_one("#connections-status", Static).update("\n".join(lines))

    def action_encrypted_file(self) -> None:
        from screens.passphrase_dialog import PassphraseDialog
        from tui.encrypted_store import EncryptedFileSecretStore

        context = self.connect_app.context
        store = context.service.secrets
        if context.sandbox is not None:
            self.notify("The sandbox keeps secrets in memory.", severity="warning")
            return
        if not isinstance(store, EncryptedFileSecretStore):
            store = EncryptedFileSecretStore(context.paths.encrypted_secrets_file)
        elif store.unlocked:
            self.notify(f"Secrets already go to the encrypted file {store.path}.")
            return
        self.app.push_screen(
            PassphraseDialog(store), lambda ok: self._use_encrypted_file(store, ok)
        )

    def _use_encrypted_file(
        self, store: EncryptedFileSecretStore, unlocked: bool | None
    ) -> None:
        from tui.secret_backends import use_encrypted_file

        if not unlocked:
            return
        told = use_encrypted_file(self.connect_app.context, store)
        self.notify(told, title="Secrets", timeout=10, markup=False)
        self.show_status()
