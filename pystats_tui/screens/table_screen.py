"""A screen that shows one computed table over the browser: a pivot, a history, a ranking.

What they share lives here: the ``StatTable`` swapped in when the table is
(re)computed, keeping the sort and filter of the view it replaces; the filter
box; escape (the filter first, then back to the browser); ``e`` and ``y``
(the view as Markdown, with the table's own context lines). A subclass
computes its table, says what its status line shows, and names its exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual import on
from textual.screen import Screen

from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import Table
from pystats_tui.core.table_view import TableView
from pystats_tui.screens.exporting import copy_as_markdown, export_to_file
from pystats_tui.widgets import FilterBar, StatTable

ResultType = TypeVar("ResultType")


class TableScreen(Screen[ResultType], Generic[ResultType]):
    """One table, computed off the screen's thread, with filter, export and copy."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__()
        #: Where exports must not go (the inputs).
        self.roots = roots
        #: The table shown and its view, once computed.
        self.table: Table | None = None
        self.view: TableView | None = None

    # ------------------------------------------------------------------ what a subclass says

    def context_lines(self) -> list[str]:
        """The lines above the table in an export (its notes)."""
        raise NotImplementedError

    def export_stem(self) -> str:
        """The name an export of this table gets (without ``.md``)."""
        raise NotImplementedError

    def update_status(self) -> None:
        """Redraw the status line (rows shown, sort, filter, and what the subclass adds)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the table

    def show_table(self, table: Table, view: TableView | None = None, column: int | None = None) -> StatTable:
        """Show ``table`` (in ``view`` if given), with the sort and filter of the view it replaces."""
        old = self.view
        view = view or TableView(table)
        if old is not None:
            view.apply(old.sort_column, old.descending, old.filter_text)
        self.table, self.view = table, view
        self.query(StatTable).remove()
        stat_table = StatTable(view, classes="-fill")
        self.mount(stat_table, before=self.query_one(FilterBar))
        if column is not None:
            stat_table.cursor_column = column
        stat_table.focus()
        self.update_status()
        return stat_table

    @on(StatTable.SortChanged)
    def _sorted(self) -> None:
        self.update_status()

    # ------------------------------------------------------------------ filter and escape

    def action_close(self) -> None:
        """Escape: clear the filter first, if there is one; else back to the browser."""
        box = self.query_one(FilterBar)
        if box.shown or (self.view is not None and self.view.filter_text):
            box.action_clear()
            return
        self.dismiss(None)

    def action_start_filter(self) -> None:
        if self.view is not None:
            self.query_one(FilterBar).open(self.view.filter_text)

    @on(FilterBar.FilterChanged)
    def _filter_changed(self, message: FilterBar.FilterChanged) -> None:
        if self.view is not None:
            self.view.set_filter(message.text)
            for table in self.query(StatTable):
                table.refresh_rows()
            self.update_status()

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        for table in self.query(StatTable):
            table.focus()

    # ------------------------------------------------------------------ export

    def text(self) -> str | None:
        """The table as shown, as Markdown, with its context lines (None while it is computed)."""
        if self.view is None or self.table is None:
            return None
        return view_markdown(self.view, self.table_title(), self.context_lines())

    def table_title(self) -> str:
        """The export's heading: the table's own title."""
        return getattr(self.table, "title", "") or ""

    def action_export_view(self) -> None:
        text = self.text()
        if text is not None:
            export_to_file(self, self.export_stem(), text, self.roots)

    def action_copy_view(self) -> None:
        text = self.text()
        if text is not None and self.view is not None:
            copy_as_markdown(self, text, self.view.shown)
