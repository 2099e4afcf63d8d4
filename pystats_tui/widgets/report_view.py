"""The right-hand side of the browser: one benchmark's report, alone or against a base, at one section.

``ReportView`` arranges the findings panel, the section pane, the filter bar
and the status line, and owns what they show together: it loads the report
of what it is told to show (``show``) through its ``ReportLoader``, draws the
section at ``section_path`` (a reactive: set it and the section is drawn),
says in the pane and the status line when a load fails or a run is gone from
disk (``follow_disk``: a renamed run is followed, a changed one read again), keeps
the status line in step with the table under the cursor, routes the filter
bar to the pane, and writes the tables shown as Markdown (``view_text``). It
tells its screen what happened through its own messages: ``Shown`` once a
report is drawn, ``SectionShown`` for every section drawn (its loader's
``Busy`` passes through while a report is on its way).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import report_fields, view_context
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import Report, Section
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.selection import Selection, compared_base, moved, not_compared
from pystats_tui.widgets.filter_bar import FilterBar
from pystats_tui.widgets.findings_panel import FindingsPanel
from pystats_tui.widgets.report_loader import ReportLoader
from pystats_tui.widgets.section_pane import SectionPane
from pystats_tui.widgets.stat_table import StatTable
from pystats_tui.widgets.status_line import StatusLine


class ReportView(Vertical):
    """The findings, the section's tables, the filter bar and the status line of the report shown."""

    DEFAULT_CSS = """
    ReportView { width: 1fr; }
    """

    #: The section shown, as a path of titles.
    section_path: var[tuple[str, ...]] = var(("Execution counts",), init=False)

    @dataclass
    class Shown(Message):
        """A report was drawn: ``head``'s, against a base when ``report.comparing``."""

        head: Selection
        report: Report

    @dataclass
    class SectionShown(Message):
        """A section of ``bench``'s report was drawn."""

        bench: Benchmark
        path: tuple[str, ...]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: What is shown (the head), the base the user marked, what the head is compared with
        #: (the marked run's benchmark of its name), and its report once loaded.
        self.head: Selection | None = None
        self.marked: Selection | None = None
        self.base: Selection | None = None
        self.report: Report | None = None
        #: Why a marked base is not compared with the head ('' when it is, or none is marked).
        self.not_compared = ""
        #: Inputs that failed to load, and sections that could not be computed, as one-line messages.
        self.load_errors: list[str] = []
        #: Give the table the focus once the section on its way is drawn.
        self._focus_table = False

    def compose(self) -> ComposeResult:
        yield FindingsPanel(id="findings")
        yield SectionPane(id="pane")
        yield FilterBar(id="filter")
        yield StatusLine(id="status")
        yield ReportLoader()

    @property
    def pane(self) -> SectionPane:
        return self.query_one(SectionPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def current_table(self) -> StatTable | None:
        """The table that sort, filter and export act on."""
        return self.pane.current_table

    def section(self) -> Section | None:
        return None if self.report is None else self.report.find(self.section_path)

    # ------------------------------------------------------------------ showing a report

    def show(self, head: Selection, marked: Selection | None = None, focus: bool = False) -> None:
        """Show ``head``'s report, keeping the section (and its sort and filter).

        With a base ``marked``, against the marked run's benchmark of the same
        name (``compared_base``), or alone saying why (``not_compared``).
        """
        self.head, self.marked = head, marked
        self.base, self.not_compared = compared_base(marked, head), not_compared(marked, head)
        self._focus_table = self._focus_table or focus
        try:
            report = self.query_one(ReportLoader).load(head, self.base)
        except PystatsError as e:
            self._failed(head, str(e))
            return
        if report is not None:
            self._show_report(head, report)
            return
        self.pane.show_message(f"Loading {head.label} …", loading=True)
        self.pane.set_title(f"Loading {head.label} …")

    def go_to_section(self, path: tuple[str, ...], focus: bool = False, quietly: bool = False) -> None:
        """Show another section of the report (``quietly``: the next ``show`` draws it)."""
        self._focus_table = self._focus_table or focus
        if quietly:
            self.set_reactive(ReportView.section_path, path)
        else:
            self.section_path = path

    def show_message(self, title: str, message: str, status: tuple[str, str] | None = None) -> None:
        """Show a message where the tables were (nothing is shown: a run was removed, none chosen)."""
        self.head, self.report = None, None
        if title:
            self.pane.set_title(title)
        self.pane.show_message(message)
        if status is not None:
            self.status.show(*status)

    def follow_disk(
        self, touched: set[str], gone: dict[str, Run | None], marked: Selection | None, marked_changed: bool
    ) -> None:
        """Files on disk changed: show the benchmark shown as it is now, or say it is gone.

        ``touched``: the runs whose files changed; ``gone``: old path -> the run it
        was renamed to, or None when removed (``Source.rescan``). A renamed run
        is followed to its new directory; a removed run shown says so; the head
        is read again when its run, its base's run or the marked base changed.
        """
        head = self.head
        if head is None:
            return
        if str(head.bench.run.path) in gone:
            now = moved(head, gone)
            if now is None:
                message = f"{head.bench.run.name} is no longer on disk. Choose a run in the tree."
                status = (head.label, "removed from disk")
                self.show_message(f"{head.label}: removed from disk", message, status)
                return
        else:
            base = self.base
            runs = {str(head.bench.run.path), str(base.bench.run.path) if base is not None else ""}
            if not runs & touched and not marked_changed:
                return
            # Shown again from the files as they are now; section, sort, filter and cursor row stay.
            now = Selection(head.source, head.source.current(head.bench))
        self.show(now, marked)

    @on(ReportLoader.Progress)
    def _progress(self, message: ReportLoader.Progress) -> None:
        self.pane.show_progress(message.text)

    @on(ReportLoader.Loaded)
    def _loaded(self, message: ReportLoader.Loaded) -> None:
        if message.head == self.head and message.base == self.base:
            self._show_report(message.head, message.report)

    @on(ReportLoader.Failed)
    def _load_failed(self, message: ReportLoader.Failed) -> None:
        self._failed(message.head, message.message)

    def _failed(self, head: Selection, message: str) -> None:
        if message not in self.load_errors:
            self.load_errors.append(message)
        self.report = None
        self.pane.set_title(f"{head.label}: could not be loaded")
        self.pane.show_message(f"Error: {message}\n\nThe other runs and benchmarks stay browsable.")
        self.status.show(head.label, "error")
        self.notify(message, severity="error", timeout=10)

    def _show_report(self, head: Selection, report: Report) -> None:
        self.report = report
        if report.find(self.section_path) is None:
            self.set_reactive(ReportView.section_path, report.sections[0].path if report.sections else ())
        note = report.problem_note()
        lines = report.warnings + ([f"{note} (w lists them all)"] if note else [])
        marked = self.marked
        if marked is not None and self.base is None and marked.bench.run != head.bench.run:
            run = marked.bench.run.label
            lines.insert(0, f"The base run {run} has no {head.bench.title} data: shown alone, not compared.")
        self.pane.show_warnings(lines)
        self.post_message(self.Shown(head, report))
        self.show_section()

    def watch_section_path(self) -> None:
        self.show_section()

    def show_section(self) -> None:
        """Draw the current section in the pane."""
        section, head = self.section(), self.head
        if section is None or head is None:
            return
        compare = f"  (base: {self.base.label})" if self.base else ""
        title = f"{head.label} › {' › '.join(section.path)}{compare}"
        hint = self.report.warnings[0] if self.report is not None and self.report.warnings else ""
        self.post_message(self.SectionShown(head.bench, section.path))
        self.pane.show_section(section, title, hint, focus=self._focus_table)
        self._focus_table = False

    @on(SectionPane.SectionError)
    def _section_error(self, message: SectionPane.SectionError) -> None:
        if message.message not in self.load_errors:
            self.load_errors.append(message.message)
            self.notify(message.message, severity="error", timeout=10)

    @on(SectionPane.ViewChanged)
    @on(StatTable.CursorMoved)
    @on(StatTable.Fitted)
    def update_status(self) -> None:
        """The status line: the cursor's row label (whole), rows shown, sort, filter, base → head."""
        head = self.head
        if head is None:
            return
        where = f"{head.bench.title} › {' › '.join(self.section_path)}"
        table = self.current_table
        rows = table.view.describe() if table else "no table"
        # A label shortened on screen is shown whole here, for the cursor's row.
        if table is not None and len(table.cursor_label) > table.fit.label_width:
            rows = f"{table.cursor_label} │ {rows}"
        tables = self.pane.tables
        if len(tables) > 1:
            rows += f"; filter and export: all {len(tables)} tables"
        base = self.base
        # The title names the head and the section; the line says first what the title does not:
        # the rows, then the pairing ("vs base …", or why none), and where, if there is room.
        compare = f"vs base {base.label}" if base else self.not_compared
        self.status.show(rows, compare, where)

    # ------------------------------------------------------------------ filter

    def start_filter(self) -> bool:
        """Open the filter bar on the current table; False when there is no table."""
        if self.current_table is None:
            return False
        self.query_one(FilterBar).open(self.current_table.view.filter_text)
        return True

    @on(FilterBar.FilterChanged)
    def _filter_changed(self, message: FilterBar.FilterChanged) -> None:
        self.pane.set_filter(message.text)

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        if self.current_table is not None:
            self.current_table.focus()

    def escape(self) -> None:
        """Close the findings panel first, if it is shown; else clear the filter."""
        panel = self.query_one(FindingsPanel)
        if panel.shown:
            panel.close()
            return
        box, table = self.query_one(FilterBar), self.current_table
        if box.shown or (table is not None and table.view.filter_text):
            box.action_clear()

    # ------------------------------------------------------------------ export

    def view_text(self) -> str | None:
        """The tables shown, after sort and filter, as Markdown (what ``e`` writes and ``y`` copies)."""
        if self.current_table is None or self.head is None:
            return None
        title, lines = view_context(self.head, self.base, self.section_path)
        fields = report_fields(self.head.bench) if self.base is None else None
        return view_markdown([table.view for table in self.pane.tables], title, lines, fields)
