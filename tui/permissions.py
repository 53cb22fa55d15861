"""Package actions and the "All Permissions" template, as Studio shows them."""

from __future__ import annotations

PACKAGE_ACTIONS: tuple[str, ...] = ("USE", "EDIT", "DELETE", "MANAGE")
ACTION_LABELS = {
    "USE": "Use package",
    "EDIT": "Edit package",
    "DELETE": "Delete package",
    "MANAGE": "Manage permissions",
}
ALL_PERMISSIONS = frozenset(PACKAGE_ACTIONS)


def has_all_permissions(actions: list[str] | set[str] | frozenset[str]) -> bool:
    return set(actions) >= ALL_PERMISSIONS


def describe_actions(actions: list[str] | set[str] | frozenset[str]) -> str:
    """Text for a set of actions: "All Permissions", the list, or "none"."""
    if has_all_permissions(actions):
        return "All Permissions"
    shown = [action for action in PACKAGE_ACTIONS if action in actions]
    return ", ".join(shown) if shown else "none"


def missing_actions(actions: list[str] | set[str] | frozenset[str]) -> list[str]:
    return [action for action in PACKAGE_ACTIONS if action not in actions]
