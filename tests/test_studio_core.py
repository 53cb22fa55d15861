"""The Studio rows without a network: filter, sort, partial results and the matrix."""

from __future__ import annotations

import time
from typing import Any

from tui.errors import ServerError
from tui.models import ContentNode, Space
from tui.permission_matrix import matrix_summary, verdict
from tui.studio import (
    LoadFailure,
    LoadResult,
    PackageRow,
    RowMaker,
    date_text,
    ordered_actions,
    space_rows,
)
from tui.studio_view import PackageView, SortOrder, filter_rows, sort_rows

ORIGIN = "https://acme.eu-1.celonis.cloud"
ALL = ["USE", "EDIT", "DELETE", "MANAGE"]
SPACES = [
    Space(id="s-auto", name="Automation Lab"),
    Space(id="s-o2c", name="Order to Cash"),
]


def node(
    key: str, name: str, space: str, actions: list[str], **extra: Any
) -> ContentNode:
    data = {
        "id": f"id-{key}",
        "key": key,
        "name": name,
        "nodeType": "PACKAGE",
        "spaceId": space,
        "permissions": actions,
        **extra,
    }
    return ContentNode.model_validate(data)


def rows() -> list[PackageRow]:
    make = RowMaker(SPACES).row
    return [
        make(node("po_demo", "Process Orchestration Demo", "s-auto", ALL,
                  changeDate=1_700_000_000_000, version="1.2.4")),
        make(node("ticket_triage", "Ticket Triage", "s-auto", ALL,
                  changeDate=1_710_000_000_000)),
        make(node("credit_check", "Credit Management", "s-o2c", ["USE"],
                  changeDate=1_690_000_000_000)),
        make(node("af_templates", "Action Flow Templates", "s-auto", ["USE", "EDIT"])),
        make(node("orphan", "Orphan", "s-gone", [*ALL, "READ"])),
    ]  # fmt: skip


def test_a_row_shows_both_identifiers_its_space_and_all_permissions_as_text() -> None:
    po_demo = rows()[0]

    assert (po_demo.id, po_demo.key) == ("id-po_demo", "po_demo")
    assert po_demo.space_name == "Automation Lab"
    assert po_demo.actions_text == "All Permissions"
    assert po_demo.all_permissions
    assert po_demo.version == "1.2.4"
    assert po_demo.changed == "2023-11-14 22:13"


def test_the_studio_link_carries_the_space_id_and_the_package_id_not_the_key() -> None:
    po_demo = rows()[0]

    assert po_demo.studio_link(ORIGIN + "/") == (
        f"{ORIGIN}/package-manager/ui/views/ui/spaces/s-auto/packages/id-po_demo"
    )
    no_space = RowMaker([]).row(node("loose", "Loose", "", ["USE"]))
    assert no_space.studio_link(ORIGIN) == ""


def test_actions_are_listed_in_studio_order_and_unknown_spaces_show_their_id() -> None:
    by_key = {row.key: row for row in rows()}

    assert by_key["af_templates"].actions_text == "USE, EDIT"
    assert by_key["credit_check"].actions_text == "USE"
    assert by_key["orphan"].actions_text == "All Permissions"
    assert by_key["orphan"].space_name == "s-gone"
    assert ordered_actions({"READ", "MANAGE", "USE"}) == ["USE", "MANAGE", "READ"]
    assert date_text(None) == "-"


def test_the_filter_matches_name_key_id_and_space_case_insensitively() -> None:
    every = rows()

    assert [r.key for r in filter_rows(every, "TRIAGE")] == ["ticket_triage"]
    assert [r.key for r in filter_rows(every, "credit_")] == ["credit_check"]
    assert [r.key for r in filter_rows(every, "id-po_")] == ["po_demo"]
    assert {r.key for r in filter_rows(every, "order to cash")} == {"credit_check"}
    assert len(filter_rows(every, "automation")) == 3
    assert filter_rows(every, "  ") == every
    assert filter_rows(every, "nothing-like-this") == []


def test_sorting_by_name_or_by_last_change_newest_first() -> None:
    every = rows()

    by_name = [r.key for r in sort_rows(every, SortOrder.NAME)]
    by_change = [r.key for r in sort_rows(every, SortOrder.CHANGED)]

    assert by_name == [
        "af_templates",
        "credit_check",
        "orphan",
        "po_demo",
        "ticket_triage",
    ]
    assert by_change[:3] == ["ticket_triage", "po_demo", "credit_check"]
    assert SortOrder.NAME.next is SortOrder.CHANGED
    assert SortOrder.CHANGED.next is SortOrder.NAME


def test_the_view_narrows_as_the_user_types_and_widens_when_they_delete() -> None:
    view = PackageView(rows())

    assert len(view.show("", SortOrder.NAME)) == 5
    assert len(view.show("t", SortOrder.NAME)) == 4
    assert [r.key for r in view.show("tri", SortOrder.NAME)] == ["ticket_triage"]
    assert len(view.show("t", SortOrder.NAME)) == 4
    in_space = view.show("", SortOrder.NAME, "s-o2c")
    assert [r.key for r in in_space] == ["credit_check"]
    assert view.show("demo", SortOrder.NAME, "s-o2c") == []
    assert [r.key for r in view.show("demo", SortOrder.CHANGED)] == ["po_demo"]


def test_filtering_twenty_thousand_rows_takes_a_few_milliseconds() -> None:
    make = RowMaker(SPACES).row
    many = [
        make(node(f"pkg_{i:05d}", f"Analysis {i:05d}", "s-auto", ALL))
        for i in range(20_000)
    ]
    view = PackageView(many)
    view.sorted(SortOrder.NAME)

    started = time.perf_counter()
    for query in ("a", "an", "ana", "analysis 1", "analysis 12", "pkg_0", ""):
        view.show(query, SortOrder.NAME)
    per_keystroke = (time.perf_counter() - started) / 7

    assert [r.key for r in view.show("analysis 01234", SortOrder.NAME)] == ["pkg_01234"]
    assert per_keystroke < 0.02


def test_space_rows_count_the_packages_the_connection_sees() -> None:
    spaces = space_rows(SPACES, rows())

    assert [(s.name, s.packages) for s in spaces] == [
        ("Automation Lab", 3),
        ("Order to Cash", 1),
    ]


def test_a_partial_result_says_what_loaded_and_what_failed() -> None:
    error = ServerError("The team answered 500 for Studio packages")
    partial = LoadResult(
        ORIGIN,
        spaces=tuple(space_rows(SPACES, [])),
        failures=(LoadFailure("packages", error),),
        loaded=("spaces",),
    )
    complete = LoadResult(ORIGIN, packages=tuple(rows()), loaded=("spaces", "packages"))
    nothing = LoadResult(ORIGIN, failures=(LoadFailure("the access token", error),))

    assert not partial.complete
    assert partial.headline() == "PARTIAL: loaded spaces only (2 spaces, 0 packages)"
    assert partial.problems() == (
        "packages failed: The team answered 500 for Studio packages"
    )
    assert complete.complete and complete.headline().startswith("Complete: ")
    assert complete.problems() == ""
    assert nothing.headline() == "FAILED: nothing loaded"


def test_the_matrix_marks_each_action_and_counts_all_permissions() -> None:
    by_key = {row.key: row for row in rows()}

    assert verdict(by_key["po_demo"]) == "All Permissions"
    assert verdict(by_key["af_templates"]) == "lacks 2 of 4"
    assert verdict(by_key["credit_check"]) == "lacks 3 of 4"
    assert matrix_summary(rows()) == (
        "All Permissions on 3 of 5 packages; USE 5, EDIT 4, DELETE 3, MANAGE 3"
    )
    assert matrix_summary([]).startswith("All Permissions on 0 of 0 packages")
