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

``Percent`` and ``RankedTable`` serve ``bench_moves.bench_moves`` too, which
ranks the benchmarks of two runs by how far their execution profile moved
(total variation distance over the shares of Execution counts);
``history.history_steps`` finds the largest steps between consecutive runs of
a history (``history.history_table``), by share as the score does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pystats_tui.core.cells import EMPTY, Cell, Change, Row, Text
from pystats_tui.core.progress import Progress
from pystats_tui.core.report import Column, Report, Section, Table, plain_column
from pystats_tui.core.report_spec import Join
from pystats_tui.core.selection import Selection, open_report
from pystats_tui.core.shares import ShareRule
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
        return lambda: stats.instructions

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
                metric = plain_column(table.columns[base_col].name) if change_col is None else ""
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
    assert report.stats is not None and report.head is not None  # ranked_rows refused anything else
    base, head = report.stats.label, report.head.label
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


__all__: Sequence[str] = (
    "DEFAULT_THRESHOLD",
    "THRESHOLDS",
    "ChangesTable",
    "ChangesView",
    "Percent",
    "Points",
    "RankedRow",
    "RankedTable",
    "changes_table",
    "open_changes",
    "ranked_rows",
    "step_threshold",
)
