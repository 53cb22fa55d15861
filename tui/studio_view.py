"""Filtering and sorting package rows, fast enough to run on every keystroke.

Each row carries its lower-case search text, so a filter is one substring test per
row and term. The rows are sorted once per order and filtering keeps that order, so
typing never sorts. When a query only grows (the user typed one more character),
the previous matches are narrowed instead of scanning every row again.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from tui.studio import PackageRow


class SortOrder(StrEnum):
    NAME = "name"
    CHANGED = "last change"

    @property
    def next(self) -> SortOrder:
        return SortOrder.CHANGED if self is SortOrder.NAME else SortOrder.NAME


def query_terms(query: str) -> tuple[str, ...]:
    return tuple(query.lower().split())


def matches(row: PackageRow, terms: tuple[str, ...]) -> bool:
    """Every term occurs in the row's name, key, id or space name."""
    return all(term in row.search for term in terms)


def filter_rows(rows: Sequence[PackageRow], query: str) -> list[PackageRow]:
    """The rows whose name, key, id or space contain every word of ``query``."""
    terms = query_terms(query)
    if not terms:
        return list(rows)
    if len(terms) == 1:
        term = terms[0]
        return [row for row in rows if term in row.search]
    return [row for row in rows if matches(row, terms)]


def sort_rows(rows: Sequence[PackageRow], order: SortOrder) -> list[PackageRow]:
    """By name (then key), or by last change with the newest first."""
    if order is SortOrder.NAME:
        return sorted(rows, key=lambda row: (row.name.casefold(), row.key))
    by_name = sorted(rows, key=lambda row: (row.name.casefold(), row.key))
    return sorted(by_name, key=lambda row: -(row.change_date or 0))


class PackageView:
    """The rows of one load, presorted, with the last answer kept for narrowing."""

    def __init__(self, rows: Sequence[PackageRow]) -> None:
        self.rows = tuple(rows)
        self._sorted: dict[SortOrder, list[PackageRow]] = {}
        self._last: tuple[str, SortOrder, str | None, list[PackageRow]] | None = None

    def sorted(self, order: SortOrder) -> list[PackageRow]:
        if order not in self._sorted:
            self._sorted[order] = sort_rows(self.rows, order)
        return self._sorted[order]

    def show(
        self, query: str, order: SortOrder, space_id: str | None = None
    ) -> list[PackageRow]:
        """The rows of ``space_id`` (all when None) matching ``query``, in order."""
        query = query.lower()
        source: Sequence[PackageRow] = self.sorted(order)
        last = self._last
        if (
            last is not None
            and last[1] is order
            and last[2] == space_id
            and query.startswith(last[0])
        ):
            source = last[3]
        elif space_id is not None:
            source = [row for row in source if row.space_id == space_id]
        shown = filter_rows(source, query)
        self._last = (query, order, space_id, shown)
        return shown
