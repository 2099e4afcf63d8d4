"""A pivot (one stat across benchmarks) or a history (one stat across runs) as its own screen.

The screen computes its ``SeriesTable`` (``core.series_table``) in a worker, showing
what it is computing meanwhile; the table then sorts, filters, exports and
copies like any view of the browser. If it cannot be computed, the screen
says why and closes. A history shows its trend as a sparkline fitted to the
screen's width (redrawn when it is resized), and ``a`` shows each run's value
as its share of its table's total (``core.history.history_shares``) and back, keeping
the sort and filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import LoadingIndicator, Static

from pystats_tui.core.errors import failure_text
from pystats_tui.core.export import series_context, series_export_stem
from pystats_tui.core.history import history_shares
from pystats_tui.core.series_table import SeriesTable, sparkline
from pystats_tui.screens.table_screen import TableScreen
from pystats_tui.widgets import FilterBar, KeyBar, StatusLine


class SeriesScreen(TableScreen[None]):
    """One stat across benchmarks or runs: notes, a sortable table with bars, a sparkline."""

    DEFAULT_CSS = """
    SeriesScreen #series-title {
        height: auto; padding: 0 1; background: $primary; color: $text; text-style: bold;
    }
    SeriesScreen #series-notes { height: auto; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="series.close"),
        Binding("slash", "start_filter", "Filter", id="series.filter"),
        Binding("e", "export_view", "Export", id="series.export_view"),
        Binding("y", "copy_view", "Copy", id="series.copy_view"),
        Binding("a", "toggle_share", "Share/count", id="series.share"),
    ]

    #: What the trend line starts with.
    TREND = "trend (oldest → newest): "

    @dataclass
    class Computed(Message):
        """The worker computed the table."""

        table: SeriesTable

    @dataclass
    class Failed(Message):
        """The worker could not compute the table: ``message`` says why, in one line."""

        message: str

    def __init__(self, compute: Callable[[], SeriesTable], what: str, roots: list[Path]) -> None:
        super().__init__(roots)
        self._compute = compute
        self._what = what
        self.table: SeriesTable | None = None
        #: The table as computed (raw values), and a history's shares once asked for (``a``).
        self.computed: SeriesTable | None = None
        self._shares: SeriesTable | None = None
        #: Whether a history shows each run's share of its table's total instead of the value.
        self.as_share = False

    def compose(self) -> ComposeResult:
        yield Static(f"Computing {self._what} …", id="series-title")
        yield Static("", id="series-notes")
        yield LoadingIndicator()
        yield FilterBar(id="series-filter")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True)
    def _run(self) -> None:
        try:
            table = self._compute()
        except Exception as e:  # noqa: BLE001 - never a traceback on screen
            self.post_message(self.Failed(failure_text(e)))
            return
        self.post_message(self.Computed(table))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.message, severity="error", timeout=8)
        self.dismiss(None)

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        self.computed = message.table
        self.query_one(LoadingIndicator).remove()
        self._show(message.table)

    def _show(self, table: SeriesTable) -> None:
        """Show ``table`` (the values or the shares), keeping the sort and filter of the view shown."""
        self.query_one("#series-title", Static).update(table.title)
        self.show_table(table)
        self._draw_notes()

    def trend_width(self) -> int:
        """How many characters the sparkline has: the screen's width less its label and padding."""
        return max(8, self.size.width - len(self.TREND) - 2)

    def _draw_notes(self) -> None:
        table = self.table
        if table is None:
            return
        notes = list(table.notes)
        if table.kind == "history":
            notes.append(f"{self.TREND}{sparkline(table.values, self.trend_width())}")
        self.query_one("#series-notes", Static).update("\n".join(notes))

    def on_resize(self) -> None:
        self._draw_notes()

    def action_toggle_share(self) -> None:
        """``a``: a history's values as shares of their table's total, or back to the values."""
        if self.computed is None:
            return
        if self.computed.kind != "history":
            self.notify("Shares per run are for a history (h); this table has its share column.")
            return
        self.as_share = not self.as_share
        if self.as_share and self._shares is None:
            self._shares = history_shares(self.computed)
        self._show(self._shares if self.as_share and self._shares is not None else self.computed)

    def update_status(self) -> None:
        if self.view is not None and self.table is not None:
            self.query_one(StatusLine).show(self.view.describe(), self.table.kind)

    def context_lines(self) -> list[str]:
        return series_context(self.table) if self.table is not None else []

    def export_stem(self) -> str:
        return series_export_stem(self.table) if self.table is not None else "pystats-series"
