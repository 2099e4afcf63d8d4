"""Opening inputs for the headless commands and choosing what they are about.

``open_inputs`` opens what the command line names (the input, and the head input
when comparing); ``pick_run`` and ``pick_bench`` choose the run and benchmark an
export is about, as ``--run`` and ``--bench`` ask. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from pystats_tui.core.defines import Defines, from_cpython_source
from pystats_tui.core.errors import Problem, PystatsError, UsageError, listing, plain, shorten
from pystats_tui.core.files import os_error
from pystats_tui.core.runs import MERGED, Benchmark, Run
from pystats_tui.core.sources import Source, open_source


def warn(what: str | Problem) -> None:
    """One warning line on stderr."""
    print(f"pystats-tui: warning: {plain(str(what))}", file=sys.stderr)


def open_inputs(
    path: Path,
    head: Path | None,
    cpython_src: Path | None,
    as_of: datetime.date | None = None,
) -> tuple[Source, Source | None]:
    """Open the input (``source``) and, when comparing, the head input.

    In the core, ``source`` is the input that was opened; ``base`` and ``head``
    name the two sides of a comparison only (then ``source`` is the base).
    ``as_of`` (``--as-of``) is the commit date both are taken to be made at,
    which picks summarize_stats' behaviour (``core.script_history``).
    """
    defines: Defines | None = None
    if cpython_src:
        try:
            defines = from_cpython_source(cpython_src)
        except OSError as e:
            raise os_error(e, e.filename or cpython_src, "read the CPython source") from None
    source = open_source(path, defines, as_of)
    return source, open_source(head, defines, as_of) if head is not None else None


def pick_run(source: Source, name: str | None) -> Run:
    """The run an export is about: the one named, or the newest of a tree that holds pystats data."""
    if name:
        run = source.run(name)
        if run is None:
            names = listing([r.name for r in source.runs])
            raise UsageError(f"no run named {shorten(name)!r} here (runs: {names})", source.path)
        return run
    skipped: list[str] = []
    run = source.newest_with_data(skipped)
    for line in skipped:
        warn(line)
    if len(source.runs) > 1:
        flagged_twin = any(r.flags and r.commit == run.commit for r in source.runs)
        twin = " without flags" if not run.flags and flagged_twin else ""
        print(
            plain(
                f"pystats-tui: {source.path} holds {len(source.runs)} runs; using the newest with "
                f"pystats data{twin}, {run.name} (choose one with --run)"
            ),
            file=sys.stderr,
        )
    return run


def pick_bench(run: Run, name: str | None) -> Benchmark:
    """A benchmark of a run: the one named, or the merged stats."""
    want = name or MERGED
    bench = run.benchmark(want)
    if bench is None:
        names = [b.name for b in run.benchmarks()]
        if not names:
            raise PystatsError("no pystats files in this run directory", run.path)
        if name is None:
            # Nothing was asked for by name: the run lacks its merged stats.
            why = f"this run has no merged stats; choose a benchmark with --bench ({listing(names)})"
            raise PystatsError(why, run.path)
        raise UsageError(
            f"no benchmark named {shorten(want)!r} in this run (benchmarks: {listing(names)})", run.path
        )
    return bench
