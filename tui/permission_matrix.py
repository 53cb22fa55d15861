"""The permissions matrix: every package against the connection's four actions.

Cells are text (``[x]`` granted, ``[ ]`` not), and each line ends in a verdict that
says All Permissions or how many actions are missing, so the matrix reads the same
without colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tui.permissions import PACKAGE_ACTIONS, has_all_permissions, missing_actions
from tui.studio import PackageRow

GRANTED = "[x]"
NOT_GRANTED = "[ ]"


def mark(granted: bool) -> str:
    return GRANTED if granted else NOT_GRANTED


def verdict(row: PackageRow) -> str:
    """ "All Permissions", or how many of the four actions are missing."""
    if row.all_permissions:
        return "All Permissions"
    missing = len(missing_actions(row.actions))
    return f"lacks {missing} of {len(PACKAGE_ACTIONS)}"


def action_counts(rows: Sequence[PackageRow]) -> dict[str, int]:
    """How many rows hold each action, counted once per distinct set of actions."""
    by_set = Counter(row.actions for row in rows)
    return {
        action: sum(n for actions, n in by_set.items() if action in actions)
        for action in PACKAGE_ACTIONS
    }


def matrix_summary(rows: Sequence[PackageRow]) -> str:
    """E.g. ``All Permissions on 3 of 5 packages; USE 5, EDIT 4, DELETE 3 ...``."""
    total = len(rows)
    by_set = Counter(row.actions for row in rows)
    full = sum(n for actions, n in by_set.items() if has_all_permissions(actions))
    counts = action_counts(rows)
    per_action = ", ".join(f"{action} {counts[action]:,}" for action in PACKAGE_ACTIONS)
    return f"All Permissions on {full:,} of {total:,} packages; {per_action}"
