"""The team's Studio as one connection sees it: spaces, packages and its actions.

``StudioCatalog`` loads the spaces and the packages of a team through
``CelonisClient`` (both are plain, unpaged arrays), joins each package to the name of
its space and turns them into flat rows that the filter and the screens can use
without touching the models again. A load never hides a failure: when one of the
two lists fails, the result is *partial* and says what was loaded and what was not.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from tui.bulk import collection_paused
from tui.client import CelonisClient
from tui.errors import CelonisError
from tui.models import ContentNode, Space
from tui.permissions import PACKAGE_ACTIONS, describe_actions, has_all_permissions
from tui.wording import counted

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
ROWS_PER_SLICE = 2_000
STUDIO_LINK = "{origin}/package-manager/ui/views/ui/spaces/{space}/packages/{package}"


def date_text(epoch_ms: int | None) -> str:
    """A Studio epoch-millisecond date as ``YYYY-MM-DD HH:MM`` UTC, or ``-``."""
    if epoch_ms is None:
        return "-"
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class SpaceRow:
    """One Studio space with the number of packages the connection sees in it."""

    id: str
    name: str
    packages: int
    actions: frozenset[str]
    change_date: int | None = None


class PackageRow(NamedTuple):
    """One package: both identifiers, its space and the connection's own actions.

    ``id`` is the UUID of Studio links and of ``/package-manager/api/nodes/{id}``;
    ``key`` is the slug that the Orchestration Engine and pacman paths take.
    ``search`` is the lower-case text the filter matches, built once per row. A
    named tuple, because a large team makes tens of thousands of them per load.
    """

    id: str
    key: str
    name: str
    space_id: str
    space_name: str
    version: str
    change_date: int | None
    actions: frozenset[str]
    actions_text: str
    search: str

    @property
    def changed(self) -> str:
        return date_text(self.change_date)

    @property
    def all_permissions(self) -> bool:
        return has_all_permissions(self.actions)

    def studio_link(self, origin: str) -> str:
        """The package's page in Studio (it carries the id), or "" without a space."""
        if not self.space_id:
            return ""
        return STUDIO_LINK.format(
            origin=origin.rstrip("/"), space=self.space_id, package=self.id
        )


def ordered_actions(actions: Iterable[str]) -> list[str]:
    """The four package actions in Studio's order, then any others alphabetically."""
    given = set(actions)
    known = [action for action in PACKAGE_ACTIONS if action in given]
    return known + sorted(given - set(PACKAGE_ACTIONS))


class RowMaker:
    """Builds rows for one load, sharing one actions set and text per combination."""

    def __init__(self, spaces: Iterable[Space]) -> None:
        self.space_names = {space.id: space.name for space in spaces}
        self._actions: dict[tuple[str, ...], tuple[frozenset[str], str]] = {}

    def actions(self, permissions: list[str]) -> tuple[frozenset[str], str]:
        combination = tuple(permissions)
        known = self._actions.get(combination)
        if known is None:
            actions = frozenset(permissions)
            known = self._actions[combination] = (actions, describe_actions(actions))
        return known

    def row(self, node: ContentNode) -> PackageRow:
        space_id = node.space_id or ""
        space_name = self.space_names.get(space_id) or space_id or "(no space)"
        actions, actions_text = self.actions(node.permissions)
        return PackageRow(
            node.id,
            node.key,
            node.name,
            space_id,
            space_name,
            node.version or "-",
            node.change_date,
            actions,
            actions_text,
            f"{node.name}\t{node.key}\t{node.id}\t{space_name}".lower(),
        )


def space_rows(
    spaces: Iterable[Space], packages: Iterable[PackageRow]
) -> list[SpaceRow]:
    counts = Counter(package.space_id for package in packages)
    rows = [
        SpaceRow(
            space.id,
            space.name,
            counts.get(space.id, 0),
            frozenset(space.permissions),
            space.change_date,
        )
        for space in spaces
    ]
    return sorted(rows, key=lambda row: (row.name.casefold(), row.id))


@dataclass(frozen=True)
class LoadFailure:
    """One list that could not be read, with the typed error that says why."""

    what: str
    error: CelonisError

    def line(self) -> str:
        return f"{self.what} failed: {self.error.cause}"


@dataclass(frozen=True)
class LoadResult:
    """What one load brought: complete, or partial with the failures named."""

    origin: str
    spaces: tuple[SpaceRow, ...] = ()
    packages: tuple[PackageRow, ...] = ()
    failures: tuple[LoadFailure, ...] = ()
    seconds: float = 0.0
    loaded: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.failures

    def headline(self) -> str:
        """One sentence: complete with counts, PARTIAL with what loaded, or FAILED."""
        spaces = counted(len(self.spaces), "space")
        counts = f"{spaces}, {counted(len(self.packages), 'package')}"
        if self.complete:
            return f"Complete: {counts} in {self.seconds:.1f} s"
        if not self.loaded:
            return "FAILED: nothing loaded"
        return f"PARTIAL: loaded {' and '.join(self.loaded)} only ({counts})"

    def problems(self) -> str:
        """What failed and why, one clause per failed list ("" when complete)."""
        return "; ".join(failure.line() for failure in self.failures)


class StudioCatalog:
    """Loads spaces and packages for one client; the caller owns the client."""

    def __init__(self, client: CelonisClient, progress: Progress | None = None) -> None:
        self.client = client
        self.progress = progress or (lambda _text: None)
        self._waiting: set[str] = set()

    async def load(self) -> LoadResult:
        started = time.monotonic()
        origin = self.client.team.origin
        self.progress("Requesting an access token ...")
        try:
            await self.client.token()
        except CelonisError as error:
            failure = LoadFailure("the access token", error)
            return LoadResult(origin, failures=(failure,), seconds=_since(started))

        self._waiting = {"spaces", "packages"}
        self._report()
        spaces_call = asyncio.ensure_future(self._spaces())
        packages_call = asyncio.ensure_future(self._packages())
        try:
            spaces, packages = await asyncio.gather(spaces_call, packages_call)
        finally:
            spaces_call.cancel()
            packages_call.cancel()

        failures: list[LoadFailure] = []
        loaded: list[str] = []
        for what, outcome in (("spaces", spaces), ("packages", packages)):
            if isinstance(outcome, CelonisError):
                failures.append(LoadFailure(what, outcome))
            else:
                loaded.append(what)

        space_list = spaces if isinstance(spaces, list) else []
        node_list = packages if isinstance(packages, list) else []
        rows = await self._rows(RowMaker(space_list), node_list)
        result = LoadResult(
            origin,
            spaces=tuple(space_rows(space_list, rows)),
            packages=tuple(rows),
            failures=tuple(failures),
            seconds=_since(started),
            loaded=tuple(loaded),
        )
        log.info("studio load: %s %s", result.headline(), result.problems())
        return result

    async def _rows(
        self, maker: RowMaker, nodes: list[ContentNode]
    ) -> list[PackageRow]:
        """Rows in slices, yielding between them so a screen keeps drawing."""
        rows: list[PackageRow] = []
        for start in range(0, len(nodes), ROWS_PER_SLICE):
            self.progress(f"Preparing packages: {start:,} of {len(nodes):,} ...")
            with collection_paused():
                rows.extend(map(maker.row, nodes[start : start + ROWS_PER_SLICE]))
            await asyncio.sleep(0)
        return rows

    def _report(self) -> None:
        waiting = " and ".join(sorted(self._waiting, reverse=True))
        self.progress(f"Loading {waiting} ...")

    async def _spaces(self) -> list[Space] | CelonisError:
        try:
            return await self.client.spaces()
        except CelonisError as error:
            return error
        finally:
            self._done("spaces")

    async def _packages(self) -> list[ContentNode] | CelonisError:
        try:
            return await self.client.packages()
        except CelonisError as error:
            return error
        finally:
            self._done("packages")

    def _done(self, what: str) -> None:
        self._waiting.discard(what)
        if self._waiting:
            self._report()


def _since(started: float) -> float:
    return time.monotonic() - started
