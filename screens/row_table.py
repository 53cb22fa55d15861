"""A read-only table that draws only the rows on screen, for lists of any length.

Textual's DataTable builds and measures every row it is given, so refilling it with
20,000 filtered packages on each keystroke takes seconds. This table keeps a plain
sequence of rows and turns just the visible ones into lines when they are painted,
so showing a new filter result costs the same for ten rows or a hundred thousand.
The cursor row is marked in text as well as colour: ``>`` while the table has the
focus, ``*`` (the row chosen) when it does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")
GUTTER = 2


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """A column: its title, its width in cells (0 takes the room left) and its text.

    An ``optional`` column is left out when the flexible columns would otherwise get
    less than their ``min_width``. A ``middle`` column cuts long text in the middle,
    for names whose ends tell them apart ("Order to Cash 001" ... "002").
    """

    title: str
    width: int
    cell: Callable[[RowT], str]
    min_width: int = 8
    optional: bool = False
    middle: bool = False


def fit(text: str, width: int, *, middle: bool = False) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if not middle or width < 8 or cell_len(text) != len(text):
        return set_cell_size(text, width - 1) + "…"
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[-tail:]


class RowTable(ScrollView, Generic[RowT], can_focus=True):
    DEFAULT_CSS = """
    RowTable {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .row-table--header {
            text-style: bold;
            background: $panel;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .row-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor"}
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="row-table-up"),
        Binding("down,j", "move(1)", "Down", show=False, id="row-table-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="row-table-page-up"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, id="row-table-page-down"
        ),
        Binding("home,g", "jump(0)", "First", show=False, id="row-table-first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="row-table-last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, table: RowTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> RowTable[Any]:
            return self.table

    def __init__(self, columns: Sequence[Column[RowT]], *, id: str) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.rows: Sequence[RowT] = ()
        self._shown: tuple[tuple[Column[RowT], int], ...] = ()

    @property
    def current(self) -> RowT | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def show(self, rows: Sequence[RowT], keep: RowT | None = None) -> None:
        """Show ``rows``, keeping the cursor on ``keep`` when it is among them."""
        self.rows = rows
        index = 0
        if keep is not None:
            index = next((i for i, row in enumerate(rows) if row is keep), 0)
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows) + 1)
        self.cursor = index
        self.refresh()

    def watch_cursor(self, cursor: int) -> None:
        self._scroll_to_cursor(cursor)
        self.refresh()
        self.post_message(self.Highlighted(self))

    def _scroll_to_cursor(self, cursor: int) -> None:
        top = round(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + self.page_height:
            self.scroll_to(
                y=cursor - self.page_height + 1, animate=False, immediate=True
            )

    def _clamped(self, index: int) -> int:
        return max(0, min(index, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self.cursor = self._clamped(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.cursor = self._clamped(self.cursor + direction * self.page_height)

    def action_jump(self, index: int) -> None:
        self.cursor = self._clamped(index if index >= 0 else len(self.rows) - 1)

    def set_columns(self, columns: Sequence[Column[RowT]]) -> None:
        self.columns = tuple(columns)
        self._shown = ()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._shown = ()
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self.rows) + 1
        )

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            self.cursor = index

    def shown_columns(self) -> tuple[tuple[Column[RowT], int], ...]:
        """The columns that fit the current width, each with its width in cells."""
        if self._shown:
            return self._shown
        room = self.scrollable_content_region.width - GUTTER
        columns = list(self.columns)
        while True:
            fixed = sum(c.width for c in columns) + len(columns) - 1
            flexible = [c for c in columns if c.width == 0]
            share = max(0, room - fixed) // max(1, len(flexible))
            optional = [c for c in columns if c.optional]
            if not optional or all(share >= c.min_width for c in flexible):
                break
            columns.remove(optional[-1])
        self._shown = tuple((c, c.width or max(1, share)) for c in columns)
        return self._shown

    def line_text(self, cell: Callable[[Column[RowT]], str]) -> str:
        return " ".join(
            fit(cell(c), width, middle=c.middle) for c, width in self.shown_columns()
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            style = self.get_component_rich_style("row-table--header")
            text = " " * GUTTER + self.line_text(lambda column: column.title)
            return Strip([Segment(fit(text, width), style)])

        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip([Segment(" " * width, self.rich_style)])
        row = self.rows[index]
        chosen = index == self.cursor
        marker = ("> " if self.has_focus else "* ") if chosen else "  "
        text = marker + self.line_text(lambda column: column.cell(row))
        style = (
            self.get_component_rich_style("row-table--cursor")
            if chosen
            else self.rich_style
        )
        return Strip([Segment(fit(text, width), style)])
