"""What a report is about, and the one way to open it: ``Selection`` and ``open_report``.

A ``Selection`` is a benchmark of an opened input (a ``Source``): the browser's
current benchmark and comparison base, an export's ``--run``/``--bench``, a
pivot's benchmark or a history's run. ``open_report`` builds its report (or
base vs head): from its counters, or read back from its Markdown report when a
benchmark has nothing else. The browser's loading thread, ``export``, pivots
and histories all open reports here.

What the browser compares is decided here too, headless: the base a marked
run gives a head (``compared_base``, or why none: ``not_compared``), the
benchmark beside one (``bench_beside``) and where one went when its run was
renamed (``moved``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.mdread import read_markdown_report
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Report, build_report
from pystats_tui.core.report_spec import SectionSpec
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.sources import Source


@dataclass(frozen=True)
class Selection:
    """A benchmark of an opened input: what a report is about."""

    #: The input the benchmark was found in (its loading cache is reused).
    source: Source
    bench: Benchmark

    @property
    def label(self) -> str:
        """``run label / benchmark title``, as the browser shows a selection."""
        return f"{self.bench.run.label} / {self.bench.title}"


def paired_base(base: Selection, head: Selection) -> Selection | None:
    """What ``head`` is compared with when ``base`` is marked: the base run's benchmark of its name.

    Like with like: merged stats with merged stats, nbody with nbody, as
    ``pystats-tui BASE HEAD`` and ``export BASE HEAD --bench NAME`` pair them.
    None when the base run has no benchmark of that name, or only its Markdown
    report (a comparison needs counters on both sides), or when the base run
    cannot be listed any more (removed or unreadable on disk).
    """
    try:
        same = base.bench.run.benchmark(head.bench.name)
    except PystatsError:
        return None
    if same is None or same.markdown_only:
        return None
    return Selection(base.source, same)


def compared_base(marked: Selection | None, head: Selection | None) -> Selection | None:
    """What ``head`` is compared with while the user has ``marked`` a base; None: shown alone.

    The marked run's benchmark of the head's name (``paired_base``). A
    benchmark is not compared with itself: a base marked on the benchmark
    shown waits for another head.
    """
    if marked is None or head is None:
        return None
    paired = paired_base(marked, head)
    return None if paired is not None and paired.bench == head.bench else paired


def not_compared(marked: Selection | None, head: Selection | None) -> str:
    """Why a marked base is not compared with ``head`` ('' when it is, or when none is marked)."""
    if marked is None or head is None or compared_base(marked, head) is not None:
        return ""
    if marked.bench.run == head.bench.run:
        return f"base marked: {marked.bench.run.label}; choose a head to compare"
    return f"not compared: no {head.bench.title} in base {marked.bench.run.label}"


def bench_beside(selection: Selection, step: int) -> Selection | None:
    """The benchmark ``step`` places after (before, when negative) ``selection`` in its run's listing.

    None past either end, and for a benchmark its run no longer lists (its
    file is gone: the live tree says so). A run that cannot be listed any more
    raises ``PystatsError``.
    """
    benches = selection.bench.run.benchmarks()
    if selection.bench not in benches:
        return None
    i = benches.index(selection.bench) + step
    return Selection(selection.source, benches[i]) if 0 <= i < len(benches) else None


def moved(selection: Selection, gone: dict[str, Run | None]) -> Selection | None:
    """``selection`` after its run's directory went away: in the run it was renamed to, or None.

    ``gone`` maps the old path of each run that went away to the run it was
    renamed to (None when it was removed), as ``Source.rescan`` reports it.
    """
    new_run = gone.get(str(selection.bench.run.path))
    try:
        bench = new_run.benchmark(selection.bench.name) if new_run is not None else None
    except PystatsError:
        bench = None
    return Selection(selection.source, bench) if bench is not None else None


def open_report(
    selection: Selection,
    base: Selection | None = None,
    progress: Progress | None = None,
    *,
    other: bool = True,
    specs: Sequence[SectionSpec] | None = None,
    require_data: bool = False,
) -> Report:
    """The report of ``selection``, or of ``base`` vs ``selection`` (the head) when comparing.

    A benchmark that has only its Markdown report is read back from it, with a
    warning saying so; with a ``base`` it is shown alone, since a comparison
    needs data on both sides. ``require_data`` refuses that instead
    (``PystatsError``), for callers that need counters. ``other`` adds the
    "Other stats" section; ``specs`` builds only those sections of the
    report specification (a pivot needs one). Sections are built on first use.
    """
    bench = selection.bench
    if bench.markdown_only and not require_data:
        report = Report(read_markdown_report(selection.source.load_markdown(bench)))
        report.warnings.append(
            f"{bench.title} has no JSON data in this run: its tables are read back from its Markdown report."
        )
        if base is not None:
            report.warnings.append("Comparison needs data on both sides; showing this benchmark alone.")
        return report
    if base is None:
        return build_report(selection.source.load_stats(bench, progress), other=other, specs=specs)
    base_stats = base.source.load_stats(base.bench, progress)
    head_stats = selection.source.load_stats(bench, progress)
    return build_report(base_stats, head_stats, other=other, specs=specs)
