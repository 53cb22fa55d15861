"""The diff: only what the user changed, principal by principal, readable as text."""

from __future__ import annotations

import pytest

from tui.models import PermissionEntry
from tui.permission_model import (
    Draft,
    PackagePermissions,
    PermissionSource,
    Principal,
    actions_text,
    compare,
    diff,
    with_principal,
)
from tui.permission_reader import export_principals

ALL = frozenset({"USE", "EDIT", "DELETE", "MANAGE"})


def sheet(version: int = 3, **actions: frozenset[str]) -> PackagePermissions:
    rows = (
        Principal("anna", "anna@acme.test", "USER", actions.get("anna", ALL)),
        Principal(
            "analysts", "Analysts", "GROUP", actions.get("analysts", frozenset({"USE"}))
        ),
        Principal(
            "po-new",
            "PO Connector (new)",
            "APPLICATION",
            actions.get("po_new", frozenset()),
        ),
    )
    return PackagePermissions("po_demo", PermissionSource.SANDBOX, rows, version)


def test_actions_read_as_text_in_studio_order() -> None:
    assert actions_text(ALL) == "All Permissions"
    assert actions_text({"EDIT", "USE"}) == "USE EDIT"
    assert actions_text(frozenset()) == "none"


def test_diff_names_only_the_principals_that_change() -> None:
    changes = diff(
        sheet(),
        {"po-new": ALL, "anna": ALL, "analysts": frozenset({"use", "EDIT", "READ"})},
    )

    assert [c.principal.id for c in changes] == ["analysts", "po-new"]
    analysts, client = changes
    assert analysts.added == ["EDIT"] and analysts.removed == []
    assert client.before == frozenset() and client.after == ALL
    assert client.line() == (
        "PO Connector (new) (client po-new): none -> All Permissions "
        "(+USE +EDIT +DELETE +MANAGE)"
    )
    assert client.as_json()["after"] == ["USE", "EDIT", "DELETE", "MANAGE"]


def test_diff_shows_removals_and_refuses_unknown_principals() -> None:
    (change,) = diff(sheet(), {"anna": frozenset({"USE", "EDIT"})})
    assert change.removed == ["DELETE", "MANAGE"]
    assert change.line().endswith("All Permissions -> USE EDIT (-DELETE -MANAGE)")

    with pytest.raises(KeyError):
        diff(sheet(), {"nobody": ALL})


def test_a_draft_drops_edits_that_restore_the_read_state() -> None:
    draft = Draft(sheet())
    draft.set("po-new", ALL)
    draft.set("analysts", {"USE", "EDIT"})
    draft.set("analysts", {"USE"})

    assert list(draft.edits) == ["po-new"]
    assert draft.wanted("analysts") == frozenset({"USE"})
    assert [c.principal.id for c in draft.changes()] == ["po-new"]


def test_rebase_keeps_edits_over_a_newer_read() -> None:
    draft = Draft(sheet())
    draft.set("po-new", ALL)
    draft.set("analysts", {"USE", "EDIT"})

    draft.rebase(sheet(version=4, po_new=ALL))

    assert draft.sheet.version == 4
    assert draft.edits == {"analysts": frozenset({"USE", "EDIT"})}


def test_compare_tells_what_someone_else_changed() -> None:
    moved = compare(sheet(), sheet(version=4, analysts=frozenset({"USE", "EDIT"})))

    assert [(c.principal.name, c.added) for c in moved] == [("Analysts", ["EDIT"])]


def test_search_finds_a_client_by_name_as_a_user_would() -> None:
    found = sheet().search("connector")
    assert [p.id for p in found] == ["po-new"]
    assert len(sheet().search("")) == 3


def test_export_rows_become_principals_of_the_package() -> None:
    rows = [
        PermissionEntry(
            subjectId="po-1",
            subjectName="PO",
            subjectType="APPLICATION",
            objectId="pkg-id",
            objectType="PACKAGE",
            actions=["USE", "READ"],
        ),
        PermissionEntry(
            subjectId="po-1",
            subjectName="PO",
            subjectType="APPLICATION",
            objectId="pkg-id",
            objectType="PACKAGE",
            actions=["MANAGE"],
        ),
        PermissionEntry(
            subjectId="po-1", objectId="other", objectType="PACKAGE", actions=["EDIT"]
        ),
        PermissionEntry(
            subjectId="space", objectId="pkg-id", objectType="SPACE", actions=["EDIT"]
        ),
    ]

    (principal,) = export_principals(rows, "pkg-id")

    assert principal == Principal(
        "po-1", "PO", "APPLICATION", frozenset({"USE", "MANAGE"})
    )


def test_a_subject_missing_from_the_export_holds_nothing() -> None:
    export = PackagePermissions("k", PermissionSource.EXPORT, ())
    own = PackagePermissions("k", PermissionSource.OWN, ())

    assert with_principal(export, "po-2").actions_of("po-2") == frozenset()
    assert with_principal(export, "po-2").principal("po-2") is not None
    assert with_principal(own, "po-2").principal("po-2") is None
