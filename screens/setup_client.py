"""Setup step 2: the OAuth client's scopes, where to register it, then its check."""

from __future__ import annotations

from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from screens.connection_test import describe
from screens.setup_base import SetupStepScreen
from screens.text_checkbox import TextCheckbox
from tui.auth_method import AuthMethod
from tui.checks import Outcome
from tui.scopes import ALL_SCOPES, PROCESS_ORCHESTRATION_MINIMUM, scope_string
from tui.secret_input import SecretInputError, clean_secret
from tui.setup_checks import check_client
from tui.setup_flow import SetupStep

REGISTER_STEPS = (
    "Register the client in Admin & Settings > Applications > Add New Application >"
    " OAuth client: give it a name, choose the auth method below, tick exactly the"
    " scopes below (or paste the scope string), save, and copy its client ID and"
    " secret here. The secret is shown only once there."
)


class SetupClientScreen(SetupStepScreen):
    STEP = SetupStep.CLIENT
    HELP = """
Step 2: the OAuth client. The Process Orchestration minimum is ticked; space toggles
a scope. Register the client with those scopes, enter its id and secret, and
pagedown checks them at once: a token is fetched and the granted scopes compared
with the required ones. A missing scope or the other auth method is named.
"""

    def compose_step(self) -> ComposeResult:
        chosen = set(self.progress.scopes)
        yield Static(REGISTER_STEPS, classes="setup-text")
        with Horizontal(classes="form-row"):
            yield Label("Client ID", classes="form-label")
            yield Input(self.progress.client_id, id="setup-client-id", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Secret", classes="form-label")
            yield Input("", id="setup-secret", password=True, compact=True)
        yield Static("", id="setup-secret-note", classes="setup-text", markup=False)
        with Horizontal(classes="form-row"):
            yield Label("Auth method", classes="form-label")
            yield Select(
                [(method.label, method) for method in AuthMethod],
                value=self.progress.auth_method,
                allow_blank=False,
                id="setup-auth",
                compact=True,
            )
        yield Static("", id="setup-client-results", classes="check", markup=False)
        yield Static("Scopes (space toggles):", classes="setup-text")
        for index, scope in enumerate(ALL_SCOPES):
            if scope.group in ("Orchestration Engine", "Studio"):
                yield TextCheckbox(
                    f"{scope.name}  {scope.meaning}",
                    scope.name in chosen,
                    id=f"setup-scope-{index}",
                    name=scope.name,
                )
        yield Static("", id="setup-scope-string", classes="setup-text", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_scope_string()
        self.query_one("#setup-client-id", Input).focus()
        if self.session.secret is not None:
            self.query_one("#setup-secret-note", Static).update(
                f"A secret of {len(self.session.secret)} characters was entered; "
                "type it again to change it."
            )

    accepted_warnings = False

    def chosen_scopes(self) -> list[str]:
        return [box.name or "" for box in self.query(TextCheckbox) if box.value]

    @on(TextCheckbox.Changed)
    def show_scope_string(self) -> None:
        scopes = self.chosen_scopes()
        missing = [s for s in PROCESS_ORCHESTRATION_MINIMUM if s not in scopes]
        text = f"Scope string: {scope_string(scopes) or '(none)'}"
        if missing:
            text += f"\nNot ticked but required: {', '.join(missing)}"
        self.query_one("#setup-scope-string", Static).update(text)

    @on(Input.Changed, "#setup-secret")
    def secret_changed(self, event: Input.Changed) -> None:
        note = f"{len(event.value)} characters, hidden" if event.value else ""
        self.query_one("#setup-secret-note", Static).update(note)

    def action_next(self) -> None:
        client_id = self.query_one("#setup-client-id", Input).value.strip()
        secret_text = self.query_one("#setup-secret", Input).value
        if not client_id:
            self.set_status("Client ID is empty: copy it from the OAuth client")
            return
        if secret_text:
            try:
                self.session.remember(clean_secret(secret_text).secret, client_id)
            except SecretInputError as error:
                self.set_status(str(error))
                return
        if self.session.secret is None:
            self.set_status("Client secret is empty: paste it from the OAuth client")
            return
        method = cast(AuthMethod, self.query_one("#setup-auth", Select).value)
        if self.accepted_warnings and method == self.progress.auth_method:
            self.advance()
            return
        self.update_progress(
            client_id=client_id, auth_method=method, scopes=self.chosen_scopes()
        )
        self.set_status("Fetching a token with this client ... (esc leaves)")
        self.check()

    @work(exclusive=True, group="setup-client", exit_on_error=False)
    async def check(self) -> None:
        assert self.session.secret is not None
        results, test = await check_client(self.progress, self.session.secret)
        shown = "\n".join(describe(result) for result in results)
        self.query_one("#setup-client-results", Static).update(shown)
        if test.findings.auth_method is not None:
            self.update_progress(auth_method=test.findings.auth_method)
            self.query_one("#setup-auth", Select).value = test.findings.auth_method
        failures = [r for r in results if r.outcome is Outcome.FAIL]
        if failures:
            self.set_status(f"Not yet: {failures[-1].cause}")
            return
        warnings = [r for r in results if r.outcome is Outcome.WARN]
        if warnings and not self.accepted_warnings:
            self.accepted_warnings = True
            self.set_status(
                f"Checked, with a change: {warnings[0].detail}. pagedown goes on."
            )
            return
        scopes = next((r for r in results if r.check == "scopes"), None)
        told = f": {scopes.detail}" if scopes is not None and scopes.detail else ""
        self.notify(f"Client {self.progress.client_id} checked{told}.", markup=False)
        self.advance()
