"""One table as shown: its rows after the filter and the sort.

The browser's table widget draws a ``TableView`` and the view export writes
the same one, so what you see is what you export. Sorting is numeric for
number columns (largest first on the first press) and alphabetic for labels;
the filter is a case-insensitive substring match on the row label. Both are
cheap enough for tables of 50,000 rows.
"""

from __future__ import annotations

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
