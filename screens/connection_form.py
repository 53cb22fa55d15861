"""Add or edit a connection: team, client, secret, auth method and scopes."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, Static

from screens.confirm_dialog import ConfirmDialog
from screens.key_footer import KeyFooter
from screens.progress_note import ProgressNote
from screens.secret_field import SecretField
from screens.text_checkbox import TextCheckbox
from styles import stylesheet
from tui.auth_method import AuthMethod
from tui.cancel import Cancelled, CancelToken
from tui.connection import Connection
from tui.connection_store import StoreError
from tui.scopes import (
    ALL_SCOPES,
    PROCESS_ORCHESTRATION_MINIMUM,
    SCOPE_GROUPS,
    scope_string,
)
from tui.secret import Secret
from tui.secret_input import (
    check_secret_field,
    clean_secret,
    describe_secret_field,
)
from tui.secret_store import SecretStoreError
from tui.urls import TeamUrlError, normalise_team_url

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp


class ConnectionFormScreen(Screen[Connection | None]):
    HELP = """
The OAuth client an Action Flow uses to reach Process Orchestration. Register it
in Admin & Settings > Applications with the scopes ticked here (the scope string
below is what to paste), then enter its client id and secret. tab and shift+tab
move between fields; space ticks a scope; ctrl+s or ctrl+j saves.
"""
    CSS_PATH = [stylesheet("connection_form")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding(
            "ctrl+j", "save", "Save", show=False, id="form-save-alt", priority=True
        ),
        Binding(
            "ctrl+o", "preset", "PO minimum scopes", id="form-preset", priority=True
        ),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]

    def __init__(self, existing: Connection | None) -> None:
        super().__init__()
        self.existing = existing
        self.saving = False
        self.cancel_token: CancelToken | None = None
        self.paste_note = ""
        self.initial_values: tuple[object, ...] = ()

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    def compose(self) -> ComposeResult:
        existing = self.existing
        sandbox_url = self.connect_app.context.sandbox_url
        team = existing.team_url if existing else (sandbox_url or "")
        chosen = (
            set(existing.scopes) if existing else set(PROCESS_ORCHESTRATION_MINIMUM)
        )
        yield Header()
        with VerticalScroll(id="form-body"):
            yield Static("", id="form-error", classes="field-error", markup=False)
            yield ProgressNote(id="form-progress")
            yield from self.row(
                "Name",
                Input(
                    existing.name if existing else "",
                    id="name",
                    placeholder="e.g. acme-po",
                ),
                "name-error",
            )
            yield from self.row(
                "Team URL",
                Input(team, id="team"),
                "team-normalised",
            )
            yield from self.row(
                "Client ID",
                Input(existing.client_id if existing else "", id="client-id"),
                "client-id-error",
            )
            secret_hint = (
                "(empty keeps the stored secret)" if existing else "(paste the secret)"
            )
            yield from self.row(
                "Secret",
                SecretField("", id="secret", password=True, placeholder=secret_hint),
                "secret-note",
            )
            yield from self.row(
                "Auth method",
                Select(
                    [(method.label, method) for method in AuthMethod],
                    value=existing.auth_method if existing else AuthMethod.BASIC,
                    allow_blank=False,
                    id="auth-method",
                ),
            )
            yield from self.row(
                "Package key",
                Input(
                    existing.package_key or "" if existing else "",
                    id="package-key",
                    placeholder="optional, e.g. po_demo",
                ),
            )
            yield Static(
                "Scopes: space toggles, ctrl+o ticks the Process Orchestration minimum",
                classes="scopes-title",
            )
            for group in SCOPE_GROUPS:
                yield Static(group, classes="scope-group")
                for index, scope in enumerate(ALL_SCOPES):
                    if scope.group == group:
                        yield TextCheckbox(
                            f"{scope.name}  {scope.meaning}",
                            scope.name in chosen,
                            id=f"scope-{index}",
                            name=scope.name,
                        )
            yield Static("", id="scope-string", classes="hint")
        yield KeyFooter()

    def row(self, label: str, field: Widget, note_id: str = "") -> ComposeResult:
        field.compact = True  # type: ignore[attr-defined]
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield field
        if note_id:
            yield Static("", id=note_id, classes="form-note")

    def on_mount(self) -> None:
        self.title = f"Edit {self.existing.name}" if self.existing else "Add connection"
        self.show_team_url(self.query_one("#team", Input).value)
        self.show_scope_string()
        self.initial_values = self.field_values()
        self.query_one("#name", Input).focus()

    @on(Input.Changed, "#team")
    def team_changed(self, event: Input.Changed) -> None:
        self.show_team_url(event.value)

    @on(Input.Changed, "#secret")
    @on(SecretField.Pasted)
    def show_secret_note(self, event: Input.Changed | SecretField.Pasted) -> None:
        if isinstance(event, SecretField.Pasted):
            self.paste_note = event.note
        text = describe_secret_field(self.query_one("#secret", Input).value)
        note = " ".join(filter(None, [text, self.paste_note]))
        self.query_one("#secret-note", Static).update(note)

    @on(TextCheckbox.Changed)
    def scope_toggled(self) -> None:
        self.show_scope_string()

    def show_team_url(self, text: str) -> None:
        hint = self.query_one("#team-normalised", Static)
        if not text.strip():
            hint.update("Example: https://acme.eu-1.celonis.cloud")
            return
        try:
            hint.update(f"Will use: {normalise_team_url(text).origin}")
        except TeamUrlError as error:
            hint.update(f"Team URL: {error}")

    def chosen_scopes(self) -> list[str]:
        return [box.name or "" for box in self.query(TextCheckbox) if box.value]

    def show_scope_string(self) -> None:
        scopes = self.chosen_scopes()
        text = scope_string(scopes) if scopes else "(none ticked)"
        self.query_one("#scope-string", Static).update(f"Scope string: {text}")

    def action_preset(self) -> None:
        for box in self.query(TextCheckbox):
            box.value = box.name in PROCESS_ORCHESTRATION_MINIMUM
        self.notify("Ticked the Process Orchestration minimum scopes.")

    def action_cancel(self) -> None:
        if self.saving and self.cancel_token is not None:
            self.cancel_token.cancel()
            self.query_one(ProgressNote).start("Cancelling the save ...")
            return
        if not self.changed():
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmDialog(
                "Discard what you typed in this form?", "Discard", "Keep editing"
            ),
            self._discard_if_confirmed,
        )

    def _discard_if_confirmed(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)

    def field_values(self) -> tuple[object, ...]:
        inputs = tuple(field.value for field in self.query(Input))
        boxes = tuple(box.value for box in self.query(TextCheckbox))
        return (*inputs, self.query_one("#auth-method", Select).value, *boxes)

    def changed(self) -> bool:
        return self.field_values() != self.initial_values

    def build_connection(self) -> Connection:
        team = normalise_team_url(self.query_one("#team", Input).value)
        method = self.query_one("#auth-method", Select).value
        package = self.query_one("#package-key", Input).value.strip() or None
        return Connection(
            name=self.query_one("#name", Input).value.strip(),
            team_url=team.origin,
            client_id=self.query_one("#client-id", Input).value.strip(),
            auth_method=cast(AuthMethod, method),
            scopes=self.chosen_scopes(),
            package_key=package,
        )

    def validate(self) -> bool:
        """Check every field, show each problem beside its field; True when all good."""
        problems: dict[str, str] = {}
        name_problem = self.connect_app.context.service.name_problem(
            self.query_one("#name", Input).value,
            self.existing.name if self.existing else None,
        )
        client_id = self.query_one("#client-id", Input).value.strip()
        self.query_one("#name-error", Static).update(name_problem)
        self.query_one("#client-id-error", Static).update(
            "" if client_id else "Client ID is empty: copy it from Admin & Settings"
        )
        if name_problem:
            problems["#name"] = name_problem
        if not client_id:
            problems["#client-id"] = "Client ID is empty"
        try:
            normalise_team_url(self.query_one("#team", Input).value)
        except TeamUrlError as error:
            problems["#team"] = f"Team URL: {error}"
        secret_text = self.query_one("#secret", Input).value
        note, problem = check_secret_field(secret_text, new=self.existing is None)
        self.query_one("#secret-note", Static).update(note)
        if problem:
            problems["#secret"] = problem
        summary = "Not saved: " + "; ".join(problems.values()) if problems else ""
        self.query_one("#form-error", Static).update(summary)
        if problems:
            first = self.query_one(next(iter(problems)))
            first.focus()
            self.query_one("#form-body", VerticalScroll).scroll_home(animate=False)
            self.notify(summary, severity="error", timeout=8)
        return not problems

    def action_save(self) -> None:
        if self.saving or not self.validate():
            return
        secret_text = self.query_one("#secret", Input).value
        secret = clean_secret(secret_text).secret if secret_text else None
        self.saving = True
        self.cancel_token = CancelToken()
        where = self.connect_app.context.service.secrets.location.label
        self.query_one(ProgressNote).start(f"Saving the secret to the {where} ...")
        self.save(self.build_connection(), secret, self.cancel_token)

    @work(exclusive=True, group="form-save", exit_on_error=False)
    async def save(
        self, connection: Connection, secret: Secret | None, cancel: CancelToken
    ) -> None:
        service = self.connect_app.context.service
        replacing = self.existing.name if self.existing else None
        problem = ""
        try:
            stored = await asyncio.to_thread(
                service.save,
                connection,
                secret,
                replacing=replacing,
                cancel=cancel,
                require_secret=self.existing is None,
            )
        except Cancelled:
            problem = "Save cancelled: nothing was changed."
        except (SecretStoreError, StoreError) as error:
            problem = f"Not saved: {error}"
        self.saving = False
        self.query_one(ProgressNote).stop()
        if problem:
            self.query_one("#form-error", Static).update(
                f"{problem}\nEverything you typed is still here."
            )
            return
        self.dismiss(stored)
