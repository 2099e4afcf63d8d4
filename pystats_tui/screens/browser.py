"""The browser screen: the results tree, the selected section's tables, and every action.

The screen owns what is selected (benchmark, section, base) and asks the core
for reports (built in a worker thread, so loading never freezes the screen);
the widgets only draw. Sort and filter act on the core's ``TableView``, and
export writes that same view, so what is on screen is what is exported.
"""

from __future__ import annotations

import gc
import stat
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, LoadingIndicator, Static, Tree

from pystats_tui.core.cells import Doc
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import report_export_stem, view_context, view_export_stem
from pystats_tui.core.markdown import report_markdown, view_markdown
from pystats_tui.core.output import write_export
from pystats_tui.core.report import Report, Section
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.sources import Benchmark, Run, Source
from pystats_tui.core.table_view import TableView
from pystats_tui.health_marks import HealthMarks
from pystats_tui.widgets import KeyBar, NodeRef, ResultsTree, StatTable, StatusLine

if TYPE_CHECKING:
    from pystats_tui.core.health import Finding


@dataclass
class ViewState:
    """The sort and filter of one table, kept when moving to another benchmark."""

    sort_column: int | None
    descending: bool
    filter_text: str


class TablesPane(VerticalScroll, can_focus=False):
    """Holds the section's tables; tab goes to the tables themselves, not to this pane."""


class BrowserScreen(Screen[None]):
    """Runs, benchmarks and sections on the left; the selected section's tables on the right."""

    DEFAULT_CSS = """
    BrowserScreen { layout: horizontal; }
    BrowserScreen #main { width: 1fr; }
    BrowserScreen #title { height: auto; padding: 0 1; background: $primary; color: $text; text-style: bold; }
    BrowserScreen #warnings { height: auto; padding: 0 1; background: $warning 30%; color: $text; }
    BrowserScreen #warnings.-empty { display: none; }
    BrowserScreen #doc { height: auto; max-height: 12; padding: 0 1; color: $text-muted; background: $boost; }
    BrowserScreen #doc.-hidden { display: none; }
    BrowserScreen #tables { height: 1fr; }
    BrowserScreen .message { height: auto; padding: 1 2; color: $text-muted; }
    BrowserScreen #filter { dock: bottom; height: 3; display: none; }
    BrowserScreen #filter.-shown { display: block; }
    BrowserScreen .table-caption { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("slash", "start_filter", "Filter", id="browser.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="browser.clear_filter"),
        Binding("right_square_bracket", "next_bench", "Next bench", key_display="]", id="browser.next_bench"),
        Binding(
            "left_square_bracket",
            "prev_bench",
            "Prev bench",
            key_display="[",
            show=False,
            id="browser.prev_bench",
        ),
        Binding("b", "mark_base", "Base", id="browser.mark_base"),
        Binding("B", "leave_compare", "Leave compare", show=False, id="browser.leave_compare"),
        Binding("e", "export_view", "Export", id="browser.export_view"),
        Binding("E", "export_report", "Export report", show=False, id="browser.export_report"),
        Binding("y", "copy_view", "Copy", show=False, id="browser.copy_view"),
        Binding("i", "toggle_doc", "Explain", show=False, id="browser.toggle_doc"),
        Binding("t", "toggle_tree", "Tree", show=False, id="browser.toggle_tree"),
        Binding("p", "pivot", "Pivot", show=False, id="browser.pivot"),
        Binding("h", "history", "History", show=False, id="browser.history"),
        Binding("c", "health", "Health", show=False, id="browser.health"),
        Binding("w", "problems", "Problems", show=False, id="browser.problems"),
    ]

    def __init__(self, source: Source, base_source: Source | None = None) -> None:
        super().__init__()
        self.source = source
        #: When opened as ``pystats-tui BASE HEAD``: the base input, fixed.
        self.fixed_base = base_source
        self.base: Selection | None = None
        self.current: Selection | None = None
        self.report: Report | None = None
        self.section_path: tuple[str, ...] = ("Execution counts",)
        self.tables: list[StatTable] = []
        self.current_table: StatTable | None = None
        self.view_states: dict[tuple[tuple[str, ...], int], ViewState] = {}
        self._reports: OrderedDict[tuple, Report] = OrderedDict()
        self._show_request = 0
        #: Runs' health: a quick check when a run opens, the full one on ``c``, marks in the tree.
        self.health = HealthMarks(self, source, lambda: self.tree, self._show_health_panel)
        #: Inputs that failed to load while browsing, as one-line messages.
        self.load_errors: list[str] = []
        #: True while the base follows the head's benchmark (``pystats-tui BASE HEAD``).
        self.follow_base = base_source is not None
        self._section_doc = ""
        self._freeze_timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield ResultsTree(self.source, id="tree")
        with Vertical(id="main"):
            yield Static("pystats-tui", id="title")
            yield Static("", id="warnings", classes="-empty")
            yield Static("", id="doc", classes="-hidden")
            yield TablesPane(id="tables")
            yield Input(
                placeholder="filter rows (substring of the label); enter keeps, escape clears", id="filter"
            )
            yield StatusLine(id="status")
        yield KeyBar()

    @property
    def tree(self) -> ResultsTree:
        return self.query_one(ResultsTree)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        if self.fixed_base is not None:
            bench = self._main_benchmark(self.fixed_base.newest_with_data())
            if bench is not None:
                self.base = Selection(self.fixed_base, bench)
        problems = self.source.problems
        if problems:
            self.notify(
                f"{len(problems)} problem(s) while scanning; first: {problems[0]}",
                severity="warning",
                timeout=8,
            )
        runs = self.source.runs
        if len(runs) == 1:
            run = runs[0]
            benches = run.benchmarks()
            if benches:
                self.select_bench(Selection(self.source, benches[0]))
        else:
            self.set_message("Choose a run in the tree (enter opens it).")
            # A tree of a few dozen runs: mark every run's health (no data, errors)
            # in the background once the first screen is drawn.
            self.health.check_all_later(list(runs))
        self.tree.focus()
        if getattr(self.app, "ready", False):
            self.first_frame_shown()

    def first_frame_shown(self) -> None:
        """The app's first frame is on the terminal: the background checks held back may start.

        They share the interpreter with the drawing, so starting them before the
        first frame would only delay it.
        """
        self.health.release("first frame")

    # ------------------------------------------------------------------ tree events

    @on(Tree.NodeExpanded)
    def on_tree_node_expanded_ref(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.kind == "run":
            if not event.node.children:
                self.tree.open_run(event.node)
            self.health.check(ref.run)
        elif ref is not None and ref.kind == "bench" and not event.node.children:
            assert ref.bench is not None
            report = self._cached_report(ref.bench)
            if report is not None:
                self.tree.set_sections(ref.bench, report.sections)
            else:
                self.select_bench(Selection(self.source, ref.bench))

    @on(Tree.NodeSelected)
    def on_tree_node_selected_ref(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is None:
            return
        if ref.kind == "run":
            self.tree.open_run(event.node)
        elif ref.kind == "bench":
            self.select_bench(Selection(self.source, ref.bench))  # type: ignore[arg-type]
        elif ref.kind == "section":
            self.select_section(Selection(self.source, ref.bench), ref.path)  # type: ignore[arg-type]

    @on(Tree.NodeHighlighted)
    def on_tree_node_highlighted_ref(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.kind == "section" and self.current and ref.bench == self.current.bench:
            self.section_path = ref.path
            self.show_section()

    # ------------------------------------------------------------------ loading

    def select_bench(self, selection: Selection) -> None:
        """Show a benchmark, keeping the current section (and its sort and filter)."""
        self.current = selection
        if self.follow_base and self.fixed_base is not None and self.base is not None:
            # pystats-tui BASE HEAD: compare each benchmark with the base's benchmark of that name.
            same = self.base.bench.run.benchmark(selection.bench.name)
            if same is not None and not same.markdown_only:
                self.base = Selection(self.fixed_base, same)
        self.load_report(selection, self.base)

    def select_section(self, selection: Selection, path: tuple[str, ...]) -> None:
        self.section_path = path
        if self.current != selection or self.report is None:
            self.select_bench(selection)
        else:
            self.show_section()

    def _report_key(self, head: Selection, base: Selection | None) -> tuple:
        return (head.bench.key, base.bench.key if base else None)

    def _cached_report(self, bench: Benchmark) -> Report | None:
        """A report of this benchmark that is at hand (alone or compared), for its sections."""
        for (head_key, _base_key), report in reversed(self._reports.items()):
            if head_key == bench.key:
                return report
        return None

    def load_report(self, head: Selection, base: Selection | None) -> None:
        key = self._report_key(head, base)
        cached = self._reports.get(key)
        if cached is not None:
            self._reports.move_to_end(key)
            self._report_ready(head, base, cached)
            return
        self._show_request += 1
        # A check loads every benchmark of a run: the report on its way comes first.
        self.health.hold("loading")
        if not self._reports and base is None and _small(head.bench):
            # The first screen: a small input builds faster here than in a worker thread
            # that shares the interpreter with the first frame being drawn.
            self._build_now(head, self._show_request)
            return
        self.set_message(f"Loading {head.label} …", loading=True)
        self.query_one("#title", Static).update(f"Loading {head.label} …")
        self._build_report(head, base, self._show_request)

    def _build_now(self, head: Selection, request: int) -> None:
        try:
            report = open_report(head)
        except Exception as e:  # noqa: BLE001 - never a traceback on screen
            self._report_failed(head, _failure(head, e), request)
            return
        self._report_loaded(head, None, report, request)

    @work(thread=True, exclusive=True, group="load")
    def _build_report(self, head: Selection, base: Selection | None, request: int) -> None:
        last = [0.0]

        def progress(what: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.1 or done == total:
                last[0] = now
                self.app.call_from_thread(self._show_progress, head, what, done, total, request)

        try:
            # Every section is built here, so that none is built on the screen's thread later.
            report = open_report(head, base, progress).complete()
        except Exception as e:  # noqa: BLE001 - never let a traceback reach the screen
            self.app.call_from_thread(self._report_failed, head, _failure(head, e), request)
            return
        self.app.call_from_thread(self._report_loaded, head, base, report, request)

    def _show_progress(self, head: Selection, what: str, done: int, total: int, request: int) -> None:
        """Say how far a large input has loaded (bytes read, or raw files summed)."""
        if request != self._show_request:
            return
        if what == "read":
            text = f"Loading {head.label}: read {done / 1e6:,.0f} of {total / 1e6:,.0f} MB"
            if done == total:
                text += "; decoding …"
        else:
            text = f"Loading {head.label}: {done:,} of {total:,} raw files"
        for message in self.query(".message").results(Static):
            message.update(text)
            break

    def _done_loading(self) -> None:
        self.health.release("loading")

    def _report_loaded(self, head: Selection, base: Selection | None, report: Report, request: int) -> None:
        self._done_loading()
        self._reports[self._report_key(head, base)] = report
        while len(self._reports) > 6:
            self._reports.popitem(last=False)
        if request == self._show_request:
            self._report_ready(head, base, report)

    def _report_failed(self, head: Selection, message: str, request: int) -> None:
        self._done_loading()
        if message not in self.load_errors:
            self.load_errors.append(message)
        if request != self._show_request:
            return
        self.report = None
        self.query_one("#title", Static).update(f"{head.label}: could not be loaded")
        self.set_message(f"Error: {message}\n\nThe other runs and benchmarks stay browsable.")
        self.status.show(head.label, "error")
        self.notify(message, severity="error", timeout=10)

    def _report_ready(self, head: Selection, base: Selection | None, report: Report) -> None:
        self.report = report
        # A report is many small objects: once it is shown, take them out of the cyclic
        # collector's sight so its full passes do not stall scrolling (once per report,
        # a second after the last one, not on every section change).
        self._freeze_soon()
        # The benchmark's node gets its sections now if it is expanded, else when it is.
        self.tree.set_sections(head.bench, report.sections)
        if report.find(self.section_path) is None:
            self.section_path = report.sections[0].path if report.sections else ()
        warnings = self.query_one("#warnings", Static)
        note = report.problem_note()
        lines = report.warnings + ([f"{note} (w lists them all)"] if note else [])
        warnings.update("\n".join(f"⚠ {w}" for w in lines))
        warnings.set_class(not lines, "-empty")
        self.show_section()

    def _freeze_soon(self) -> None:
        """Freeze the heap a second after the last large build (a report, a full pair list)."""
        if self._freeze_timer is not None:
            self._freeze_timer.stop()
        self._freeze_timer = self.set_timer(1.0, _freeze_heap)

    # ------------------------------------------------------------------ the right pane

    def _clear_tables(self) -> None:
        self.query_one("#tables", TablesPane).remove_children()
        _forget_removed_widgets()

    def set_message(self, text: str, loading: bool = False) -> None:
        container = self.query_one("#tables", TablesPane)
        self._clear_tables()
        widgets: list = [Static(text, classes="message")]
        if loading:
            widgets.append(LoadingIndicator())
        container.mount_all(widgets)
        self.tables = []
        self.current_table = None

    @work(thread=True, exclusive=True, group="rows")
    def _list_rows(self, tables: list, request: int) -> None:
        for table in tables:
            table.browse_rows  # noqa: B018 - computes and keeps them
        # Millions of new cells: out of the cyclic collector's sight too, once shown.
        self.app.call_from_thread(self._freeze_soon)
        if request == self._show_request:
            self.app.call_from_thread(self.show_section)

    def section(self) -> Section | None:
        return None if self.report is None else self.report.find(self.section_path)

    def show_section(self) -> None:
        """Draw the current section's tables, with their remembered sort and filter."""
        section = self.section()
        head = self.current
        if section is None or head is None:
            return
        pending = [t for t in section.tables if t.more is not None]
        if section.error and section.error not in self.load_errors:
            self.load_errors.append(section.error)
            self.notify(section.error, severity="error", timeout=10)
        if pending:
            # Every pair of a large input can be millions of rows: list them off the UI thread.
            self.set_message(f"Listing every row of {' › '.join(section.path)} …", loading=True)
            self._list_rows(pending, self._show_request)
            return
        compare = f"  (base: {self.base.label})" if self.base else ""
        self.query_one("#title", Static).update(f"{head.label} › {' › '.join(section.path)}{compare}")
        self._section_doc = (section.summary + "\n" + section.doc.strip()).strip()
        self.query_one("#doc", Static).update(self._section_doc)
        container = self.query_one("#tables", TablesPane)
        had_focus = self.current_table is not None and self.current_table.has_focus
        self._clear_tables()
        self.tables = []
        widgets = []
        if section.note:
            widgets.append(Static(section.note, classes="message"))
        tables = section.tables
        for table in tables:
            if len(tables) > 1:
                widgets.append(Static(f"Table {table.index + 1} of {len(tables)}", classes="table-caption"))
            view = TableView(table)
            state = self.view_states.get((section.path, table.index))
            if state is not None:
                view.apply(state.sort_column, state.descending, state.filter_text)
            stat_table = StatTable(view, classes="-fill" if len(tables) == 1 else "")
            self.tables.append(stat_table)
            widgets.append(stat_table)
        if not tables and not section.note:
            subs = section.sections
            if subs:
                names = ", ".join(s.title for s in subs[:40]) + (" …" if len(subs) > 40 else "")
                text = f"{len(subs)} sub-sections (open them in the tree): {names}"
            elif self.report is not None and self.report.warnings:
                text = "No rows: " + self.report.warnings[0]
            else:
                text = "This section has no rows for this input."
            widgets.append(Static(text, classes="message"))
        container.mount_all(widgets)
        self.current_table = self.tables[0] if self.tables else None
        if had_focus and self.current_table is not None:
            self.current_table.focus()
        self.update_status()

    def update_status(self) -> None:
        head = self.current
        if head is None:
            return
        where = f"{head.bench.title} › {' › '.join(self.section_path)}"
        rows = self.current_table.view.describe() if self.current_table else "no table"
        compare = f"comparing with base {self.base.label}" if self.base else ""
        self.status.show(rows, where, compare)

    @on(StatTable.CursorMoved)
    def on_table_cursor_moved(self, event: StatTable.CursorMoved) -> None:
        """With the explanation shown (``i``), add the ⓘ text of the row under the cursor."""
        doc = self.query_one("#doc", Static)
        if doc.has_class("-hidden"):
            return
        row = event.table.cursor_cells
        label = row[0] if row else None
        extra = f"\n\n{label.label}: {label.doc}" if isinstance(label, Doc) else ""
        doc.update(self._section_doc + extra)

    @on(StatTable.Focused)
    def on_table_focused(self, event: StatTable.Focused) -> None:
        self.current_table = event.table
        self.update_status()

    @on(StatTable.SortChanged)
    def on_table_sorted(self, event: StatTable.SortChanged) -> None:
        self._remember(event.table)
        self.update_status()

    def _remember(self, table: StatTable) -> None:
        v = table.view
        self.view_states[(v.table.path, v.table.index)] = ViewState(
            v.sort_column, v.descending, v.filter_text
        )

    # ------------------------------------------------------------------ filter

    def action_start_filter(self) -> None:
        if self.current_table is None:
            self.notify("No table to filter here.", severity="warning")
            return
        box = self.query_one("#filter", Input)
        box.value = self.current_table.view.filter_text
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        table = self.current_table
        if table is None:
            return
        table.view.set_filter(event.value)
        table.refresh_rows()
        self._remember(table)
        self.update_status()

    @on(Input.Submitted, "#filter")
    def on_filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#filter", Input).remove_class("-shown")
        if self.current_table is not None:
            self.current_table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("-shown")
        table = self.current_table
        if table is not None:
            table.view.set_filter("")
            table.refresh_rows()
            self._remember(table)
            table.focus()
            self.update_status()

    # ------------------------------------------------------------------ benchmarks and comparison

    def _step_bench(self, step: int) -> None:
        if self.current is None:
            return
        benches = self.current.bench.run.benchmarks()
        try:
            i = benches.index(self.current.bench)
        except ValueError:
            return
        target = benches[(i + step) % len(benches)]
        node = self.tree.bench_node(target)
        if node is not None:
            self.tree.select_node_quietly(node)
        self.select_bench(Selection(self.current.source, target))

    def action_next_bench(self) -> None:
        self._step_bench(1)

    def action_prev_bench(self) -> None:
        self._step_bench(-1)

    def _tree_selection(self) -> Selection | None:
        node = self.tree.cursor_node
        ref = node.data if node is not None else None
        if ref is None:
            return self.current
        if ref.kind == "run":
            bench = self._main_benchmark(ref.run)
            return Selection(self.source, bench) if bench is not None else None
        return Selection(self.source, ref.bench) if ref.bench is not None else self.current

    def action_mark_base(self) -> None:
        """Mark the run or benchmark under the tree cursor as the base of a comparison."""
        selection = self._tree_selection() if self.tree.has_focus else self.current
        if selection is None:
            return
        if selection.bench.markdown_only:
            self.notify(
                "This benchmark has only its Markdown report; a comparison needs its data.",
                severity="warning",
            )
            return
        self.base = selection
        self.follow_base = False
        self.notify(f"Base: {selection.label}. Select a head to compare; B leaves comparison.")
        if self.current is not None:
            self.load_report(self.current, self.base)

    def action_leave_compare(self) -> None:
        if self.base is None:
            return
        self.base = None
        self.follow_base = False
        if self.current is not None:
            self.load_report(self.current, None)

    # ------------------------------------------------------------------ export

    def view_text(self) -> str | None:
        """The current table view as Markdown (what ``e`` writes and ``y`` copies)."""
        if self.current_table is None or self.current is None:
            return None
        title, lines = view_context(self.current, self.base, self.section_path)
        return view_markdown(self.current_table.view, title, lines)

    def _write(self, stem: str, text: str) -> Path | None:
        try:
            path = write_export(stem, text, self._roots())
        except PystatsError as e:
            self.notify(f"Export failed: {e}", severity="error")
            return None
        self.notify(f"Wrote {path}", title="Exported")
        return path

    def action_export_view(self) -> None:
        text = self.view_text()
        if text is None or self.current is None:
            self.notify("No table to export here.", severity="warning")
            return
        table = self.current_table
        index = table.view.table.index if table is not None and len(self.tables) > 1 else None
        self._write(view_export_stem(self.current, self.base, self.section_path, index), text)

    def action_export_report(self) -> None:
        if self.report is None or self.current is None:
            self.notify("Nothing loaded to export.", severity="warning")
            return
        self._write(report_export_stem(self.current, self.base), report_markdown(self.report))

    def action_copy_view(self) -> None:
        text = self.view_text()
        if text is None:
            self.notify("No table to copy here.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied {self.current_table.view.shown if self.current_table else 0} rows as Markdown (OSC 52)."
        )

    # ------------------------------------------------------------------ small toggles

    def action_toggle_doc(self) -> None:
        self.query_one("#doc", Static).toggle_class("-hidden")

    def action_toggle_tree(self) -> None:
        tree = self.tree
        tree.toggle_class("-hidden")
        if tree.has_class("-hidden") and self.current_table is not None:
            self.current_table.focus()

    # ------------------------------------------------------------------ pivot, history, health

    def _address(self) -> object | None:
        from pystats_tui.core.pivot import StatAddress

        table = self.current_table
        row = table.cursor_cells if table is not None else None
        if table is None or row is None:
            self.notify("Move to a row of a table first.", severity="warning")
            return None
        return StatAddress.of(table.view.table, row, table.cursor_column, self.section())

    def _roots(self) -> list[Path]:
        return [self.source.path] + ([self.fixed_base.path] if self.fixed_base else [])

    def action_pivot(self) -> None:
        """The value under the cursor across every benchmark of the run (``p``)."""
        address = self._address()
        if address is None or self.current is None:
            return
        base = (self.base.source, self.base.bench.run) if self.base is not None else None
        self.notify(f"Pivot of {address} across the benchmarks …")
        self._series("pivot", address, base)

    def action_history(self) -> None:
        """The value under the cursor across every run with the same flags (``h``)."""
        address = self._address()
        if address is None or self.current is None:
            return
        self.notify(f"History of {address} across runs …")
        self._series("history", address, None)

    @work(thread=True, exclusive=True, group="series")
    def _series(self, kind: str, address: object, base: object) -> None:
        from pystats_tui.core import pivot

        current = self.current
        assert current is not None
        try:
            if kind == "pivot":
                table = pivot.pivot_table(current.source, current.bench.run, address, base)  # type: ignore[arg-type]
            else:
                flags = current.bench.run.flag_group
                table = pivot.history_table(current.source, address, flags, bench=current.bench.name)  # type: ignore[arg-type]
        except PystatsError as e:
            self.app.call_from_thread(self.notify, str(e), severity="error", timeout=8)
            return
        except Exception as e:  # noqa: BLE001 - never a traceback on screen
            self.app.call_from_thread(self.notify, f"{type(e).__name__}: {e}", severity="error")
            return
        self.app.call_from_thread(self._show_series, table)

    def _show_series(self, table: object) -> None:
        from pystats_tui.screens.series import SeriesScreen

        self.app.push_screen(SeriesScreen(table, self._roots()))  # type: ignore[arg-type]

    def action_health(self) -> None:
        """The health panel of the current run (``c``): findings, and marks in the tree."""
        if self.current is None:
            return
        run = self.current.bench.run
        if self.health.check_fully(run):
            self.notify(f"Checking {run.label} …")

    def _show_health_panel(self, run: Run, findings: list[Finding]) -> None:
        from pystats_tui.core.health import format_findings

        panel = self.query_one("#warnings", Static)
        panel.update(f"Health of {run.label}:\n{format_findings(findings).rstrip()}")
        panel.remove_class("-empty")

    def action_problems(self) -> None:
        """Every file skipped or problem met so far (``w``), on demand."""
        from pystats_tui.screens.problems import ProblemsScreen

        lines = [str(p) for p in self.source.problems]
        lines += [str(p) for p in self.source.loaded_problems]
        if self.fixed_base is not None:
            lines += [str(p) for p in self.fixed_base.problems + self.fixed_base.loaded_problems]
        lines += self.load_errors
        self.app.push_screen(ProblemsScreen(lines))

    # ------------------------------------------------------------------ jumps (palette)

    def jump(self, selection: Selection, path: tuple[str, ...] | None = None) -> None:
        """Go to a benchmark (and a section), as the command palette asks."""
        run_node = self.tree.run_node(selection.bench.run)
        if run_node is not None:
            self.tree.open_run(run_node)
        node = self.tree.bench_node(selection.bench)
        if node is not None:
            self.tree.select_node_quietly(node)
        if path is not None:
            self.section_path = path
        self.select_bench(selection)

    def _main_benchmark(self, run: Run) -> Benchmark | None:
        """A run's merged stats (or first benchmark); a run that cannot be listed says so."""
        try:
            bench = run.main_benchmark()
        except PystatsError as e:
            self.notify(str(e), severity="error")
            return None
        if bench is None:
            self.notify(f"{run.label}: no pystats files in this run", severity="warning")
        return bench

    def jump_run(self, run: Run) -> None:
        """Open a run and show its merged stats (or its first benchmark)."""
        bench = self._main_benchmark(run)
        if bench is not None:
            self.jump(Selection(self.source, bench))

    def jump_to_opcode(self, name: str) -> None:
        """Show the opcode's family section when it has one, else its execution count row."""
        if self.current is None or self.report is None:
            return
        family = ("Specialization stats", name)
        if self.report.find(family) is not None:
            self.section_path = family
            self.show_section()
            return
        self.section_path = ("Execution counts",)
        self.show_section()
        table = self.current_table
        if table is not None:
            for i, row in enumerate(table.view.rows):
                if row[0].text() == name:
                    table.cursor_row = i
                    break
            table.focus()


def _failure(head: Selection, error: Exception) -> str:
    """One line for a report that could not be built (the error's own line when it is ours)."""
    if isinstance(error, PystatsError):
        return str(error)
    return f"{head.label}: {type(error).__name__}: {error}"


#: Inputs up to this size build their first report without a worker thread.
SMALL_INPUT = 2_000_000


def _small(bench: Benchmark) -> bool:
    path = bench.data_path or bench.md
    try:
        info = path.stat() if path is not None else None
    except OSError:
        return False
    return info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= SMALL_INPUT


def _forget_removed_widgets() -> None:
    """Work around Textual keeping removed widgets' line caches alive (textual#6665)."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):
        pass


def _freeze_heap() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


__all__ = ["BrowserScreen"]
