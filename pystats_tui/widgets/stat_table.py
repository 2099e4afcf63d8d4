"""A table that draws only its visible rows, over the core's ``TableView``.

Textual's DataTable measures every cell up front, which takes seconds for
50,000 rows; this widget keeps the rows in the view model and renders one
line per visible row (the Line API), so showing, sorting, filtering and
scrolling cost the same for 50 rows as for 50,000. It owns a row and column
cursor; ``s`` (or a click on a header) sorts by the cursor's column.

The table fits any width and never shows part of a value: the label column
stays in view (shortened with ``…`` when space is short; ``cursor_label`` is
the whole label of the cursor's row), every other column is drawn whole or
not at all, ``‹N``/``›N`` at the header's edges count the columns off screen,
and scrolling sideways moves by whole columns. Columns are drawn in the
view's ``display_order``; ``cursor_column`` and sorting use model indices.
The header and row lines themselves are ``table_lines``' to draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pystats_tui.core.table_view import COLUMN_GAP, ColumnFit, TableView, fit_columns
from pystats_tui.widgets.table_lines import LineStyles, TableLayout, header_strip, row_strip

#: How many rows are measured for the column widths (plus the header and the widest label).
_MEASURE_ROWS = 2000
#: The widest a label column gets (longer labels are shortened with an ellipsis).
_MAX_LABEL = 80


class StatTable(ScrollView, can_focus=True):
    """A virtual table: header, rows of typed cells, a cursor, sorting by column; it fits any width."""

    DEFAULT_CSS = """
    StatTable {
        width: 1fr;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    StatTable.-fill { height: 1fr; }
    StatTable > .stat-table--header { text-style: bold; background: $panel; color: $text; }
    StatTable > .stat-table--sorted { text-style: bold underline; color: $accent; }
    StatTable > .stat-table--hint { text-style: bold; background: $panel; color: $warning; }
    StatTable > .stat-table--cursor-row { background: $boost; }
    StatTable > .stat-table--cursor { background: $secondary 50%; color: $text; }
    StatTable:focus > .stat-table--cursor { background: $accent; color: $text; }
    """

    COMPONENT_CLASSES = {
        "stat-table--header",
        "stat-table--sorted",
        "stat-table--hint",
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
    #: The cursor's column, as a model index (what ``view.sort_by`` and the core take).
    cursor_column: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class SortChanged(Message):
        """The user sorted the table (the view is already sorted); ``column`` is a model index."""

        table: StatTable
        column: int
        descending: bool

    @dataclass
    class CursorMoved(Message):
        """The cursor moved to another row (the screen may explain the row's label).

        ``label`` is the row's whole label, which a narrow table may show shortened.
        """

        table: StatTable
        row: int
        label: str = ""

    @dataclass
    class Fitted(Message):
        """The table has a new size: which columns are drawn, and how wide the label is, may differ."""

        table: StatTable

    @dataclass
    class Focused(Message):
        """The table got the focus: it is now the current table of its screen."""

        table: StatTable

    def __init__(
        self, view: TableView, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.view = view
        #: Display position -> model column index.
        self._order: tuple[int, ...] = view.display_order
        #: The natural width of each column, by model index (the label's capped at ``_MAX_LABEL``).
        self._widths: list[int] = []
        #: The first display position drawn after the label (scrolling sideways moves it).
        self._first = 1
        self._fit: ColumnFit | None = None
        self._measure()

    # ------------------------------------------------------------------ model

    def refresh_rows(self) -> None:
        """Call after the view's rows changed (sort, filter)."""
        self.cursor_row = min(self.cursor_row, max(0, self.view.shown - 1))
        self.virtual_size = Size(0, self.view.shown + 1)
        self.refresh(layout=True)

    def _measure(self) -> None:
        view = self.view
        rows = view.source_rows
        sample = rows if len(rows) <= _MEASURE_ROWS else rows[:_MEASURE_ROWS] + rows[-50:]
        widths = [cell_len(c.name) + 2 for c in view.columns]  # room for the sort marker
        for row in sample:
            for i, cell in enumerate(row):
                n = cell_len(cell.text())
                if n > widths[i]:
                    widths[i] = n
        if widths:
            widths[0] = min(widths[0], _MAX_LABEL)
        self._widths = widths
        self._total_width = sum(widths) + COLUMN_GAP * (len(widths) - 1)
        self._fit = None
        self.virtual_size = Size(0, view.shown + 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.view.shown + 1

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._total_width + 1

    # ------------------------------------------------------------------ fitting

    @property
    def available_width(self) -> int:
        """The cells a line of the table has (the widget's width less its vertical scrollbar)."""
        return self.scrollable_content_region.width

    @property
    def fit(self) -> ColumnFit:
        """Which columns are drawn at the current width and sideways scroll."""
        width = self.available_width
        fit = self._fit
        if fit is None or fit.width != width:
            keep = self._order.index(self.cursor_column) if self.cursor_column in self._order else 0
            fit = self._fit = fit_columns([self._widths[i] for i in self._order], width, self._first, keep)
            self._first = fit.first
        return fit

    def _refit(self) -> None:
        self._fit = None
        self.refresh()

    @property
    def visible_columns(self) -> list[int]:
        """The model indices of the columns drawn, left to right (the label first)."""
        return [self._order[pos] for pos, _ in self.fit.positions()]

    @property
    def hidden_columns(self) -> tuple[int, int]:
        """How many columns are off screen to the left and to the right."""
        fit = self.fit
        return fit.hidden_left, fit.hidden_right

    def column_x(self, column: int) -> int | None:
        """Where a column (model index) starts on screen, or None when it is not drawn."""
        for pos, x in self.fit.positions():
            if self._order[pos] == column:
                return x
        return None

    def column_width(self, column: int) -> int:
        """The cells a column (model index) takes when drawn whole (its widest value or header)."""
        return self._widths[column]

    def _column_width(self, pos: int) -> int:
        return self.fit.label_width if pos == 0 else self._widths[self._order[pos]]

    def _column_at(self, x: int) -> int | None:
        for pos, left in self.fit.positions():
            if left <= x < left + self._column_width(pos) + (COLUMN_GAP if pos else 0):
                return self._order[pos]
        return None

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.size.width
        base = self.rich_style
        layout = TableLayout(self._order, self._widths, self.fit)
        if y == 0:
            strip = header_strip(self.view, layout, self._line_styles(base), self.cursor_column)
        else:
            index = scroll_y + y - 1
            if index >= self.view.shown:
                return Strip.blank(width, base)
            cursor = (self.cursor_row, self.cursor_column)
            strip, wider = row_strip(self.view, layout, index, self._line_styles(base), cursor)
            if wider:
                # A row the measure did not sample is wider: widen its columns and draw again.
                for i, n in wider.items():
                    self._total_width += n - self._widths[i]
                    self._widths[i] = n
                self.call_later(self._refit)
        return strip.crop(0, width).extend_cell_length(width, base)

    def _line_styles(self, base: Style) -> LineStyles:
        header = base + self.get_component_rich_style("stat-table--header")
        return LineStyles(
            header=header,
            sorted=header + self.get_component_rich_style("stat-table--sorted"),
            hint=header + self.get_component_rich_style("stat-table--hint"),
            header_cursor=header + Style(reverse=True) if self.has_focus else header,
            row=base,
            cursor_row=base + self.get_component_rich_style("stat-table--cursor-row"),
            cursor=base + self.get_component_rich_style("stat-table--cursor"),
        )

    # ------------------------------------------------------------------ cursor

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if old != new:
            self.post_message(self.CursorMoved(self, new, self.cursor_label))

    def watch_cursor_column(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self._refit()

    def _scroll_cursor_into_view(self) -> None:
        """Scroll so the cursor's row is visible; line 0 is the header, drawn over the scrolled rows.

        Sideways, ``fit`` brings the cursor's column into view by whole columns.
        """
        height = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._refit()
        # A cursor set before the table had its size (a restored or chosen row) comes into view now.
        self._scroll_cursor_into_view()
        self.post_message(self.Fitted(self))

    def _step_column(self, step: int) -> None:
        order = self._order
        if not order:
            return
        pos = order.index(self.cursor_column) if self.cursor_column in order else 0
        self.cursor_column = order[max(0, min(len(order) - 1, pos + step))]

    def action_cursor_up(self) -> None:
        self.cursor_row = max(0, self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.cursor_row = min(max(0, self.view.shown - 1), self.cursor_row + 1)

    def action_cursor_left(self) -> None:
        """One column left, on screen (by display order)."""
        self._step_column(-1)

    def action_cursor_right(self) -> None:
        """One column right, on screen: the column comes wholly into view."""
        self._step_column(1)

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
        """Sort by a column (a model index, as the view takes it)."""
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

    @property
    def cursor_label(self) -> str:
        """The whole label of the cursor's row ("" when there is no row), however narrow the table."""
        row = self.cursor_cells
        return row[0].text() if row else ""

    # ------------------------------------------------------------------ mouse and focus

    def on_click(self, event: events.Click) -> None:
        column = self._column_at(event.x)
        if column is None:
            return
        if event.y == 0:
            self.sort_by(column)
            return
        row = self.scroll_offset.y + event.y - 1
        if 0 <= row < self.view.shown:
            self.cursor_row = row
            self.cursor_column = column

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        event.stop()
        self._step_column(1)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        event.stop()
        self._step_column(-1)

    def on_focus(self) -> None:
        self.post_message(self.Focused(self))
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
