"""What changed: every comparative row of a base-vs-head report ranked by how much it moved.

summarize_stats answers "what did this change do?" with hundreds of comparison
tables. ``changes_table`` ranks the rows of all of them in one table:

* every row of every comparative section of a comparison report (execution
  counts, specialization kinds, success/failure and failure kinds,
  effectiveness, deferred and misses, calls, objects, GC, tier 2 and uops,
  histograms, rare events, other stats) is one entry; a GC row is one entry
  per column (collections, objects collected, visits);
* each entry's *share* on each side is computed by ``shares.share``: the
  report's own rate beside the count (``Self``, ``Ratio``), else the count's
  fraction of its column in that table;
* its **score** is ``|head share - base share|``, in percentage points; an
  entry whose share is below ``threshold`` on both sides (default 0.1%) scores
  0, so negligible rows never outrank real movement;
* entries are ranked by score, largest first; ties by the table's place in the
  report, then by the row label.

Shares do not depend on run length, so a head whose every counter is three
times larger ranks exactly as before. The result is a ``ChangesTable``, a
``report.Table`` (so ``TableView``, ``view_markdown`` and the browser's table
work on it unchanged) whose ``entries`` say where each row came from, for
jumping to it: ``report.find(entry.section).tables[entry.table].rows[entry.row]``.

``bench_moves`` ranks the benchmarks of two runs by how far their execution
profile moved (total variation distance over the shares of Execution counts);
``history_steps`` finds the largest steps between consecutive runs of a
history (``pivot.history_table``), by share as the score does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from pystats_tui.core.cells import EMPTY, Cell, Change, Row, Text
from pystats_tui.core.errors import PystatsError
from pystats_tui.core.pivot import SeriesTable
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column, Report, Section, Table, build_section
from pystats_tui.core.report_spec import REPORT_SPEC, Join
from pystats_tui.core.runs import MERGED, Benchmark, Run
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.shares import ShareRule
from pystats_tui.core.sources import Source
from pystats_tui.core.stats import Stats
from pystats_tui.core.table_view import TableView

#: Shares below this on both sides are negligible: such a row scores 0 (0.1%).
DEFAULT_THRESHOLD = 0.001

CHANGES_COLUMNS = (
    Column("Where"),
    Column("Row"),
    Column("Base", True),
    Column("Head", True),
    Column("Change", True),
    Column("Base share", True),
    Column("Head share", True),
    Column("Score", True),
)


class Percent(Cell):
    """A share shown as a percentage with two decimals (``12.34%``)."""

    __slots__ = ("fraction",)
    numeric = True

    def __init__(self, fraction: float | None):
        self.fraction = fraction

    def markdown(self) -> str:
        return "" if self.fraction is None else f"{self.fraction:.2%}"

    def sort_key(self) -> float:
        return float("-inf") if self.fraction is None else self.fraction

    def value(self) -> float | None:
        return self.fraction

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Percent) and other.fraction == self.fraction

    def __hash__(self) -> int:
        return hash(self.fraction)


class Points(Percent):
    """A difference of shares in percentage points (``12.34 pp``); sorts by its size."""

    __slots__ = ()

    def markdown(self) -> str:
        return "" if self.fraction is None else f"{self.fraction * 100:.2f} pp"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Points) and other.fraction == self.fraction

    def __hash__(self) -> int:
        return hash(("pp", self.fraction))


def percent_text(fraction: float) -> str:
    """``0.1%`` for 0.001: a threshold as the notes and the CLI write it."""
    return f"{fraction * 100:g}%"


#: The thresholds the browser steps through (``+`` and ``-`` on a Changes view): 0 to 5%.
THRESHOLDS = (0.0, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.02, 0.05)


def step_threshold(threshold: float, step: int) -> float:
    """The next threshold of ``THRESHOLDS`` above (``step`` 1) or below (-1) ``threshold``.

    A threshold between two of them (``--threshold 0.3``) moves to its neighbour;
    at either end it stays.
    """
    if step > 0:
        return next((t for t in THRESHOLDS if t > threshold), threshold)
    return next((t for t in reversed(THRESHOLDS) if t < threshold), threshold)


# --------------------------------------------------------------------------- ranked rows


@dataclass(frozen=True)
class RankedRow:
    """One entry of the ranking and where it is in the comparison report."""

    #: ``Specialization stats › LOAD_ATTR › Failure kind``: the section path, and the table when
    #: the section has several (named by its first column, or ``table N``).
    where: str
    #: The section's path of titles: ``report.find(section)`` is the section.
    section: tuple[str, ...]
    #: The table's index among the section's tables (``Section.tables``; equals ``Table.index``).
    table: int
    #: The row's index in that table's ``rows`` (the comparison report's order).
    row: int
    #: The row's label (its first cell's text).
    label: str
    #: The columns of the base and head values in that table (a GC row has one entry per metric).
    base_column: int
    head_column: int
    #: The metric's name for tables with several (GC: ``Collections``), else "".
    metric: str
    base: Cell
    head: Cell
    #: The report's own Change cell (computed the same way where the table has none: GC).
    change: Cell
    base_share: float
    head_share: float
    #: ``|head_share - base_share|``, or 0 when both shares are below the threshold.
    score: float
    #: Both shares are below the threshold (or one is unknown): the score is 0.
    negligible: bool
    #: The table's place in the report (document order), the first tie-break.
    order: int
    #: The row is beyond one side's top N in a table that keeps only the top rows (Deferred and
    #: Misses by instruction): its share there is unknown, so it scores 0.
    unknown: bool = False

    def locate(self, report: Report) -> tuple[Section, Table, Row]:
        """The section, table and row of the comparison ``report`` this entry came from."""
        section = report.find(self.section)
        if section is None or self.table >= len(section.tables):
            raise LookupError(f"no table {self.table} in {' › '.join(self.section)}")
        table = section.tables[self.table]
        row = table.rows[self.row]
        if row[0].text() != self.label:
            raise LookupError(f"row {self.row} of {self.where} is {row[0].text()!r}, not {self.label!r}")
        return section, table, row


def _metrics(table: Table) -> list[tuple[int, int, int | None]]:
    """``(base column, head column, change column or None)`` of each compared value of a table."""
    n = len(table.columns)
    if table.join is Join.CHANGE_ONE_COLUMN:
        return [(1, 2, 3)]
    if table.join in (Join.CHANGE, Join.CHANGE_NO_SORT):
        side = (n - 2) // 2
        return [(1, 1 + side, n - 1)]
    side = (n - 1) // 2
    return [(k, k + side, None) for k in range(1, side + 1)]


def _plain(name: str) -> str:
    return name[len("Base ") :] if name.startswith("Base ") else name


def _where(section: Section, table: Table, tables: int) -> str:
    where = " › ".join(section.path)
    if tables > 1:
        name = table.columns[0].name or f"table {table.index + 1}"
        where += f" › {name}"
    return where


def ranked_rows(report: Report, threshold: float = DEFAULT_THRESHOLD) -> list[RankedRow]:
    """Every comparative row of a comparison ``report``, ranked (see the module docstring)."""
    if report.stats is None or report.head is None:
        raise ValueError("what changed needs a comparison report built from counters (base vs head)")
    base_stats, head_stats = report.stats, report.head

    def instructions(stats: Stats) -> Callable[[], int]:
        return lambda: stats.opcode_stats("opcode").total_execution_count

    entries: list[RankedRow] = []
    order = 0
    for section in report.walk():
        if section.note:
            continue  # not comparative, or could not be computed
        tables = section.tables
        for index, table in enumerate(tables):
            order += 1
            rows = table.rows
            where = _where(section, table, len(tables))
            for base_col, head_col, change_col in _metrics(table):
                base_share = ShareRule(section.path, rows, base_col, instructions(base_stats))
                head_share = ShareRule(section.path, rows, head_col, instructions(head_stats))
                metric = _plain(table.columns[base_col].name) if change_col is None else ""
                for i, row in enumerate(rows):
                    base, head = row[base_col], row[head_col]
                    bs, hs = base_share(row), head_share(row)
                    # Beyond one side's top N is not absent: that side's share is unknown.
                    unknown = table.limit is not None and (base is EMPTY or head is EMPTY)
                    negligible = unknown or max(bs, hs) < threshold
                    entries.append(
                        RankedRow(
                            where=where,
                            section=section.path,
                            table=index,
                            row=i,
                            label=row[0].text(),
                            base_column=base_col,
                            head_column=head_col,
                            metric=metric,
                            base=base,
                            head=head,
                            change=row[change_col] if change_col is not None else Change(base, head),
                            base_share=bs,
                            head_share=hs,
                            score=0.0 if negligible else abs(hs - bs),
                            negligible=negligible,
                            order=order,
                            unknown=unknown,
                        )
                    )
    entries.sort(key=lambda e: (-e.score, e.order, e.label, e.base_column))
    return entries


EntryType = TypeVar("EntryType")


@dataclass
class RankedTable(Table, Generic[EntryType]):
    """A ranking as a ``report.Table`` (so views, the screen's table and export take it as any).

    ``entries[i]`` is what ``rows[i]`` stands for; after a sort or filter,
    ``entry(row)`` finds it for a row the view shows.
    """

    title: str = ""
    #: Lines to show above the table: base, head, what the ranking means.
    notes: list[str] = field(default_factory=list)
    entries: list[EntryType] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_row = {id(row): entry for row, entry in zip(self.rows, self.entries)}

    def entry(self, row: Row) -> EntryType:
        """The entry behind a row of this table (as a ``TableView`` of it shows it)."""
        return self._by_row[id(row)]


@dataclass
class ChangesTable(RankedTable[RankedRow]):
    """The rows of a comparison ranked by how much they moved, with where each came from."""

    threshold: float = DEFAULT_THRESHOLD
    #: How many entries were ranked in all (``rows`` may hold only the top ones).
    ranked: int = 0


class ChangesView(TableView):
    """A view of a ``ChangesTable`` that shows the score next to the row it ranks.

    On screen: Where, Row, Score, Change, Base share, Head share, Base, Head, so
    a narrow screen sees what moved and by how much first. Sorting, filtering
    and export work on the model's columns and order, as in any view.
    """

    #: Display position -> model column index (see ``CHANGES_COLUMNS``).
    ORDER = (0, 1, 7, 4, 5, 6, 2, 3)

    @property
    def display_order(self) -> tuple[int, ...]:
        if len(self.columns) == len(self.ORDER):
            return self.ORDER
        return super().display_order


def _label(entry: RankedRow) -> str:
    return f"{entry.label} · {entry.metric}" if entry.metric else entry.label


def changes_table(
    report: Report, threshold: float = DEFAULT_THRESHOLD, top: int | None = None
) -> ChangesTable:
    """The ranking of a comparison report as a table (the ``top`` entries only, if given).

    Columns: Where, Row, Base, Head, Change (the report's cells), Base share,
    Head share, Score.
    """
    entries = ranked_rows(report, threshold)
    ranked = len(entries)
    unknown = sum(e.unknown for e in entries)
    negligible = sum(e.negligible for e in entries) - unknown
    if top is not None:
        entries = entries[:top]
    rows: list[Row] = [
        (
            Text(e.where),
            Text(_label(e)),
            e.base,
            e.head,
            e.change,
            Percent(e.base_share),
            Percent(e.head_share),
            Points(e.score),
        )
        for e in entries
    ]
    base = report.stats.label if report.stats is not None else "base"
    head = report.head.label if report.head is not None else "head"
    notes = [
        f"base: {base}",
        f"head: {head}",
        "score: |head share - base share| in percentage points; a count's share is the rate "
        "beside it (Self, Ratio), else its fraction of its column, or for independent counters "
        "(rare events, other stats, counts without a ratio) its count per Tier-1 instruction",
        f"threshold: {percent_text(threshold)}; {negligible:,} of {ranked:,} rows are below it on "
        "both sides and score 0",
    ]
    if unknown:
        notes.append(
            f"{unknown:,} rows of top-10 tables are there on one side only (beyond the other's "
            "top 10, so unknown there) and score 0"
        )
    if top is not None and top < ranked:
        notes.append(f"top {len(rows):,} of {ranked:,} ranked rows")
    return ChangesTable(
        CHANGES_COLUMNS,
        rows,
        join=Join.SIMPLE,
        path=("What changed",),
        title=f"What changed: {base} → {head}",
        notes=notes,
        entries=entries,
        threshold=threshold,
        ranked=ranked,
    )


def open_changes(
    head: Selection,
    base: Selection,
    threshold: float = DEFAULT_THRESHOLD,
    top: int | None = None,
    progress: Progress | None = None,
    *,
    other: bool = True,
) -> tuple[Report, ChangesTable]:
    """The comparison report of ``base`` vs ``head`` and its ranking (for the browser and ``export``)."""
    report = open_report(head, base, progress, other=other, require_data=True)
    return report, changes_table(report, threshold, top)


# --------------------------------------------------------------------------- benchmarks


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


def _benchmarks(run: Run) -> dict[str, Benchmark]:
    return {b.name: b for b in run.benchmarks() if b.name != MERGED}


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
    heads, bases = _benchmarks(head_run), _benchmarks(base_run)
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


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryStep:
    """A step of a history between a run and the run before it that has a value."""

    #: Row indexes of the two runs in the history table (oldest first).
    index: int
    previous: int
    #: The two runs: compare ``previous_run`` (base) with ``run`` (head).
    run: Run
    previous_run: Run
    #: The shares (see ``shares``) before and after, and the step's size ``|after - before|``.
    before: float
    after: float
    size: float


def history_steps(table: SeriesTable) -> list[HistoryStep]:
    """Every step between consecutive runs of a history that have a share, largest first.

    Runs without a value are passed over (a step spans them). Ties go to the
    older step.
    """
    if table.kind != "history":
        raise ValueError("history_steps needs a history table (pivot.history_table)")
    steps: list[HistoryStep] = []
    previous: int | None = None
    for i, value in enumerate(table.shares):
        if value is None:
            continue
        if previous is not None:
            before = table.shares[previous]
            assert before is not None
            steps.append(
                HistoryStep(
                    i, previous, table.runs[i], table.runs[previous], before, value, abs(value - before)
                )
            )
        previous = i
    steps.sort(key=lambda s: (-s.size, s.index))
    return steps


def largest_step(table: SeriesTable) -> HistoryStep | None:
    """The largest step of a history, or None with fewer than two runs that have a value."""
    steps = history_steps(table)
    return steps[0] if steps else None


def step_note(step: HistoryStep | None) -> str:
    """``largest step: 2024-04-06 … → 2024-06-22 … (+3.21 pp)``: a line for a history's notes."""
    if step is None:
        return "largest step: none (fewer than two runs with a value)"
    signed = (step.after - step.before) * 100
    return f"largest step: {step.previous_run.label} → {step.run.label} ({signed:+.2f} pp of share)"


def mark_largest_step(table: SeriesTable) -> SeriesTable:
    """A history with its largest step marked: a ``step_note`` line and a ``Step`` column.

    The Step column says ``◆ largest step +3.21 pp`` on the row of the step's
    later run, and is blank elsewhere. A table that is no history, or has no
    step (fewer than two runs with a value), is returned as it is.
    """
    if table.kind != "history":
        return table
    step = largest_step(table)
    if step is None:
        return table
    signed = (step.after - step.before) * 100
    marker = Text(f"◆ largest step {signed:+.2f} pp")
    rows: list[Row] = [(*row, marker if i == step.index else EMPTY) for i, row in enumerate(table.rows)]
    return replace(
        table,
        columns=(*table.columns, Column("Step")),
        rows=rows,
        all_rows=None,
        notes=[*table.notes, step_note(step)],
    )


__all__: Sequence[str] = (
    "DEFAULT_THRESHOLD",
    "THRESHOLDS",
    "BenchMove",
    "BenchMovesTable",
    "ChangesTable",
    "ChangesView",
    "HistoryStep",
    "Percent",
    "Points",
    "RankedRow",
    "bench_moves",
    "changes_table",
    "execution_movement",
    "history_steps",
    "largest_step",
    "mark_largest_step",
    "open_changes",
    "ranked_rows",
    "step_note",
    "step_threshold",
)
