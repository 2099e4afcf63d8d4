"""What an export is called and what it says about itself, for the browser and the CLI alike.

File names: ``view_export_stem`` (one table view, ``e``), ``report_export_stem``
(the whole report, ``E``), ``series_export_stem`` (a pivot or history) and
``changes_export_stem`` (what changed).
Context lines written at the top of an export: ``view_context`` (the view's
run, benchmark, section, and base and head when comparing), ``report_fields``
(bench_runner-style header fields of a whole report) and ``series_context``
(a pivot's or history's notes and trend).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pystats_tui.core.output import safe_name
from pystats_tui.core.runs import Benchmark
from pystats_tui.core.selection import Selection

if TYPE_CHECKING:
    # series_table is imported when a series is first asked for, not at start-up.
    from pystats_tui.core.series_table import SeriesTable


def view_export_stem(
    head: Selection, base: Selection | None, section_path: tuple[str, ...], table_index: int | None = None
) -> str:
    """``pystats-RUN-BENCH-SECTION...`` (``-tableN`` when the section has several tables).

    When comparing, ``BASEBENCH-vs`` follows ``pystats``. ``table_index`` is the
    0-based index of the table, or None when the section has one table.
    """
    parts = ["pystats", head.bench.run.name, head.bench.name, *section_path]
    if base is not None:
        parts.insert(1, f"{base.bench.name}-vs")
    if table_index is not None:
        parts.append(f"table{table_index + 1}")
    return safe_name("-".join(parts))


def report_export_stem(head: Selection, base: Selection | None) -> str:
    """``pystats-RUN-BENCH``, or ``pystats-BASERUN-BASEBENCH-vs-RUN-BENCH`` when comparing."""
    parts = ["pystats", head.bench.run.name, head.bench.name]
    if base is not None:
        parts.insert(1, f"{base.bench.run.name}-{base.bench.name}-vs")
    return safe_name("-".join(parts))


def changes_export_stem(head: Selection, base: Selection, by_bench: bool = False) -> str:
    """``pystats-changes-BASERUN-BASEBENCH-vs-RUN-BENCH`` (``pystats-changes-by-bench-...``)."""
    kind = "changes-by-bench" if by_bench else "changes"
    parts = [
        f"pystats-{kind}",
        f"{base.bench.run.name}-{base.bench.name}-vs",
        head.bench.run.name,
        head.bench.name,
    ]
    return safe_name("-".join(parts))


def series_export_stem(table: SeriesTable) -> str:
    """``pystats-pivot-ADDRESS`` or ``pystats-history-ADDRESS``."""
    return safe_name(f"pystats-{table.kind}-{table.address or table.title}")


def view_context(
    head: Selection, base: Selection | None, section_path: tuple[str, ...]
) -> tuple[str, list[str]]:
    """The title and the lines above an exported table view: where it comes from."""
    lines = [
        f"run: {head.bench.run.name}",
        f"benchmark: {head.bench.title}",
        f"section: {' > '.join(section_path)}",
    ]
    if base is not None:
        lines.append(f"base: {base.label}")
        lines.append(f"head: {head.label}")
    return " > ".join(section_path), lines


def report_fields(bench: Benchmark) -> dict[str, str] | None:
    """bench_runner-style header fields of a report exported from a results tree (None without a date)."""
    run = bench.run
    if run.date is None:
        return None
    fields = {
        "benchmark": bench.name,
        "version": run.version,
        "commit hash": run.commit,
        "date": run.date.isoformat(),
    }
    if run.flags:
        fields["flags"] = ",".join(run.flags)
    return fields


def series_context(table: SeriesTable) -> list[str]:
    """The lines above an exported pivot or history: its notes, and a history's sparkline.

    Export a pivot or history as any view:
    ``markdown.view_markdown(view, table.title, series_context(table))``.
    """
    if table.kind == "history":
        from pystats_tui.core.series_table import sparkline

        return [*table.notes, f"trend: {sparkline(table.values)}"]
    return list(table.notes)
