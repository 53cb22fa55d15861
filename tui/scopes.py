"""The OAuth scopes of a Celonis team, grouped as the Celonis scope table does."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    name: str
    group: str
    meaning: str


PROCESS_ORCHESTRATION_MINIMUM: tuple[str, ...] = (
    "orchestration-engine",
    "studio",
    "knowledge-models:query",
    "knowledge-models.augmented-attributes:update",
    "triggers:manage",
)

ALL_SCOPES: tuple[Scope, ...] = (
    Scope("orchestration-engine", "Orchestration Engine", "Process Orchestration"),
    Scope("studio", "Studio", "Studio, subject to permissions"),
    Scope("knowledge-models:query", "Studio", "Query Knowledge Models"),
    Scope(
        "knowledge-models.augmented-attributes:update",
        "Studio",
        "Update Augmented Attributes",
    ),
    Scope("triggers:manage", "Studio", "Manage trigger subscriptions"),
    Scope("studio.packages:read", "Studio", "Read packages"),
    Scope("knowledge-models:read", "Studio", "Read Knowledge Models"),
    Scope("triggers:read", "Studio", "Read triggers"),
    Scope("package-manager", "Package manager", "Package manager"),
    Scope("authorization.permissions:read", "Authorization", "Export permissions"),
    Scope("integration.data-pools", "Integration", "Data pools"),
    Scope("integration.data-pools:read", "Integration", "Read data pools"),
    Scope("action-engine.projects", "Action engine", "Action Engine projects"),
    Scope("team.user-group-info:read", "Team", "Read team members"),
)

SCOPE_GROUPS: tuple[str, ...] = tuple(
    dict.fromkeys(scope.group for scope in ALL_SCOPES)
)


def scope_string(scopes: list[str] | tuple[str, ...]) -> str:
    """The space-separated form the token endpoint and Admin & Settings expect."""
    return " ".join(scopes)


def missing_for_orchestration(granted: list[str] | set[str]) -> list[str]:
    held = set(granted)
    return [name for name in PROCESS_ORCHESTRATION_MINIMUM if name not in held]


def parse_scopes(text: str) -> list[str]:
    """Split a scope string, keeping order and dropping repeats."""
    return list(dict.fromkeys(text.split()))
