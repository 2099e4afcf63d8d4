"""The browser screen: it arranges the results tree and the report view, and routes keys and messages.

What is shown follows reactive attributes: ``marked_base`` (the run the user
compares with) and ``tree_shown`` here, ``section_path`` in the report view.
The widgets own the rest: ``ResultsTree`` holds runs, benchmarks and sections
and says what the user chose; ``ReportView`` loads and draws the report of
the benchmark shown (paired with the marked base, like with like), with its
filter bar and status line, and says what it drew; ``HealthMarks`` checks
runs in the background and ``DiskWatch`` follows the disk. Export writes the
core's views of the tables shown, so what is on screen is what is exported.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.reactive import var
from textual.screen import Screen

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.report import Report
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.selection import Selection, bench_beside, moved
from pystats_tui.core.sources import Source
from pystats_tui.disk_watch import DiskWatch
from pystats_tui.health_marks import HealthMarks
from pystats_tui.screens.browser_keys import BROWSER_KEYS
from pystats_tui.screens.exporting import copy_view, export_report, export_view
from pystats_tui.screens.overlays import open_changes, open_history, open_pivot, open_problems
from pystats_tui.widgets import (
    FindingsPanel,
    KeyBar,
    ReportLoader,
    ReportView,
    ResultsTree,
    StatTable,
)


class BrowserScreen(Screen[None]):
    """Runs, benchmarks and sections on the left; the selected section's tables on the right."""

    DEFAULT_CSS = """
    BrowserScreen { layout: horizontal; }
    """

    BINDINGS = BROWSER_KEYS

    #: How often the disk is looked at for new, changed and removed runs and files (seconds).
    RESCAN_EVERY = 2.0

    #: The base the user marked (``b``), or the base input's newest run (``BASE HEAD``).
    marked_base: var[Selection | None] = var(None, init=False)
    #: Whether the results tree is shown (``t``).
    tree_shown: var[bool] = var(True, init=False)

    def __init__(self, source: Source, base_source: Source | None = None) -> None:
        super().__init__()
        #: The input opened (a results tree, a run, a file).
        self.source = source
        #: When opened as ``pystats-tui BASE HEAD``: the base input, fixed.
        self.fixed_base = base_source
        #: Runs' health: a quick check when a run opens, the full one on ``c``, marks in the tree.
        self.health = HealthMarks(self, source, lambda: self.tree, lambda: self.query_one(FindingsPanel))
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
        yield ReportView(id="main")
        yield KeyBar()

    # ------------------------------------------------------------------ the parts, and what they show

    @property
    def tree(self) -> ResultsTree:
        return self.query_one(ResultsTree)

    @property
    def view(self) -> ReportView:
        return self.query_one(ReportView)

    @property
    def tables(self) -> list[StatTable]:
        """The tables of the section shown."""
        return self.view.pane.tables

    @property
    def current_table(self) -> StatTable | None:
        """The table that sort, filter and export act on."""
        return self.view.current_table

    @property
    def current(self) -> Selection | None:
        """The benchmark shown (the head of a comparison)."""
        return self.view.head

    @property
    def base(self) -> Selection | None:
        """What the benchmark shown is compared with: the marked base run's benchmark of its name."""
        return self.view.base

    @property
    def report(self) -> Report | None:
        return self.view.report

    @property
    def section_path(self) -> tuple[str, ...]:
        return self.view.section_path

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
        if len(self.source.runs) > 1:
            # A tree of a few dozen runs: mark every run's health (no data, errors)
            # in the background once the first screen is drawn.
            self.health.check_all_later(list(self.source.runs))
        # The first screen shows data: the newest run that holds some (its plain twin
        # rather than a flagged run of the same commit), merged, at Execution counts.
        bench = self.main_benchmark(self.source.newest_with_data())
        if bench is not None:
            self.jump(Selection(self.source, bench), ("Execution counts",))
        else:
            self.view.show_message("", "Choose a run in the tree (enter opens it).")
            self.tree.focus()
        if getattr(self.app, "ready", False):
            self.first_frame_shown()
        # bench_runner keeps writing results: the tree and the tables follow the disk.
        self.set_interval(self.RESCAN_EVERY, self.rescan)

    def first_frame_shown(self) -> None:
        """The app's first frame is on the terminal: the background checks held back may start."""
        self.health.release("first frame")

    # ------------------------------------------------------------------ the tree says what the user chose

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
        selection = Selection(self.source, message.bench)
        self.view.go_to_section(message.path, quietly=True)
        if self.current != selection or self.report is None:
            self.select_bench(selection)
        else:
            self.view.show_section()

    @on(ResultsTree.SectionHighlighted)
    def _section_highlighted(self, message: ResultsTree.SectionHighlighted) -> None:
        # Only the user's own moves in the tree choose the section (not the tree following us).
        if self.tree.has_focus and self.current is not None and message.bench == self.current.bench:
            self._tree_follows = False
            self.view.go_to_section(message.path)

    @on(ResultsTree.ChangesChosen)
    def _changes_chosen(self, message: ResultsTree.ChangesChosen) -> None:
        open_changes(self, Selection(self.source, message.bench))

    @on(ResultsTree.ScreenNarrowed)
    def _screen_narrowed(self, message: ResultsTree.ScreenNarrowed) -> None:
        # Below a width the tables need it all: the tree hides itself (t still shows it);
        # wide again, it is as the user last left it with t.
        self.tree_shown = not message.narrow and self._tree_wanted

    def watch_tree_shown(self, shown: bool) -> None:
        self.tree.set_class(not shown, "-hidden")
        if not shown and self.current_table is not None:
            self.current_table.focus()

    # ------------------------------------------------------------------ the view says what it drew

    @on(ReportLoader.Busy)
    def _busy(self, message: ReportLoader.Busy) -> None:
        # A check loads every benchmark of a run: the report on its way comes first.
        (self.health.hold if message.busy else self.health.release)("loading")

    @on(ReportView.Shown)
    def _shown(self, message: ReportView.Shown) -> None:
        # The benchmark's node gets its sections now if it is expanded, else when it is.
        self.tree.set_sections(message.head.bench, message.report.sections)
        self.tree.show_changes(message.head.bench if message.report.comparing else None)

    @on(ReportView.SectionShown)
    def _section_shown(self, message: ReportView.SectionShown) -> None:
        # The tree follows: the section shown is expanded to and selected (after this frame),
        # but never under the user's hands: while they move in the tree, it does not move.
        if self._tree_follows:
            self.call_after_refresh(self._reveal_in_tree, message.bench, message.path)

    def _reveal_in_tree(self, bench: Benchmark, path: tuple[str, ...]) -> None:
        if self.report is not None and self.current is not None and self.current.bench == bench:
            self.tree.reveal_section(bench, self.report.sections, path)

    # ------------------------------------------------------------------ benchmarks, sections, comparison

    def select_bench(self, selection: Selection, focus: bool = False) -> None:
        """Show a benchmark, keeping the current section (and its sort and filter)."""
        self.health.showing(selection.bench.run)
        self.view.show(selection, self.marked_base, focus)

    def watch_marked_base(self) -> None:
        if self.current is not None:
            self.view.show(self.current, self.marked_base)

    def _step_bench(self, step: int) -> None:
        head = self.current
        if head is None or head.bench not in head.bench.run.benchmarks():
            return
        beside = bench_beside(head, step)
        if beside is None:
            where = "last" if step > 0 else "first"
            self.notify(f"{head.bench.title} is the {where} benchmark of {head.bench.run.label}.")
            return
        self._tree_follows = True
        self.select_bench(beside, focus=not self.tree.has_focus)

    def action_next_bench(self) -> None:
        self._step_bench(1)

    def action_prev_bench(self) -> None:
        self._step_bench(-1)

    def _step_section(self, step: int) -> None:
        """The next or previous section with tables, in the report's order (``}``, ``{``)."""
        if self.report is None:
            return
        path = self.report.section_beside(self.section_path, step)
        if path is None:
            self.notify(f"{' › '.join(self.section_path)} is the {'last' if step > 0 else 'first'} section.")
            return
        self._tree_follows = True
        self.view.go_to_section(path, focus=not self.tree.has_focus)

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_prev_section(self) -> None:
        self._step_section(-1)

    def action_mark_base(self) -> None:
        """Mark the run or benchmark under the tree cursor (or the one shown) as the base of a comparison."""
        selection = self.tree.cursor_selection() if self.tree.has_focus else self.current
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

    # ------------------------------------------------------------------ filter, export, small toggles

    def action_start_filter(self) -> None:
        if not self.view.start_filter():
            self.notify("No table to filter here.", severity="warning")

    def action_clear_filter(self) -> None:
        """Escape: close the findings panel first, if it is shown; else clear the filter."""
        self.view.escape()

    def roots(self) -> list[Path]:
        """The inputs, which exports never go into (absolute, as they were when opened)."""
        return self._input_roots

    def view_text(self) -> str | None:
        """The current table view as Markdown (what ``e`` writes and ``y`` copies)."""
        return self.view.view_text()

    def action_export_view(self) -> None:
        export_view(self)

    def action_export_report(self) -> None:
        export_report(self)

    def action_copy_view(self) -> None:
        copy_view(self)

    def action_toggle_doc(self) -> None:
        self.view.pane.show_doc = not self.view.pane.show_doc

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
        """Files on disk changed: the marked base follows its run's renaming (or ends); the view follows."""
        marked = self.marked_base
        if marked is not None and str(marked.bench.run.path) in gone:
            self.set_reactive(BrowserScreen.marked_base, moved(marked, gone))
            if self.marked_base is None:
                self.notify(f"The base run {marked.bench.run.label} is no longer on disk: comparison left.")
        self.view.follow_disk(touched, gone, self.marked_base, marked is not self.marked_base)

    # ------------------------------------------------------------------ pivot, history, health, changes

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

    def action_changes(self) -> None:
        """What changed between the base and the benchmark shown, ranked (``g``)."""
        open_changes(self, self.current)

    def action_bench_moves(self) -> None:
        """The benchmarks of the base run and the run shown, by how far they moved (``G``)."""
        open_changes(self, self.current, by_bench=True)

    # ------------------------------------------------------------------ jumps (palette, first screen)

    def jump(
        self,
        selection: Selection,
        path: tuple[str, ...] | None = None,
        row: str | None = None,
        base: Selection | None = None,
    ) -> None:
        """Go to a benchmark (and a section, a row of its tables, a new base), as the palette asks."""
        if base is not None:
            # Quietly: the comparison is loaded below, once (the watcher would load the old head).
            self.set_reactive(BrowserScreen.marked_base, base)
        self.tree.go_to_bench(selection.bench)
        if path is not None:
            self.view.go_to_section(path, quietly=True)
        self._tree_follows = True
        if row is not None:
            self.view.pane.place_cursor(path or self.section_path, None, row)
        self.select_bench(selection, focus=True)

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
