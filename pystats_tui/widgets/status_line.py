"""The line under the table: what is shown, rows shown of total, sort, filter, base/head.

Its parts are drawn whole or not at all: on a narrow screen those that do not
fit are left out (the first, the table's rows, is shortened with ``…`` only
when it alone is wider than the line), never cut in the middle.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from pystats_tui.widgets.table_lines import ellipsize

#: Between two parts of the line.
SEPARATOR = " │ "


class StatusLine(Static):
    """One line of context about the current table."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._parts: tuple[str, ...] = ()

    def show(self, *parts: str) -> None:
        """Show these parts, in order of importance (empty ones are skipped)."""
        self._parts = tuple(p for p in parts if p)
        self.refresh()

    def render(self) -> str:
        width = self.content_size.width
        line = ""
        for part in self._parts:
            joined = f"{line}{SEPARATOR}{part}" if line else part
            if cell_len(joined) <= width:
                line = joined
            elif not line:
                line = ellipsize(part, width)
        return line
