"""The browser screen: it arranges the tree, the section pane and the status line, and routes.

What is shown follows a few reactive attributes: ``marked_base`` (the run
the user compares with), ``section_path`` and ``tree_shown``; ``current`` is
the benchmark shown, and ``base`` the marked run's benchmark of the same name
(like with like, as ``pystats-tui BASE HEAD`` pairs them). Widgets own the
rest: ``ReportLoader`` builds reports and says when they are ready,
``SectionPane`` draws a section and remembers each table's sort and filter,
``FilterBar`` edits the filter, ``ResultsTree`` holds runs, benchmarks and
sections, and ``HealthMarks`` checks runs in the background. Export writes
the core's views of the tables shown, so what is on screen is what is exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import Screen

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.export import report_fields, view_context
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.report import Report, Section
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.selection import Selection, paired_base
from pystats_tui.core.sources import Source
from pystats_tui.disk_watch import DiskWatch
from pystats_tui.health_marks import HealthMarks
from pystats_tui.screens.browser_keys import BROWSER_KEYS
from pystats_tui.screens.exporting import copy_view, export_report, export_view
from pystats_tui.screens.overlays import open_changes, open_history, open_pivot, open_problems
from pystats_tui.widgets import (
    FilterBar,
    FindingsPanel,
    KeyBar,
    ReportLoader,
    ResultsTree,
    SectionPane,
    StatTable,
    StatusLine,
)

if TYPE_CHECKING:
    from pystats_tui.core.changes import HistoryStep
    from pystats_tui.screens.changes import ChangedRow


class BrowserScreen(Screen[None]):
    """Runs, benchmarks and sections on the left; the selected section's tables on the right."""

    DEFAULT_CSS = """
    BrowserScreen { layout: horizontal; }
    BrowserScreen #main { width: 1fr; }
    """

    BINDINGS = BROWSER_KEYS

    #: How often the disk is looked at for new, changed and removed runs and files (seconds).
    RESCAN_EVERY = 2.0

    #: The base the user marked (``b``), or the base input's newest run (``BASE HEAD``).
    marked_base: var[Selection | None] = var(None, init=False)
    #: The section shown, as a path of titles.
    section_path: var[tuple[str, ...]] = var(("Execution counts",), init=False)
    #: Whether the results tree is shown (``t``).
    tree_shown: var[bool] = var(True, init=False)

    def __init__(self, source: Source, base_source: Source | None = None) -> None:
        super().__init__()
        #: The input opened (a results tree, a run, a file).
        self.source = source
        #: When opened as ``pystats-tui BASE HEAD``: the base input, fixed.
        self.fixed_base = base_source
        #: The benchmark shown, and its report once loaded.
        self.current: Selection | None = None
        self.report: Report | None = None
        #: Runs' health: a quick check when a run opens, the full one on ``c``, marks in the tree.
        self.health = HealthMarks(self, source, lambda: self.tree, lambda: self.query_one(FindingsPanel))
        #: Inputs that failed to load while browsing, as one-line messages.
        self.load_errors: list[str] = []
        #: Give the table the focus once the section on its way is drawn (first screen, ], palette).
        self._focus_table = False
        #: The label of the row to put the cursor on once the section on its way is drawn (palette).
        #: The inputs as absolute paths, fixed now: ``.`` stays the run even if the cwd changes.
        self._input_roots = [p.resolve() for p in [source.path] + ([base_source.path] if base_source else [])]
        #: Follows the disk: new, removed and changed runs and files (``r``, and every few seconds).
        sources = [source] + ([base_source] if base_source is not None else [])
        loader = lambda: self.query_one(ReportLoader)  # noqa: E731 - the loader exists once composed
        self.disk = DiskWatch(sources, lambda: self.tree, loader, self.health, self._shown_changed)
        #: Whether the user wants the tree on a wide screen (``t``); a narrow one hides it anyway.
        self._tree_wanted = True
        #: Whether the tree follows what is shown: not while the user moves in the tree itself.
        self._tree_follows = True

    def compose(self) -> ComposeResult:
        yield ResultsTree(self.source, id="tree")
        with Vertical(id="main"):
            yield FindingsPanel(id="findings")
            yield SectionPane(id="pane")
            yield FilterBar(id="filter")
            yield StatusLine(id="status")
        yield KeyBar()
        yield ReportLoader()

    # ------------------------------------------------------------------ the parts

    @property
    def tree(self) -> ResultsTree:
        return self.query_one(ResultsTree)

    @property
    def pane(self) -> SectionPane:
        return self.query_one(SectionPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def tables(self) -> list[StatTable]:
        """The tables of the section shown."""
        return self.pane.tables

    @property
    def current_table(self) -> StatTable | None:
        """The table that sort, filter and export act on."""
        return self.pane.current_table

    def section(self) -> Section | None:
        return None if self.report is None else self.report.find(self.section_path)

    @property
    def base(self) -> Selection | None:
        """What the tables are compared with: the marked base run's benchmark of the head's name."""
        if self.marked_base is None or self.current is None:
            return None
        paired = paired_base(self.marked_base, self.current)
        # A benchmark is not compared with itself: the marked base waits for a head.
        return None if paired is not None and paired.bench == self.current.bench else paired

    def not_compared(self) -> str:
        """Why a marked base is not compared with what is shown ('' when it is, or none is marked)."""
        marked, head = self.marked_base, self.current
        if marked is None or head is None or self.base is not None:
            return ""
        if marked.bench.run == head.bench.run:
            return f"base marked: {marked.bench.run.label}; choose a head to compare"
        return f"not compared: no {head.bench.title} in base {marked.bench.run.label}"

    # ------------------------------------------------------------------ start

    def on_mount(self) -> None:
        if self.fixed_base is not None:
            bench = self.main_benchmark(self.fixed_base.newest_with_data())
            if bench is not None:
                self.set_reactive(BrowserScreen.marked_base, Selection(self.fixed_base, bench))
        problems = self.source.problems
        if problems:
            message = f"{len(problems)} problem(s) while scanning; first: {problems[0]}"
            self.notify(message, severity="warning", timeout=8)
        runs = self.source.runs
        if len(runs) > 1:
            # A tree of a few dozen runs: mark every run's health (no data, errors)
            # in the background once the first screen is drawn.
            self.health.check_all_later(list(runs))
        # The first screen shows data: the newest run that holds some (its plain twin
        # rather than a flagged run of the same commit), merged, at Execution counts.
        bench = self.main_benchmark(self.source.newest_with_data())
        if bench is not None:
            self.jump(Selection(self.source, bench), ("Execution counts",))
        else:
            self.pane.show_message("Choose a run in the tree (enter opens it).")
            self.tree.focus()
        if getattr(self.app, "ready", False):
            self.first_frame_shown()
        # bench_runner keeps writing results: the tree and the tables follow the disk.
        self.set_interval(self.RESCAN_EVERY, self.rescan)

    def first_frame_shown(self) -> None:
        """The app's first frame is on the terminal: the background checks held back may start."""
        self.health.release("first frame")

    # ------------------------------------------------------------------ the tree

    @on(ResultsTree.RunOpened)
    def _run_opened(self, message: ResultsTree.RunOpened) -> None:
        self.health.check(message.run)

    @on(ResultsTree.SectionsWanted)
    def _sections_wanted(self, message: ResultsTree.SectionsWanted) -> None:
        report = self.query_one(ReportLoader).cached_for(message.bench)
        if report is not None:
            self.tree.set_sections(message.bench, report.sections)
        else:
            self.select_bench(Selection(self.source, message.bench))

    @on(ResultsTree.BenchChosen)
    def _bench_chosen(self, message: ResultsTree.BenchChosen) -> None:
        self._tree_follows = False
        self.select_bench(Selection(self.source, message.bench))

    @on(ResultsTree.SectionChosen)
    def _section_chosen(self, message: ResultsTree.SectionChosen) -> None:
        self._tree_follows = False
        self.select_section(Selection(self.source, message.bench), message.path)

    @on(ResultsTree.SectionHighlighted)
    def _section_highlighted(self, message: ResultsTree.SectionHighlighted) -> None:
        # Only the user's own moves in the tree choose the section (not the tree following us).
        if self.tree.has_focus and self.current is not None and message.bench == self.current.bench:
            self._tree_follows = False
            self.section_path = message.path

    @on(ResultsTree.ScreenNarrowed)
    def _screen_narrowed(self, message: ResultsTree.ScreenNarrowed) -> None:
        # Below a width the tables need it all: the tree hides itself (t still shows it);
        # wide again, it is as the user last left it with t.
        self.tree_shown = not message.narrow and self._tree_wanted

    def watch_tree_shown(self, shown: bool) -> None:
        self.tree.set_class(not shown, "-hidden")
        if not shown and self.current_table is not None:
            self.current_table.focus()

    # ------------------------------------------------------------------ what is shown

    def select_bench(self, selection: Selection) -> None:
        """Show a benchmark, keeping the current section (and its sort and filter)."""
        self.current = selection
        self.health.showing(selection.bench.run)
        self._load()

    def select_section(self, selection: Selection, path: tuple[str, ...]) -> None:
        self.set_reactive(BrowserScreen.section_path, path)
        if self.current != selection or self.report is None:
            self.select_bench(selection)
        else:
            self.show_section()

    def watch_marked_base(self) -> None:
        if self.current is not None:
            self._load()

    def watch_section_path(self) -> None:
        self.show_section()

    def _load(self) -> None:
        head, base = self.current, self.base
        assert head is not None
        loader = self.query_one(ReportLoader)
        try:
            report = loader.load(head, base)
        except PystatsError as e:
            self._failed(head, str(e))
            return
        if report is not None:
            self._show_report(head, report)
            return
        # A check loads every benchmark of a run: the report on its way comes first.
        self.health.hold("loading")
        self.pane.show_message(f"Loading {head.label} …", loading=True)
        self.pane.set_title(f"Loading {head.label} …")

    @on(ReportLoader.Progress)
    def _progress(self, message: ReportLoader.Progress) -> None:
        self.pane.show_progress(message.text)

    @on(ReportLoader.Loaded)
    def _loaded(self, message: ReportLoader.Loaded) -> None:
        self.health.release("loading")
        if message.head == self.current and message.base == self.base:
            self._show_report(message.head, message.report)

    @on(ReportLoader.Failed)
    def _load_failed(self, message: ReportLoader.Failed) -> None:
        self.health.release("loading")
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
        # The benchmark's node gets its sections now if it is expanded, else when it is.
        self.tree.set_sections(head.bench, report.sections)
        self.tree.show_changes(head.bench if self.base is not None and report.head is not None else None)
        if report.find(self.section_path) is None:
            self.set_reactive(BrowserScreen.section_path, report.sections[0].path if report.sections else ())
        note = report.problem_note()
        lines = report.warnings + ([f"{note} (w lists them all)"] if note else [])
        if self.not_compared().startswith("not compared"):
            run = self.marked_base.bench.run.label if self.marked_base else ""
            lines.insert(0, f"The base run {run} has no {head.bench.title} data: shown alone, not compared.")
        self.pane.show_warnings(lines)
        self.show_section()

    def show_section(self) -> None:
        """Draw the current section in the pane."""
        section, head = self.section(), self.current
        if section is None or head is None:
            return
        compare = f"  (base: {self.base.label})" if self.base else ""
        title = f"{head.label} › {' › '.join(section.path)}{compare}"
        hint = self.report.warnings[0] if self.report is not None and self.report.warnings else ""
        # The tree follows: the section shown is expanded to and selected (after this frame),
        # but never under the user's hands: while they move in the tree, it does not move.
        if self._tree_follows:
            self.call_after_refresh(self._reveal_in_tree, head.bench, section.path)
        self.pane.show_section(section, title, hint, focus=self._focus_table)
        self._focus_table = False

    def _reveal_in_tree(self, bench: Benchmark, path: tuple[str, ...]) -> None:
        if self.report is not None and self.current is not None and self.current.bench == bench:
            self.tree.reveal_section(bench, self.report.sections, path)

    @on(SectionPane.SectionError)
    def _section_error(self, message: SectionPane.SectionError) -> None:
        if message.message not in self.load_errors:
            self.load_errors.append(message.message)
            self.notify(message.message, severity="error", timeout=10)

    @on(SectionPane.ViewChanged)
    @on(StatTable.CursorMoved)
    @on(StatTable.Fitted)
    def update_status(self) -> None:
        head = self.current
        if head is None:
            return
        where = f"{head.bench.title} › {' › '.join(self.section_path)}"
        table = self.current_table
        rows = table.view.describe() if table else "no table"
        # A label shortened on screen is shown whole here, for the cursor's row.
        if table is not None and len(table.cursor_label) > table.fit.label_width:
            rows = f"{table.cursor_label} │ {rows}"
        if len(self.tables) > 1:
            rows += f"; filter and export: all {len(self.tables)} tables"
        base = self.base
        compare = f"base {base.label} → head {head.label}" if base else self.not_compared()
        self.status.show(rows, where, compare)

    # ------------------------------------------------------------------ filter

    def action_start_filter(self) -> None:
        if self.current_table is None:
            self.notify("No table to filter here.", severity="warning")
            return
        self.query_one(FilterBar).open(self.current_table.view.filter_text)

    @on(FilterBar.FilterChanged)
    def _filter_changed(self, message: FilterBar.FilterChanged) -> None:
        self.pane.set_filter(message.text)

    @on(FilterBar.Closed)
    def _filter_closed(self) -> None:
        if self.current_table is not None:
            self.current_table.focus()

    def action_clear_filter(self) -> None:
        """Escape: close the findings panel first, if it is shown; else clear the filter."""
        panel = self.query_one(FindingsPanel)
        if panel.shown:
            panel.close()
            return
        box, table = self.query_one(FilterBar), self.current_table
        if box.shown or (table is not None and table.view.filter_text):
            box.action_clear()

    # ------------------------------------------------------------------ benchmarks and comparison

    def _step_bench(self, step: int) -> None:
        if self.current is None:
            return
        benches = self.current.bench.run.benchmarks()
        if self.current.bench not in benches:
            return
        i = benches.index(self.current.bench) + step
        if not 0 <= i < len(benches):
            where = "last" if step > 0 else "first"
            self.notify(
                f"{self.current.bench.title} is the {where} benchmark of {self.current.bench.run.label}."
            )
            return
        self._focus_table = self._focus_table or not self.tree.has_focus
        self._tree_follows = True
        self.select_bench(Selection(self.current.source, benches[i]))

    def action_next_bench(self) -> None:
        self._step_bench(1)

    def action_prev_bench(self) -> None:
        self._step_bench(-1)

    def _step_section(self, step: int) -> None:
        """The next or previous section with tables, in the report's order (``}``, ``{``)."""
        if self.report is None:
            return
        paths = [s.path for s in self.report.walk() if not s.sections]
        i = paths.index(self.section_path) + step if self.section_path in paths else 0
        if not 0 <= i < len(paths):
            self.notify(f"{' › '.join(self.section_path)} is the {'last' if step > 0 else 'first'} section.")
            return
        self._focus_table = self._focus_table or not self.tree.has_focus
        self._tree_follows = True
        self.section_path = paths[i]

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_prev_section(self) -> None:
        self._step_section(-1)

    def _tree_selection(self) -> Selection | None:
        """What the tree cursor is on, for ``b``; a run that cannot be listed or has no data says so."""
        try:
            bench = self.tree.benchmark_at_cursor()
        except PystatsError as e:
            self.notify(str(e), severity="error")
            return None
        if bench is None and self.tree.cursor_node is not None and self.tree.cursor_node.data is not None:
            self.notify("No pystats files in the run under the cursor.", severity="warning")
        return Selection(self.source, bench) if bench is not None else None

    def action_mark_base(self) -> None:
        """Mark the run or benchmark under the tree cursor as the base of a comparison."""
        selection = self._tree_selection() if self.tree.has_focus else self.current
        if selection is None:
            return
        if selection.bench.markdown_only:
            message = "This benchmark has only its Markdown report; a comparison needs its data."
            self.notify(message, severity="warning")
            return
        run = selection.bench.run.label
        self.notify(f"Base: {run}. Each benchmark is compared with its namesake there; B leaves comparison.")
        self.marked_base = selection

    def action_leave_compare(self) -> None:
        self.marked_base = None

    # ------------------------------------------------------------------ export

    def roots(self) -> list[Path]:
        """The inputs, which exports never go into (absolute, as they were when opened)."""
        return self._input_roots

    def view_text(self) -> str | None:
        """The current table view as Markdown (what ``e`` writes and ``y`` copies)."""
        if self.current_table is None or self.current is None:
            return None
        base = self.base
        title, lines = view_context(self.current, base, self.section_path)
        fields = report_fields(self.current.bench) if base is None else None
        return view_markdown([table.view for table in self.tables], title, lines, fields)

    def action_export_view(self) -> None:
        export_view(self)

    def action_export_report(self) -> None:
        export_report(self)

    def action_copy_view(self) -> None:
        copy_view(self)

    # ------------------------------------------------------------------ small toggles

    def action_toggle_doc(self) -> None:
        self.pane.show_doc = not self.pane.show_doc

    def action_toggle_tree(self) -> None:
        self.tree_shown = not self.tree_shown
        if not self.tree.narrow:
            self._tree_wanted = self.tree_shown

    # ------------------------------------------------------------------ a live tree

    def rescan(self, say: bool = False) -> None:
        """Look at the disk (cheap: stamps only) and follow what changed there."""
        changes = self.disk.rescan()
        if say:
            self.notify(changes.summary() if changes else "Nothing changed on disk.", title="Rescan")

    def action_rescan(self) -> None:
        """``r``: look at the disk now instead of within the next few seconds."""
        self.rescan(say=True)

    def _shown_changed(self, touched: set[str], gone: dict[str, Run | None]) -> None:
        """Files on disk changed: show the benchmark shown as it is now, or say it is gone.

        A renamed run is followed to its new directory (the marked base too); a
        removed base run ends the comparison; a removed run shown says so.
        """
        marked = self.marked_base
        if marked is not None and str(marked.bench.run.path) in gone:
            moved = self._renamed(marked, gone)
            self.set_reactive(BrowserScreen.marked_base, moved)
            if moved is None:
                self.notify(f"The base run {marked.bench.run.label} is no longer on disk: comparison left.")
        head = self.current
        if head is None:
            return
        if str(head.bench.run.path) in gone:
            moved = self._renamed(head, gone)
            if moved is None:
                self.current, self.report = None, None
                self.pane.set_title(f"{head.label}: removed from disk")
                self.pane.show_message(
                    f"{head.bench.run.name} is no longer on disk. Choose a run in the tree."
                )
                self.status.show(head.label, "removed from disk")
                return
            self.current = moved
        else:
            base = self.base
            runs = {str(head.bench.run.path), str(base.bench.run.path) if base is not None else ""}
            if not runs & touched and marked is self.marked_base:
                return
            # Shown again from the files as they are now; section, sort, filter and cursor row stay.
            self.current = Selection(head.source, head.source.current(head.bench))
        self._load()

    @staticmethod
    def _renamed(selection: Selection, gone: dict[str, Run | None]) -> Selection | None:
        """The same benchmark in its run's new directory, or None when the run was removed."""
        new_run = gone.get(str(selection.bench.run.path))
        try:
            bench = new_run.benchmark(selection.bench.name) if new_run is not None else None
        except PystatsError:
            bench = None
        return Selection(selection.source, bench) if bench is not None else None

    # ------------------------------------------------------------------ pivot, history, health, problems

    def action_pivot(self) -> None:
        """The value under the cursor across every benchmark of the run (``p``)."""
        open_pivot(self)

    def action_history(self) -> None:
        """The value under the cursor across every run with the same flags (``h``); its largest step."""
        open_history(self)

    def action_health(self) -> None:
        """The health panel of the current run (``c``): findings, and marks in the tree."""
        if self.current is not None and self.health.check_fully(self.current.bench.run):
            self.notify(f"Checking {self.current.bench.run.label} …")

    def action_problems(self) -> None:
        """Every file skipped or problem met so far (``w``), on demand."""
        open_problems(self)

    # ------------------------------------------------------------------ what changed

    @on(ResultsTree.ChangesChosen)
    def _changes_chosen(self, message: ResultsTree.ChangesChosen) -> None:
        self.show_changes(Selection(self.source, message.bench))

    def action_changes(self) -> None:
        """What changed between the base and the benchmark shown, ranked (``g``)."""
        self.show_changes()

    def action_bench_moves(self) -> None:
        """The benchmarks of the base run and the run shown, by how far they moved (``G``)."""
        self.show_changes(by_bench=True)

    def show_changes(self, head: Selection | None = None, by_bench: bool = False) -> None:
        """Open the Changes screen of ``head`` (the benchmark shown) against its paired base."""
        open_changes(self, head or self.current, by_bench)

    def show_changed_row(self, row: ChangedRow | None) -> None:
        """Show a row chosen on a Changes screen: its benchmark, section and table, the cursor on it."""
        if row is not None:
            self.pane.place_cursor(row.section, row.table, row.label, row.column)
            self.jump(row.head, row.section)

    def compare_step(self, step: HistoryStep) -> None:
        """Compare a history's step: the run before it becomes the base; the step's run is shown."""
        current = self.current
        if current is None:
            return
        base = self.main_benchmark(step.previous_run)
        head = step.run.benchmark(current.bench.name) or self.main_benchmark(step.run)
        if base is None or head is None:
            return
        # Quietly: the jump below loads the comparison, once (the watcher would load the old head).
        self.set_reactive(BrowserScreen.marked_base, Selection(current.source, base))
        self.notify(f"Base: {step.previous_run.label}; head: {step.run.label} (B leaves comparison).")
        self.jump(Selection(current.source, head), self.section_path)

    # ------------------------------------------------------------------ jumps (palette)

    def jump(self, selection: Selection, path: tuple[str, ...] | None = None, row: str | None = None) -> None:
        """Go to a benchmark (and a section, and a row of its tables), as the command palette asks."""
        run_node = self.tree.run_node(selection.bench.run)
        if run_node is not None:
            self.tree.open_run(run_node)
        node = self.tree.bench_node(selection.bench)
        if node is not None:
            self.tree.select_node_quietly(node)
        if path is not None:
            self.set_reactive(BrowserScreen.section_path, path)
        self._focus_table = self._tree_follows = True
        if row is not None:
            self.pane.place_cursor(path or self.section_path, None, row)
        self.select_bench(selection)

    def main_benchmark(self, run: Run) -> Benchmark | None:
        """A run's merged stats (or first benchmark); a run that cannot be listed says so."""
        try:
            bench = run.main_benchmark()
        except PystatsError as e:
            self.notify(str(e), severity="error")
            return None
        if bench is None:
            self.notify(f"{run.label}: no pystats files in this run", severity="warning")
        return bench
