"""How the virtual table's lines are drawn: its header and each row, every value whole or not at all.

Functions of what is drawn (the core's ``TableView``), where (``TableLayout``:
the columns' order, natural widths and their fit at the current width) and in
which styles (``LineStyles``), so that ``StatTable`` only picks the line and
its styles. The label column is shortened with ``…`` when it must be; any
other value too wide for its column (a row the measure did not sample) is not
drawn at all, and ``row_strip`` says which columns must widen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from pystats_tui.core.table_view import ColumnFit, TableView


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole, or cut with ``…`` at the end."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    if text.isascii():
        return text[: width - 1] + "…"
    return set_cell_size(text, width - 1).rstrip() + "…"


@dataclass(frozen=True)
class TableLayout:
    """Where the columns go: display order (position -> model index), natural widths, the fit."""

    order: tuple[int, ...]
    widths: list[int]
    fit: ColumnFit

    def width(self, pos: int) -> int:
        """The cells the column at display position ``pos`` takes (the label: what the fit gives it)."""
        return self.fit.label_width if pos == 0 else self.widths[self.order[pos]]


@dataclass(frozen=True)
class LineStyles:
    """The styles of a table's lines, from its component classes and its focus."""

    header: Style
    sorted: Style
    hint: Style
    #: The header of the cursor's column.
    header_cursor: Style
    row: Style
    cursor_row: Style
    #: The cell under the cursor.
    cursor: Style


def header_strip(view: TableView, layout: TableLayout, styles: LineStyles, cursor_column: int) -> Strip:
    """The header: column names (the sorted one marked ▲/▼), ``‹N``/``›N`` counting hidden columns."""
    fit = layout.fit
    header = styles.header
    segments = []
    used = 0
    for pos, x in fit.positions():
        i = layout.order[pos]
        column = view.columns[i]
        if x > used:
            gap = x - used
            if pos == fit.first and fit.hidden_left:
                hint = fit.left_hint
                segments.append(Segment(" ", header))
                segments.append(Segment(hint, styles.hint))
                segments.append(Segment(" " * (gap - 1 - len(hint)), header))
            else:
                segments.append(Segment(" " * gap, header))
        w = layout.width(pos)
        name = column.name
        if view.sort_column == i:
            name = f"{name} {'▼' if view.descending else '▲'}"
        name = ellipsize(name, w)
        pad = " " * (w - cell_len(name))
        text = pad + name if column.right else name + pad
        style = styles.sorted if view.sort_column == i else header
        if i == cursor_column:
            style = styles.header_cursor + (Style(underline=True) if view.sort_column == i else Style())
        segments.append(Segment(text, style))
        used = x + w
    if fit.hidden_left and not fit.shown:
        hint = fit.left_hint
        segments.append(Segment(" ", header))
        segments.append(Segment(hint, styles.hint))
        used += 1 + len(hint)
    right = fit.right_hint
    rest = max(0, fit.width - used - len(right))
    segments.append(Segment(" " * rest, header))
    if right:
        segments.append(Segment(right, styles.hint))
    return Strip(segments)


def row_strip(
    view: TableView, layout: TableLayout, index: int, styles: LineStyles, cursor: tuple[int, int]
) -> tuple[Strip, dict[int, int]]:
    """Row ``index`` of the view, and the columns too narrow for one of its values (index -> width).

    ``cursor`` is the cursor's (row, model column). A value wider than its
    column is left out, never cut: its column must widen and the row be drawn
    again.
    """
    fit = layout.fit
    row = view.rows[index]
    is_cursor = index == cursor[0]
    row_style = styles.cursor_row if is_cursor else styles.row
    columns = view.columns
    wider: dict[int, int] = {}
    segments = []
    used = 0
    for pos, x in fit.positions():
        i = layout.order[pos]
        if x > used:
            segments.append(Segment(" " * (x - used), row_style))
        w = layout.width(pos)
        text = row[i].text()
        n = cell_len(text)
        if pos == 0:
            text = ellipsize(text, w)
            n = cell_len(text)
        elif n > w:
            wider[i] = n
            text, n = "", 0
        pad = " " * (w - n)
        text = pad + text if columns[i].right else text + pad
        segments.append(Segment(text, styles.cursor if is_cursor and i == cursor[1] else row_style))
        used = x + w
    segments.append(Segment(" " * max(0, fit.width - used), row_style))
    return Strip(segments), wider
