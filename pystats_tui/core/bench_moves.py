"""Benchmarks that moved: the benchmarks of two runs ranked by how far their execution profile moved.

``bench_moves`` pairs the benchmarks of a base and a head run by name and ranks
them by the total variation distance over the shares of Execution counts
(``execution_movement``), with the instruction whose share moved most. The
result is a ``BenchMovesTable``, a ``changes.RankedTable`` whose entries say
which benchmark each row is, to open its own Changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pystats_tui.core.cells import EMPTY, Row, Text
from pystats_tui.core.changes import Percent, RankedTable
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column, build_section
from pystats_tui.core.report_spec import REPORT_SPEC, Join
from pystats_tui.core.runs import Benchmark, Run
from pystats_tui.core.shares import ShareRule
from pystats_tui.core.sources import Source

EXECUTION_SPEC = next(spec for spec in REPORT_SPEC if spec.title == "Execution counts")

BENCH_COLUMNS = (
    Column("Benchmark"),
    Column("Distance", True),
    Column("Largest move"),
    Column("Base share", True),
    Column("Head share", True),
    Column("Note"),
)


@dataclass(frozen=True)
class BenchMove:
    """How far one benchmark's execution profile moved between base and head."""

    #: The benchmark's name: open its own Changes with ``--bench NAME`` / ``pick_bench``.
    bench: str
    #: Total variation distance: ½ Σ |head share - base share| over Execution counts (None: not paired).
    distance: float | None
    #: The instruction whose share moved most, with its shares on each side.
    row: str = ""
    base_share: float | None = None
    head_share: float | None = None
    #: Why there is no distance: ``only in base``, ``only in head``, or a load error.
    missing: str = ""


def execution_movement(base: Source, base_bench: Benchmark, head: Source, head_bench: Benchmark) -> BenchMove:
    """The distance between two benchmarks' execution profiles and their largest single row move."""
    section = build_section(EXECUTION_SPEC, base.load_stats(base_bench), head.load_stats(head_bench))
    tables = section.tables
    if not tables:
        return BenchMove(head_bench.name, None, missing=section.note or "no execution counts")
    rows = tables[0].rows
    base_share = ShareRule(section.path, rows, 1, None)
    head_share = ShareRule(section.path, rows, 2, None)
    total = 0.0
    best: tuple[float, str, float, float] | None = None
    for row in rows:
        bs, hs = base_share(row), head_share(row)
        moved = abs(hs - bs)
        total += moved
        label = row[0].text()
        if best is None or moved > best[0] or (moved == best[0] and label < best[1]):
            best = (moved, label, bs, hs)
    if best is None:
        return BenchMove(head_bench.name, 0.0)
    return BenchMove(head_bench.name, total / 2, best[1], best[2], best[3])


@dataclass
class BenchMovesTable(RankedTable[BenchMove]):
    """The benchmarks of two runs ranked by how far they moved."""


def bench_moves(
    head_source: Source,
    head_run: Run,
    base_source: Source,
    base_run: Run,
    progress: Progress | None = None,
    top: int | None = None,
) -> BenchMovesTable:
    """The benchmarks of ``head_run`` and ``base_run``, paired by name, ranked by distance (``top`` only).

    Largest distance first, ties by name; benchmarks on one side only (or that
    cannot be compared) come last, by name, with a note saying why.
    """
    heads = {b.name: b for b in head_run.per_benchmark()}
    bases = {b.name: b for b in base_run.per_benchmark()}
    if not heads and not bases:
        raise PystatsError(
            "these runs have no per-benchmark stats to rank (only the merged 'all')", head_run.path
        )
    names = sorted(set(heads) | set(bases))
    moves: list[BenchMove] = []
    for n, name in enumerate(names, 1):
        h, b = heads.get(name), bases.get(name)
        if h is None or b is None:
            moves.append(BenchMove(name, None, missing="only in base" if h is None else "only in head"))
        elif h.data_path is None or b.data_path is None:
            moves.append(BenchMove(name, None, missing="no JSON data (only its Markdown report)"))
        else:
            try:
                moves.append(execution_movement(base_source, b, head_source, h))
            except PystatsError as e:
                moves.append(BenchMove(name, None, missing=f"cannot be read: {e.message}"))
        if progress is not None:
            progress("benchmark", n, len(names))
    moves.sort(key=lambda m: (m.distance is None, -(m.distance or 0.0), m.bench))
    ranked = len(moves)
    paired = sum(m.distance is not None for m in moves)
    if top is not None:
        moves = moves[:top]
    rows: list[Row] = [
        (
            Text(m.bench),
            Percent(m.distance) if m.distance is not None else EMPTY,
            Text(m.row),
            Percent(m.base_share) if m.base_share is not None else EMPTY,
            Percent(m.head_share) if m.head_share is not None else EMPTY,
            Text(m.missing),
        )
        for m in moves
    ]
    notes = [
        f"base: {base_run.label}",
        f"head: {head_run.label}",
        "distance: ½ Σ |head share - base share| over the rows of Execution counts "
        "(0% = same profile, 100% = nothing in common)",
        f"{paired} of {ranked} benchmarks paired by name",
    ]
    if top is not None and top < ranked:
        notes.append(f"top {len(moves)} of {ranked} benchmarks")
    return BenchMovesTable(
        BENCH_COLUMNS,
        rows,
        join=Join.SIMPLE,
        path=("What changed", "Benchmarks"),
        title=f"Benchmarks that moved: {base_run.name} → {head_run.name}",
        notes=notes,
        entries=moves,
    )


__all__: Sequence[str] = ("BenchMove", "BenchMovesTable", "bench_moves", "execution_movement")
