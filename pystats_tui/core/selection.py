"""What a report is about, and the one way to open it: ``Selection`` and ``open_report``.

A ``Selection`` is a benchmark of an opened input (a ``Source``): the browser's
current benchmark and comparison base, an export's ``--run``/``--bench``, a
pivot's benchmark or a history's run. ``open_report`` builds its report (or
base vs head): from its counters, or read back from its Markdown report when a
benchmark has nothing else. The browser's loading thread, ``export``, pivots
and histories all open reports here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pystats_tui.core.errors import PystatsError
from pystats_tui.core.mdread import read_markdown_report
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Report, build_report
from pystats_tui.core.report_spec import SectionSpec
from pystats_tui.core.runs import Benchmark
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
