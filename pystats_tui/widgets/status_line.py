"""The line under the table: what is shown, rows shown of total, sort, filter, base/head."""

from __future__ import annotations

from textual.widgets import Static


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

    def show(self, where: str, rows: str, compare: str = "") -> None:
        """Update the line: ``where | rows | compare``."""
        parts = [p for p in (where, rows, compare) if p]
        self.update(" │ ".join(parts))
