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
import sys
from collections.abc import Callable

from pystats_tui.commands import open_inputs, pick_run
from pystats_tui.markdown import view_markdown
from pystats_tui.output import write_new_file
from pystats_tui.pivot import history_table, pivot_table
from pystats_tui.sources import MERGED
from pystats_tui.view import TableView


def progress_printer(what: str) -> Callable[[int, int], None] | None:
    """A callback counting ``what`` on stderr (``reading run 12/300``), or None when not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rpystats-tui: {what} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def run_series_export(args: argparse.Namespace) -> int:
    """``export INPUT [HEAD] --pivot ADDRESS`` or ``export RESULTS --history ADDRESS [--flags FLAGS]``."""
    source, head_source = open_inputs(args.input, args.head, args.cpython_src)
    if args.history:
        # A results tree defaults to its runs without flags; a single run stands for its own group.
        flags = args.flags or ("default" if source.kind == "tree" else source.runs[0].flag_group)
        table = history_table(
            source, args.history, flags, progress_printer("reading run"), bench=args.bench or MERGED
        )
    else:
        run = pick_run(source, args.run)
        if head_source is not None:
            head_run = pick_run(head_source, None)
            table = pivot_table(
                head_source, head_run, args.pivot, base=(source, run), progress=progress_printer("benchmark")
            )
        else:
            table = pivot_table(source, run, args.pivot, progress=progress_printer("benchmark"))
    text = view_markdown(TableView(table), table.title, table.context())
    if args.output:
        inputs = [args.input] + ([args.head] if args.head else [])
        path = write_new_file(args.output, text, args.force, inputs)
        print(f"pystats-tui: wrote {path}", file=sys.stderr)
    else:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # The bars are UTF-8 whatever the terminal's locale.
            sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0
