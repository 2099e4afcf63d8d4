"""The headless ``export BASE HEAD --changes`` command (and ``--changes --by-bench``).

``--changes`` writes every compared row of the base-vs-head report in one
table ranked by how much it moved (``changes.changes_table``); ``--by-bench``
writes the benchmarks of the two runs ranked by how far their execution
profile moved (``bench_moves.bench_moves``). Both are exported as the browser
exports a table view (``markdown.view_markdown``), with their notes as context
lines. Nothing here imports Textual.
"""

from __future__ import annotations

import argparse

from pystats_tui.core.bench_moves import bench_moves
from pystats_tui.core.changes import DEFAULT_THRESHOLD, open_changes
from pystats_tui.core.export_commands import check_output, emit, report_status, warn_problems
from pystats_tui.core.inputs import open_inputs, pick_bench, pick_run
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.progress import progress_printer
from pystats_tui.core.report import Table
from pystats_tui.core.selection import Selection
from pystats_tui.core.table_view import TableView


def changes_markdown(table: Table, title: str, notes: list[str]) -> str:
    """A ranking as a single-table export: title, its notes as context lines, the table."""
    return view_markdown(TableView(table), title, notes)


def run_changes_export(args: argparse.Namespace) -> int:
    """``export BASE HEAD --changes [--top N] [--threshold PCT] [--bench NAME]`` or ``--by-bench``."""
    source, head_source = open_inputs(args.input, args.head, args.cpython_src, args.as_of)
    assert head_source is not None  # check_changes_args asks for HEAD
    check_output(args)
    warn_problems(source, head_source)
    run = pick_run(source, args.run)
    head_run = pick_run(head_source, None)
    if args.by_bench:
        moves = bench_moves(head_source, head_run, source, run, progress_printer("comparing"), top=args.top)
        emit(changes_markdown(moves, moves.title, moves.notes), args)
        return 0
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    base = Selection(source, pick_bench(run, args.bench))
    head = Selection(head_source, pick_bench(head_run, args.bench))
    report, table = open_changes(head, base, threshold, args.top, other=not args.no_other)
    text = changes_markdown(table, table.title, table.notes)
    status = report_status(report, base.bench.data_path)
    emit(text, args)
    return status
