"""What the Studio browser's two tables and its package line show, in text.

Actions are words ("All Permissions", "USE EDIT"), never a colour, so the state
reads the same over SSH with 16 colours or none.
"""

from __future__ import annotations

from screens.row_table import Column
from tui.studio import PackageRow, SpaceRow
from tui.studio_view import SortOrder

ALL_SPACES_ID = ""


def all_spaces(packages: int) -> SpaceRow:
    """The first entry of the spaces list: no space chosen, every package shown."""
    return SpaceRow(ALL_SPACES_ID, "All spaces", packages, frozenset())


SPACE_COLUMNS: tuple[Column[SpaceRow], ...] = (
    Column("Spaces", 0, lambda space: space.name, min_width=18, middle=True),
    Column("Pkgs", 6, lambda space: f"{space.packages:,}".rjust(6), optional=True),
)


def package_columns(order: SortOrder) -> tuple[Column[PackageRow], ...]:
    """The package columns when sorted by ``order``.

    On a narrow terminal the last change gives way to the name, unless the rows are
    sorted by it.
    """
    return (
        Column("Name", 0, lambda row: row.name, min_width=20, middle=True),
        Column("Key", 14, lambda row: row.key),
        Column("Actions", 15, lambda row: row.actions_text.replace(", ", " ")),
        Column(
            "Changed",
            10,
            lambda row: row.changed[:10],
            optional=order is SortOrder.NAME,
        ),
    )


def package_line(row: PackageRow) -> str:
    """Two lines about the highlighted package: key, actions, space; id and dates."""
    return (
        f"{row.key} · {row.actions_text} · {row.space_name}\n"
        f"id {row.id} · v{row.version} · changed {row.changed}"
    )
