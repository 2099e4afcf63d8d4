"""What changed, on a screen of its own: a comparison's rows ranked by how much they moved.

``ChangesScreen`` shows the core's ranking (``changes.open_changes``) of a head
benchmark against its base: the notes (base, head, the score, the threshold)
above one table that sorts, filters, exports and copies like any view of the
browser. ``+`` and ``-`` step the threshold through ``changes.THRESHOLDS`` and
rank again. Enter on a row closes the screen with a ``ChangedRow``: the
browser then shows that row of that table of the comparison.

In its other mode (``by_bench``) it ranks the benchmarks of the two runs by
how far their execution profile moved (``bench_moves.bench_moves``); Enter on a
benchmark opens that benchmark's own ranking against its namesake, on a
screen above this one, whose choice of a row comes back through this one.
Everything is computed in a worker, with a loading message meanwhile; if it
cannot be, the screen says why and closes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import LoadingIndicator, Static

from pystats_tui.core.bench_moves import BenchMovesTable, bench_moves
from pystats_tui.core.changes import (
    DEFAULT_THRESHOLD,
    ChangesTable,
    ChangesView,
    changes_table,
    open_changes,
    percent_text,
    step_threshold,
)
from pystats_tui.core.errors import failure_text
from pystats_tui.core.export import changes_export_stem
from pystats_tui.core.report import Report
from pystats_tui.core.runs import MERGED
from pystats_tui.core.selection import Selection
from pystats_tui.screens.table_screen import TableScreen
from pystats_tui.widgets import FilterBar, KeyBar, StatTable, StatusLine

#: Loading progress is shown at most this often (seconds).
PROGRESS_EVERY = 0.1
#: The Score column of a ``ChangesTable`` (``changes.CHANGES_COLUMNS``).
SCORE_COLUMN = 7


@dataclass(frozen=True)
class ChangedRow:
    """Where Enter on a ranked row goes: a row of a table of a section of ``head``'s comparison."""

    #: The benchmark to show (compared with its namesake in the marked base run).
    head: Selection
    #: The section's path, the table's index in it, and the row's label.
    section: tuple[str, ...]
    table: int
    label: str
    #: The column of the head's value (a model index), for the cursor.
    column: int


class ChangesScreen(TableScreen["ChangedRow | None"]):
    """A comparison's rows (or its runs' benchmarks) ranked by how much they moved."""

    DEFAULT_CSS = """
    ChangesScreen #changes-title {
        height: auto; padding: 0 1; background: $primary; color: $text; text-style: bold;
    }
    ChangesScreen #changes-notes {
        height: auto; max-height: 8; padding: 0 1; color: $text-muted; overflow-y: auto;
    }
    ChangesScreen .message { height: auto; padding: 1 2; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="changes.close"),
        Binding("enter", "open_row", "Open", id="changes.open_row"),
        Binding("slash", "start_filter", "Filter", id="changes.filter"),
        Binding("plus", "threshold(1)", "Threshold", key_display="+", id="changes.threshold_up"),
        Binding(
            "minus", "threshold(-1)", "Threshold", key_display="-", show=False, id="changes.threshold_down"
        ),
        Binding("m", "bench_moves", "Benchmarks", id="changes.bench_moves"),
        Binding("e", "export_view", "Export", id="changes.export_view"),
        Binding("y", "copy_view", "Copy", show=False, id="changes.copy_view"),
    ]

    @dataclass
    class Computed(Message):
        """The worker ranked the rows (``report`` is the comparison, None for benchmarks)."""

        table: ChangesTable | BenchMovesTable
        report: Report | None
        threshold: float

    @dataclass
    class Failed(Message):
        """The worker could not rank: ``message`` says why, in one line."""

        message: str

    @dataclass
    class Progress(Message):
        """How far reading has come (``reading benchmark 2/3``)."""

        text: str

    def __init__(
        self,
        head: Selection,
        base: Selection,
        roots: list[Path],
        *,
        by_bench: bool = False,
        threshold: float = DEFAULT_THRESHOLD,
        report: Report | None = None,
    ) -> None:
        super().__init__(roots)
        #: The head and the base compared (for ``by_bench``: benchmarks of the two runs).
        self.head = head
        self.base = base
        #: Rank benchmarks (``bench_moves``) rather than rows.
        self.by_bench = by_bench
        #: Shares below this on both sides score 0 (rows only; ``+``/``-`` change it).
        self.threshold = threshold
        #: The comparison report: the browser's, when it has it at hand, else built here once
        #: (ranked again when the threshold changes).
        self.report: Report | None = report
        self.table: ChangesTable | BenchMovesTable | None = None

    @property
    def what(self) -> str:
        """``benchmarks that moved`` or ``what changed``, with base and head."""
        if self.by_bench:
            return f"benchmarks that moved: {self.base.bench.run.label} → {self.head.bench.run.label}"
        return f"what changed: {self.base.label} → {self.head.label}"

    def compose(self) -> ComposeResult:
        yield Static(f"Ranking {self.what} …", id="changes-title")
        yield Static("", id="changes-notes")
        yield Static(f"Ranking {self.what} …", classes="message")
        yield LoadingIndicator()
        yield FilterBar(id="changes-filter")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self._compute(self.threshold)

    # ------------------------------------------------------------------ computing

    @work(thread=True, exclusive=True)
    def _compute(self, threshold: float) -> None:
        last = 0.0

        def progress(what: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY or done >= total:
                last = now
                self.post_message(self.Progress(f"Ranking {self.what}: {what} {done:,}/{total:,} …"))

        try:
            report = self.report
            if self.by_bench:
                head, base = self.head, self.base
                table: ChangesTable | BenchMovesTable = bench_moves(
                    head.source, head.bench.run, base.source, base.bench.run, progress
                )
            elif report is None:
                report, table = open_changes(self.head, self.base, threshold, progress=progress)
            else:
                table = changes_table(report, threshold)
        except Exception as e:  # noqa: BLE001 - never a traceback on screen
            self.post_message(self.Failed(failure_text(e)))
            return
        self.post_message(self.Computed(table, report, threshold))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        for line in self.query(".message").results(Static):
            line.update(message.text)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.message, severity="error", timeout=8)
        if self.table is None:
            self.dismiss(None)

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        if message.threshold != self.threshold:
            return  # ranked for a threshold since changed again: its own ranking is on its way
        self.report = message.report
        table = message.table
        # The cursor starts on the score (or distance): in view however narrow, and what s sorts by.
        column = SCORE_COLUMN if isinstance(table, ChangesTable) else 1
        for shown in self.query(StatTable):
            column = shown.cursor_column
        self.query_one("#changes-title", Static).update(table.title)
        self.query_one("#changes-notes", Static).update("\n".join(table.notes))
        self.query(".message").remove()
        self.query(LoadingIndicator).remove()
        view = ChangesView(table) if isinstance(table, ChangesTable) else None
        self.show_table(table, view, column)

    def update_status(self) -> None:
        """The cursor's row in full (a narrow screen may not show it whole), the rows, the threshold."""
        if self.view is None:
            return
        kind = "benchmarks that moved" if self.by_bench else f"threshold {percent_text(self.threshold)}"
        row = self._cursor_row()
        where = ""
        if row is not None:
            where = row[0].text() if self.by_bench else f"{row[0].text()} › {row[1].text()}"
        self.query_one(StatusLine).show(where, self.view.describe(), kind)

    @on(StatTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self.update_status()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "threshold":
            return not self.by_bench
        if action == "bench_moves":
            return not self.by_bench and self.head.bench.name == MERGED
        return True

    def action_threshold(self, step: int) -> None:
        """Step the threshold up (``+``) or down (``-``) and rank again."""
        threshold = step_threshold(self.threshold, step)
        if threshold == self.threshold:
            where = "highest" if step > 0 else "lowest"
            self.notify(f"The threshold is at its {where}: {percent_text(threshold)}.")
            return
        self.threshold = threshold
        self.query_one("#changes-title", Static).update(f"Ranking with threshold {percent_text(threshold)} …")
        self._compute(threshold)

    def _cursor_row(self) -> tuple | None:
        tables = list(self.query(StatTable))
        return tables[0].cursor_cells if tables else None

    def action_open_row(self) -> None:
        """Enter: show the row in the browser, or a benchmark's own ranking."""
        row, table = self._cursor_row(), self.table
        if row is None or table is None:
            return
        if isinstance(table, ChangesTable):
            entry = table.entry(row)
            self.dismiss(ChangedRow(self.head, entry.section, entry.table, entry.label, entry.head_column))
            return
        move = table.entry(row)
        if move.distance is None:
            self.notify(f"{move.bench}: {move.missing}; nothing to compare.", severity="warning")
            return
        head = self.head.bench.run.benchmark(move.bench)
        base = self.base.bench.run.benchmark(move.bench)
        if head is None or base is None:
            return
        self._open_above(
            ChangesScreen(
                Selection(self.head.source, head),
                Selection(self.base.source, base),
                self.roots,
                threshold=self.threshold,
            )
        )

    def action_bench_moves(self) -> None:
        """``m``: the benchmarks of the two runs, by how far they moved."""
        self._open_above(ChangesScreen(self.head, self.base, self.roots, by_bench=True))

    def _open_above(self, screen: ChangesScreen) -> None:
        """Push ``screen``; a row chosen there closes this screen with it too."""

        def chosen(row: ChangedRow | None) -> None:
            if row is not None:
                self.dismiss(row)

        self.app.push_screen(screen, chosen)

    # ------------------------------------------------------------------ export

    def context_lines(self) -> list[str]:
        return list(self.table.notes) if self.table is not None else []

    def export_stem(self) -> str:
        return changes_export_stem(self.head, self.base, self.by_bench)
