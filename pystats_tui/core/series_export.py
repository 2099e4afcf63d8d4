"""The headless ``export --pivot`` and ``export --history`` commands.

``--pivot SECTION/ROW/COLUMN`` writes one value across every benchmark of a
run (with a HEAD input: base, head and change per benchmark); ``--history``
writes it across every run of a results tree with the same flags, oldest
first, with a sparkline of the series. Both are exported exactly as the
browser exports a table view (``markdown.view_markdown``). Progress is shown
on stderr when it is a terminal. Nothing here imports Textual.
"""

from __future__ import annotations

import argparse

from pystats_tui.core.export import series_context
from pystats_tui.core.export_commands import check_output, emit
from pystats_tui.core.history import history_table
from pystats_tui.core.inputs import open_inputs, pick_run
from pystats_tui.core.markdown import view_markdown
from pystats_tui.core.pivot import pivot_table
from pystats_tui.core.progress import progress_printer
from pystats_tui.core.runs import MERGED
from pystats_tui.core.table_view import TableView


def run_series_export(args: argparse.Namespace) -> int:
    """``export INPUT [HEAD] --pivot ADDRESS`` or ``export RESULTS --history ADDRESS [--flags FLAGS]``."""
    source, head_source = open_inputs(args.input, args.head, args.cpython_src, args.as_of)
    check_output(args)
    if args.history:
        # A results tree defaults to its runs without flags; a single run stands for its own group.
        flags = args.flags or ("default" if source.kind == "tree" else source.runs[0].flag_group)
        table = history_table(
            source, args.history, flags, progress_printer("reading"), bench=args.bench or MERGED
        )
    else:
        run = pick_run(source, args.run)
        if head_source is not None:
            head_run = pick_run(head_source, None)
            table = pivot_table(
                head_source, head_run, args.pivot, base=(source, run), progress=progress_printer()
            )
        else:
            table = pivot_table(source, run, args.pivot, progress=progress_printer())
    emit(view_markdown(TableView(table), table.title, series_context(table)), args)
    return 0
