"""The right pane of the browser: one section of a report, its explanation, warnings and tables.

It owns how a section is drawn: a title, the report's warnings (or a run's
health findings), the section's explanation (``i``, with the ⓘ text of the
row under the cursor), one ``StatTable`` per table with the sort and filter it
had the last time it was shown, a message with a loading indicator while
something is on its way, and the listing of very long tables (every pair of a
large input) in a worker. It says what changed through ``ViewChanged``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static
from textual.worker import get_current_worker

from pystats_tui.core.cells import Doc
from pystats_tui.core.report import Section, Table
from pystats_tui.core.table_view import TableView
from pystats_tui.heap import forget_removed_widgets, freeze_heap_soon
from pystats_tui.widgets.stat_table import StatTable


@dataclass
class ViewState:
    """The sort and filter of one table, kept when moving to another benchmark."""

    sort_column: int | None
    descending: bool
    filter_text: str
    #: The label of the row the cursor was on (the cursor goes back to it).
    cursor_label: str = ""


class TablesPane(VerticalScroll, can_focus=False):
    """Holds the section's tables; tab goes to the tables themselves, not to this pane."""


class SectionPane(Vertical):
    """A section's title, warnings, explanation and tables, or a message while there are none."""

    DEFAULT_CSS = """
    SectionPane { width: 1fr; }
    SectionPane #title { height: auto; padding: 0 1; background: $primary; color: $text; text-style: bold; }
    SectionPane #warnings { height: auto; padding: 0 1; background: $warning 30%; color: $text; }
    SectionPane #warnings.-empty { display: none; }
    SectionPane #doc { height: auto; max-height: 12; padding: 0 1; color: $text-muted; background: $boost; }
    SectionPane #doc.-hidden { display: none; }
    SectionPane #tables { height: 1fr; }
    SectionPane .message { height: auto; padding: 1 2; color: $text-muted; }
    SectionPane .table-caption { height: 1; padding: 0 1; color: $text-muted; }
    """

    #: Whether the section's explanation (the report's ⓘ text) is shown.
    show_doc: reactive[bool] = reactive(False, init=False)

    @dataclass
    class ViewChanged(Message):
        """What the pane shows changed: another table is current, or its rows, sort or filter."""

        pane: SectionPane

    @dataclass
    class SectionError(Message):
        """The section shown could not be computed (its note says so where its tables would be)."""

        pane: SectionPane
        message: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The tables drawn now, in order.
        self.tables: list[StatTable] = []
        #: The table the user works in: sort, filter and export act on it.
        self.current_table: StatTable | None = None
        #: The section drawn now (None while a message is shown).
        self.section: Section | None = None
        self._view_states: dict[tuple[tuple[str, ...], int], ViewState] = {}
        self._doc = ""
        #: Where to put the cursor once a section is drawn: (path, table, row label, column).
        self._place: tuple[tuple[str, ...], int, str, int] | None = None
        #: The section whose long tables a worker is listing.
        self._pending: Section | None = None

    def compose(self) -> ComposeResult:
        yield Static("pystats-tui", id="title")
        yield Static("", id="warnings", classes="-empty")
        yield Static("", id="doc", classes="-hidden")
        yield TablesPane(id="tables")

    def watch_show_doc(self, shown: bool) -> None:
        self.query_one("#doc", Static).set_class(not shown, "-hidden")
        if shown and self.current_table is not None:
            self._explain_row(self.current_table)

    # ------------------------------------------------------------------ what is drawn

    def set_title(self, text: str) -> None:
        """The line above the tables: what is shown, and the base when comparing."""
        self.query_one("#title", Static).update(text)

    def show_warnings(self, lines: list[str]) -> None:
        """The warnings of the report shown (none hides the box)."""
        box = self.query_one("#warnings", Static)
        box.update("\n".join(f"⚠ {line}" for line in lines))
        box.set_class(not lines, "-empty")

    def show_message(self, text: str, loading: bool = False) -> None:
        """A message instead of tables (choose a run, loading …, an error)."""
        self._clear()
        widgets: list[Widget] = [Static(text, classes="message")]
        if loading:
            widgets.append(LoadingIndicator())
        self.query_one(TablesPane).mount_all(widgets)

    def show_progress(self, text: str) -> None:
        """Replace the message's text (how far a large input has loaded)."""
        for message in self.query(".message").results(Static):
            message.update(text)
            break

    def show_section(self, section: Section, title: str, empty_hint: str = "", focus: bool = False) -> None:
        """Draw ``section``'s tables, each with the sort and filter it had last time.

        Tables whose every row must first be listed (all the pairs of a large
        input) are listed in a worker; the section is drawn when they are ready.
        """
        pending = [t for t in section.tables if t.more is not None]  # builds the section
        if section.error:
            self.post_message(self.SectionError(self, section.error))
        if pending:
            self.show_message(f"Listing every row of {' › '.join(section.path)} …", loading=True)
            self._pending = section
            self._list_rows(section, pending, title, empty_hint, focus)
            return
        self.set_title(title)
        self._doc = (section.summary + "\n" + section.doc.strip()).strip()
        self.query_one("#doc", Static).update(self._doc)
        had_focus = self.current_table is not None and self.current_table.has_focus
        self._clear()
        self.section = section
        widgets: list[Widget] = []
        if section.note:
            widgets.append(Static(section.note, classes="message"))
        tables = section.tables
        for table in tables:
            if len(tables) > 1:
                widgets.append(Static(f"Table {table.index + 1} of {len(tables)}", classes="table-caption"))
            stat_table = StatTable(self._view(table), classes="-fill" if len(tables) == 1 else "")
            self._restore_cursor(stat_table)
            self.tables.append(stat_table)
            widgets.append(stat_table)
        if not tables and not section.note:
            widgets.append(Static(_no_tables(section, empty_hint), classes="message"))
        self.query_one(TablesPane).mount_all(widgets)
        self.current_table = self.tables[0] if self.tables else None
        if (had_focus or focus) and self.current_table is not None:
            self.current_table.focus()
        self._apply_placement()
        self.post_message(self.ViewChanged(self))

    def place_cursor(
        self, path: tuple[str, ...], table: int | None, label: str, column: int | None = None
    ) -> None:
        """Put the cursor on the row ``label`` (any case) when section ``path`` is drawn.

        ``table`` is the index of the section's table, or None for the first
        table that has the row; ``column`` the cursor's column (None: as it is).
        The next drawing of that section does it (the caller shows the section
        next, even while its long tables are listed). A filter that hides the
        row is cleared; a row that is not there is said.
        """
        self._place = (path, table, label, column)

    def _apply_placement(self) -> None:
        if self._place is None or self.section is None or self.section.path != self._place[0]:
            return
        path, index, label, column = self._place
        self._place = None
        where = " › ".join(path)
        if index is not None and index >= len(self.tables):
            self.notify(f"{where} has no table {index + 1} here.", severity="warning")
            return
        if self.tables and any(t.view.filter_text for t in self.tables) and not self._find(index, label):
            self.set_filter("")  # the row is hidden by the filter: show every row
        found = self._find(index, label)
        if found is None:
            self.notify(f"No row {label!r} in {where}.", severity="warning")
            return
        table, row = found
        self.current_table = table
        if column is not None and column < len(table.view.columns):
            table.cursor_column = column
        table.cursor_row = row
        self._remember(table)
        table.focus()

    def _find(self, index: int | None, label: str) -> tuple[StatTable, int] | None:
        """The table (``index``, or the first that has it) and the row labelled ``label``."""
        for table in self.tables if index is None else [self.tables[index]]:
            row = _row_index(table, label)
            if row is not None:
                return table, row
        return None

    def _view(self, table: Table) -> TableView:
        view = TableView(table)
        state = self._view_states.get((table.path, table.index))
        if state is not None:
            view.apply(state.sort_column, state.descending, state.filter_text)
        return view

    def _restore_cursor(self, stat_table: StatTable) -> None:
        """Put the cursor back on the row it was on (by label), if that row is shown."""
        table = stat_table.view.table
        state = self._view_states.get((table.path, table.index))
        if state is None or not state.cursor_label:
            return
        row = _row_index(stat_table, state.cursor_label)
        if row is not None:
            stat_table.cursor_row = row

    def _clear(self) -> None:
        # Rows still being listed for another section are no longer wanted.
        self._pending = None
        self.workers.cancel_group(self, "rows")
        self.query_one(TablesPane).remove_children()
        forget_removed_widgets()
        self.tables = []
        self.current_table = None
        self.section = None

    @dataclass
    class _RowsListed(Message):
        """Every row of the pending section's long tables is listed (sent by the worker)."""

        section: Section
        title: str
        empty_hint: str
        focus: bool

    @work(thread=True, exclusive=True, group="rows")
    def _list_rows(
        self, section: Section, tables: list[Table], title: str, empty_hint: str, focus: bool
    ) -> None:
        for table in tables:
            table.browse_rows  # noqa: B018 - computes and keeps them
        if not get_current_worker().is_cancelled:
            self.post_message(self._RowsListed(section, title, empty_hint, focus))

    @on(_RowsListed)
    def _rows_listed(self, message: _RowsListed) -> None:
        # Millions of new cells: out of the cyclic collector's sight too, once shown.
        freeze_heap_soon(self)
        if message.section is self._pending:
            self.show_section(message.section, message.title, message.empty_hint, message.focus)

    # ------------------------------------------------------------------ the user's view

    def set_filter(self, text: str) -> None:
        """Filter the rows of every table of the section by ``text`` (a substring of the label)."""
        for table in self.tables:
            table.view.set_filter(text)
            table.refresh_rows()
            self._remember(table)
        self.post_message(self.ViewChanged(self))

    def _remember(self, table: StatTable) -> None:
        view = table.view
        key = (view.table.path, view.table.index)
        label = table.cursor_label if view.rows else ""
        self._view_states[key] = ViewState(view.sort_column, view.descending, view.filter_text, label)

    @on(StatTable.Focused)
    def _table_focused(self, event: StatTable.Focused) -> None:
        self.current_table = event.table
        self.post_message(self.ViewChanged(self))

    @on(StatTable.SortChanged)
    def _table_sorted(self, event: StatTable.SortChanged) -> None:
        self._remember(event.table)
        self.post_message(self.ViewChanged(self))

    @on(StatTable.CursorMoved)
    def _table_cursor_moved(self, event: StatTable.CursorMoved) -> None:
        if event.table in self.tables:
            self._remember(event.table)
        if self.show_doc:
            self._explain_row(event.table)

    def _explain_row(self, table: StatTable) -> None:
        """The explanation, with the ⓘ text of the row under the cursor added."""
        row = table.cursor_cells
        label = row[0] if row else None
        extra = f"\n\n{label.label}: {label.doc}" if isinstance(label, Doc) else ""
        self.query_one("#doc", Static).update(self._doc + extra)


def _no_tables(section: Section, empty_hint: str) -> str:
    """What stands where a section without tables would show them."""
    subs = section.sections
    if subs:
        names = ", ".join(s.title for s in subs[:40]) + (" …" if len(subs) > 40 else "")
        return f"{len(subs)} sub-sections (open them in the tree): {names}"
    if empty_hint:
        return f"No rows: {empty_hint}"
    return "This section has no rows for this input."


def _row_index(table: StatTable, label: str) -> int | None:
    """The index of the first row labelled ``label`` (any case) in the table's view as shown."""
    want = label.casefold()
    return next((i for i, row in enumerate(table.view.rows) if row[0].text().casefold() == want), None)
