"""One package's permissions: who may do what, edits, a reviewed save, a verified state.

The screen reads through the connection's permission writer, keeps the user's edits
in a draft on top of what was read, shows the diff before saving and, after saving,
shows the state read back from the team. A refused or failed save and a conflict
leave the edits on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from screens.bulk_grant import BulkGrantScreen
from screens.confirm_dialog import ConfirmDialog
from screens.guided_grant import GuidedGrantScreen
from screens.key_footer import KeyFooter
from screens.permission_diff_dialog import PermissionDiffDialog
from screens.permission_edit_dialog import PermissionEditDialog
from screens.principal_list import PrincipalList
from screens.prompt_dialog import PromptDialog
from styles import stylesheet
from tui.connection import Connection
from tui.errors import CelonisError
from tui.permission_model import Draft
from tui.permission_port import PollPolicy, Verification
from tui.permission_reader import EXPORT_SCOPE
from tui.permission_save import save_changes, verified_sheet
from tui.permission_session import WriterHolder, WriterUnavailable
from tui.permissions import ALL_PERMISSIONS
from tui.wording import counted

if TYPE_CHECKING:
    from tui.app import CelonisConnectApp

READ_BACK = PollPolicy(interval=0.5, timeout=10.0)
GUIDED = PollPolicy(interval=2.0, timeout=300.0)


class PermissionsScreen(Screen[None]):
    CSS_PATH = [stylesheet("permissions")]
    HELP = """
Every user, group and application (OAuth client) with its actions on the package.
space or enter edits one, a gives it All Permissions, u undoes its edit, n adds a
principal the export does not list; / finds one by name as Studio's dialog does.
ctrl+s shows the diff and saves on y; the state is then read back and shown. On a
real team you make the change in Studio by the steps shown, and the app watches
until it took.
"""
    BINDINGS = [
        Binding("slash", "find", "Find", id="permissions-filter"),
        Binding("space", "edit", "Edit", id="permissions-edit"),
        Binding("enter", "edit", "Edit", show=False, id="permissions-edit-enter"),
        Binding("a", "template", "All", id="permissions-all"),
        Binding("u", "undo", "Undo", show=False, id="permissions-undo"),
        Binding("n", "add", "Add principal", show=False, id="permissions-add"),
        Binding("ctrl+s", "save", "Save", id="permissions-save"),
        Binding("g", "bulk", "Bulk", id="permissions-bulk"),
        Binding("r", "refresh", "Refresh", show=False, id="permissions-refresh"),
        Binding("escape", "back", "Back", id="permissions-back"),
        Binding("q", "close", "Back", show=False, id="permissions-back-q"),
    ]

    def __init__(
        self,
        connection: Connection,
        package_key: str,
        *,
        guided: bool | None = None,
        policy: PollPolicy | None = None,
    ) -> None:
        super().__init__()
        self.connection = connection
        self.package_key = package_key
        self.guided = guided
        self.policy = policy
        self.draft: Draft | None = None
        self.applies_by = ""
        self.worker: Worker[None] | None = None
        self.holder: WriterHolder | None = None

    @property
    def connect_app(self) -> CelonisConnectApp:
        return cast("CelonisConnectApp", self.app)

    @property
    def principals(self) -> PrincipalList:
        return self.query_one("#permissions-principals", PrincipalList)

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_running

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="permissions-heading", markup=False)
        yield PrincipalList(id="permissions-principals")
        yield Static("", id="permissions-status", classes="status-line", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Permissions of {self.package_key}"
        service = self.connect_app.context.service
        self.holder = WriterHolder(self.connection, service, guided=self.guided)
        self.principals.table.focus()
        self.action_refresh()

    async def on_unmount(self) -> None:
        if self.holder is not None:
            await self.holder.close()

    def set_status(self, text: str) -> None:
        self.query_one("#permissions-status", Static).update(text)

    def show(self) -> None:
        if self.draft is None:
            return
        sheet = self.draft.sheet
        heading = f"{sheet.title()} as {self.connection.name}\n"
        self.query_one("#permissions-heading", Static).update(
            heading + sheet.sources(self.applies_by)
        )
        self.principals.show(self.draft)

    # Reading

    def action_refresh(self) -> None:
        if not self.busy:
            self.worker = self.load()

    @work(exclusive=True, group="permissions", exit_on_error=False)
    async def load(self) -> None:
        assert self.holder is not None
        self.set_status("Reading the permissions ... (esc cancels)")
        try:
            writer = await self.holder.writer()
            sheet = await writer.read(self.package_key)
        except WriterUnavailable as error:
            self.set_status(f"FAILED: {error}")
            return
        except CelonisError as error:
            self.set_status(f"FAILED to read: {error.cause}. {error.fix}")
            return
        self.applies_by = writer.applies_by
        self.draft = self.draft or Draft(sheet)
        self.draft.rebase(sheet)
        self.show()
        kept = f" {len(self.draft.edits)} edits kept." if self.draft.edits else ""
        self.set_status(f"Read {len(sheet.principals)} principals.{kept}")

    # Editing

    def action_find(self) -> None:
        self.principals.find()

    @on(PrincipalList.Chosen)
    def chosen(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        principal_id = self.principals.current_id
        if self.draft is None or principal_id is None:
            return
        principal = self.draft.sheet.principal(principal_id)
        assert principal is not None
        self.app.push_screen(
            PermissionEditDialog(principal, self.draft.wanted(principal_id)),
            lambda chosen: self.edited(principal_id, chosen),
        )

    def edited(self, principal_id: str, chosen: frozenset[str] | None) -> None:
        if chosen is None or self.draft is None:
            return
        self.draft.set(principal_id, chosen)
        self.show()
        count = len(self.draft.edits)
        self.set_status(
            f"{counted(count, 'unsaved edit')}; ctrl+s shows the diff and saves."
        )

    def action_template(self) -> None:
        if self.principals.current_id is not None:
            self.edited(self.principals.current_id, ALL_PERMISSIONS)

    def action_undo(self) -> None:
        principal_id = self.principals.current_id
        if self.draft is not None and principal_id is not None:
            self.edited(principal_id, self.draft.sheet.actions_of(principal_id))

    def action_add(self) -> None:
        question = "Principal to add with no permissions (an OAuth client id):"
        self.app.push_screen(PromptDialog(question, example="po-connector"), self.added)

    def added(self, principal_id: str | None) -> None:
        if principal_id is None or self.draft is None:
            return
        if not self.draft.add(principal_id):
            self.set_status(
                f"{principal_id} cannot be added: {self.draft.sheet.describe_source()}"
                f". Only a sheet read with {EXPORT_SCOPE} can list more principals."
            )
            return
        self.show()
        self.set_status(f"{principal_id} is listed; space edits it.")

    # Saving

    def action_save(self) -> None:
        if self.draft is None or self.busy:
            return
        changes = self.draft.changes()
        if not changes:
            self.set_status("Nothing to save: no edits.")
            return
        title = f"Save {len(changes)} change(s) on {self.draft.sheet.title()}?"
        note = f"Applied by {self.applies_by}. Nothing else is touched."
        dialog = PermissionDiffDialog(title, [c.line() for c in changes], note)
        self.app.push_screen(dialog, self.confirmed)

    def confirmed(self, yes: bool | None) -> None:
        if yes and not self.busy:
            self.worker = self.save()

    @work(exclusive=True, group="permissions", exit_on_error=False)
    async def save(self) -> None:
        assert self.holder is not None and self.draft is not None
        self.set_status("Saving ... (esc cancels)")
        writer = await self.holder.writer()
        outcome = await save_changes(writer, self.draft.sheet, self.draft.changes())
        if outcome.latest is not None:
            self.draft.rebase(outcome.latest)
            self.show()
        if not outcome.ok:
            lines = " ".join(line.strip() for line in outcome.lines())
            self.set_status(
                f"NOT SAVED. {lines} Your edits are kept; ctrl+s reviews them again."
            )
        elif outcome.steps:
            policy = self.policy or GUIDED
            screen = GuidedGrantScreen(writer, self.package_key, outcome.steps, policy)
            self.app.push_screen(screen, self.verified)
        else:
            self.set_status("Saved; reading it back to verify ...")
            self.verified(
                await writer.verify(
                    self.package_key, outcome.to_verify, self.policy or READ_BACK
                )
            )

    def verified(self, verification: Verification | None) -> None:
        if self.draft is None:
            return
        if verification is None:
            self.set_status(
                "Not verified: the check was cancelled. Edits are kept; r reads "
                "again, ctrl+s shows the steps again."
            )
            return
        self.draft.rebase(verified_sheet(self.draft.sheet, verification))
        self.show()
        verdict = "VERIFIED" if verification.verified else "NOT VERIFIED"
        self.set_status(f"{verdict}: {verification.summary()}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.worker:
            return
        if event.state is WorkerState.CANCELLED:
            self.set_status("Cancelled; edits are kept. r reads the package again.")
        elif event.state is WorkerState.ERROR:
            self.set_status(f"Stopped: {event.worker.error}. Edits are kept.")

    # Leaving

    def action_bulk(self) -> None:
        screen = BulkGrantScreen(
            self.connection, [self.package_key], guided=self.guided, policy=self.policy
        )
        self.app.push_screen(screen)

    def action_back(self) -> None:
        if self.principals.leave_find():
            return
        if self.busy and self.worker is not None:
            self.worker.cancel()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.draft is None or not self.draft.edits:
            self.dismiss()
            return
        question = f"Discard {counted(len(self.draft.edits), 'unsaved edit')}?"
        self.app.push_screen(ConfirmDialog(question), self.discard)

    def discard(self, yes: bool | None) -> None:
        if yes:
            self.dismiss()
