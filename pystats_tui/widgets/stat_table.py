"""A table that draws only its visible rows, over the core's ``TableView``.

Textual's DataTable measures every cell up front, which takes seconds for
50,000 rows; this widget keeps the rows in the view model and renders one
line per visible row (the Line API), so showing, sorting, filtering and
scrolling cost the same for 50 rows as for 50,000. It owns a row and column
cursor; ``s`` (or a click on a header) sorts by the cursor's column.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pystats_tui.core.table_view import TableView

_GAP = 2
#: How many rows are measured for the column widths (plus the header and the widest label).
_MEASURE_ROWS = 2000


class StatTable(ScrollView, can_focus=True):
    """A virtual table: header, rows of typed cells, a cursor, sorting by column."""

    DEFAULT_CSS = """
    StatTable {
        width: 1fr;
        height: auto;
        max-height: 100%;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
        background: $surface;
    }
    StatTable.-fill { height: 1fr; }
    StatTable > .stat-table--header { text-style: bold; background: $panel; color: $text; }
    StatTable > .stat-table--sorted { text-style: bold underline; color: $accent; }
    StatTable > .stat-table--cursor-row { background: $boost; }
    StatTable > .stat-table--cursor { background: $secondary 50%; color: $text; }
    StatTable:focus > .stat-table--cursor { background: $accent; color: $text; }
    """

    COMPONENT_CLASSES = {
        "stat-table--header",
        "stat-table--sorted",
        "stat-table--cursor-row",
        "stat-table--cursor",
    }

    BINDINGS = [
        Binding("s", "sort", "Sort", id="table.sort"),
        Binding("up", "cursor_up", "Up", show=False, id="table.up"),
        Binding("down", "cursor_down", "Down", show=False, id="table.down"),
        Binding("left", "cursor_left", "Left", show=False, id="table.left"),
        Binding("right", "cursor_right", "Right", show=False, id="table.right"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("home", "first_row", "First row", show=False, id="table.home"),
        Binding("end", "last_row", "Last row", show=False, id="table.end"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    cursor_column: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class SortChanged(Message):
        """The user sorted the table (the view is already sorted)."""

        table: StatTable
        column: int
        descending: bool

    @dataclass
    class CursorMoved(Message):
        """The cursor moved to another row (the screen may explain the row's label)."""

        table: StatTable
        row: int

    @dataclass
    class Focused(Message):
        """The table got the focus: it is now the current table of its screen."""

        table: StatTable

    def __init__(
        self, view: TableView, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.view = view
        self._widths: list[int] = []
        self._measure()

    # ------------------------------------------------------------------ model

    def refresh_rows(self) -> None:
        """Call after the view's rows changed (sort, filter)."""
        self.cursor_row = min(self.cursor_row, max(0, self.view.shown - 1))
        self.virtual_size = Size(self._total_width, self.view.shown + 1)
        self.refresh(layout=True)

    def _measure(self) -> None:
        view = self.view
        rows = view.source_rows
        sample = rows if len(rows) <= _MEASURE_ROWS else rows[:_MEASURE_ROWS] + rows[-50:]
        widths = [len(c.name) + 2 for c in view.columns]  # room for the sort marker
        for row in sample:
            for i, cell in enumerate(row):
                n = len(cell.text())
                if n > widths[i]:
                    widths[i] = n
        self._widths = [min(w, 80) for w in widths]
        self._total_width = sum(self._widths) + _GAP * (len(self._widths) - 1) + 1
        self.virtual_size = Size(self._total_width, view.shown + 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.view.shown + 1 + (1 if self._total_width > width else 0)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._total_width + 1

    # ------------------------------------------------------------------ drawing

    def _column_at(self, x: int) -> int | None:
        pos = 0
        for i, w in enumerate(self._widths):
            if pos <= x < pos + w + _GAP:
                return i
            pos += w + _GAP
        return None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            strip = self._header_strip(base)
        else:
            index = scroll_y + y - 1
            if index >= self.view.shown:
                return Strip.blank(width, base)
            strip = self._row_strip(index, base)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    def _header_strip(self, base: Style) -> Strip:
        header = base + self.get_component_rich_style("stat-table--header")
        sorted_style = header + self.get_component_rich_style("stat-table--sorted")
        cursor_style = header + Style(reverse=True) if self.has_focus else header
        segments = []
        for i, (column, w) in enumerate(zip(self.view.columns, self._widths)):
            name = column.name
            if self.view.sort_column == i:
                name = f"{name} {'▼' if self.view.descending else '▲'}"
            text = name.rjust(w) if column.right else name.ljust(w)
            style = sorted_style if self.view.sort_column == i else header
            if i == self.cursor_column:
                style = cursor_style + (Style(underline=True) if self.view.sort_column == i else Style())
            segments.append(Segment(text[:w], style))
            segments.append(Segment(" " * _GAP, header))
        return Strip(segments)

    def _row_strip(self, index: int, base: Style) -> Strip:
        row = self.view.rows[index]
        is_cursor = index == self.cursor_row
        row_style = base + self.get_component_rich_style("stat-table--cursor-row") if is_cursor else base
        cell_style = base + self.get_component_rich_style("stat-table--cursor")
        segments = []
        for i, (cell, column, w) in enumerate(zip(row, self.view.columns, self._widths)):
            text = cell.text()
            if len(text) > w:
                text = text[: w - 1] + "…"
            text = text.rjust(w) if column.right else text.ljust(w)
            segments.append(Segment(text, cell_style if is_cursor and i == self.cursor_column else row_style))
            segments.append(Segment(" " * _GAP, row_style))
        return Strip(segments)

    # ------------------------------------------------------------------ cursor

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if old != new:
            self.post_message(self.CursorMoved(self, new))

    def watch_cursor_column(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        if not self._widths:
            return
        x = sum(w + _GAP for w in self._widths[: self.cursor_column])
        self._scroll_rows(Region(x, self.cursor_row + 1, self._widths[self.cursor_column], 1))

    def _scroll_rows(self, region: Region) -> None:
        """Scroll so the cursor is visible; line 0 is the header, drawn over the scrolled rows."""
        height = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)
        left = self.scroll_offset.x
        width = self.scrollable_content_region.width
        if region.x < left:
            self.scroll_to(x=region.x, animate=False, immediate=True)
        elif region.right > left + width:
            self.scroll_to(x=region.right - width, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor_row = max(0, self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.cursor_row = min(max(0, self.view.shown - 1), self.cursor_row + 1)

    def action_cursor_left(self) -> None:
        self.cursor_column = max(0, self.cursor_column - 1)

    def action_cursor_right(self) -> None:
        self.cursor_column = min(len(self.view.columns) - 1, self.cursor_column + 1)

    def action_page_up(self) -> None:
        self.cursor_row = max(0, self.cursor_row - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        self.cursor_row = min(max(0, self.view.shown - 1), self.cursor_row + max(1, self.size.height - 2))

    def action_first_row(self) -> None:
        self.cursor_row = 0

    def action_last_row(self) -> None:
        self.cursor_row = max(0, self.view.shown - 1)

    def action_sort(self) -> None:
        """Sort by the cursor's column; again reverses."""
        self.sort_by(self.cursor_column)

    def sort_by(self, column: int) -> None:
        self.view.sort_by(column)
        self.cursor_column = column
        self.cursor_row = 0
        self.refresh_rows()
        self.post_message(self.SortChanged(self, column, self.view.descending))

    @property
    def cursor_cells(self) -> tuple | None:
        """The row under the cursor, if any."""
        if 0 <= self.cursor_row < self.view.shown:
            return self.view.rows[self.cursor_row]
        return None

    # ------------------------------------------------------------------ mouse and focus

    def on_click(self, event: events.Click) -> None:
        column = self._column_at(event.x + self.scroll_offset.x)
        if column is None:
            return
        if event.y == 0:
            self.sort_by(column)
            return
        row = self.scroll_offset.y + event.y - 1
        if 0 <= row < self.view.shown:
            self.cursor_row = row
            self.cursor_column = column

    def on_focus(self) -> None:
        self.post_message(self.Focused(self))
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
