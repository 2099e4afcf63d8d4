"""One value of the report across the benchmarks of a run (a pivot), or of two runs side by side.

``pivot_table`` reads a stat address (``address.StatAddress``) in every
benchmark of a run, with ``address.read_value``; with a base run, base, head
and change per benchmark. It returns a ``series_table.SeriesTable``.
"""

from __future__ import annotations

from pystats_tui.core.address import Reading, StatAddress, as_address, raise_if_no_value, read_value
from pystats_tui.core.cells import EMPTY, Change, Count, Ratio, Row, Text
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column
from pystats_tui.core.report_spec import Join
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.series_table import SeriesTable, bar_cells, missing_note
from pystats_tui.core.sources import Source


def pivot_table(
    source: Source,
    run: Run,
    address: StatAddress | str,
    base: tuple[Source, Run] | None = None,
    progress: Progress | None = None,
) -> SeriesTable:
    """``address`` in every benchmark of ``run`` (the merged ``all`` left out).

    Columns: Benchmark, Value (the cell as the report has it: a Count stays a
    Count, a Ratio a Ratio), Share of run total (the value over the sum of the
    benchmarks, for counts), Bar. With ``base`` (another source and run):
    Benchmark, Base, Head, Change, Bar (of the change), benchmarks matched by name.
    Raises ``AddressError`` when the address fits no benchmark.
    """
    addr = as_address(address)
    addr.top_spec()
    head_benches = run.per_benchmark()
    base_benches = base[1].per_benchmark() if base else []
    if not head_benches and not base_benches:
        raise PystatsError(
            "this run has no per-benchmark stats to pivot over (only the merged 'all')", run.path
        )
    names = [b.name for b in head_benches]
    names += [b.name for b in base_benches if b.name not in names]
    if base:
        names.sort()
    total_steps = len(head_benches) + len(base_benches)
    done = 0

    def read_all(src: Source, benches: list[Benchmark]) -> dict[str, Reading]:
        nonlocal done
        out = {}
        for bench in benches:
            out[bench.name] = read_value(src, bench, addr)
            done += 1
            if progress is not None:
                progress("benchmark", done, total_steps)
        return out

    head = read_all(source, head_benches)
    if base is None:
        raise_if_no_value(list(head.values()))
        return _pivot_single(addr, run, names, head)
    before = read_all(base[0], base_benches)
    raise_if_no_value([*head.values(), *before.values()])
    return _pivot_compare(addr, base[1], run, names, before, head)


def _pivot_single(addr: StatAddress, run: Run, names: list[str], readings: dict[str, Reading]) -> SeriesTable:
    cells = [readings[n].cell for n in names]
    values = [c.value() for c in cells]
    counts = all(isinstance(c, Count) or c is EMPTY for c in cells)
    total = int(sum(v for v in values if v is not None)) if counts else None
    bars = bar_cells(values)
    rows: list[Row] = []
    for name, cell, bar_cell in zip(names, cells, bars):
        share = Ratio(cell.count, total) if counts and total and isinstance(cell, Count) else EMPTY
        rows.append((Text(name), cell, share, bar_cell))
    notes = [f"run: {run.label}"]
    if total is not None and any(v is not None for v in values):
        notes.append(f"total over {sum(v is not None for v in values)} benchmarks: {total:,}")
    missing = [(n, readings[n].missing) for n in names if readings[n].missing]
    if missing:
        notes.append(missing_note("benchmark(s)", missing))
    columns = (Column("Benchmark"), Column("Value", True), Column("Share of run total", True), Column("Bar"))
    return SeriesTable(
        columns,
        rows,
        join=Join.SIMPLE,
        path=("Across benchmarks", str(addr)),
        title=f"{addr} across the benchmarks of {run.name}",
        notes=notes,
        values=values,
        address=addr,
    )


def _pivot_compare(
    addr: StatAddress,
    base_run: Run,
    head_run: Run,
    names: list[str],
    before: dict[str, Reading],
    after: dict[str, Reading],
) -> SeriesTable:
    absent = Reading(missing="not in this run")
    rows: list[Row] = []
    changes: list[float | None] = []
    for name in names:
        b = before.get(name, absent).cell
        h = after.get(name, absent).cell
        change = Change(b, h)
        changes.append(change.value())
        rows.append((Text(name), b, h, change))
    rows = [(*row, bar_cell) for row, bar_cell in zip(rows, bar_cells(changes))]
    notes = [f"base: {base_run.label}", f"head: {head_run.label}"]
    for role, readings in (("base", before), ("head", after)):
        missing = [(n, readings.get(n, absent).missing) for n in names if readings.get(n, absent).missing]
        if missing:
            notes.append(missing_note(f"{role} benchmark(s)", missing))
    columns = (
        Column("Benchmark"),
        Column("Base", True),
        Column("Head", True),
        Column("Change", True),
        Column("Bar"),
    )
    return SeriesTable(
        columns,
        rows,
        join=Join.CHANGE_ONE_COLUMN,
        path=("Across benchmarks", str(addr)),
        title=f"{addr} across benchmarks, {base_run.name} (base) vs {head_run.name} (head)",
        notes=notes,
        values=changes,
        address=addr,
    )
