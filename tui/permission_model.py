"""Package permissions as the editor sees them: principals, edits and the diff.

A sheet is what one read returned: every principal (user, group or application, which
is how Studio lists an OAuth client) with its actions on one package, where the read
came from and, when the source has one, the version a write must name. A change is
one principal's actions before and after. The diff of a sheet and the user's edits is
the list of changes, and nothing outside that list is ever written.

Only the four package actions of Studio's dialog are kept; any other action a source
reports (READ, SHARE ...) is not shown and never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from tui.permissions import ALL_PERMISSIONS, PACKAGE_ACTIONS, describe_actions

ALL_PERMISSIONS_TEMPLATE = "All Permissions"
TEMPLATES: dict[str, frozenset[str]] = {"all": ALL_PERMISSIONS}
APPLICATION = "APPLICATION"


class PermissionSource(StrEnum):
    """Where a sheet was read from; each says how much of the truth it shows."""

    SANDBOX = "sandbox"
    EXPORT = "export"
    OWN = "own"

    @property
    def label(self) -> str:
        return {
            PermissionSource.SANDBOX: "the sandbox's own permissions endpoint",
            PermissionSource.EXPORT: "the Permissions Export API",
            PermissionSource.OWN: "the client's own actions on the package",
        }[self]


def package_actions(actions: Iterable[str]) -> frozenset[str]:
    """The package actions among ``actions``, upper-cased; others are dropped."""
    return frozenset(a.upper() for a in actions if a.upper() in ALL_PERMISSIONS)


def ordered(actions: Iterable[str]) -> list[str]:
    """Package actions in Studio's order: Use, Edit, Delete, Manage permissions."""
    given = set(actions)
    return [action for action in PACKAGE_ACTIONS if action in given]


def actions_text(actions: Iterable[str]) -> str:
    """``All Permissions``, ``USE EDIT`` or ``none``: readable without colour."""
    given = frozenset(actions)
    text = describe_actions(given)
    return text.replace(", ", " ")


@dataclass(frozen=True, slots=True)
class Principal:
    """Someone who can hold actions on a package, as Studio's dialog lists them."""

    id: str
    name: str
    type: str
    actions: frozenset[str] = frozenset()

    @property
    def actions_text(self) -> str:
        return actions_text(self.actions)

    def matches(self, text: str) -> bool:
        """Whether a search for ``text`` finds it, by name or id, ignoring case."""
        wanted = text.strip().casefold()
        return not wanted or wanted in self.name.casefold() or wanted in self.id

    def label(self) -> str:
        """Name and kind; an OAuth client's id too, since Studio shows its name."""
        if self.type == APPLICATION and self.name != self.id:
            return f"{self.name} (client {self.id})"
        return f"{self.name} ({self.type.lower()})"


@dataclass(frozen=True)
class PackagePermissions:
    """One read of one package's permissions, with where it came from."""

    package_key: str
    source: PermissionSource
    principals: tuple[Principal, ...]
    version: int | None = None
    package_id: str | None = None
    package_name: str | None = None
    space_name: str | None = None
    note: str = ""

    def principal(self, principal_id: str) -> Principal | None:
        return next((p for p in self.principals if p.id == principal_id), None)

    def actions_of(self, principal_id: str) -> frozenset[str]:
        found = self.principal(principal_id)
        return found.actions if found is not None else frozenset()

    def search(self, text: str) -> list[Principal]:
        return [p for p in self.principals if p.matches(text)]

    def with_actions(
        self, principal_id: str, actions: frozenset[str]
    ) -> PackagePermissions:
        rows = tuple(
            replace(p, actions=actions) if p.id == principal_id else p
            for p in self.principals
        )
        return replace(self, principals=rows)

    def title(self) -> str:
        if self.package_name:
            return f"{self.package_name} ({self.package_key})"
        return self.package_key

    def describe_source(self) -> str:
        text = f"read from {self.source.label}"
        if self.version is not None:
            text += f", version {self.version}"
        return f"{text}. {self.note}" if self.note else text

    def sources(self, applies_by: str) -> str:
        """Where this was read from and who saves a change, as one sentence."""
        text = self.describe_source()
        if applies_by == self.source.label:
            text = text.replace("read from", "read from and saved by", 1)
        else:
            text += f". Saved by {applies_by}"
        return text[0].upper() + text[1:] + "."

    def as_json(self) -> dict[str, Any]:
        return {
            "packageKey": self.package_key,
            "packageId": self.package_id,
            "packageName": self.package_name,
            "source": self.source.value,
            "version": self.version,
            "principals": [
                {
                    "id": p.id,
                    "name": p.name,
                    "type": p.type,
                    "actions": ordered(p.actions),
                }
                for p in self.principals
                if p.actions
            ],
        }


@dataclass(frozen=True)
class PrincipalChange:
    """One principal's package actions before and after a save."""

    package_key: str
    principal: Principal
    after: frozenset[str]

    @property
    def before(self) -> frozenset[str]:
        return self.principal.actions

    @property
    def added(self) -> list[str]:
        return ordered(self.after - self.before)

    @property
    def removed(self) -> list[str]:
        return ordered(self.before - self.after)

    def line(self) -> str:
        """E.g. ``PO (client po-1): none -> USE (+USE)``."""
        marks = [f"+{a}" for a in self.added] + [f"-{a}" for a in self.removed]
        return (
            f"{self.principal.label()}: {actions_text(self.before)} -> "
            f"{actions_text(self.after)} ({' '.join(marks)})"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "packageKey": self.package_key,
            "principalId": self.principal.id,
            "principalName": self.principal.name,
            "principalType": self.principal.type,
            "before": ordered(self.before),
            "after": ordered(self.after),
            "added": self.added,
            "removed": self.removed,
        }


def diff(
    sheet: PackagePermissions, wanted: Mapping[str, frozenset[str]]
) -> list[PrincipalChange]:
    """The changes that turn ``sheet`` into ``wanted``, in the sheet's order.

    Principals not named in ``wanted`` are left alone, and a wanted state equal to
    the current one is no change. Raises KeyError for a principal not on the sheet.
    """
    unknown = [pid for pid in wanted if sheet.principal(pid) is None]
    if unknown:
        raise KeyError(f"no principal {', '.join(unknown)} on {sheet.package_key}")
    return [
        PrincipalChange(sheet.package_key, p, package_actions(wanted[p.id]))
        for p in sheet.principals
        if p.id in wanted and package_actions(wanted[p.id]) != p.actions
    ]


def compare(old: PackagePermissions, new: PackagePermissions) -> list[PrincipalChange]:
    """What changed between two reads of the same package, principal by principal."""
    changes = [
        PrincipalChange(
            new.package_key, replace(p, actions=old.actions_of(p.id)), p.actions
        )
        for p in new.principals
        if p.actions != old.actions_of(p.id)
    ]
    gone = [
        PrincipalChange(new.package_key, p, frozenset())
        for p in old.principals
        if p.actions and new.principal(p.id) is None
    ]
    return changes + gone


def with_principal(sheet: PackagePermissions, principal_id: str) -> PackagePermissions:
    """The sheet with ``principal_id`` listed, when the source allows it.

    The export lists every grant, so a subject missing from it holds nothing on the
    package and may be added with no actions. The other sources list everyone they
    can see; a principal they lack is left out and the caller says so.
    """
    if sheet.principal(principal_id) is not None:
        return sheet
    if sheet.source is not PermissionSource.EXPORT:
        return sheet
    added = Principal(principal_id, principal_id, APPLICATION)
    return replace(sheet, principals=(*sheet.principals, added))


@dataclass
class Draft:
    """The user's unsaved edits on top of one sheet, and principals added to it."""

    sheet: PackagePermissions
    edits: dict[str, frozenset[str]] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)

    def add(self, principal_id: str) -> bool:
        """List a principal the read did not show; False when the source cannot."""
        self.sheet = with_principal(self.sheet, principal_id)
        listed = self.sheet.principal(principal_id) is not None
        if listed:
            self.added.add(principal_id)
        return listed

    def wanted(self, principal_id: str) -> frozenset[str]:
        if principal_id in self.edits:
            return self.edits[principal_id]
        return self.sheet.actions_of(principal_id)

    def set(self, principal_id: str, actions: Iterable[str]) -> None:
        """Record an edit; one that restores the read state is dropped."""
        if self.sheet.principal(principal_id) is None:
            raise KeyError(f"no principal {principal_id} on {self.sheet.package_key}")
        chosen = package_actions(actions)
        if chosen == self.sheet.actions_of(principal_id):
            self.edits.pop(principal_id, None)
        else:
            self.edits[principal_id] = chosen

    def changes(self) -> list[PrincipalChange]:
        return diff(self.sheet, self.edits)

    def rebase(self, sheet: PackagePermissions) -> None:
        """Keep the edits over a newer read; those it already shows are dropped."""
        for principal_id in self.added:
            sheet = with_principal(sheet, principal_id)
        self.sheet = sheet
        for principal_id, actions in list(self.edits.items()):
            listed = sheet.principal(principal_id) is not None
            if not listed or sheet.actions_of(principal_id) == actions:
                del self.edits[principal_id]

    def clear(self) -> None:
        self.edits.clear()
