"""A pivot (one stat across benchmarks) or a history (one stat across runs) as its own screen.

The table is a ``SeriesTable`` computed by ``pivot.py``; it sorts, filters,
exports and copies like any view of the browser.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import series_context, series_export_stem
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.output import write_export
from pystats_tui.core.pivot import SeriesTable, sparkline
from pystats_tui.core.table_view import TableView
from pystats_tui.widgets import KeyBar, StatTable, StatusLine


class SeriesScreen(Screen[None]):
    """One stat across benchmarks or runs: notes, a sortable table with bars, a sparkline."""

    DEFAULT_CSS = """
    SeriesScreen #series-title {
        height: auto; padding: 0 1; background: $primary; color: $text; text-style: bold;
    }
    SeriesScreen #series-notes { height: auto; padding: 0 1; color: $text-muted; }
    SeriesScreen #series-filter { dock: bottom; height: 3; display: none; }
    SeriesScreen #series-filter.-shown { display: block; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="series.close"),
        Binding("slash", "start_filter", "Filter", id="series.filter"),
        Binding("e", "export_view", "Export", id="series.export_view"),
        Binding("y", "copy_view", "Copy", id="series.copy_view"),
    ]

    def __init__(self, table: SeriesTable, roots: list[Path]) -> None:
        super().__init__()
        self.table = table
        self.roots = roots
        self.view = TableView(table)

    def compose(self) -> ComposeResult:
        yield Static(self.table.title, id="series-title")
        notes = list(self.table.notes)
        if self.table.kind == "history":
            notes.append(f"trend (oldest → newest): {sparkline(self.table.values)}")
        yield Static("\n".join(notes), id="series-notes")
        yield StatTable(self.view, classes="-fill")
        yield Input(placeholder="filter rows; enter keeps, escape clears", id="series-filter")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(StatTable).focus()
        self._status()

    def _status(self) -> None:
        self.query_one(StatusLine).show(self.view.describe(), self.table.kind)

    @on(StatTable.SortChanged)
    def on_sorted(self) -> None:
        self._status()

    def action_close(self) -> None:
        box = self.query_one("#series-filter", Input)
        if box.has_class("-shown") or self.view.filter_text:
            box.remove_class("-shown")
            box.value = ""
            self.query_one(StatTable).focus()
            return
        self.dismiss(None)

    def action_start_filter(self) -> None:
        box = self.query_one("#series-filter", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#series-filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        self.view.set_filter(event.value)
        self.query_one(StatTable).refresh_rows()
        self._status()

    @on(Input.Submitted, "#series-filter")
    def on_filter_submitted(self) -> None:
        self.query_one("#series-filter", Input).remove_class("-shown")
        self.query_one(StatTable).focus()

    def text(self) -> str:
        return view_markdown(self.view, self.table.title, series_context(self.table))

    def action_export_view(self) -> None:
        try:
            path = write_export(series_export_stem(self.table), self.text(), self.roots)
        except PystatsError as e:
            self.notify(f"Export failed: {e}", severity="error")
            return
        self.notify(f"Wrote {path}", title="Exported")

    def action_copy_view(self) -> None:
        self.app.copy_to_clipboard(self.text())
        self.notify(f"Copied {self.view.shown} rows as Markdown (OSC 52).")
