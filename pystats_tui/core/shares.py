"""A row's *share*: the number, independent of run length, that changes and history steps compare.

A counter's raw value grows with the length of the run, so two runs are
compared by shares instead. ``ShareRule`` says what a value's share is in its
table, one rule per kind of table:

* **a rated count**: a count followed by a rate of at most 100% in its row
  (the report's ``Self`` or ``Ratio`` column: an execution count's fraction of
  all executions, a specialization kind's fraction of the family's total, a
  failure kind's fraction of the failures, a histogram bucket's fraction of
  the traces) has that rate as its share, exactly as the report computes it;
* **a part of a whole**: a count in a table without rates (Execution counts
  and Uop execution stats in a comparison, GC generations, unsupported
  opcodes, the number of data files) has its fraction of the total of its
  column in that table;
* **an independent counter**: a rare event, an "other" counter, or a count
  whose rate is blank or above 100% (method cache
  hits, optimization attempts, uops per trace) has its count per Tier-1
  instruction executed (the total of Execution counts), at most 100%;
* a value that is itself a rate (``Miss ratio``, ``Ratio``) is its own share,
  at most 100%.

Multiplying every counter of an input by the same factor leaves every share
unchanged (exactly: Python's int division is correctly rounded). ``changes``
ranks rows by how much their share moved; ``history`` records each run's share
of a history so that its steps are found in the same terms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pystats_tui.core.cells import Cell, Change, Number, Ratio, Row

#: Top-level sections whose rows are independent counters, not parts of a whole.
INDEPENDENT_SECTIONS = frozenset({"Rare events", "Other stats"})


def is_rate(cell: Cell) -> bool:
    """Whether a cell is a rate (a ``Ratio`` or a read-back percentage), not a count or a change."""
    if isinstance(cell, Change):
        return False
    if isinstance(cell, Ratio):
        return True
    return isinstance(cell, Number) and cell.shown.endswith("%")


def column_total(rows: Sequence[Row], column: int) -> float:
    """The sum of the counts in one column (blanks and rates left out)."""
    total: float = 0
    for row in rows:
        if column < len(row):
            cell = row[column]
            value = cell.value()
            if value is not None and not is_rate(cell):
                total += value
    return total


def independent(path: Sequence[str]) -> bool:
    """Whether the table at section ``path`` holds independent counters (rare events, other stats)."""
    return bool(path) and path[0] in INDEPENDENT_SECTIONS


def own_share(path: Sequence[str], row: Row, column: int) -> float | None:
    """The share of ``row[column]`` when its row alone decides it, else None.

    A rate is its own share (at most 100%); a count of a table that is not of
    independent counters, with a rate of at most 100% beside it, has that rate.
    Any other share needs the rest of the table (its total) or the input's
    instructions: ``ShareRule``.
    """
    cell = row[column]
    value = cell.value()
    if value is None:
        return None
    if is_rate(cell):
        return min(value, 1.0)
    if column + 1 < len(row) and not independent(path):
        beside = row[column + 1]
        if is_rate(beside):
            rate = beside.value()
            if rate is not None and rate <= 1.0:
                return rate
    return None


class ShareRule:
    """How the values of one column of a table become shares (see the module docstring).

    ``path`` is the table's section path, ``rows`` its rows, ``column`` the value
    column and ``instructions`` the Tier-1 instructions executed by the input the
    column comes from (None when unknown: independent counters then fall back
    on their fraction of the column).
    """

    def __init__(
        self,
        path: Sequence[str],
        rows: Sequence[Row],
        column: int,
        instructions: int | Callable[[], int] | None,
    ):
        self.rows = rows
        self.column = column
        #: An int, or a function computing it when first needed (most tables never need it).
        self._instructions = instructions
        self.path = path
        self.independent = independent(path)
        beside = column + 1
        self.rated = any(beside < len(row) and is_rate(row[beside]) for row in rows)
        self._total: float | None = None

    @property
    def kind(self) -> str:
        """``rated``, ``parts`` (of a whole) or ``independent``: what the table's rows are."""
        if self.independent:
            return "independent"
        return "rated" if self.rated else "parts"

    @property
    def instructions(self) -> int | None:
        """The Tier-1 instructions executed (None when unknown or 0)."""
        if callable(self._instructions):
            self._instructions = self._instructions()
        return self._instructions or None

    @property
    def total(self) -> float:
        """The column's total (summed on first use)."""
        if self._total is None:
            self._total = column_total(self.rows, self.column)
        return self._total

    def __call__(self, row: Row) -> float:
        """The share of ``row[column]`` (0 for a blank: a row missing on one side of a comparison)."""
        value = row[self.column].value()
        if value is None:
            return 0.0
        own = own_share(self.path, row, self.column)
        if own is not None:
            return own
        if self.independent or self.rated:
            instructions = self.instructions
            if instructions is not None:
                return min(value / instructions, 1.0)
        total = self.total
        return value / total if total else 0.0


def row_share(
    path: Sequence[str],
    rows: Sequence[Row],
    row: Row,
    column: int,
    instructions: int | Callable[[], int] | None,
) -> float | None:
    """The share of one cell of a table (None when the cell is blank)."""
    if row[column].value() is None:
        return None
    return ShareRule(path, rows, column, instructions)(row)
