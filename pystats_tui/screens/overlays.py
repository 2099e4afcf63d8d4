"""The screens the browser opens over itself, from what it shows: pivot, history, what changed, problems.

Each function reads the browser's public state (the benchmark shown, the
base, the table and cursor) and pushes its screen; the browser's key only
calls it. Their computations run in the pushed screen's own worker. What
comes back goes back through the browser's public ``jump``: a row chosen on
a Changes screen (``show_changed_row``), a history's step to compare
(``compare_step``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from pystats_tui.core.selection import Selection, compared_base, not_compared

if TYPE_CHECKING:
    from pystats_tui.core.address import StatAddress
    from pystats_tui.core.history import HistoryStep
    from pystats_tui.screens.browser import BrowserScreen
    from pystats_tui.screens.changes import ChangedRow


def stat_address(browser: BrowserScreen) -> StatAddress | None:
    """The address of the value under the table cursor, or None (and say so) when there is none."""
    from pystats_tui.core.address import StatAddress

    table = browser.current_table
    row = table.cursor_cells if table is not None else None
    if table is None or row is None:
        browser.notify("Move to a row of a table first.", severity="warning")
        return None
    return StatAddress.of(table.view.table, row, table.cursor_column, browser.view.section())


def open_pivot(browser: BrowserScreen) -> None:
    """``p``: the value under the cursor across every benchmark of the run (base vs head when comparing)."""
    from pystats_tui.core.pivot import pivot_table
    from pystats_tui.screens.series import SeriesScreen

    address, current, base = stat_address(browser), browser.current, browser.base
    if address is not None and current is not None:
        pair = (base.source, base.bench.run) if base is not None else None
        compute = partial(pivot_table, current.source, current.bench.run, address, pair)
        browser.app.push_screen(SeriesScreen(compute, f"{address} across the benchmarks", browser.roots()))


def open_history(browser: BrowserScreen) -> None:
    """``h``: the value under the cursor across every run with the same flags, its largest step marked."""
    from pystats_tui.core.history import history_table
    from pystats_tui.screens.history import HistoryScreen

    address, current = stat_address(browser), browser.current
    if address is not None and current is not None:
        flags, bench = current.bench.run.flag_group, current.bench.name
        compute = partial(history_table, current.source, address, flags, bench=bench)
        compare = partial(compare_step, browser)
        screen = HistoryScreen(compute, f"{address} across runs", browser.roots(), compare)
        browser.app.push_screen(screen)


def open_changes(browser: BrowserScreen, head: Selection | None, by_bench: bool = False) -> None:
    """``g`` / ``G``: what changed between ``head`` and its paired base, ranked (or the benchmarks)."""
    from pystats_tui.screens.changes import ChangesScreen

    if head is None:
        return
    base = compared_base(browser.marked_base, head)
    if base is None:
        why = not_compared(browser.marked_base, head)
        hint = "mark a base run with b (or open pystats-tui BASE HEAD)"
        browser.notify(f"Nothing to compare: {why or 'no base'}; {hint}.", severity="warning")
        return
    if head.bench.markdown_only and not by_bench:
        message = f"{head.bench.title} has only its Markdown report: no counters to rank."
        browser.notify(message, severity="warning")
        return
    from pystats_tui.widgets import ReportLoader

    report = None if by_bench else browser.query_one(ReportLoader).cached(head, base)
    screen = ChangesScreen(head, base, browser.roots(), by_bench=by_bench, report=report)
    browser.app.push_screen(screen, partial(show_changed_row, browser))


def show_changed_row(browser: BrowserScreen, row: ChangedRow | None) -> None:
    """A row chosen on a Changes screen: its benchmark, section and table, the cursor on it."""
    if row is not None:
        browser.view.pane.place_cursor(row.section, row.table, row.label, row.column)
        browser.jump(row.head, row.section)


def compare_step(browser: BrowserScreen, step: HistoryStep) -> None:
    """Compare a history's step: the run before it becomes the base; the step's run is shown."""
    current = browser.current
    if current is None:
        return
    base = browser.main_benchmark(step.previous_run)
    head = step.run.benchmark(current.bench.name) or browser.main_benchmark(step.run)
    if base is None or head is None:
        return
    browser.notify(f"Base: {step.previous_run.label}; head: {step.run.label} (B leaves comparison).")
    browser.jump(Selection(current.source, head), browser.section_path, base=Selection(current.source, base))


def open_problems(browser: BrowserScreen) -> None:
    """``w``: every file skipped and problem met so far, file (and line) and what is wrong."""
    from pystats_tui.screens.problems import ProblemsScreen

    sources = [browser.source] + ([browser.fixed_base] if browser.fixed_base is not None else [])
    lines = [str(p) for source in sources for p in source.problems + source.loaded_problems]
    browser.app.push_screen(ProblemsScreen(lines + browser.view.load_errors))
