"""One table as shown: its rows after the filter and the sort.

The browser's table widget draws a ``TableView`` and the view export writes
the same one, so what you see is what you export. Sorting is numeric for
number columns (largest first on the first press) and alphabetic for labels;
the filter is a case-insensitive substring match on the row label. Both are
cheap enough for tables of 50,000 rows.

The screen may show the columns in another order than the model (in a
comparison, ``Change`` right after the label: ``display_order``), and fits
them to a width with ``fit_columns``: the label stays, shortened if need be,
and every other column is shown whole or not at all. Export keeps the
model's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pystats_tui.core.cells import Row
from pystats_tui.core.report import Column, Table

_NEG_INF = float("-inf")


@dataclass
class TableView:
    """A table with a sort and a filter applied; ``rows`` is what is shown."""

    table: Table
    #: Index of the sort column, or None for the report's own order.
    sort_column: int | None = None
    descending: bool = True
    filter_text: str = ""
    rows: list[Row] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._labels: list[str] | None = None
        self.refresh()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.table.columns

    @property
    def source_rows(self) -> list[Row]:
        """Every row of the table, in the report's order (the browser shows all pairs)."""
        return self.table.browse_rows

    @property
    def total(self) -> int:
        return len(self.source_rows)

    @property
    def shown(self) -> int:
        return len(self.rows)

    @property
    def display_order(self) -> tuple[int, ...]:
        """The model's column indices in the order the screen shows them.

        In a comparison, the ``Change`` column comes right after the label, so
        the change is seen first on a narrow screen; otherwise the model's order.
        Sorting and export use model indices and the model's order.
        """
        columns = self.columns
        change = [i for i, c in enumerate(columns) if i > 0 and c.name == "Change"]
        if not change:
            return tuple(range(len(columns)))
        return (0, *change, *(i for i in range(1, len(columns)) if i not in change))

    def is_numeric(self, column: int) -> bool:
        return self.columns[column].right

    def refresh(self) -> None:
        """Recompute ``rows`` from the filter and the sort."""
        rows = self.source_rows
        if self.filter_text:
            needle = self.filter_text.casefold()
            if self._labels is None:
                self._labels = [r[0].text().casefold() for r in rows]
            rows = [r for r, label in zip(rows, self._labels) if needle in label]
        if self.sort_column is not None:
            col = self.sort_column
            if self.is_numeric(col):

                def key(row: Row) -> float:
                    k = row[col].sort_key()
                    return k if isinstance(k, float) else _NEG_INF

                rows = sorted(rows, key=key, reverse=self.descending)
            else:
                rows = sorted(rows, key=lambda r: r[col].text().casefold(), reverse=self.descending)
        # Unsorted and unfiltered, ``rows`` is the table's own list: a view never changes it.
        self.rows = rows

    def sort_by(self, column: int) -> None:
        """Sort by a column; the same column again reverses the order."""
        if not 0 <= column < len(self.columns):
            return
        if self.sort_column == column:
            self.descending = not self.descending
        else:
            self.sort_column = column
            self.descending = self.is_numeric(column)
        self.refresh()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.refresh()

    def apply(self, sort_column: int | None, descending: bool, filter_text: str) -> None:
        """Carry a sort and filter over from another view (same section, other benchmark)."""
        self.sort_column = sort_column if sort_column is None or sort_column < len(self.columns) else None
        self.descending = descending
        self.filter_text = filter_text
        self.refresh()

    @property
    def sort_label(self) -> str:
        if self.sort_column is None:
            return "report order"
        arrow = "▼" if self.descending else "▲"
        return f"{self.columns[self.sort_column].name or 'label'} {arrow}"

    def describe(self) -> str:
        """``12 of 240 rows, sorted by Count ▼, filter 'LOAD'``."""
        parts = [f"{self.shown} of {self.total} rows"]
        if self.sort_column is not None:
            parts.append(f"sorted by {self.sort_label}")
        if self.filter_text:
            parts.append(f"filter {self.filter_text!r}")
        return ", ".join(parts)


#: Cells between two columns on screen.
COLUMN_GAP = 2


def hint_text(hidden: int, left: bool) -> str:
    """``‹2`` (two columns off to the left) or ``›3`` (three off to the right); empty for none."""
    if hidden <= 0:
        return ""
    return f"‹{hidden}" if left else f"›{hidden}"


@dataclass(frozen=True)
class ColumnFit:
    """Which columns of a table fit a width: the label's width, and a run of whole columns.

    Positions are display positions (0 is the label): ``shown`` are the
    positions drawn after the label, left to right; ``hidden_left`` and
    ``hidden_right`` count the positions off screen on each side.
    """

    width: int
    label_width: int
    shown: tuple[int, ...]
    hidden_left: int
    hidden_right: int
    #: The width of each column shown, in the order of ``shown``.
    widths: tuple[int, ...] = ()

    @property
    def first(self) -> int:
        """The first display position drawn after the label (where scrolling starts from)."""
        return self.shown[0] if self.shown else 1 + self.hidden_left

    @property
    def left_hint(self) -> str:
        return hint_text(self.hidden_left, left=True)

    @property
    def right_hint(self) -> str:
        return hint_text(self.hidden_right, left=False)

    def positions(self) -> list[tuple[int, int]]:
        """``(display position, x)`` of the label and of every column shown."""
        out = [(0, 0)]
        x = self.label_width + (1 + len(self.left_hint) if self.hidden_left else 0)
        for pos, w in zip(self.shown, self.widths):
            x += COLUMN_GAP
            out.append((pos, x))
            x += w
        return out


def _hint_width(hidden: int) -> int:
    return 1 + len(hint_text(hidden, left=False)) if hidden > 0 else 0


def _fit_from(widths: Sequence[int], available: int, first: int, label_min: int) -> ColumnFit:
    n = len(widths)
    used = label_min + _hint_width(first - 1)
    shown: list[int] = []
    for pos in range(first, n):
        if used + COLUMN_GAP + widths[pos] + _hint_width(n - pos - 1) > available:
            break
        used += COLUMN_GAP + widths[pos]
        shown.append(pos)
    right = n - first - len(shown)
    rest = used - label_min + _hint_width(right)
    label_width = max(1, min(widths[0], available - rest))
    return ColumnFit(available, label_width, tuple(shown), first - 1, right, tuple(widths[p] for p in shown))


def label_min_width(label_width: int, available: int) -> int:
    """How narrow the label may get to make room for more columns: about 2/5 of the width."""
    return min(label_width, max(8, available * 2 // 5))


def fit_columns(widths: Sequence[int], available: int, first: int = 1, keep: int = 0) -> ColumnFit:
    """Fit columns of ``widths`` (in display order, the label first) into ``available`` cells.

    The label keeps at least ``label_min_width`` cells and takes whatever the
    other columns leave, up to its own width; the other columns, from display
    position ``first`` on, are shown whole while they fit, with room kept for
    the ``‹N``/``›N`` hints. When every column to the right fits, columns to
    the left come back into view. ``keep`` (the cursor's display position) is
    brought into view by whole columns, and if it cannot fit next to the
    label at its least, the label gives up more room for it.
    """
    n = len(widths)
    if n == 0:
        return ColumnFit(available, 0, (), 0, 0)
    last = max(1, n - 1)
    first = max(1, min(first, last))
    if 1 <= keep < first:
        first = keep
    label_min = label_min_width(widths[0], available)
    fit = _fit_from(widths, available, first, label_min)
    while keep >= 1 and keep not in fit.shown and fit.first < keep:
        fit = _fit_from(widths, available, fit.first + 1, label_min)
    while fit.first > 1 and not fit.hidden_right:
        wider = _fit_from(widths, available, fit.first - 1, label_min)
        if wider.hidden_right or len(wider.shown) <= len(fit.shown):
            break
        fit = wider
    if keep >= 1 and keep not in fit.shown:
        for smaller in range(label_min - 1, 0, -1):
            narrower = _fit_from(widths, available, keep, smaller)
            if keep in narrower.shown:
                return narrower
    return fit
